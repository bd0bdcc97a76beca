"""`core/requirements`: what each cloud requires, every host family in every cloud.

The expected values are written out by hand from the sources each case names (PRODUCT §3),
never produced by the code under test.
"""

from __future__ import annotations

import pytest

from cloudprep.core.catalog import load_catalog
from cloudprep.core.models import EndpointMode, Project
from cloudprep.core.requirements import equivalent_url, requirements_for, service_host_cloud
from cloudprep.core.secret_needs import SecretKind

CLOUDS = ("commercial", "gcc", "gcch", "dod", "azgov", "mooncake")
AZ_CLI = "azure-cli cloud.py / go-azure-sdk environments"
PBI = "Power BI: Embed content for national clouds"
GRAPH = "Microsoft Graph: National cloud deployments"
COE = "CoE Starter Kit: set up the audit log"
MSAL = "MSAL.NET KnownMetadataProvider.cs"

# family: (source, host per cloud in CLOUDS order; None where not known)
FAMILIES: dict[str, tuple[str, tuple[str | None, ...]]] = {
    "graph": (
        GRAPH,
        (
            "graph.microsoft.com",
            "graph.microsoft.com",
            "graph.microsoft.us",
            "dod-graph.microsoft.us",
            "graph.microsoft.us",
            "microsoftgraph.chinacloudapi.cn",
        ),
    ),
    "power_bi": (
        PBI + " (GCC differs from commercial; Azure Government unverified)",
        (
            "analysis.windows.net",
            "analysis.usgovcloudapi.net",
            "high.analysis.usgovcloudapi.net",
            "mil.analysis.usgovcloudapi.net",
            "high.analysis.usgovcloudapi.net",
            "analysis.chinacloudapi.cn",
        ),
    ),
    "power_bi_api": (
        PBI,
        (
            "api.powerbi.com",
            "api.powerbigov.us",
            "api.high.powerbigov.us",
            "api.mil.powerbigov.us",
            "api.high.powerbigov.us",
            "api.powerbi.cn",
        ),
    ),
    "arm": (
        AZ_CLI + " (GCC: the commercial column)",
        (
            "management.azure.com",
            "management.azure.com",
            "management.usgovcloudapi.net",
            "management.usgovcloudapi.net",
            "management.usgovcloudapi.net",
            "management.chinacloudapi.cn",
        ),
    ),
    "arm_classic": (
        AZ_CLI,
        (
            "management.core.windows.net",
            "management.core.windows.net",
            "management.core.usgovcloudapi.net",
            "management.core.usgovcloudapi.net",
            "management.core.usgovcloudapi.net",
            "management.core.chinacloudapi.cn",
        ),
    ),
    "key_vault": (
        AZ_CLI,
        (
            "vault.azure.net",
            "vault.azure.net",
            "vault.usgovcloudapi.net",
            "vault.usgovcloudapi.net",
            "vault.usgovcloudapi.net",
            "vault.azure.cn",
        ),
    ),
    "storage": (
        AZ_CLI,
        (
            "core.windows.net",
            "core.windows.net",
            "core.usgovcloudapi.net",
            "core.usgovcloudapi.net",
            "core.usgovcloudapi.net",
            "core.chinacloudapi.cn",
        ),
    ),
    "sql": (
        AZ_CLI,
        (
            "database.windows.net",
            "database.windows.net",
            "database.usgovcloudapi.net",
            "database.usgovcloudapi.net",
            "database.usgovcloudapi.net",
            "database.chinacloudapi.cn",
        ),
    ),
    "app_service": (
        AZ_CLI,
        (
            "azurewebsites.net",
            "azurewebsites.net",
            "azurewebsites.us",
            "azurewebsites.us",
            "azurewebsites.us",
            "chinacloudsites.cn",
        ),
    ),
    "api_management": (
        AZ_CLI,
        (
            "azure-api.net",
            "azure-api.net",
            "azure-api.us",
            "azure-api.us",
            "azure-api.us",
            "azure-api.cn",
        ),
    ),
    "o365_management": (
        COE,
        (
            "manage.office.com",
            "manage-gcc.office.com",
            "manage.office365.us",
            "manage.protection.apps.mil",
            None,
            None,
        ),
    ),
}
UNVERIFIED = {("power_bi", "azgov"), ("power_bi_api", "azgov")}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_each_family_has_its_host_in_each_cloud(family: str) -> None:
    source, hosts = FAMILIES[family]
    service = load_catalog().service(family)
    for cloud_id, expected in zip(CLOUDS, hosts, strict=True):
        found = service.host_in(cloud_id)
        assert found.value == expected, (family, cloud_id, source)
        verified = expected is not None and (family, cloud_id) not in UNVERIFIED
        assert found.verified is verified, (family, cloud_id, source)


