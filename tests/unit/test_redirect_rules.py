"""CP201–CP222: redirect URLs, one trap per case, plus C3 over a whole project."""

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
from cloudprep.core.rules import redirect
from cloudprep.core.rules.redirect import check_expected_redirect, check_redirect_url
from tests.unit.conftest import CATALOG, context, rules

GCC, GCCH, DOD, AZGOV, MOONCAKE, COMMERCIAL = (
    CATALOG.get(c) for c in ("gcc", "gcch", "dod", "azgov", "mooncake", "commercial")
)

GOOD = "https://global.consent.azure-apihub.us/redirect/contosotasks"
PATH = "clouds.gcch.oauth_app.redirect_urls[0]"


def gcch(url: str, name: str | None = "contosotasks") -> list[Finding]:
    return check_redirect_url(url, cloud=GCCH, connector_name=name, path=PATH)


def oauth_connector(name: str | None = "contosotasks", **extra: Any) -> Connector:
    return Connector(
        name=name,
        auth=AuthKind.OAUTH2,
        identity_provider=extra.pop("identity_provider", "oauth2"),
        oauth=ConnectorOAuth(redirect_urls=[GOOD.replace("apihub.us", "apim.net")]),
        **extra,
    )


def app(*urls: str) -> CloudConfig:
    return CloudConfig(oauth_app=OAuthApp(client_id="c", redirect_urls=list(urls)))


# --- the exact redirect passes everywhere it belongs ------------------------------------


@pytest.mark.parametrize("cloud", [GCC, GCCH, DOD, AZGOV])
def test_exact_gov_redirect_is_clean(cloud: Any) -> None:
    assert check_redirect_url(GOOD, cloud=cloud, connector_name="contosotasks", path="p") == []


def test_expected_is_derived_from_the_name_when_not_given() -> None:
    explicit = check_redirect_url(
        GOOD, cloud=GCCH, connector_name="contosotasks", path=PATH, expected=GOOD
    )
    assert explicit == gcch(GOOD) == []


# --- each trap, with the rule it must raise ----------------------------------------------

