"""CP301–CP320: backend endpoints, for a target cloud and for the commercial baseline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.models import (
    AuthKind,
    CloudConfig,
    CloudEndpoint,
    Connector,
    ConnectorEndpoint,
    EndpointMode,
    HostMode,
)
from cloudprep.core.rules import endpoint
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.rules.endpoint import check_endpoint_url, placeholder_host_in
from tests.unit.conftest import CATALOG, context, rules

GCCH = CATALOG.get("gcch")
PATH = "clouds.gcch.endpoint.url"
COMMERCIAL_URL = "https://api.contoso.com/v1"


def gcch(url: str, commercial_url: str | None = COMMERCIAL_URL) -> list[Finding]:
    return check_endpoint_url(url, cloud=GCCH, path=PATH, commercial_url=commercial_url)


def baseline(url: str) -> list[Finding]:
    return check_endpoint_url(url, cloud=None, path="connector.endpoint.url")


def endpoint_context(
    clouds: dict[str, CloudConfig],
    commercial: str | None = COMMERCIAL_URL,
    host_mode: HostMode = HostMode.FIXED,
) -> RuleContext:
    connector = Connector(
        name="contosotasks",
        auth=AuthKind.API_KEY,
        endpoint=ConnectorEndpoint(url=commercial, host_mode=host_mode),
    )
    return context(connector, clouds)


def cloud_endpoint(mode: EndpointMode | None, url: str | None = None) -> CloudConfig:
    return CloudConfig(endpoint=CloudEndpoint(mode=mode, url=url))


TRAPS: list[tuple[str, str]] = [
    ("", "CP303"),
    ("api.contoso.us/v1", "CP303"),
    ("https://", "CP303"),
    ("https://api..contoso.us/v1", "CP303"),
    ("https://api_contoso.us/v1", "CP303"),
    ("https://api.contoso.us:99999/v1", "CP303"),
    ("https://api.contoso.us:0/v1", "CP303"),
    ("https://[::1/v1", "CP303"),
    ("https://1.2.3.256/v1", "CP303"),
    ("https://evil.example\\@api.contoso.us/v1", "CP303"),
    (" https://api.contoso.us/v1", "CP304"),
    ("https://api.contoso.us/v1\n", "CP304"),
    ("https://api.contoso.us/v\t1", "CP304"),
    ("https://api.con\u200btoso.us/v1", "CP304"),
    ("http://api.contoso.us/v1", "CP305"),
    ("HTTP://api.contoso.us/v1", "CP305"),
    ("ws://api.contoso.us/v1", "CP305"),
    ("https://admin:pw@api.contoso.us/v1", "CP306"),
    ("https://api.contoso.com@evil.example/v1", "CP306"),
    ("https://20.42.0.17/v1", "CP307"),
    ("https://[2606:4700::1111]/v1", "CP307"),
    ("https://343539729/v1", "CP307"),  # 20.122.0.17 as one decimal number
    ("https://127.0.0.1/v1", "CP308"),
    ("http://3232235777/api", "CP308"),
    ("https://0xC0A80001/api", "CP308"),
    ("https://0xc0.0xa8.0.1/api", "CP308"),
    ("https://0300.0250.0.1/api", "CP308"),
    ("https://0177.0.0.1/api", "CP308"),
    ("https://127.1/api", "CP308"),
    ("https://2130706433/api", "CP308"),
    ("https://10.1.2.3/api", "CP308"),
    ("https://172.31.255.1/api", "CP308"),
    ("https://192.168.10.1/api", "CP308"),
    ("https://169.254.169.254/latest/meta-data", "CP308"),
    ("https://100.64.0.1/api", "CP308"),
    ("https://100.100.100.100/api", "CP308"),
    ("https://0.0.0.0/api", "CP308"),
    ("https://[::1]/api", "CP308"),
    ("https://[::ffff:127.0.0.1]/api", "CP308"),
    ("https://[::ffff:7f00:1]/api", "CP308"),
    ("https://[fe80::1%25eth0]/api", "CP308"),
    ("https://[fd12:3456::1]/api", "CP308"),
    ("https://localhost/api", "CP309"),
    ("https://LOCALHOST:8443/api", "CP309"),
    ("https://localhost./api", "CP309"),
    ("https://api.localhost/api", "CP309"),
    ("https://backend.local/api", "CP309"),
    ("https://backend.internal/api", "CP309"),
    ("https://nas.home.arpa/api", "CP309"),
    ("https://api.example.com/v1", "CP309"),
    ("https://localtest.me/api", "CP309"),
    ("https://127.0.0.1.nip.io/api", "CP309"),
    ("https://intranet/api", "CP310"),
    ("https://api/v1", "CP310"),
    ("https://backend./v1", "CP310"),
    ("https://graph.microsoft.us.contoso-proxy.net/v1.0", "CP311"),
    ("https://login.microsoftonline.us.evil.example/", "CP311"),
    ("https://graph.micros0ft.us/v1.0", "CP311"),
    ("https://grаph.microsoft.us/v1.0", "CP311"),  # Cyrillic а
    ("https://xn--grph-63d.microsoft.us/v1.0", "CP311"),
    ("https://{{replace_with_your_domain}}/api", "CP312"),
    ("https://DefinedInConnectionParameters/api", "CP312"),
    ("https://dynamichostURL", "CP312"),
    ("dynamichosturl", "CP312"),
    ("https://%7B%7Bhost%7D%7D/api", "CP312"),
    ("https://api.contoso.com/v2", "CP313"),
    ("https://API.Contoso.com/v1", "CP313"),
    ("https://api.bücher.example.com/v1", "CP314"),
    ("https://xn--bcher-kva.example.com/v1", "CP314"),
    ("https://api.contoso.us/v1?code=abc", "CP315"),
    ("https://api.contoso.us/v1#x", "CP315"),
    ("https://api.contoso.us/v1/../admin", "CP316"),
    ("https://api.contoso.us/v1/%2e%2e/admin", "CP316"),
    ("https://api.contoso.us/v1%2Fadmin", "CP316"),
    ("https://api.contoso.us./v1", "CP317"),
]


@pytest.mark.parametrize(("url", "rule"), TRAPS)
def test_trap_is_caught(url: str, rule: str) -> None:
    findings = gcch(url)
    assert rule in rules(findings), findings
    assert all(f.path == PATH and f.cloud == "gcch" for f in findings)


@pytest.mark.parametrize(("url", "rule"), [t for t in TRAPS if t[1] != "CP313"])
def test_the_same_traps_apply_to_the_commercial_baseline(url: str, rule: str) -> None:
    findings = baseline(url)
    assert rule in rules(findings), findings
    assert all(f.cloud is None for f in findings)


def test_placeholder_is_info_only_and_says_per_connection() -> None:
    for findings in (gcch("https://{{replace_with_your_domain}}/api"), baseline("dynamichostURL")):
        [finding] = findings
        assert finding.rule == "CP312"
        assert finding.severity is Severity.INFO
        assert "per_connection" in finding.message
    [for_cloud] = gcch("https://DefinedInConnectionParameters")
    assert "clouds.gcch.endpoint.mode" in for_cloud.hint
    [for_baseline] = baseline("https://DefinedInConnectionParameters")
    assert "connector.endpoint.host_mode" in for_baseline.hint


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://{{replace_with_your_domain}}/api", "{{replace_with_your_domain}}"),
        ("https://{{a/b}}/x", "{{a/b}}"),
        ("dynamichostURL", "dynamichostURL"),
        ("https://DefinedInConnectionParameters:443/x", "DefinedInConnectionParameters:443"),
        ("https://api.contoso.com/{{tenant}}/v1", None),
        ("https://api.contoso.com/v1", None),
    ],
)
def test_placeholder_host_in(url: str, host: str | None) -> None:
    assert placeholder_host_in(url) == host


def test_ip_message_explains_the_spelling() -> None:
    findings = gcch("http://3232235777/api")
    assert rules(findings) == {"CP305", "CP308"}
    ip = next(f for f in findings if f.rule == "CP308")
    assert "192.168.1.1" in ip.message and "decimal" in ip.message and "private" in ip.message
    assert ip.message.startswith("clouds.gcch.endpoint.url: ")  # the field, not the value


def test_cgnat_is_named() -> None:
    [finding] = gcch("https://100.64.0.1/api")
    assert "100.64.0.0/10" in finding.message


def test_one_host_finding_per_url() -> None:
    """A localhost name is not also reported as a single label, nor an IP as a name."""
    assert rules(gcch("https://localhost/api")) == {"CP309"}
    assert rules(gcch("https://127.0.0.1/api")) == {"CP308"}


def test_ports_and_host_case_are_fine_on_a_backend() -> None:
    assert gcch("https://api.contoso.us:8443/v1") == []
    assert gcch("https://API.Contoso.US/v1") == []
    assert gcch("https://api.contoso.us:443/v1") == []


def test_reuse_warning_only_for_target_clouds() -> None:
    assert rules(gcch("https://api.contoso.com/v2")) == {"CP313"}
    assert baseline("https://api.contoso.com/v2") == []
    commercial = CATALOG.commercial
    assert (
        check_endpoint_url(
            "https://api.contoso.com/v2",
            cloud=commercial,
            path="p",
            commercial_url=COMMERCIAL_URL,
        )
        == []
    )


def test_reuse_warning_says_to_confirm_reachability_and_compliance() -> None:
    [finding] = gcch("https://api.contoso.com/v1")
    assert finding.severity is Severity.WARNING
    assert "api.contoso.com" in finding.message
    assert "reachable from GCC High and compliant for it" in finding.hint


# --- the endpoint decision over a project ------------------------------------------------


def test_undecided_endpoint_warns() -> None:
    findings = list(endpoint.check(endpoint_context({"dod": cloud_endpoint(None)})))
    assert [(f.rule, f.severity, f.path) for f in findings] == [
        ("CP301", Severity.WARNING, "clouds.dod.endpoint.mode")
    ]


def test_specific_without_url_is_an_error() -> None:
    for url in (None, "", "   "):
        findings = list(
            endpoint.check(endpoint_context({"azgov": cloud_endpoint(EndpointMode.SPECIFIC, url)}))
        )
        assert [(f.rule, f.severity, f.path) for f in findings] == [
            ("CP302", Severity.ERROR, "clouds.azgov.endpoint.url")
        ]


def test_specific_url_is_checked() -> None:
    ctx = endpoint_context({"gcch": cloud_endpoint(EndpointMode.SPECIFIC, "http://10.0.0.4/api")})
    assert rules(list(endpoint.check(ctx))) == {"CP305", "CP308"}


def test_specific_url_on_the_commercial_host_warns() -> None:
    ctx = endpoint_context(
        {"gcch": cloud_endpoint(EndpointMode.SPECIFIC, "https://api.contoso.com/gov")}
    )
    [finding] = list(endpoint.check(ctx))
    assert (finding.rule, finding.cloud) == ("CP313", "gcch")


def test_same_as_commercial_warns_for_each_target_cloud() -> None:
    ctx = endpoint_context(
        {
            "gcc": cloud_endpoint(EndpointMode.SAME_AS_COMMERCIAL),
            "mooncake": cloud_endpoint(EndpointMode.SAME_AS_COMMERCIAL),
        }
    )
    findings = list(endpoint.check(ctx))
    assert {(f.rule, f.cloud, f.path) for f in findings} == {
        ("CP313", "gcc", "clouds.gcc.endpoint.mode"),
        ("CP313", "mooncake", "clouds.mooncake.endpoint.mode"),
    }
    assert all("api.contoso.com" in f.message for f in findings)


def test_same_as_commercial_with_a_per_connection_or_unknown_commercial_host() -> None:
    same = {"gcch": cloud_endpoint(EndpointMode.SAME_AS_COMMERCIAL)}
    assert list(endpoint.check(endpoint_context(same, commercial=None))) == []
    assert list(endpoint.check(endpoint_context(same, host_mode=HostMode.PER_CONNECTION))) == []
    assert list(endpoint.check(endpoint_context(same, commercial="https://{{host}}/api"))) == []


def test_per_connection_mode_is_decided() -> None:
    ctx = endpoint_context({"gcch": cloud_endpoint(EndpointMode.PER_CONNECTION)})
    assert list(endpoint.check(ctx)) == []


def test_placeholder_url_in_specific_mode_is_info() -> None:
    ctx = endpoint_context(
        {"gcch": cloud_endpoint(EndpointMode.SPECIFIC, "https://{{your_domain}}/api")}
    )
    [finding] = list(endpoint.check(ctx))
    assert (finding.rule, finding.severity) == ("CP312", Severity.INFO)


def test_url_with_another_mode_is_ignored_and_said() -> None:
    ctx = endpoint_context(
        {"gcch": cloud_endpoint(EndpointMode.PER_CONNECTION, "https://api.contoso.us")}
    )
    [finding] = list(endpoint.check(ctx))
    assert (finding.rule, finding.path) == ("CP318", "clouds.gcch.endpoint.url")


# --- every rule is exercised ---------------------------------------------------------------


def _trigger(url: str) -> Callable[[], list[Finding]]:
    return lambda: gcch(url)


TRIGGERS: dict[str, Callable[[], list[Finding]]] = {
    **{rule: _trigger(url) for url, rule in reversed(TRAPS)},
    "CP301": lambda: list(endpoint.check(endpoint_context({"dod": cloud_endpoint(None)}))),
    "CP302": lambda: list(
        endpoint.check(endpoint_context({"dod": cloud_endpoint(EndpointMode.SPECIFIC)}))
    ),
    "CP318": lambda: list(
        endpoint.check(
            endpoint_context(
                {"dod": cloud_endpoint(EndpointMode.SAME_AS_COMMERCIAL, "https://a.b.us")}
            )
        )
    ),
    "CP319": lambda: gcch("https://graph.microsoft.com/v1.0"),
    "CP320": lambda: gcch("https://contoso.azurewebsites.net/api"),
}


@pytest.mark.parametrize("rule", endpoint.RULES, ids=lambda r: r.id)
def test_every_rule_fires(rule: Any) -> None:
    fired = [f for f in TRIGGERS[rule.id]() if f.rule == rule.id]
    assert fired, f"{rule.id} did not fire"
    assert all(f.severity is rule.severity and f.message and f.hint for f in fired)


def test_rule_ids_are_in_range_unique_and_complete() -> None:
    ids = [r.id for r in endpoint.RULES]
    assert len(ids) == len(set(ids))
    assert all("CP301" <= i <= "CP329" for i in ids)
    assert set(TRIGGERS) == set(ids)


@pytest.mark.parametrize(
    "rule",
    [r for r in endpoint.RULES if r.example.startswith(("http", " ", "api."))],
    ids=lambda r: r.id,
)
def test_url_examples_trigger_their_rule(rule: Any) -> None:
    assert rule.id in rules(gcch(rule.example, commercial_url=None))


@pytest.mark.parametrize(
    ("url", "rule", "resolved"),
    [
        # A browser folds full-width, circled and compatibility characters to ASCII first.
        ("https://１２７.０.０.１/api", "CP308", "127.0.0.1"),
        ("https://１０．０．０．１/api", "CP308", "10.0.0.1"),
        ("https://①②⑦.0.0.1/api", "CP308", "127.0.0.1"),
        ("https://０ｘ７ｆ０００００１/api", "CP308", "127.0.0.1"),
        ("https://８.８.８.８/api", "CP307", "8.8.8.8"),
        ("https://ｌｏｃａｌｈｏｓｔ/api", "CP309", "localhost"),
        ("https://ⓛocalhost/api", "CP309", "localhost"),
        ("https://%6c%6fcalhost/api", "CP309", "localhost"),
        ("https://intrａnet/api", "CP310", "intranet"),
    ],
)
def test_unicode_spelling_of_a_local_host_is_judged_as_what_it_resolves_to(
    url: str, rule: str, resolved: str
) -> None:
    for findings in (gcch(url), baseline(url)):
        errors = [f for f in findings if f.severity is Severity.ERROR]
        assert [f.rule for f in errors] == [rule]
        assert resolved in errors[0].message


def test_plain_idn_host_stays_a_warning() -> None:
    assert {f.rule for f in gcch("https://api.bücher.de/v1")} == {"CP314"}
