"""Connector-level rules over the `connector` model (CP101–CP103, CP230–CP232, CP330–CP332,
CP430–CP433): each fires on a realistic connector, and legitimate values stay quiet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cloudprep.core.catalog import load_catalog
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.models import (
    AuthKind,
    CloudConfig,
    Connector,
    ConnectorEndpoint,
    ConnectorOAuth,
    HostMode,
    OAuthApp,
    RedirectMode,
)
from cloudprep.core.rules import connector as connector_rules
from cloudprep.core.rules.base import Scope
from cloudprep.core.rules.registry import all_rules
from tests.unit.conftest import CATALOG, context

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
PER_CONNECTOR = "https://global.consent.azure-apim.net/redirect/contosocrm"
SHARED = "https://global.consent.azure-apim.net/redirect"


def aad(**oauth: Any) -> Connector:
    """A healthy AAD connector (nothing fires), changed by `oauth`."""
    settings: dict[str, Any] = {
        "login_uri": "https://login.microsoftonline.us",
        "resource_uri": "api://contoso-crm",
        "tenant_id": "common",
        "scopes": ["api://contoso-crm/.default"],
        "redirect_mode": RedirectMode.GLOBAL_PER_CONNECTOR,
        "redirect_urls": [PER_CONNECTOR],
        "client_id": "6f1b3c2e-8a4d-4b7e-9c1a-2d3e4f5a6b7c",
    }
    settings.update(oauth)
    return Connector(
        name="contosocrm",
        display_name="Contoso CRM",
        publisher="Contoso",
        auth=AuthKind.OAUTH2,
        identity_provider="aad",
        oauth=ConnectorOAuth(**settings),
        endpoint=ConnectorEndpoint(url="https://api.contoso.com/v1"),
    )


def findings(connector: Connector) -> list[Finding]:
    return connector_rules.check_connector(connector, catalog=CATALOG)


def ids(connector: Connector) -> set[str]:
    return {f.rule for f in findings(connector)}


def only(connector: Connector, rule: str) -> Finding:
    [finding] = [f for f in findings(connector) if f.rule == rule]
    return finding


def test_a_healthy_connector_has_no_connector_level_finding() -> None:
    assert ids(aad()) == set()


# ---------------------------------------------------------------- CP101–CP103: the name
def test_cp101_oauth_connector_without_a_name() -> None:
    finding = only(aad().model_copy(update={"name": None}), "CP101")
    assert finding.severity is Severity.WARNING
    assert finding.path == "connector.name"
    assert "maker portal" in finding.hint and "Microsoft contact" in finding.hint
    assert "ISV Studio was retired" in finding.hint


def test_cp102_other_connector_without_a_name() -> None:
    connector = Connector(auth=AuthKind.API_KEY, endpoint=ConnectorEndpoint(url="https://a.co"))
    assert ids(connector) == {"CP102"}
    assert only(connector, "CP102").severity is Severity.INFO


def test_cp102_for_certificate_auth_too() -> None:
    connector = aad().model_copy(update={"name": None, "identity_provider": "aadcertificate"})
    assert "CP102" in ids(connector)
    assert "CP101" not in ids(connector)


@pytest.mark.parametrize(
    "name, problem",
    [
        ("Team Forms", "spaces"),
        ("TeamForms", "capital letters"),
        ("shared_teamforms", "shared_ prefix"),
        ("team/forms", "characters other than"),
    ],
)
def test_cp103_name_that_is_not_an_internal_name(name: str, problem: str) -> None:
    finding = only(aad(redirect_urls=[]).model_copy(update={"name": name}), "CP103")
    assert problem in finding.message
    assert repr(name) in finding.message


@pytest.mark.parametrize(
    "name",
    [
        "teamforms",
        "highspot-5f79b88ef370762934-5f63e14e61ad877cec",
        "n-2dable-20cloud-20commander-5f3a2dd1faea314cd7-4e7247cbad6f0e7f",
    ],
)
def test_internal_names_pass(name: str) -> None:
    redirect = f"https://global.consent.azure-apim.net/redirect/{name}"
    connector = aad(redirect_urls=[redirect]).model_copy(update={"name": name})
    assert ids(connector) == set()


# ---------------------------------------------------------------- CP230–CP232: redirect
@pytest.mark.parametrize(
    "mode, urls, fragment",
    [
        (None, [SHARED], "not set"),
        (RedirectMode.GLOBAL, [SHARED], "shared (legacy)"),
        (
            None,
            ["https://europe-001.consent.azure-apim.net/redirect"],
            "shared (regional)",
        ),
        (RedirectMode.DIRECT, [], "'Direct'"),
    ],
)
def test_cp230_not_per_connector(mode: RedirectMode | None, urls: list[str], fragment: str) -> None:
    finding = only(aad(redirect_mode=mode, redirect_urls=urls), "CP230")
    assert finding.severity is Severity.WARNING
    assert finding.path == "connector.oauth.redirect_mode"
    assert fragment in finding.message


def test_cp230_not_for_api_key_or_certificate_connectors() -> None:
    certificate = aad(redirect_mode=RedirectMode.GLOBAL).model_copy(
        update={"identity_provider": "aadcertificate"}
    )
    assert "CP230" not in ids(certificate)
    api_key = Connector(name="contoso", auth=AuthKind.API_KEY)
    assert "CP230" not in ids(api_key)


def test_cp230_multi_auth_with_an_oauth_option() -> None:
    connector = aad(redirect_mode=RedirectMode.GLOBAL).model_copy(
        update={"auth": AuthKind.API_KEY, "auth_options": [AuthKind.API_KEY, AuthKind.OAUTH2]}
    )
    assert "CP230" in ids(connector)


def test_cp231_per_connector_mode_with_a_nameless_url() -> None:
    finding = only(aad(redirect_urls=[SHARED]), "CP231")
    assert finding.severity is Severity.INFO
    assert finding.path == "connector.oauth.redirect_urls[0]"
    assert "CP230" not in ids(aad(redirect_urls=[SHARED]))


@pytest.mark.parametrize(
    "url",
    [
        "https://global.consent.azure-apim.net/redirect/ContosoCRM",
        "https://global.consent.azure-apim.net/redirect/contoso-crm",
    ],
)
def test_cp232_redirect_names_another_connector(url: str) -> None:
    finding = only(aad(redirect_urls=[PER_CONNECTOR, url]), "CP232")
    assert finding.path == "connector.oauth.redirect_urls[1]"
    assert "'contosocrm'" in finding.message


@pytest.mark.parametrize(
    "url",
    [
        PER_CONNECTOR,
        "https://global.consent.azure-apihub.us/redirect/other",  # not a commercial consent
        "https://global.consent.azure-apim.net.evil.com/redirect/other",  # look-alike
    ],
)
def test_cp232_quiet_for_the_right_name_or_other_hosts(url: str) -> None:
    assert "CP232" not in ids(aad(redirect_urls=[url]))


# ---------------------------------------------------------------- CP330–CP331: endpoint
@pytest.mark.parametrize(
    "endpoint, fragment",
    [
        (ConnectorEndpoint(url="https://api.contoso.com", host_mode=HostMode.PER_CONNECTION),
         "is per_connection"),
        (ConnectorEndpoint(url=None, host_mode=HostMode.PER_CONNECTION), "is per_connection"),
        (ConnectorEndpoint(url="https://{{replace_with_your_domain}}/API"), "placeholder"),
        (ConnectorEndpoint(url="https://DefinedInConnectionParameters/x"), "placeholder"),
    ],
)  # fmt: skip
def test_cp330_host_per_connection(endpoint: ConnectorEndpoint, fragment: str) -> None:
    finding = only(aad().model_copy(update={"endpoint": endpoint}), "CP330")
    assert finding.severity is Severity.INFO
    assert fragment in finding.message
    assert "CP331" not in ids(aad().model_copy(update={"endpoint": endpoint}))


@pytest.mark.parametrize("url", [None, "", "   "])
def test_cp331_endpoint_missing(url: str | None) -> None:
    connector = aad().model_copy(update={"endpoint": ConnectorEndpoint(url=url)})
    finding = only(connector, "CP331")
    assert finding.path == "connector.endpoint.url"


# ---------------------------------------------------------------- CP430–CP433: hosts
@pytest.mark.parametrize(
    "login",
    [
        "https://login.windows.net",
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        "https://LOGIN.WINDOWS.NET/",
    ],
)
def test_cp430_commercial_login_host(login: str) -> None:
    finding = only(aad(login_uri=login), "CP430")
    assert finding.path == "connector.oauth.login_uri"
    assert "GCC High, DoD, Azure Gov and Mooncake" in finding.message
    assert "GCC," not in finding.message  # GCC uses the commercial Entra ID
    assert "https://login.microsoftonline.us for GCC High, DoD and Azure Gov" in finding.hint
    assert "https://login.chinacloudapi.cn for Mooncake" in finding.hint


def test_cp430_for_generic_oauth2_using_entra_id() -> None:
    connector = aad(login_uri="https://login.windows.net/common/oauth2/authorize").model_copy(
        update={"identity_provider": "oauth2"}
    )
    assert "CP430" in ids(connector)


@pytest.mark.parametrize(
    "login",
    [
        "https://login.microsoftonline.us",
        "https://login.chinacloudapi.cn",
        "https://login.windows.net.evil.com",
        "https://app.highspot.com/oauth2/v1/authorize",
    ],
)
def test_cp430_quiet_for_other_hosts(login: str) -> None:
    assert "CP430" not in ids(aad(login_uri=login))


def test_cp431_graph_resource_and_scope() -> None:
    connector = aad(
        resource_uri="https://graph.microsoft.com",
        scopes=["User.Read", "https://graph.microsoft.com/.default offline_access"],
    )
    found = [f for f in findings(connector) if f.rule == "CP431"]
    assert [f.path for f in found] == [
        "connector.oauth.resource_uri",
        "connector.oauth.scopes[1]",
    ]
    assert all("GCC High, DoD, Azure Gov and Mooncake" in f.message for f in found)
    assert "https://dod-graph.microsoft.us for DoD" in found[0].hint


@pytest.mark.parametrize(
    ("resource", "clouds", "dod_fix", "source"),
    [
        (
            "https://analysis.windows.net/powerbi/api",
            "GCC, GCC High, DoD, Azure Gov and Mooncake",  # GCC's Power BI differs
            "https://mil.analysis.usgovcloudapi.net/powerbi/api for DoD",
            "Power BI national clouds",
        ),
        (
            "https://management.azure.com/",
            "GCC High, DoD, Azure Gov and Mooncake",  # GCC uses the commercial column
            "https://management.usgovcloudapi.net/ for GCC High, DoD and Azure Gov",
            "azure-cli cloud.py",
        ),
        (
            "https://vault.azure.net",
            "GCC High, DoD, Azure Gov and Mooncake",
            "https://vault.usgovcloudapi.net for GCC High, DoD and Azure Gov",
            "azure-cli cloud.py",
        ),
    ],
)
def test_cp431_every_microsoft_resource_family(
    resource: str, clouds: str, dod_fix: str, source: str
) -> None:
    finding = only(aad(resource_uri=resource, scopes=["User.Read"]), "CP431")
    assert f"{clouds} must change" in finding.message, source
    assert dod_fix in finding.hint, source


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("https://login.microsoft.com", True),  # MSAL: a public-cloud alias
        ("https://sts.windows.net/common", True),  # the public issuer host
        ("https://login.usgovcloudapi.net", False),  # MSAL: a US Government alias
    ],
)
def test_cp430_aliases(login: str, expected: bool) -> None:
    assert ("CP430" in ids(aad(login_uri=login))) is expected


def test_cp332_backend_on_a_commercial_microsoft_service() -> None:
    connector = aad().model_copy(
        update={"endpoint": ConnectorEndpoint(url="https://graph.microsoft.com/v1.0")}
    )
    finding = only(connector, "CP332")
    assert finding.severity is Severity.WARNING
    assert "GCC High, DoD, Azure Gov and Mooncake" in finding.message
    assert "https://dod-graph.microsoft.us" not in finding.message
    assert "dod-graph.microsoft.us for DoD" in finding.hint


def test_cp332_quiet_for_the_publishers_own_backend() -> None:
    for url in ("https://api.contoso.com/v1", "https://contoso.azurewebsites.net"):
        connector = aad().model_copy(update={"endpoint": ConnectorEndpoint(url=url)})
        assert "CP332" not in ids(connector)


@pytest.mark.parametrize(
    "resource",
    [
        "00000003-0000-0000-c000-000000000000",  # Graph's app id is the same in every cloud
        "https://graph.microsoft.us",
        "api://contoso-crm",
        "https://graph.microsoft.com.evil.com",
    ],
)
def test_cp431_quiet_for_other_resources(resource: str) -> None:
    assert "CP431" not in ids(aad(resource_uri=resource, scopes=["User.Read"]))


def test_cp432_certificate_auth_is_info_and_nothing_else_is_asked() -> None:
    connector = aad(
        login_uri="https://login.windows.net",
        resource_uri="https://graph.microsoft.com",
        redirect_mode=RedirectMode.GLOBAL,
    ).model_copy(update={"identity_provider": "aadcertificate"})
    finding = only(connector, "CP432")
    assert finding.severity is Severity.INFO
    assert ids(connector) == {"CP432"}


@pytest.mark.parametrize("tenant", ["72f988bf-86f1-41af-91ab-2d7cd011db47", "contoso.com"])
def test_cp433_specific_tenant(tenant: str) -> None:
    finding = only(aad(tenant_id=tenant), "CP433")
    assert tenant in finding.message


@pytest.mark.parametrize("tenant", ["common", "organizations", "Common", None])
def test_cp433_quiet_for_multi_tenant(tenant: str | None) -> None:
    assert "CP433" not in ids(aad(tenant_id=tenant))


# ---------------------------------------------------------------- wiring and catalogue
def test_check_runs_the_same_rules_over_the_project() -> None:
    connector = aad(login_uri="https://login.windows.net").model_copy(update={"name": None})
    all_targets: dict[str, CloudConfig] = {c.id: CloudConfig() for c in CATALOG.targets}
    ctx = context(connector, all_targets)
    expected = connector_rules.check_connector(connector, catalog=CATALOG)
    assert list(connector_rules.check(ctx)) == expected
    assert {"CP101", "CP430"} <= {f.rule for f in expected}


def test_in_a_project_only_targets_still_to_change_are_named() -> None:
    connector = aad(
        login_uri="https://login.windows.net", resource_uri="https://graph.microsoft.com"
    )
    gov_app = CloudConfig(
        oauth_app=OAuthApp(
            login_uri="https://login.microsoftonline.us", resource_uri="https://graph.microsoft.us"
        )
    )
    # GCC High has its own values; DoD does not yet: only DoD is named
    ctx = context(connector, {"gcch": gov_app, "dod": CloudConfig()})
    found = {f.rule: f for f in connector_rules.check(ctx)}
    assert "DoD must change" in found["CP430"].message
    assert "GCC High" not in found["CP430"].message
    assert "https://dod-graph.microsoft.us for DoD" in found["CP431"].hint
    # once every target that must change has its own values, nothing is left to say
    done = context(connector, {"gcch": gov_app, "dod": gov_app})
    assert {"CP430", "CP431"}.isdisjoint(f.rule for f in connector_rules.check(done))


def test_in_a_gcc_only_project_the_commercial_hosts_are_right() -> None:
    connector = aad(
        login_uri="https://login.windows.net",
        resource_uri="https://graph.microsoft.com",
        tenant_id="contoso.onmicrosoft.com",
    )
    ctx = context(connector, {"gcc": CloudConfig()})
    assert {"CP430", "CP431", "CP433"}.isdisjoint(f.rule for f in connector_rules.check(ctx))


def test_every_finding_is_connector_level() -> None:
    connector = aad(
        login_uri="https://login.windows.net", redirect_mode=None, tenant_id="contoso.com"
    ).model_copy(update={"name": None, "endpoint": ConnectorEndpoint()})
    assert findings(connector)
    assert all(f.cloud is None for f in findings(connector))


def test_rules_are_registered_in_the_owned_ranges_with_examples() -> None:
    owned = {r.id for r in connector_rules.RULES}
    assert owned <= {r.id for r in all_rules()}
    for rule in connector_rules.RULES:
        number = int(rule.id[2:])
        assert (
            101 <= number <= 149
            or 230 <= number <= 239
            or 330 <= number <= 339
            or (430 <= number <= 439)
        ), rule.id
        assert rule.scope is Scope.CONNECTOR
        assert rule.title and rule.hint and rule.example


def test_rules_are_documented() -> None:
    text = DOCS.read_text("utf-8")
    for rule in connector_rules.RULES:
        assert f"### {rule.id} — " in text, rule.id


# ---------------------------------------------------------------- generic URL checks
@pytest.mark.parametrize(
    "url", ["http://api.contoso.com/v1", "https://10.0.0.5/v1", "https://user@api.contoso.com"]
)
def test_commercial_endpoint_gets_the_generic_url_checks(url: str) -> None:
    connector = aad().model_copy(update={"endpoint": ConnectorEndpoint(url=url)})
    generic = [f for f in findings(connector) if f.rule.startswith("CP3") and f.rule != "CP330"]
    assert generic
    assert all(f.path == "connector.endpoint.url" and f.cloud is None for f in generic)


def test_http_endpoint_is_flagged_by_the_endpoint_rule() -> None:
    from cloudprep.core.rules.endpoint import NOT_HTTPS

    connector = aad().model_copy(
        update={"endpoint": ConnectorEndpoint(url="http://api.contoso.com/v1")}
    )
    assert NOT_HTTPS.id in ids(connector)


def test_placeholder_endpoint_is_not_judged_as_a_url() -> None:
    endpoint = ConnectorEndpoint(url="https://{{tenant}}.contoso.com/api")
    assert ids(aad().model_copy(update={"endpoint": endpoint})) == {"CP330"}


def test_an_overlong_name_in_a_redirect_is_not_taken_as_the_name() -> None:
    from cloudprep.core.rules.connector import redirect_connector_name

    catalog = load_catalog()
    base = "https://global.consent.azure-apim.net/redirect/"
    assert redirect_connector_name(base + "a" * 128, catalog) == "a" * 128
    assert redirect_connector_name(base + "a" * 129, catalog) is None


def test_cp434_an_aad_connector_without_a_login_uri() -> None:
    from cloudprep.core.models import AuthKind, CloudConfig, Connector, ConnectorOAuth, OAuthApp
    from cloudprep.core.rules.connector import check_connector

    catalog = load_catalog()
    connector = Connector(
        name="contosotasks",
        auth=AuthKind.OAUTH2,
        identity_provider="aad",
        oauth=ConnectorOAuth(resource_uri="https://api.contoso.com"),
    )
    found = [f for f in check_connector(connector, catalog=catalog) if f.rule == "CP434"]
    assert len(found) == 1
    assert "GCC High" in found[0].message and "Mooncake" in found[0].message
    assert "GCC," not in found[0].message  # GCC uses the commercial directory
    # In a project whose target clouds all have their own login URI, it is settled.
    own = {"gcch": CloudConfig(oauth_app=OAuthApp(login_uri="https://login.microsoftonline.us"))}
    assert not [
        f for f in check_connector(connector, catalog=catalog, clouds=own) if f.rule == "CP434"
    ]
    # Non-AAD providers sign in at the publisher's own host: nothing to say.
    generic = connector.model_copy(update={"identity_provider": "oauth2"})
    assert not [f for f in check_connector(generic, catalog=catalog) if f.rule == "CP434"]