TRAPS: list[tuple[str, str]] = [
    ("", "CP201"),
    ("global.consent.azure-apihub.us/redirect/contosotasks", "CP201"),
    ("https://", "CP201"),
    ("https://global.consent..azure-apihub.us/redirect/contosotasks", "CP201"),
    ("https://global.consent.azure-apihub.us:44x/redirect/contosotasks", "CP201"),
    ("https://global.consent.azure-apihub.us/redirect/" + "a" * 3000, "CP201"),
    (" " + GOOD, "CP202"),
    (GOOD + " ", "CP202"),
    (GOOD + "\n", "CP202"),
    ("\t" + GOOD, "CP202"),
    ("https://global.consent.azure-apihub.us/redirect/contoso\ttasks", "CP202"),
    ("https://global.consent.azure-apihub.us/redi\nrect/contosotasks", "CP202"),
    ("https://global.consent.azure-apihub.us/redirect/contosotasks\u200b", "CP202"),
    ("https://global.consent.azure-apihub.us/redirect/contoso\x00tasks", "CP202"),
    ("http://global.consent.azure-apihub.us/redirect/contosotasks", "CP203"),
    ("HTTP://global.consent.azure-apihub.us/redirect/contosotasks", "CP203"),
    ("https://evil.com@global.consent.azure-apihub.us/redirect/contosotasks", "CP204"),
    ("https://global.consent.azure-apihub.us@evil.com/redirect/contosotasks", "CP204"),
    ("https://user:pw@global.consent.azure-apihub.us/redirect/contosotasks", "CP204"),
    ("https://global.consent.azure-apihub.us:8443/redirect/contosotasks", "CP205"),
    ("https://global.consent.azure-apihub.us:80/redirect/contosotasks", "CP205"),
    ("https://global.consent.azure-apihub.us:443/redirect/contosotasks", "CP206"),
    ("https://global.consent.azure-apihub.us:/redirect/contosotasks", "CP206"),
    (GOOD + "?", "CP207"),
    (GOOD + "?state=abc", "CP207"),
    (GOOD + "#", "CP207"),
    (GOOD + "#frag", "CP207"),
    (GOOD + "/", "CP208"),
    ("https://global.consent.azure-apihub.us/redirect/../redirect/contosotasks", "CP209"),
    ("https://global.consent.azure-apihub.us/redirect/contosotasks/..", "CP209"),
    ("https://global.consent.azure-apihub.us/redirect/%2e%2e/contosotasks", "CP209"),
    ("https://global.consent.azure-apihub.us/redirect/%2E%2E/contosotasks", "CP209"),
    ("https://global.consent.azure-apihub.us/redirect/./contosotasks", "CP209"),
    ("https://global.consent.azure-apihub.us/redirect%2Fcontosotasks", "CP209"),
    ("https://global.consent.azure-apihub.us\\redirect\\contosotasks", "CP209"),
    ("https://glоbal.consent.azure-apihub.us/redirect/contosotasks", "CP210"),  # Cyrillic о
    ("https://global.consent.azure-аpihub.us/redirect/contosotasks", "CP210"),  # Cyrillic а
    ("https://global．consent．azure-apihub．us/redirect/contosotasks", "CP210"),  # full-width
    ("https://ｇlobal.consent.azure-apihub.us/redirect/contosotasks", "CP210"),
    ("https://xn--glbal-kye.consent.azure-apihub.us/redirect/contosotasks", "CP210"),
    ("https://global.consent.azure-apihub.us%2eevil.com/redirect/contosotasks", "CP210"),
    ("https://global.consent.azure-apihub.us.evil.com/redirect/contosotasks", "CP211"),
    ("https://global.consent.azure-apihub.us-evil.com/redirect/contosotasks", "CP211"),
    ("https://global.consent.azure-apihubb.us/redirect/contosotasks", "CP211"),
    ("https://global.consent.azure-apim.net/redirect/contosotasks", "CP212"),
    ("https://europe-001.consent.azure-apim.net/redirect/contosotasks", "CP212"),
    ("https://msmanaged-na.consent.azure-apim.net/redirect", "CP212"),
    ("https://global.consent.azure-apim.net/redirect", "CP212"),
    ("https://contoso.example/oauth/callback", "CP213"),
    ("https://login.microsoftonline.us/common/oauth2/nativeclient", "CP213"),
    ("https://127.0.0.1/redirect/contosotasks", "CP213"),
    ("https://[::1]/redirect/contosotasks", "CP213"),
    ("https://localhost/redirect/contosotasks", "CP213"),
    ("https://usgov-001.consent.azure-apihub.us/redirect/contosotasks", "CP214"),
    ("https://consent.azure-apihub.us/redirect/contosotasks", "CP214"),
    ("https://x.global.consent.azure-apihub.us/redirect/contosotasks", "CP214"),
    ("https://usgov-001.consent.azure-apihub.us/redirect", "CP215"),
    ("https://global.consent.azure-apihub.us/redirect", "CP215"),
    ("https://global.consent.azure-apihub.us/redirect/", "CP215"),
    ("https://global.consent.azure-apihub.us/redirect/contoso-tasks", "CP216"),
    ("https://global.consent.azure-apihub.us/redirect/contosotask", "CP216"),
    ("https://global.consent.azure-apihub.us/redirect/shared_contosotasks", "CP216"),
    ("https://global.consent.azure-apihub.us/redirect/evil.com@contosotasks", "CP216"),
    ("https://global.consent.azure-apihub.us/redirect/contosotаsks", "CP216"),  # Cyrillic а
    ("https://global.consent.azure-apihub.us/redirect/contoso%74asks", "CP216"),
    ("https://global.consent.azure-apihub.us/redirect/ContosoTasks", "CP217"),
    ("https://global.consent.azure-apihub.us/redirect/CONTOSOTASKS", "CP217"),
    ("https://global.consent.azure-apihub.us/Redirect/contosotasks", "CP218"),
    ("https://global.consent.azure-apihub.us/redirects/contosotasks", "CP218"),
    ("https://global.consent.azure-apihub.us/oauth/redirect/contosotasks", "CP218"),
    ("https://global.consent.azure-apihub.us/redirect/contosotasks/callback", "CP218"),
    ("https://global.consent.azure-apihub.us", "CP218"),
    ("https://global.consent.azure-apihub.us/", "CP218"),
    ("HTTPS://global.consent.azure-apihub.us/redirect/contosotasks", "CP219"),
    ("Https://global.consent.azure-apihub.us/redirect/contosotasks", "CP219"),
    ("https://GLOBAL.CONSENT.AZURE-APIHUB.US/redirect/contosotasks", "CP219"),
    ("https://global.consent.azure-apihub.us./redirect/contosotasks", "CP219"),
]


