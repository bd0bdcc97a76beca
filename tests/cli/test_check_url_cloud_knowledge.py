"""`check-url` on the misses and false alarms of the cloud-knowledge review (issue 10).

Each case names the source its verdict rests on. Run through `main(argv)`, as a user would.
"""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Cli

GRAPH = "Microsoft Graph, National cloud deployments"
AZ = "azure-cli cloud.py; go-azure-sdk sdk/environments"
PBI = "Power BI, Embed for national clouds"
MSAL = "MSAL.NET KnownMetadataProvider.cs"
CONSENT = "Custom connectors overview (legacy and regional consent hosts)"
UNVERIFIED = "PRODUCT §3: unverified third-party hosts"

# (kind, url, cloud, expected (rule, severity) pairs, the source)
CASES: list[tuple[str, str, str, list[tuple[str, str]], str]] = [
    # Misses: each now gets a finding.
    ("login", "https://login.microsoft.com", "gcch", [("CP406", "error")], MSAL),
    ("endpoint", "https://graph.microsoft.com/v1.0", "gcch", [("CP319", "error")], GRAPH),
    ("endpoint", "https://graph.microsoft.us/v1.0", "dod", [("CP319", "error")], GRAPH),
    ("endpoint", "https://contoso.sharepoint.com/_api", "gcch", [("CP319", "error")], UNVERIFIED),
    ("endpoint", "https://management.azure.com", "azgov", [("CP319", "error")], AZ),
    ("endpoint", "https://contoso.vault.azure.net", "azgov", [("CP319", "error")], AZ),
    ("endpoint", "https://contoso.azurewebsites.net/api", "mooncake", [("CP320", "warning")], AZ),
    ("endpoint", "https://contoso.azure-api.net/v1", "gcch", [("CP320", "warning")], AZ),
    ("resource", "https://analysis.windows.net/powerbi/api", "gcch", [("CP408", "error")], PBI),
    ("resource", "https://analysis.windows.net/powerbi/api", "gcc", [("CP408", "error")], PBI),
    ("resource", "https://management.azure.com", "gcch", [("CP408", "error")], AZ),
    ("resource", "https://vault.azure.net", "gcch", [("CP408", "error")], AZ),
    ("resource", "https://graph.microsoft.com/.default", "dod", [("CP408", "error")], GRAPH),
    # Right values: no finding.
    ("resource", "https://analysis.usgovcloudapi.net/powerbi/api", "gcc", [], PBI),
    ("resource", "https://high.analysis.usgovcloudapi.net/powerbi/api", "gcch", [], PBI),
    ("resource", "https://management.azure.com", "gcc", [], AZ + " (GCC: commercial column)"),
    ("resource", "https://management.chinacloudapi.cn", "mooncake", [], AZ),
    ("resource", "https://vault.usgovcloudapi.net", "dod", [], AZ),
    ("endpoint", "https://contoso.azurewebsites.us/api", "gcch", [], AZ),
    ("endpoint", "https://contoso.azurewebsites.net/api", "gcc", [], AZ + " (GCC: commercial)"),
    ("endpoint", "https://dod-graph.microsoft.us/v1.0", "dod", [], GRAPH),
    # False alarms: aliases and the regional consent family.
    ("login", "https://login.microsoft.com", "commercial", [], MSAL),
    ("login", "https://login.microsoft.com/common", "gcc", [], MSAL),
    ("login", "https://login.usgovcloudapi.net", "gcch", [], MSAL),
    ("login", "https://login.usgovcloudapi.net/common", "dod", [], MSAL),
    ("login", "https://sts.windows.net", "commercial", [("CP440", "warning")], MSAL),
    ("login", "https://sts.windows.net/common", "gcc", [("CP440", "warning")], MSAL),
    ("login", "https://sts.windows.net", "gcch", [("CP406", "error")], MSAL),
    ("redirect", "https://asia-001.consent.azure-apim.net/redirect", "commercial", [], CONSENT),
    ("redirect", "https://europe-001.consent.azure-apim.net/redirect", "commercial", [], CONSENT),
    ("redirect", "https://msmanaged-na.consent.azure-apim.net/redirect", "commercial", [], CONSENT),
    (
        "redirect",
        "https://asia-001.consent.azure-apim.net/redirect",
        "gcch",
        [("CP212", "error")],
        CONSENT,
    ),
    # The two Mooncake guesses are treated alike (both unverified, neither a look-alike).
    ("redirect", "https://global.consent.azure-apim.cn/redirect/x", "mooncake", [], UNVERIFIED),
    ("redirect", "https://global.consent.azure-apihub.cn/redirect/x", "mooncake", [], UNVERIFIED),
]


@pytest.mark.parametrize(
    ("kind", "url", "cloud", "expected", "source"),
    CASES,
    ids=[f"{k}-{c}-{u}" for k, u, c, _, _ in CASES],
)
def test_check_url_verdicts(
    cli: Cli, kind: str, url: str, cloud: str, expected: list[tuple[str, str]], source: str
) -> None:
    result = cli("check-url", kind, url, "--cloud", cloud, "--format", "json")
    found = [(f["rule"], f["severity"]) for f in json.loads(result.out)["findings"]]
    assert found == expected, source
    assert result.code == (1 if any(s == "error" for _, s in expected) else 0)


def test_other_cloud_service_names_the_right_host(cli: Cli) -> None:
    result = cli("check-url", "endpoint", "https://graph.microsoft.us/v1.0", "--cloud", "dod")
    assert "dod-graph.microsoft.us" in result.out


def test_gcc_is_not_called_the_only_owner_of_the_us_consent_host(cli: Cli) -> None:
    url = "https://global.consent.azure-apihub.us/redirect/contoso"
    result = cli("check-url", "redirect", url, "--cloud", "mooncake")
    assert "GCC, GCC High, DoD and Azure Gov" in result.out


def test_a_commercial_check_does_not_say_the_commercial_redirect_fails(cli: Cli) -> None:
    url = "https://global.consent.azure-apihub.us/redirect/contoso"
    result = cli("check-url", "redirect", url, "--cloud", "commercial")
    assert "CP212" in result.out
    assert "the commercial one does not work" not in result.out


def test_naming_the_connector_never_makes_a_redirect_check_weaker(cli: Cli) -> None:
    # /redirect/TeamForms is an error (internal names are lowercase and the path is
    # case-sensitive); naming the connector with the same capitals must not make it pass.
    url = "https://global.consent.azure-apihub.us/redirect/TeamForms"
    alone = cli("check-url", "redirect", url, "--cloud", "gcch", "--format", "json")
    named = cli(
        "check-url", "redirect", url, "--cloud", "gcch", "--connector", "TeamForms",
        "--format", "json",
    )  # fmt: skip
    assert alone.code == named.code == 1
    rules = [(f["rule"], f["severity"]) for f in json.loads(named.out)["findings"]]
    assert ("CP217", "error") in rules
    assert ("CP103", "warning") in rules
    assert "redirect/TeamForms" not in named.out  # never offered as the one to register