@pytest.mark.parametrize(
    ("host", "family", "clouds", "source"),
    [
        ("graph.microsoft.com", "graph", ("commercial", "gcc"), GRAPH),
        ("dod-graph.microsoft.us", "graph", ("dod",), GRAPH),
        ("high.analysis.usgovcloudapi.net", "power_bi", ("gcch", "azgov"), PBI),
        ("analysis.usgovcloudapi.net", "power_bi", ("gcc",), PBI),
        ("mil.analysis.usgovcloudapi.net", "power_bi", ("dod",), PBI),
        ("contoso.vault.usgovcloudapi.net", "key_vault", ("gcch", "dod", "azgov"), AZ_CLI),
        ("contoso.blob.core.chinacloudapi.cn", "storage", ("mooncake",), AZ_CLI),
        ("management.core.windows.net", "arm_classic", ("commercial", "gcc"), AZ_CLI),
        ("contoso.azurewebsites.net", "app_service", ("commercial", "gcc"), AZ_CLI),
        ("contoso.sharepoint.com", "sharepoint", ("commercial", "gcc"), "unverified"),
        ("manage-gcc.office.com", "o365_management", ("gcc",), COE),
        ("login.microsoft.com", "login", ("commercial", "gcc"), MSAL),
        ("login.usgovcloudapi.net", "login", ("gcch", "dod", "azgov"), MSAL),
        ("sts.windows.net", "issuer", ("commercial", "gcc"), MSAL),
        ("asia-001.consent.azure-apim.net", "consent", ("commercial",), "Custom connectors"),
        ("global.consent.azure-apihub.us", "consent", ("gcc", "gcch", "dod", "azgov"), "GA page"),
        ("global.consent.azure-apim.cn", "consent", ("mooncake",), "unverified guess"),
        ("global.consent.azure-apihub.cn", "consent", ("mooncake",), "unverified guess"),
    ],
)
def test_service_host_cloud(host: str, family: str, clouds: tuple[str, ...], source: str) -> None:
    owner = service_host_cloud(host)
    assert owner is not None, source
    found_family, found_clouds, *_ = owner
    assert (found_family, found_clouds) == (family, clouds), source


@pytest.mark.parametrize("host", ["api.contoso.com", "contoso.example", "windows.net"])
def test_other_hosts_belong_to_no_family(host: str) -> None:
    assert service_host_cloud(host) is None