@pytest.mark.parametrize(("url", "rule"), TRAPS)
def test_trap_is_caught(url: str, rule: str) -> None:
    findings = gcch(url)
    assert rule in rules(findings), findings
    assert all(f.severity is Severity.ERROR for f in findings)
    assert all(f.path == PATH and f.cloud == "gcch" for f in findings)


@pytest.mark.parametrize(("url", "rule"), TRAPS)
def test_trap_is_caught_without_a_connector_name_where_it_can_be(url: str, rule: str) -> None:
    findings = gcch(url, name=None)
    if rule in ("CP216",) and "shared_" not in url and "@" not in url and "а" not in url:
        return  # another connector's name cannot be told without knowing this one's
    if rule == "CP216" and "%74" in url:
        return
    assert rule in rules(findings), findings


def test_a_subdomain_of_the_global_consent_host_is_a_regional_host_and_nothing_else() -> None:
    url = "https://x.global.consent.azure-apihub.us/redirect/contosotasks"
    assert rules(gcch(url)) == {"CP214"}


def test_trailing_slash_on_the_exact_host_gives_only_that_finding() -> None:
    assert rules(gcch(GOOD + "/")) == {"CP208"}


def test_near_miss_fails_c3_and_says_why() -> None:
    """A near miss is not the registered redirect: C3 still fails, and says why."""
    ctx = context(oauth_connector(), {"gcch": app(GOOD + "/")})
    findings = list(redirect.check(ctx))
    c3 = [f for f in findings if f.rule == "CP220"]
    assert len(c3) == 1
    assert "redirect_urls[0] is close but not exact" in c3[0].message


@pytest.mark.parametrize(
    "name",
    [
        "teamforms",
        "highspot-5f79b88ef370762934-5f63e14e61ad877cec",
        "n-2dable-20cloud-20commander-5f3a2dd1faea314cd7-4e7247cbad6f0e7f",
    ],
)
def test_real_connector_names(name: str) -> None:
    url = f"https://global.consent.azure-apihub.us/redirect/{name}"
    for cloud in (GCC, GCCH, DOD, AZGOV):
        assert check_redirect_url(url, cloud=cloud, connector_name=name, path="p") == []
        assert check_redirect_url(url, cloud=cloud, connector_name=None, path="p") == []


def test_wrong_name_message_names_both_names_and_the_fix() -> None:
    [finding] = gcch("https://global.consent.azure-apihub.us/redirect/contoso-tasks")
    assert finding.rule == "CP216"
    assert "contoso-tasks" in finding.message and "contosotasks" in finding.message
    assert PATH in finding.message
    assert (
        "Register exactly https://global.consent.azure-apihub.us/redirect/contosotasks "
        "on the GCC High app" in finding.hint
    )


def test_commercial_host_message_names_the_clouds() -> None:
    [finding] = gcch("https://global.consent.azure-apim.net/redirect/contosotasks")
    assert finding.rule == "CP212"
    assert "global.consent.azure-apim.net" in finding.message
    assert "Commercial" in finding.message and "GCC High" in finding.message


def test_lookalike_message_names_what_it_imitates() -> None:
    [finding] = gcch("https://global.consent.azure-apihub.us.evil.com/redirect/contosotasks")
    assert "imitates global.consent.azure-apihub.us" in finding.message


def test_homoglyph_message_names_the_character_and_the_imitated_host() -> None:
    [finding] = gcch("https://glоbal.consent.azure-apihub.us/redirect/contosotasks")
    assert "CYRILLIC SMALL LETTER O" in finding.message
    assert "imitates global.consent.azure-apihub.us" in finding.message


