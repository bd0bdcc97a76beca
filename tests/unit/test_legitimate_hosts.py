"""Legitimate values that must never be flagged (no error, no warning) in their right cloud.

The tables are written by hand from reading ../shared/corpus/*/apiProperties.json and
apiDefinition.swagger.json (host + basePath, loginUri, resourceUri, authorization URLs,
redirectUrl, clientId), and from PRODUCT §3–§4 for the government equivalents. A second
set of tests walks the corpus itself, so a connector added there is covered too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.endpoint import check_endpoint_url
from cloudprep.core.rules.oauth import check_client_id, check_login_uri, check_resource_uri
from cloudprep.core.rules.redirect import check_redirect_url
from tests.unit.conftest import CATALOG

COMMERCIAL, GCC, GCCH, DOD, AZGOV, MOONCAKE = (
    CATALOG.get(c) for c in ("commercial", "gcc", "gcch", "dod", "azgov", "mooncake")
)
US_CLOUDS = (GCC, GCCH, DOD, AZGOV)
TARGETS = (GCC, GCCH, DOD, AZGOV, MOONCAKE)


def serious(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is not Severity.INFO]


# --- backend endpoints: https://<host><basePath> from each swagger ---------------------------

ENDPOINTS = [
    "https://dataservice.accuweather.com/",
    "https://bizzywork.azurewebsites.net/",
    "https://go-api.avepointonlineservices.com/admin",
    "https://eastus.api.cognitive.microsoft.com/speechtotext/v3.0",
    "https://automationcenter.cognizantgoc.com/",
    "https://api-eu.dhl.com/track",
    "https://api.dimescheduler.com",
    "https://www.docusign.net/restapi/v2.1",
    "https://docmergewebapi.azurewebsites.net/",
    "https://merchanty-6b925ca8-d372-4245-bc5a-94b5fdb6c067.api.dfp.dynamics.com/",
    "https://us-partner-integrations.egnyte.com/ms-flow/",
    "https://cdkapi.azure-api.net/elead-sales-customers",
    "https://api.fitbit.com/",
    "https://api.gmo-exapi.net/gmosign",
    "https://vragroupmanagerapprovalflow-h8tvt-uzi02fbsspubp3eg.azurewebsites.net/",
    "https://api.highspot.com/apollo/webhooks/ms-copilot",
    "https://api.ineight.com/integrations/v1",
    "https://au.public-api.lawvu.com",
    "https://api.luware.cloud/",
    "https://app.mural.co/",
    "https://apis.cm.prd.cloudapp.n-able.com/",
    "https://connector.picnicplatform.com/",
    "https://sm.uat.ortitletech.com/pubcs-titleorder/v1",
    "https://sdpondemand.manageengine.com/",
    "https://ssapi.shipstation.com/",
    "https://platform.shopranos.eu/",
    "https://office.signinghub.com/Flow/v12",
    "https://api.spoonacular.com/",
    "https://www.triggercmd.com/",
    "https://api.teamforms.app/",
    "https://earthquake.usgs.gov/fdsnws/event/1/",
    "https://api.va.gov/",
    "https://api.nexmo.com",
    "https://medlar-us.yeelight.com/",
    "https://api.zippopotam.us/",
    "https://calendar.zoho.com/",
    "https://api.thomsonreuters.com/gofileroom",
]

PLACEHOLDER_ENDPOINTS = [
    "https://DefinedInConnectionParameters/IAConnectRESTClient",
    "https://{{replace_with_your_domain}}/API",
    "https://dynamichostURL/ApiAsset",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_real_endpoints_as_the_commercial_baseline(url: str) -> None:
    assert check_endpoint_url(url, cloud=None, path="connector.endpoint.url") == []


# Backends on commercial Azure hosting (App Service, API Management): in a government cloud
# or Mooncake they are the CP320 warning, "confirm it is reachable and compliant" (issue
# 10; azure-cli cloud.py: azurewebsites.us, azure-api.us, chinacloudsites.cn there). GCC
# uses the commercial column.
ON_COMMERCIAL_AZURE_HOSTING = {
    "https://bizzywork.azurewebsites.net/",
    "https://docmergewebapi.azurewebsites.net/",
    "https://cdkapi.azure-api.net/elead-sales-customers",
    "https://vragroupmanagerapprovalflow-h8tvt-uzi02fbsspubp3eg.azurewebsites.net/",
}


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("cloud", TARGETS, ids=lambda c: c.id)
def test_real_endpoints_as_a_specific_cloud_endpoint(url: str, cloud: Any) -> None:
    findings = check_endpoint_url(url, cloud=cloud, path="clouds.x.endpoint.url")
    expected = ["CP320"] if url in ON_COMMERCIAL_AZURE_HOSTING and cloud is not GCC else []
    assert [f.rule for f in findings] == expected


@pytest.mark.parametrize("url", PLACEHOLDER_ENDPOINTS)
def test_placeholder_endpoints_are_info_only(url: str) -> None:
    findings = check_endpoint_url(url, cloud=None, path="connector.endpoint.url")
    assert [(f.rule, f.severity) for f in findings] == [("CP312", Severity.INFO)]


# --- login URIs -----------------------------------------------------------------------------

# loginUri values and AAD authorization/token URLs seen in the corpus (commercial, hence
# right in GCC too), and the same paths on the government and China hosts.
COMMERCIAL_LOGIN_URIS = [
    "https://login.windows.net",
    "https://login.microsoftonline.com",
    "https://login.windows.net/common/oauth2/authorize",
    "https://login.windows.net/common/oauth2/token",
    "https://login.microsoftonline.com/common/oauth2/authorize",
    "https://login.microsoftonline.com/common/oauth2/token",
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    "https://login.microsoftonline.com/common/oauth2/v2.0/token",
]
GOV_LOGIN_URIS = [
    "https://login.microsoftonline.us",
    "https://login.microsoftonline.us/common/oauth2/authorize",
    "https://login.microsoftonline.us/common/oauth2/v2.0/token",
]
CHINA_LOGIN_URIS = [
    "https://login.chinacloudapi.cn",
    "https://login.chinacloudapi.cn/common/oauth2/authorize",
    "https://login.partner.microsoftonline.cn",
    "https://login.partner.microsoftonline.cn/common/oauth2/v2.0/token",
]
RIGHT_LOGIN = [
    *((COMMERCIAL, u) for u in COMMERCIAL_LOGIN_URIS),
    *((GCC, u) for u in COMMERCIAL_LOGIN_URIS),
    *((c, u) for c in (GCCH, DOD, AZGOV) for u in GOV_LOGIN_URIS),
    *((MOONCAKE, u) for u in CHINA_LOGIN_URIS),
]


@pytest.mark.parametrize(("cloud", "url"), RIGHT_LOGIN, ids=lambda v: getattr(v, "id", v))
@pytest.mark.parametrize("aad", [True, False])
def test_right_login_uris(cloud: Any, url: str, aad: bool) -> None:
    assert check_login_uri(url, cloud=cloud, path="p", aad=aad) == []


# The publisher's own sign-in (identity providers oauth2, oauth2generic, DocuSign …).
PUBLISHER_LOGIN_URIS = [
    "https://account.docusign.com",
    "https://us-partner-integrations.egnyte.com/ms-flow/oauth/code",
    "https://us-partner-integrations.egnyte.com/ms-flow/oauth/token",
    "https://www.fitbit.com/oauth2/authorize",
    "https://app.highspot.com/oauth2/v1/authorize",
    "https://app.highspot.com/auth/oauth2/v1/token",
    "https://go.lawvu.com/#/authorize",
    "https://au.public-api.lawvu.com/account-apis/v1/auth/token",
    "https://app.mural.co/api/public/v1/authorization/oauth2/",
    "https://sm.uat.ortitletech.com/auth/realms/supermarket/protocol/openid-connect/auth",
    "https://www.triggercmd.com/oauth/authorize",
    "https://account.xiaomi.com/oauth2/authorize",
    "https://accounts.zoho.com/oauth/v2/auth",
]


@pytest.mark.parametrize("url", PUBLISHER_LOGIN_URIS)
@pytest.mark.parametrize("cloud", (COMMERCIAL, *TARGETS), ids=lambda c: c.id)
def test_publisher_login_uris_for_non_aad(url: str, cloud: Any) -> None:
    assert check_login_uri(url, cloud=cloud, path="p", aad=False) == []


# --- resource URIs ---------------------------------------------------------------------------

RIGHT_RESOURCES = [
    (COMMERCIAL, "https://graph.microsoft.com"),
    (GCC, "https://graph.microsoft.com"),
    (GCCH, "https://graph.microsoft.us"),
    (AZGOV, "https://graph.microsoft.us"),
    (DOD, "https://dod-graph.microsoft.us"),
    (MOONCAKE, "https://microsoftgraph.chinacloudapi.cn"),
    *(
        (cloud, value)
        for cloud in (COMMERCIAL, *TARGETS)
        for value in (
            "17feace5-eaa9-4de1-ba70-8f5377016e3b",  # Document Merge
            "23694b6c-5a4a-45ce-9c6a-37c5f1880d4e",  # Luware Nimbus
            "https://api.dfp.dynamics.com",  # Dynamics 365 Fraud Protection
        )
    ),
]


@pytest.mark.parametrize(("cloud", "url"), RIGHT_RESOURCES, ids=lambda v: getattr(v, "id", v))
def test_right_resource_uris(cloud: Any, url: str) -> None:
    assert check_resource_uri(url, cloud=cloud, path="p") == []


# --- redirects ---------------------------------------------------------------------------------

NAMES = [
    "teamforms",
    "highspot-5f79b88ef370762934-5f63e14e61ad877cec",
    "n-2dable-20cloud-20commander-5f3a2dd1faea314cd7-4e7247cbad6f0e7f",
    "egnyte",
    "luwarenimbus",
    "servicedeskpluscloud",
    "zohocalendar",
    "ramquestactionsuat",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("cloud", US_CLOUDS, ids=lambda c: c.id)
def test_gov_redirect(name: str, cloud: Any) -> None:
    url = f"https://global.consent.azure-apihub.us/redirect/{name}"
    assert check_redirect_url(url, cloud=cloud, connector_name=name, path="p") == []
    assert check_redirect_url(url, cloud=cloud, connector_name=None, path="p") == []


@pytest.mark.parametrize(
    "url",
    [
        "https://global.consent.azure-apim.net/redirect",
        "https://europe-001.consent.azure-apim.net/redirect",
        "https://msmanaged-na.consent.azure-apim.net/redirect",
        *(f"https://global.consent.azure-apim.net/redirect/{n}" for n in NAMES),
    ],
)
def test_commercial_redirects(url: str) -> None:
    assert check_redirect_url(url, cloud=COMMERCIAL, connector_name=None, path="p") == []


# --- client ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["FJ8aTHhXL1WNBkl3HPsCuLmB6KGQp3CD", "flow", "pacman", "power-platform-integration"],
)
def test_real_non_aad_client_ids(value: str) -> None:
    for cloud in TARGETS:
        assert check_client_id(value, cloud=cloud, aad=False, path="p") == []


@pytest.mark.parametrize(
    "value", ["bc448462-34a5-4c24-9963-4060a4e573ef", "23694b6c-5a4a-45ce-9c6a-37c5f1880d4e"]
)
def test_real_aad_client_ids(value: str) -> None:
    for cloud in TARGETS:
        assert check_client_id(value, cloud=cloud, aad=True, path="p") == []


# --- the corpus itself --------------------------------------------------------------------------


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None  # broken JSON is the importer's concern, not this test's


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _oauth_settings(corpus: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(corpus.glob("*/apiProperties.json")):
        for node in _walk(_load(path)):
            for key, value in node.items():
                if key.lower() == "oauthsettings" and isinstance(value, dict):
                    found.append(value)
    return found


def _custom(settings: dict[str, Any]) -> dict[str, str]:
    params = settings.get("customParameters") or {}
    values = {}
    for key, item in params.items():
        if isinstance(item, dict) and isinstance(item.get("value"), str):
            values[key.lower()] = item["value"]
    return values


@pytest.mark.corpus
def test_corpus_hosts_are_clean_or_per_connection(corpus_dir: Path) -> None:
    checked = 0
    for path in sorted(corpus_dir.glob("*/apiDefinition.swagger.json")):
        swagger = _load(path)
        if not isinstance(swagger, dict) or not isinstance(swagger.get("host"), str):
            continue
        url = f"https://{swagger['host']}{swagger.get('basePath') or ''}"
        assert serious(check_endpoint_url(url, cloud=None, path="p")) == [], path
        hosting = swagger["host"].endswith((".azurewebsites.net", ".azure-api.net"))
        for cloud in TARGETS:
            found = serious(check_endpoint_url(url, cloud=cloud, path="p"))
            expected = ["CP320"] if hosting and cloud is not GCC else []
            assert [f.rule for f in found] == expected, path
        checked += 1
    assert checked >= 30


@pytest.mark.corpus
def test_corpus_login_and_resource_values_are_clean_in_commercial_and_gcc(
    corpus_dir: Path,
) -> None:
    checked = 0
    for settings in _oauth_settings(corpus_dir):
        provider = str(settings.get("identityProvider", "")).lower()
        custom = _custom(settings)
        aad = provider in ("aad", "aadcertificate")
        for key in ("loginuri", "authorizationurl", "tokenurl", "refreshurl"):
            value = custom.get(key)
            if value:
                for cloud in (COMMERCIAL, GCC):
                    assert check_login_uri(value, cloud=cloud, path="p", aad=aad) == [], value
                checked += 1
        resource = custom.get("resourceuri")
        if aad and resource and not resource.startswith("<"):
            for cloud in (COMMERCIAL, GCC):
                assert check_resource_uri(resource, cloud=cloud, path="p") == [], resource
            checked += 1
    assert checked >= 20


@pytest.mark.corpus
def test_corpus_redirects_are_clean_and_their_gov_twins_too(corpus_dir: Path) -> None:
    checked = 0
    for settings in _oauth_settings(corpus_dir):
        candidates = [settings.get("redirectUrl"), _custom(settings).get("redirecturl")]
        for value in candidates:
            if not isinstance(value, str):
                continue
            assert check_redirect_url(value, cloud=COMMERCIAL, connector_name=None, path="p") == []
            name = value.rstrip("/").rsplit("/", 1)[-1]
            if name != "redirect":
                twin = f"https://global.consent.azure-apihub.us/redirect/{name}"
                for cloud in US_CLOUDS:
                    assert (
                        check_redirect_url(twin, cloud=cloud, connector_name=name, path="p") == []
                    )
            checked += 1
    assert checked >= 15