@pytest.mark.parametrize(
    ("url", "cloud", "expected", "source"),
    [
        (
            "https://graph.microsoft.com/.default",
            "gcch",
            "https://graph.microsoft.us/.default",
            GRAPH,
        ),
        (
            "https://graph.microsoft.com/.default",
            "gcc",
            "https://graph.microsoft.com/.default",
            GRAPH,
        ),
        ("https://graph.microsoft.com", "dod", "https://dod-graph.microsoft.us", GRAPH),
        (
            "https://login.windows.net/common/oauth2/authorize",
            "azgov",
            "https://login.microsoftonline.us/common/oauth2/authorize",
            "National clouds",
        ),
        ("https://login.windows.net", "gcc", "https://login.windows.net", "Power Apps US Gov"),
        (
            "https://sts.windows.net/tenant/",
            "mooncake",
            "https://login.chinacloudapi.cn/tenant/",
            MSAL,
        ),
        (
            "https://analysis.windows.net/powerbi/api",
            "gcc",
            "https://analysis.usgovcloudapi.net/powerbi/api",
            PBI,
        ),
        (
            "https://analysis.windows.net/powerbi/api",
            "dod",
            "https://mil.analysis.usgovcloudapi.net/powerbi/api",
            PBI,
        ),
        (
            "https://management.azure.com/",
            "mooncake",
            "https://management.chinacloudapi.cn/",
            AZ_CLI,
        ),
        ("https://vault.azure.net", "gcch", "https://vault.usgovcloudapi.net", AZ_CLI),
        (
            "https://contoso.vault.azure.net",
            "azgov",
            "https://contoso.vault.usgovcloudapi.net",
            AZ_CLI,
        ),
        ("https://manage.office.com", "dod", "https://manage.protection.apps.mil", COE),
        (
            "https://europe-001.consent.azure-apim.net/redirect/contoso",
            "gcch",
            "https://global.consent.azure-apihub.us/redirect/contoso",
            "GA page",
        ),
    ],
)
def test_equivalent_url(url: str, cloud: str, expected: str, source: str) -> None:
    assert equivalent_url(url, cloud) == expected, source


@pytest.mark.parametrize(
    ("url", "cloud", "why"),
    [
        ("https://api.contoso.com/v1", "gcch", "not a Microsoft host"),
        ("https://contoso.azurewebsites.net", "gcch", "the publisher's own backend"),
        ("https://global.consent.azure-apim.net/redirect/x", "mooncake", "none published"),
        ("https://manage.office.com", "azgov", "not known in Azure Government"),
        ("not a url", "gcch", "unparseable"),
        ("https://graph.microsoft.com", "nowhere", "unknown cloud"),
    ],
)
def test_equivalent_url_none(url: str, cloud: str, why: str) -> None:
    assert equivalent_url(url, cloud) is None, why


def _project(**connector: object) -> Project:
    base: dict[str, object] = {
        "name": "contosotasks",
        "auth": "oauth2",
        "identity_provider": "aad",
        "oauth": {
            "login_uri": "https://login.windows.net",
            "resource_uri": "https://management.azure.com",
        },
        "endpoint": {"url": "https://api.contoso.com/v1"},
    }
    base.update(connector)
    return Project.model_validate(
        {
            "connector": base,
            "clouds": {
                "gcch": {"endpoint": {"mode": "same_as_commercial"}},
                "dod": {"endpoint": {"mode": "same_as_commercial", "confirmed": True}},
                "mooncake": {
                    "expected_redirect": "https://global.consent.azure-apim.cn/redirect/x"
                },
            },
        }
    )


def test_requirements_for_gcch() -> None:
    req = requirements_for(_project(), "gcch")
    assert (
        req.redirect.exact.value == "https://global.consent.azure-apihub.us/redirect/contosotasks"
    )
    assert req.redirect.exact.verified
    assert req.login.applies
    assert req.login.canonical.value == "login.microsoftonline.us"
    assert req.login.accepted.value == ("login.microsoftonline.us", "login.usgovcloudapi.net")
    assert req.login.mapped.value == "https://login.microsoftonline.us"
    assert req.resource.family == "arm"
    assert req.resource.mapped.value == "https://management.usgovcloudapi.net"
    assert req.service("graph").resource == "https://graph.microsoft.us"
    assert req.service("power_bi").resource == "https://high.analysis.usgovcloudapi.net/powerbi/api"
    assert req.service("power_bi").host.verified
    assert not requirements_for(_project(), "azgov").service("power_bi").host.verified
    assert req.endpoint.mode is EndpointMode.SAME_AS_COMMERCIAL
    assert req.endpoint.needs_confirmation and not req.endpoint.settled
    assert req.secrets == (
        SecretKind.CLIENT_SECRET,
        SecretKind.TEST_USERNAME,
        SecretKind.TEST_PASSWORD,
    )
    assert req.identity.entra and req.identity.directory.value == "entra-usgov"
    assert req.portals.power_apps.value == "https://make.high.powerapps.us"