def test_whitespace_is_shown_escaped() -> None:
    [finding] = gcch(GOOD + "\t")
    assert "U+0009 TAB" in finding.message
    assert "\t" not in finding.message


def test_userinfo_names_the_real_host() -> None:
    findings = gcch("https://global.consent.azure-apihub.us@evil.com/redirect/contosotasks")
    assert rules(findings) == {"CP204", "CP213"}
    userinfo = next(f for f in findings if f.rule == "CP204")
    assert "the real host is evil.com" in userinfo.message


def test_at_sign_in_the_path_is_not_userinfo() -> None:
    findings = gcch("https://global.consent.azure-apihub.us/redirect/evil.com@contosotasks")
    assert rules(findings) == {"CP216"}


def test_unknown_name_still_flags_uppercase_names() -> None:
    findings = gcch("https://global.consent.azure-apihub.us/redirect/ContosoTasks", name=None)
    assert rules(findings) == {"CP217"}


def test_commercial_cloud_accepts_its_known_legacy_and_regional_redirects() -> None:
    for url in (
        "https://global.consent.azure-apim.net/redirect",
        "https://europe-001.consent.azure-apim.net/redirect",
        "https://msmanaged-na.consent.azure-apim.net/redirect",
        "https://global.consent.azure-apim.net/redirect/teamforms",
    ):
        assert check_redirect_url(url, cloud=COMMERCIAL, connector_name=None, path="p") == []


def test_commercial_cloud_rejects_the_gov_host() -> None:
    findings = check_redirect_url(GOOD, cloud=COMMERCIAL, connector_name="contosotasks", path="p")
    assert rules(findings) == {"CP212"}


# --- Mooncake: the redirect is the user's and unverified -----------------------------------

MOON_EXPECTED = "https://global.consent.azure-apihub.cn.example/redirect/contosotasks"


def test_mooncake_checks_only_generic_traps_without_an_expected_redirect() -> None:
    clean = "https://consent.mooncake.example/redirect/contosotasks"
    assert check_redirect_url(clean, cloud=MOONCAKE, connector_name="contosotasks", path="p") == []
    assert rules(
        check_redirect_url("http://x.example/a?b", cloud=MOONCAKE, connector_name=None, path="p")
    ) == {"CP203", "CP207"}


def test_mooncake_compares_with_the_entered_redirect() -> None:
    expected = "https://consent.mooncake.example/redirect/contosotasks"
    same = check_redirect_url(
        expected, cloud=MOONCAKE, connector_name="contosotasks", path="p", expected=expected
    )
    assert same == []
    other_host = check_redirect_url(
        "https://other.example/redirect/contosotasks",
        cloud=MOONCAKE,
        connector_name="contosotasks",
        path="p",
        expected=expected,
    )
    assert rules(other_host) == {"CP213"}
    assert "unverified" in other_host[0].hint
    other_name = check_redirect_url(
        "https://consent.mooncake.example/redirect/ContosoTasks",
        cloud=MOONCAKE,
        connector_name="contosotasks",
        path="p",
        expected=expected,
    )
    assert rules(other_name) == {"CP217"}


def test_mooncake_project_without_expected_redirect_warns_c3_unverified() -> None:
    ctx = context(oauth_connector(), {"mooncake": app("https://consent.mooncake.example/r")})
    findings = list(redirect.check(ctx))
    assert rules(findings) == {"CP222"}
    [warning] = findings
    assert warning.severity is Severity.WARNING
    assert warning.path == "clouds.mooncake.expected_redirect"
    assert "unverified" in warning.message


