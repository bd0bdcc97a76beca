"""CP401–CP419: OAuth apps per cloud, their login and resource hosts, client-id reuse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.models import (
    AuthKind,
    CloudConfig,
    Connector,
    ConnectorOAuth,
    OAuthApp,
)
from cloudprep.core.rules import oauth
from cloudprep.core.rules.oauth import (
    check_client_id,
    check_login_uri,
    check_resource_uri,
    is_placeholder_client_id,
)
from tests.unit.conftest import CATALOG, context, rules

COMMERCIAL, GCC, GCCH, DOD, AZGOV, MOONCAKE = (
    CATALOG.get(c) for c in ("commercial", "gcc", "gcch", "dod", "azgov", "mooncake")
)

P = "clouds.x.oauth_app.login_uri"

# Hand-made GUIDs, one per app.
COMMERCIAL_ID = "11111111-aaaa-4bbb-8ccc-000000000001"
GCC_ID = "11111111-aaaa-4bbb-8ccc-000000000002"
GCCH_ID = "11111111-aaaa-4bbb-8ccc-000000000003"
DOD_ID = "11111111-aaaa-4bbb-8ccc-000000000004"
AZGOV_ID = "11111111-aaaa-4bbb-8ccc-000000000005"
MOON_ID = "11111111-aaaa-4bbb-8ccc-000000000006"


def aad_connector(**oauth_fields: Any) -> Connector:
    fields: dict[str, Any] = {
        "login_uri": "https://login.windows.net",
        "resource_uri": "https://graph.microsoft.com",
        "client_id": COMMERCIAL_ID,
    }
    fields.update(oauth_fields)
    return Connector(
        name="contosotasks",
        auth=AuthKind.OAUTH2,
        identity_provider="aad",
        oauth=ConnectorOAuth(**fields),
    )


def oauth2_connector(client_id: str | None = "FJ8aTHhXL1WNBkl3HPsCuLmB6KGQp3CD") -> Connector:
    return Connector(
        name="contosotasks",
        auth=AuthKind.OAUTH2,
        identity_provider="oauth2",
        oauth=ConnectorOAuth(client_id=client_id),
    )


def gov_app(client_id: str | None, **fields: Any) -> CloudConfig:
    return CloudConfig(oauth_app=OAuthApp(client_id=client_id, **fields))


def good_aad_clouds() -> dict[str, CloudConfig]:
    return {
        "gcc": gov_app(
            GCC_ID,
            login_uri="https://login.windows.net",
            resource_uri="https://graph.microsoft.com",
        ),
        "gcch": gov_app(
            GCCH_ID,
            login_uri="https://login.microsoftonline.us",
            resource_uri="https://graph.microsoft.us",
        ),
        "dod": gov_app(
            DOD_ID,
            login_uri="https://login.microsoftonline.us",
            resource_uri="https://dod-graph.microsoft.us",
        ),
        "azgov": gov_app(
            AZGOV_ID,
            login_uri="https://login.microsoftonline.us/common/oauth2/authorize",
            resource_uri="https://graph.microsoft.us",
        ),
        "mooncake": gov_app(
            MOON_ID,
            login_uri="https://login.chinacloudapi.cn",
            resource_uri="https://microsoftgraph.chinacloudapi.cn",
        ),
    }


def run(connector: Connector, clouds: dict[str, CloudConfig]) -> list[Finding]:
    return list(oauth.check(context(connector, clouds)))


# --- a correct project has nothing to say ------------------------------------------------


def test_correct_aad_project_is_clean() -> None:
    assert run(aad_connector(), good_aad_clouds()) == []


def test_no_oauth_rules_without_an_oauth_app() -> None:
    for connector in (
        Connector(name="x", auth=AuthKind.API_KEY),
        Connector(name="x", auth=AuthKind.OAUTH2, identity_provider="aadcertificate"),
    ):
        assert run(connector, {"gcch": gov_app(None, login_uri="http://x")}) == []


# --- client ids ----------------------------------------------------------------------------


def test_missing_client_id_is_c2_error() -> None:
    clouds = good_aad_clouds()
    clouds["dod"] = gov_app(None, login_uri="https://login.microsoftonline.us")
    clouds["dod"].oauth_app.resource_uri = "https://dod-graph.microsoft.us"
    findings = run(aad_connector(), clouds)
    assert [(f.rule, f.cloud, f.path) for f in findings] == [
        ("CP401", "dod", "clouds.dod.oauth_app.client_id")
    ]
    assert "Azure AD Government" in findings[0].hint


@pytest.mark.parametrize("value", ["", "   ", "\t"])
def test_blank_client_id_is_missing(value: str) -> None:
    assert rules(check_client_id(value, cloud=GCCH, aad=True, path="p")) == {"CP401"}
    assert rules(check_client_id(value, cloud=GCCH, aad=False, path="p")) == {"CP401"}


@pytest.mark.parametrize(
    "value",
    [
        "contoso-tasks-gcch",
        "FJ8aTHhXL1WNBkl3HPsCuLmB6KGQp3CD",
        "bc448462-34a5-4c24-9963-4060a4e573e",  # one digit short
        "bc448462-34a5-4c24-9963-4060a4e573eff",  # one digit long
        "bc44846234a54c2499634060a4e573ef",  # no hyphens
        "{bc448462-34a5-4c24-9963-4060a4e573ef}",
        "bc448462-34a5-4c24-9963-4060a4e573eg",  # g is not hex
        "bc448462–34a5–4c24–9963–4060a4e573ef",  # en dashes
    ],
)
def test_aad_client_id_must_be_a_guid(value: str) -> None:
    findings = check_client_id(value, cloud=GCCH, aad=True, path="p")
    assert rules(findings) == {"CP402"}
    assert check_client_id(value, cloud=GCCH, aad=False, path="p") == [] or "{" in value


@pytest.mark.parametrize(
    "value",
    [
        "<clientId>",
        "<client_id>",
        "<<Please add your clientID here>>",
        "<<Enter your client ID>>",
        "<Enter Your Client ID>",
        "[[DUMMY]]",
        "[[TEST CLIENT ID]]",
        "{{replace_with_your_client_id}}",
        "<resource-id>",
        "00000000-0000-0000-0000-00000000000",
        "00000000-0000-0000-0000-000000000000",
        "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
        "dummy",
        "client_id",
    ],
)
def test_placeholder_client_ids(value: str) -> None:
    assert is_placeholder_client_id(value)
    assert rules(check_client_id(value, cloud=GCCH, aad=True, path="p")) == {"CP403"}
    assert rules(check_client_id(value, cloud=GCCH, aad=False, path="p")) == {"CP403"}


@pytest.mark.parametrize(
    "value", ["FJ8aTHhXL1WNBkl3HPsCuLmB6KGQp3CD", "flow", "pacman", "power-platform-integration"]
)
def test_real_non_aad_client_ids_pass(value: str) -> None:
    assert not is_placeholder_client_id(value)
    assert check_client_id(value, cloud=GCCH, aad=False, path="p") == []


@pytest.mark.parametrize(
    "value",
    ["bc448462-34a5-4c24-9963-4060a4e573ef", "BC448462-34A5-4C24-9963-4060A4E573EF"],
)
def test_guid_client_ids_pass(value: str) -> None:
    assert check_client_id(value, cloud=GCCH, aad=True, path="p") == []


@pytest.mark.parametrize(
    "value",
    [" bc448462-34a5-4c24-9963-4060a4e573ef", "bc448462-34a5-4c24-9963-4060a4e573ef\n"],
)
def test_client_id_whitespace(value: str) -> None:
    findings = check_client_id(value, cloud=GCCH, aad=True, path="p")
    assert rules(findings) == {"CP413"}


def test_client_id_message_names_the_field() -> None:
    [finding] = check_client_id("not-a-guid", cloud=GCCH, aad=True, path="clouds.gcch.x")
    assert finding.message.startswith("clouds.gcch.x: ")


# --- client-id reuse across and within directories ----------------------------------------


def with_ids(**ids: str) -> dict[str, CloudConfig]:
    clouds = good_aad_clouds()
    for cloud_id, value in ids.items():
        clouds[cloud_id].oauth_app.client_id = value
    return clouds


def reuse(findings: list[Finding]) -> set[tuple[str, str | None]]:
    return {(f.rule, f.cloud) for f in findings if f.rule in ("CP404", "CP405")}


def test_commercial_app_in_gcc_is_a_warning() -> None:
    assert reuse(run(aad_connector(), with_ids(gcc=COMMERCIAL_ID))) == {("CP405", "gcc")}


def test_commercial_app_in_gcch_is_an_error() -> None:
    findings = run(aad_connector(), with_ids(gcch=COMMERCIAL_ID))
    assert reuse(findings) == {("CP404", "gcch")}
    [finding] = [f for f in findings if f.rule == "CP404"]
    assert finding.severity is Severity.ERROR
    assert "connector.oauth.client_id" in finding.message
    assert "Microsoft Entra ID (public cloud)" in finding.message
    assert "Azure AD Government" in finding.hint


def test_gcch_app_in_dod_is_a_warning() -> None:
    assert reuse(run(aad_connector(), with_ids(dod=GCCH_ID))) == {("CP405", "dod")}


def test_gcch_app_in_azgov_and_dod_warns_on_both() -> None:
    found = reuse(run(aad_connector(), with_ids(dod=GCCH_ID, azgov=GCCH_ID)))
    assert found == {("CP405", "dod"), ("CP405", "azgov")}


def test_gcc_app_in_gcch_is_an_error() -> None:
    assert reuse(run(aad_connector(), with_ids(gcch=GCC_ID))) == {("CP404", "gcch")}


def test_gov_app_in_mooncake_is_an_error() -> None:
    assert reuse(run(aad_connector(), with_ids(mooncake=DOD_ID))) == {("CP404", "mooncake")}


def test_reuse_compares_trimmed_and_case_insensitively() -> None:
    found = reuse(run(aad_connector(), with_ids(gcch=" " + COMMERCIAL_ID.upper() + " ")))
    assert found == {("CP404", "gcch")}


def test_one_id_everywhere() -> None:
    same = {c: COMMERCIAL_ID for c in ("gcc", "gcch", "dod", "azgov", "mooncake")}
    found = reuse(run(aad_connector(), with_ids(**same)))
    assert found == {
        ("CP405", "gcc"),
        ("CP404", "gcch"),
        ("CP404", "dod"),
        ("CP405", "dod"),
        ("CP404", "azgov"),
        ("CP405", "azgov"),
        ("CP404", "mooncake"),
    }


def test_reuse_for_non_aad_connectors_too() -> None:
    clouds = {"gcc": gov_app("FJ8aTHhXL1WNBkl3HPsCuLmB6KGQp3CD"), "gcch": gov_app("gcch-app")}
    found = reuse(run(oauth2_connector(), clouds))
    assert found == {("CP405", "gcc")}
    # The publisher's own OAuth server has no Entra directories: reuse across them is the
    # page's "an app per cloud" warning, not CP404 (issue 10, "verdicts stronger than
    # their sources").
    clouds = {"gcch": gov_app("fj8athhxl1wnbkl3hpsculmb6kgqp3cd")}
    assert reuse(run(oauth2_connector(), clouds)) == {("CP405", "gcch")}


def test_placeholders_are_not_compared() -> None:
    clouds = {"gcc": gov_app("[[DUMMY]]"), "gcch": gov_app("[[DUMMY]]")}
    findings = run(oauth2_connector("[[DUMMY]]"), clouds)
    assert reuse(findings) == set()
    assert rules(findings) == {"CP403"}


# --- login URIs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cloud", "url"),
    [
        (GCC, "https://login.microsoftonline.com"),
        (GCC, "https://login.windows.net"),
        (GCC, "https://login.windows.net/common/oauth2/authorize"),
        (GCC, "https://login.microsoftonline.com/common/oauth2/v2.0/token"),
        (GCC, "https://Login.MicrosoftOnline.com"),
        (GCCH, "https://login.microsoftonline.us"),
        (GCCH, "https://login.microsoftonline.us/"),
        (DOD, "https://login.microsoftonline.us/organizations/oauth2/v2.0/authorize"),
        (AZGOV, "https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47"),
        (MOONCAKE, "https://login.chinacloudapi.cn"),
        (MOONCAKE, "https://login.partner.microsoftonline.cn/common"),
        (COMMERCIAL, "https://login.windows.net"),
    ],
)
def test_right_login_hosts(cloud: Any, url: str) -> None:
    assert check_login_uri(url, cloud=cloud, path=P, aad=True) == []
    assert check_login_uri(url, cloud=cloud, path=P) == []


@pytest.mark.parametrize(
    ("cloud", "url"),
    [
        (GCCH, "https://login.microsoftonline.com"),
        (GCCH, "https://login.windows.net"),
        (GCCH, "https://login.windows.net/common/oauth2/authorize"),
        (DOD, "https://login.microsoftonline.com/common"),
        (AZGOV, "https://login.windows.net"),
        (MOONCAKE, "https://login.microsoftonline.com"),
        (MOONCAKE, "https://login.microsoftonline.us"),
        (GCC, "https://login.microsoftonline.us"),
        (GCCH, "https://login.chinacloudapi.cn"),
    ],
)
def test_login_host_of_another_cloud(cloud: Any, url: str) -> None:
    for aad in (True, False):
        findings = check_login_uri(url, cloud=cloud, path=P, aad=aad)
        assert rules(findings) == {"CP406"}


@pytest.mark.parametrize(
    ("cloud", "url"),
    [
        (DOD, "https://login.microsoftonline.com.us-gov.windows.net"),
        (GCC, "https://login.chinacloudapi.cn.example.chinacloudapi.cn"),
        (GCCH, "https://graph.microsoft.us"),
        (GCC, "https://graph.microsoft.com"),
        (COMMERCIAL, "https://graph.microsoft.com"),
    ],
)
def test_other_microsoft_sign_in_domain_or_graph_is_wrong_for_any_provider(
    cloud: Any, url: str
) -> None:
    # Not a publisher's own sign-in: flagged for oauth2/oauth2generic too, not only aad.
    for aad in (True, False):
        findings = check_login_uri(url, cloud=cloud, path=P, aad=aad)
        assert rules(findings) == {"CP407"}, (url, aad)
        assert findings[0].severity is Severity.ERROR


def test_login_host_message_and_exact_fix_keep_the_tenant_path() -> None:
    [finding] = check_login_uri(
        "https://login.windows.net/common/oauth2/authorize", cloud=GCCH, path=P, aad=True
    )
    assert "login.windows.net" in finding.message
    assert "login.microsoftonline.us" in finding.message
    assert finding.hint == f"Set {P} to https://login.microsoftonline.us/common/oauth2/authorize."


@pytest.mark.parametrize(
    "url",
    [
        "https://app.highspot.com/oauth2/v1/authorize",
        "https://go.lawvu.com/#/authorize",
        "https://accounts.zoho.com/oauth/v2/auth",
        "https://us-partner-integrations.egnyte.com/ms-flow/oauth/code",
        "https://sm.uat.ortitletech.com/auth/realms/supermarket/protocol/openid-connect/auth",
        "https://auth.contoso.com:8443/authorize?prompt=consent",
    ],
)
def test_publisher_login_hosts_are_left_alone_for_non_aad(url: str) -> None:
    for cloud in (GCC, GCCH, DOD, AZGOV, MOONCAKE):
        assert check_login_uri(url, cloud=cloud, path=P, aad=False) == []


def test_non_microsoft_login_host_for_aad_is_an_error() -> None:
    findings = check_login_uri("https://login.contoso.com", cloud=GCCH, path=P, aad=True)
    assert rules(findings) == {"CP407"}
    assert findings[0].hint == f"Set {P} to https://login.microsoftonline.us."


LOGIN_TRAPS: list[tuple[str, str]] = [
    ("", "CP412"),
    ("login.microsoftonline.us", "CP412"),
    ("https://login..microsoftonline.us", "CP412"),
    (" https://login.microsoftonline.us", "CP413"),
    ("https://login.microsoftonline.us\n", "CP413"),
    ("https://login.microsoft\tonline.us", "CP413"),
    ("http://login.microsoftonline.us", "CP414"),
    ("https://login.microsoftonline.us@evil.example/common", "CP415"),
    ("https://evil.example@login.microsoftonline.us/common", "CP415"),
    ("https://login.microsoftonline.us:443", "CP416"),
    ("https://login.microsoftonline.us:8443", "CP416"),
    ("https://login.microsoftonline.us/common?x=1", "CP416"),
    ("https://login.microsoftonline.us/common#x", "CP416"),
    ("https://login.microsoftonline.us/common/../evil", "CP416"),
    ("https://login.microsoftonline.us./common", "CP416"),
    ("https://login.microsoftonline.us\\common", "CP416"),
    ("https://lоgin.microsoftonline.us", "CP417"),  # Cyrillic о
    ("https://login.microsoftonline．us", "CP417"),  # full-width full stop
    ("https://xn--lgin-55d.microsoftonline.us", "CP417"),
    ("https://login.microsoftonline.us%2eevil.example", "CP417"),
    ("https://login.microsoftonline.us.evil.com", "CP418"),
    ("https://login.microsoftonline.us-login.com", "CP418"),
    ("https://login.micros0ftonline.us", "CP418"),
    ("https://login-microsoftonline.us", "CP418"),
    ("https://login.microsoftonline.co", "CP418"),
]


@pytest.mark.parametrize(("url", "rule"), LOGIN_TRAPS)
@pytest.mark.parametrize("aad", [True, False])
def test_login_traps(url: str, rule: str, aad: bool) -> None:
    findings = check_login_uri(url, cloud=GCCH, path=P, aad=aad)
    assert rule in rules(findings), findings
    assert all(f.severity is Severity.ERROR for f in findings)


def test_homoglyph_login_message_names_the_imitated_host() -> None:
    [finding] = check_login_uri("https://lоgin.microsoftonline.us", cloud=GCCH, path=P)
    assert "imitates login.microsoftonline.us" in finding.message


# --- resource URIs ----------------------------------------------------------------------------

R = "clouds.x.oauth_app.resource_uri"


@pytest.mark.parametrize(
    ("cloud", "url"),
    [
        (GCC, "https://graph.microsoft.com"),
        (GCC, "https://graph.microsoft.com/"),
        (GCCH, "https://graph.microsoft.us"),
        (AZGOV, "https://graph.microsoft.us"),
        (DOD, "https://dod-graph.microsoft.us"),
        (MOONCAKE, "https://microsoftgraph.chinacloudapi.cn"),
        (GCCH, "17feace5-eaa9-4de1-ba70-8f5377016e3b"),
        (GCCH, "api://17feace5-eaa9-4de1-ba70-8f5377016e3b"),
        (GCCH, "https://api.dfp.dynamics.com"),
        (GCCH, "https://contoso.onmicrosoft.us/tasks-api"),
    ],
)
def test_right_resources(cloud: Any, url: str) -> None:
    assert check_resource_uri(url, cloud=cloud, path=R) == []


@pytest.mark.parametrize(
    ("cloud", "url", "right"),
    [
        (GCCH, "https://graph.microsoft.com", "graph.microsoft.us"),
        (DOD, "https://graph.microsoft.com", "dod-graph.microsoft.us"),
        (AZGOV, "https://graph.microsoft.com", "graph.microsoft.us"),
        (DOD, "https://graph.microsoft.us", "dod-graph.microsoft.us"),
        (GCCH, "https://dod-graph.microsoft.us", "graph.microsoft.us"),
        (GCC, "https://graph.microsoft.us", "graph.microsoft.com"),
        (MOONCAKE, "https://graph.microsoft.com", "microsoftgraph.chinacloudapi.cn"),
        (GCCH, "https://graph.microsoft.com/.default", "graph.microsoft.us"),
    ],
)
def test_graph_of_another_cloud(cloud: Any, url: str, right: str) -> None:
    [finding] = check_resource_uri(url, cloud=cloud, path=R)
    assert finding.rule == "CP408"
    path = url.split("://", 1)[1].partition("/")[2]
    assert finding.hint == f"Set {R} to https://{right}" + (f"/{path}." if path else ".")


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("graph.microsoft.us", "CP412"),
        (" https://graph.microsoft.us", "CP413"),
        (" 17feace5-eaa9-4de1-ba70-8f5377016e3b", "CP413"),
        ("http://graph.microsoft.us", "CP414"),
        ("https://evil.example@graph.microsoft.us", "CP415"),
        ("https://graph.microsoft.us:443", "CP416"),
        ("https://graph.microsoft.us?x", "CP416"),
        ("https://api.contoso.us/#frag", "CP416"),
        ("https://grаph.microsoft.us", "CP417"),  # Cyrillic а
        ("https://graph.microsoft.us.evil.example", "CP418"),
        ("https://graph.micros0ft.us", "CP418"),
    ],
)
def test_resource_traps(url: str, rule: str) -> None:
    assert rule in rules(check_resource_uri(url, cloud=GCCH, path=R))


# --- login and resource over a project ---------------------------------------------------------


def test_commercial_login_and_graph_kept_in_gcch() -> None:
    clouds = good_aad_clouds()
    clouds["gcch"].oauth_app.login_uri = "https://login.windows.net"
    clouds["gcch"].oauth_app.resource_uri = "https://graph.microsoft.com"
    findings = run(aad_connector(), clouds)
    assert {(f.rule, f.path) for f in findings} == {
        ("CP406", "clouds.gcch.oauth_app.login_uri"),
        ("CP408", "clouds.gcch.oauth_app.resource_uri"),
    }


def test_gcc_accepts_the_commercial_hosts() -> None:
    clouds = {"gcc": good_aad_clouds()["gcc"]}
    clouds["gcc"].oauth_app.login_uri = "https://login.microsoftonline.com/common/oauth2/authorize"
    assert run(aad_connector(), clouds) == []


def test_missing_uris_in_another_directory_are_errors_with_the_right_value() -> None:
    clouds = {"dod": gov_app(DOD_ID)}
    findings = run(aad_connector(), clouds)
    by_rule = {f.rule: f for f in findings}
    assert set(by_rule) == {"CP409", "CP410"}
    assert (
        by_rule["CP409"].hint
        == "Set clouds.dod.oauth_app.login_uri to https://login.microsoftonline.us."
    )
    assert by_rule["CP410"].hint == (
        "Set clouds.dod.oauth_app.resource_uri to https://dod-graph.microsoft.us."
    )


def test_missing_uris_in_gcc_are_warnings() -> None:
    findings = run(aad_connector(), {"gcc": gov_app(GCC_ID)})
    assert {(f.rule, f.severity, f.path) for f in findings} == {
        ("CP411", Severity.WARNING, "clouds.gcc.oauth_app.login_uri"),
        ("CP411", Severity.WARNING, "clouds.gcc.oauth_app.resource_uri"),
    }


def test_missing_resource_app_id_in_another_directory_is_an_error() -> None:
    connector = aad_connector(resource_uri="17feace5-eaa9-4de1-ba70-8f5377016e3b")
    clouds = {"gcch": gov_app(GCCH_ID, login_uri="https://login.microsoftonline.us")}
    [finding] = run(connector, clouds)
    assert finding.rule == "CP410"
    assert "application id" in finding.message


def test_missing_publisher_resource_is_a_warning() -> None:
    connector = aad_connector(resource_uri="https://api.contoso.com")
    clouds = {"gcch": gov_app(GCCH_ID, login_uri="https://login.microsoftonline.us")}
    assert rules(run(connector, clouds)) == {"CP411"}


def test_no_missing_uri_findings_without_a_baseline_or_for_non_aad() -> None:
    bare = aad_connector(login_uri=None, resource_uri=None)
    assert run(bare, {"gcch": gov_app(GCCH_ID)}) == []
    assert run(oauth2_connector(), {"gcch": gov_app(GCCH_ID)}) == []


def test_commercial_app_id_as_gov_resource_is_an_error() -> None:
    connector = aad_connector(
        client_id="23694b6c-5a4a-45ce-9c6a-37c5f1880d4e",
        resource_uri="23694b6c-5a4a-45ce-9c6a-37c5f1880d4e",
    )
    clouds = {
        "gcch": gov_app(
            GCCH_ID,
            login_uri="https://login.microsoftonline.us",
            resource_uri="23694B6C-5A4A-45CE-9C6A-37C5F1880D4E",
        ),
        "gcc": gov_app(
            GCC_ID,
            login_uri="https://login.windows.net",
            resource_uri="23694b6c-5a4a-45ce-9c6a-37c5f1880d4e",
        ),
    }
    findings = run(connector, clouds)
    assert [(f.rule, f.cloud) for f in findings] == [("CP419", "gcch")]


def test_non_aad_project_with_microsoft_authorization_url() -> None:
    """N-able signs in through login.microsoftonline.com with identity provider oauth2."""
    clouds = {
        "gcc": gov_app(
            "gcc-app", login_uri="https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
        ),
        "gcch": gov_app(
            "gcch-app", login_uri="https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
        ),
    }
    findings = run(oauth2_connector(), clouds)
    assert [(f.rule, f.cloud) for f in findings] == [("CP406", "gcch")]


# --- every rule is exercised -------------------------------------------------------------------


def _login(url: str) -> Callable[[], list[Finding]]:
    return lambda: check_login_uri(url, cloud=GCCH, path=P, aad=True)


TRIGGERS: dict[str, Callable[[], list[Finding]]] = {
    **{rule: _login(url) for url, rule in reversed(LOGIN_TRAPS)},
    "CP401": lambda: check_client_id("", cloud=GCCH, aad=True, path="p"),
    "CP402": lambda: check_client_id("contoso-tasks-gcch", cloud=GCCH, aad=True, path="p"),
    "CP403": lambda: check_client_id("<<Enter your client ID>>", cloud=GCCH, aad=True, path="p"),
    "CP404": lambda: run(aad_connector(), with_ids(gcch=COMMERCIAL_ID)),
    "CP405": lambda: run(aad_connector(), with_ids(dod=GCCH_ID)),
    "CP406": _login("https://login.microsoftonline.com"),
    "CP407": _login("https://login.contoso.com"),
    "CP408": lambda: check_resource_uri("https://graph.microsoft.com", cloud=GCCH, path=R),
    "CP409": lambda: run(aad_connector(), {"dod": gov_app(DOD_ID)}),
    "CP410": lambda: run(aad_connector(), {"dod": gov_app(DOD_ID)}),
    "CP411": lambda: run(aad_connector(), {"gcc": gov_app(GCC_ID)}),
    "CP419": lambda: run(
        aad_connector(client_id=MOON_ID),
        {"mooncake": gov_app(COMMERCIAL_ID, resource_uri=MOON_ID)},
    ),
    "CP440": lambda: check_login_uri("https://sts.windows.net/common", cloud=GCC, path=P, aad=True),
}


@pytest.mark.parametrize("rule", oauth.RULES, ids=lambda r: r.id)
def test_every_rule_fires(rule: Any) -> None:
    fired = [f for f in TRIGGERS[rule.id]() if f.rule == rule.id]
    assert fired, f"{rule.id} did not fire"
    assert all(f.severity is rule.severity and f.message and f.hint for f in fired)


def test_rule_ids_are_in_range_unique_and_complete() -> None:
    ids = [r.id for r in oauth.RULES]
    assert len(ids) == len(set(ids))
    assert all("CP401" <= i <= "CP419" or "CP440" <= i <= "CP449" for i in ids)
    assert set(TRIGGERS) == set(ids)