def test_a_confirmed_same_as_commercial_endpoint_is_settled() -> None:
    req = requirements_for(_project(), "dod")
    assert req.endpoint.confirmed and req.endpoint.settled
    assert req.endpoint.url == "https://api.contoso.com/v1"


def test_mooncake_redirect_is_the_users_and_unverified() -> None:
    req = requirements_for(_project(), "mooncake")
    assert req.redirect.exact.value == "https://global.consent.azure-apim.cn/redirect/x"
    assert not req.redirect.exact.verified and req.redirect.from_user
    assert req.redirect.template.value is None


def test_the_publishers_own_oauth_server_signs_in_elsewhere() -> None:
    req = requirements_for(_project(identity_provider="oauth2generic"), "gcch")
    assert not req.identity.entra and not req.login.applies
    assert req.login.mapped.value is None


def test_unknown_name_leaves_the_exact_redirect_unknown() -> None:
    req = requirements_for(_project(name=None), "gcc")
    assert req.redirect.exact.value is None
    assert req.redirect.missing_reason is not None
    assert req.redirect.shown == "https://global.consent.azure-apihub.us/redirect/<connectorName>"


@pytest.mark.parametrize("name", ["ContosoTasks", "shared_contosotasks", "contoso tasks"])
def test_a_name_that_is_not_an_internal_name_leaves_the_exact_redirect_unknown(
    name: str,
) -> None:
    # The consent service calls the connector by its internal name, case and all: a
    # redirect made of another name would be registered and never called.
    req = requirements_for(_project(name=name), "gcch")
    assert req.redirect.exact.value is None
    assert "is not an internal API name (CP103)" in (req.redirect.missing_reason or "")
    assert req.redirect.shown == "https://global.consent.azure-apihub.us/redirect/<connectorName>"


def _family_cases() -> list[tuple[str, str, str, str, str]]:
    """(family, host's cloud, checked cloud, host, source) for every known host of every
    Microsoft API family, checked in every target cloud."""
    cases = []
    for family, (source, hosts) in FAMILIES.items():
        for owner, host in zip(CLOUDS, hosts, strict=True):
            if host is None:
                continue
            for checked in CLOUDS[1:]:
                cases.append((family, owner, checked, host, source))
    return cases


@pytest.mark.parametrize(("family", "owner", "checked", "host", "source"), _family_cases())
def test_every_family_host_in_every_cloud(
    family: str, owner: str, checked: str, host: str, source: str
) -> None:
    """Right where the family's host is this cloud's; else CP319 (a Microsoft service) or
    CP320 (Azure hosting of the publisher's backend), naming this cloud's host when known."""
    from cloudprep.core.rules.endpoint import check_endpoint_url

    _, hosts = FAMILIES[family]
    own = hosts[CLOUDS.index(checked)]
    url = f"https://{'contoso.' if family in SUFFIX_FAMILIES else ''}{host}/x"
    found = check_endpoint_url(url, cloud=load_catalog().get(checked), path="p")
    rules = [f.rule for f in found]
    if own == host:
        assert rules == [], source
    elif family in ("app_service", "api_management"):
        assert rules == ["CP320"], source
    else:
        assert rules == ["CP319"], source
        if own is not None:
            assert own in found[0].message, source


SUFFIX_FAMILIES = {"key_vault", "storage", "sql", "app_service", "api_management"}