@pytest.mark.parametrize(
    ("entered", "rule"),
    [
        ("http://consent.mooncake.example/redirect/contosotasks", "CP203"),
        ("https://a@consent.mooncake.example/redirect/contosotasks", "CP204"),
        ("https://consent.mooncake.example:8443/redirect/contosotasks", "CP205"),
        ("https://consent.mooncake.example/redirect/contosotasks?x=1", "CP207"),
        (" https://consent.mooncake.example/redirect/contosotasks", "CP202"),
        ("https://cоnsent.mooncake.example/redirect/contosotasks", "CP210"),
        ("https://login.chinacloudapi.cn.evil.example/redirect/contosotasks", "CP211"),
        ("https://10.0.0.1/redirect/contosotasks", "CP213"),
        ("consent.mooncake.example/redirect", "CP201"),
    ],
)
def test_mooncake_expected_redirect_gets_the_generic_traps(entered: str, rule: str) -> None:
    path = "clouds.mooncake.expected_redirect"
    findings = check_expected_redirect(entered, cloud=MOONCAKE, path=path)
    assert rule in rules(findings)
    assert all(f.path == path and "unverified" in f.message for f in findings)
    ctx = context(
        oauth_connector(),
        {"mooncake": CloudConfig(expected_redirect=entered, oauth_app=OAuthApp(client_id="c"))},
    )
    assert rule in rules(list(redirect.check(ctx)))


def test_mooncake_expected_redirect_not_registered_is_c3_error_marked_unverified() -> None:
    expected = "https://consent.mooncake.example/redirect/contosotasks"
    ctx = context(
        oauth_connector(),
        {
            "mooncake": CloudConfig(
                expected_redirect=expected,
                oauth_app=OAuthApp(client_id="c", redirect_urls=[GOOD]),
            )
        },
    )
    findings = list(redirect.check(ctx))
    c3 = [f for f in findings if f.rule == "CP220"]
    assert len(c3) == 1
    assert "unverified" in c3[0].message and expected in c3[0].hint
    registered = context(
        oauth_connector(),
        {
            "mooncake": CloudConfig(
                expected_redirect=expected,
                oauth_app=OAuthApp(client_id="c", redirect_urls=[expected]),
            )
        },
    )
    assert list(redirect.check(registered)) == []


# --- C3 over a project -------------------------------------------------------------------


def test_required_redirect_missing_is_an_error_with_the_exact_fix() -> None:
    ctx = context(oauth_connector(), {"gcch": app(), "dod": app(GOOD)})
    findings = list(redirect.check(ctx))
    assert [(f.rule, f.cloud) for f in findings] == [("CP220", "gcch")]
    [finding] = findings
    assert finding.severity is Severity.ERROR
    assert finding.path == "clouds.gcch.oauth_app.redirect_urls"
    assert finding.hint.startswith(
        "Register https://global.consent.azure-apihub.us/redirect/contosotasks on the GCC High app"
    )


def test_required_redirect_among_others_passes_c3_but_others_are_checked() -> None:
    ctx = context(oauth_connector(), {"gcc": app("https://localhost:3000/cb", GOOD)})
    findings = list(redirect.check(ctx))
    assert {(f.rule, f.path) for f in findings} == {
        ("CP205", "clouds.gcc.oauth_app.redirect_urls[0]"),
        ("CP213", "clouds.gcc.oauth_app.redirect_urls[0]"),
    }


def test_unknown_connector_name_warns_that_the_redirect_cannot_be_checked() -> None:
    ctx = context(oauth_connector(name=None), {"gcch": app(GOOD)})
    findings = list(redirect.check(ctx))
    assert rules(findings) == {"CP221"}
    [warning] = findings
    assert warning.severity is Severity.WARNING
    assert "connector.name" in warning.message
    assert "https://global.consent.azure-apihub.us/redirect/<connectorName>" in warning.message


def test_a_name_with_capitals_is_no_exact_redirect_and_its_redirect_is_an_error() -> None:
    # The consent service calls the connector by its internal name (lowercase): the project's
    # own name with capitals makes no redirect to register, and one made of it is CP217.
    named = "https://global.consent.azure-apihub.us/redirect/ContosoTasks"
    ctx = context(oauth_connector(name="ContosoTasks"), {"gcch": app(named)})
    findings = list(redirect.check(ctx))
    assert {(f.rule, f.severity) for f in findings} == {
        ("CP221", Severity.WARNING),
        ("CP217", Severity.ERROR),
    }
    assert gcch(named, name="ContosoTasks") == gcch(named, name=None)


def test_registered_redirect_with_another_connector_name_fails_c3() -> None:
    wrong = "https://global.consent.azure-apihub.us/redirect/othertasks"
    ctx = context(oauth_connector(), {"azgov": app(wrong)})
    assert rules(list(redirect.check(ctx))) == {"CP216", "CP220"}


@pytest.mark.parametrize(
    "connector",
    [
        Connector(name="contosotasks", auth=AuthKind.API_KEY),
        Connector(name="contosotasks", auth=AuthKind.BASIC),
        Connector(name="contosotasks", auth=AuthKind.NONE),
        Connector(name="contosotasks", auth=AuthKind.OAUTH2, identity_provider="aadcertificate"),
    ],
)
def test_no_redirect_rules_without_an_oauth_app(connector: Connector) -> None:
    ctx = context(connector, {"gcch": app("http://evil.example"), "mooncake": CloudConfig()})
    assert list(redirect.check(ctx)) == []


def test_multi_auth_connector_with_oauth_needs_the_redirect() -> None:
    connector = Connector(
        name="contosotasks",
        auth=AuthKind.API_KEY,
        auth_options=[AuthKind.API_KEY, AuthKind.OAUTH2],
        identity_provider="oauth2",
    )
    assert rules(list(redirect.check(context(connector, {"gcc": app()})))) == {"CP220"}


# --- every rule is exercised, documented in its range, and has an example ----------------


def _trigger(url: str) -> Callable[[], list[Finding]]:
    return lambda: gcch(url)


TRIGGERS: dict[str, Callable[[], list[Finding]]] = {
    **{rule: _trigger(url) for url, rule in reversed(TRAPS)},
    "CP220": lambda: list(redirect.check(context(oauth_connector(), {"gcch": app()}))),
    "CP221": lambda: list(redirect.check(context(oauth_connector(None), {"gcch": app()}))),
    "CP222": lambda: list(redirect.check(context(oauth_connector(), {"mooncake": app()}))),
}


@pytest.mark.parametrize("rule", redirect.RULES, ids=lambda r: r.id)
def test_every_rule_fires(rule: Any) -> None:
    findings = TRIGGERS[rule.id]()
    fired = [f for f in findings if f.rule == rule.id]
    assert fired, f"{rule.id} did not fire"
    assert all(f.severity is rule.severity for f in fired)
    assert all(f.message and f.hint for f in fired)


def test_rule_ids_are_in_range_unique_and_complete() -> None:
    ids = [r.id for r in redirect.RULES]
    assert len(ids) == len(set(ids))
    assert all("CP201" <= i <= "CP229" for i in ids)
    assert set(TRIGGERS) == set(ids)
    assert all(r.title and r.hint and r.example for r in redirect.RULES)


@pytest.mark.parametrize(
    "rule",
    [r for r in redirect.RULES if r.example.startswith(("http", " ", "HTTP", "global"))],
    ids=lambda r: r.id,
)
def test_url_examples_trigger_their_rule(rule: Any) -> None:
    assert rule.id in rules(gcch(rule.example))


@pytest.mark.parametrize(
    "url",
    [
        "https://global.consent.azure-apihub.us//redirect/contosotasks",
        "https://global.consent.azure-apihub.us/redirect//contosotasks",
    ],
)
def test_empty_path_segment_is_not_the_exact_redirect(url: str) -> None:
    # Redirects match exactly: a doubled slash is another URL, though a naive segment
    # split reads it as /redirect/contosotasks.
    for name in ("contosotasks", None):
        findings = gcch(url, name)
        assert rules(findings) == {"CP218"}, name
        assert "empty segment" in findings[0].message


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("https://global.consent.azure-apim.net/redirect/contosotasks", "Commercial"),
        ("https://europe-001.consent.azure-apim.net/redirect", "Commercial"),
        ("https://global.consent.azure-apihub.us/redirect/contosotasks", "GCC"),
    ],
)
def test_mooncake_rejects_another_clouds_consent_host_even_unverified(url: str, other: str) -> None:
    for name in ("contosotasks", None):
        findings = check_redirect_url(url, cloud=MOONCAKE, connector_name=name, path="p")
        assert rules(findings) == {"CP212"}
        assert f"consent host of {other}" in findings[0].message
