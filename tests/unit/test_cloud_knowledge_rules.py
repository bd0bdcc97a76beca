"""Project-level verdicts of the cloud-knowledge review (issue 10), through `evaluate_project`.

Each case names the source or the issue item it rests on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cloudprep.core.checklist import ItemState
from cloudprep.core.evaluation import ProjectEvaluation, evaluate_project
from cloudprep.core.findings import Severity
from cloudprep.core.models import Project
from cloudprep.core.secret_needs import SecretPresence

GOV = "https://global.consent.azure-apihub.us/redirect/contosotasks"
GCCH_ID = "6f1c1a52-7d1e-4f0e-9a57-2c4c1b7e0c11"
COMMERCIAL_ID = "0b4d5c3e-11aa-4bcd-8f00-123456789abc"


def evaluate(connector: dict[str, Any], clouds: dict[str, Any]) -> ProjectEvaluation:
    base: dict[str, Any] = {"name": "contosotasks", "auth": "oauth2", "identity_provider": "aad"}
    project = Project.model_validate({"connector": {**base, **connector}, "clouds": clouds})
    return evaluate_project(
        project, presence=SecretPresence.not_checked(), reference_date=date(2026, 12, 1)
    )


def found(ev: ProjectEvaluation, cloud: str | None = None) -> set[tuple[str, Severity]]:
    return {(f.rule, f.severity) for f in ev.findings if cloud is None or f.cloud == cloud}


# --- endpoint.confirmed ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("commercial", "confirmed", "expected", "c1"),
    [
        # PRODUCT §7: a reused commercial host warns until endpoint.confirmed, then is info.
        ("https://api.contoso.com/v1", False, ("CP313", Severity.WARNING), ItemState.MISSING),
        ("https://api.contoso.com/v1", True, ("CP313", Severity.INFO), ItemState.DONE),
        # Commercial Azure hosting for a government cloud: the same, as CP320.
        (
            "https://contoso.azurewebsites.net",
            False,
            ("CP320", Severity.WARNING),
            ItemState.MISSING,
        ),
        ("https://contoso.azurewebsites.net", True, ("CP320", Severity.INFO), ItemState.DONE),
        # Another cloud's Microsoft service: confirmed never downgrades it.
        ("https://graph.microsoft.com/v1.0", True, ("CP319", Severity.ERROR), ItemState.MISSING),
    ],
)
def test_confirmed_same_as_commercial(
    commercial: str, confirmed: bool, expected: tuple[str, Severity], c1: ItemState
) -> None:
    ev = evaluate(
        {"auth": "none", "identity_provider": None, "endpoint": {"url": commercial}},
        {"gcch": {"endpoint": {"mode": "same_as_commercial", "confirmed": confirmed}}},
    )
    endpoint = {f for f in found(ev, "gcch") if f[0].startswith("CP3")}
    assert endpoint == {expected}
    assert ev.checklist.get("C1", "gcch").state is c1
    assert ev.checklist.get("Q1").state is c1


# --- extra redirect URIs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered", "expected"),
    [
        # Entra allows several redirect URIs; an extra harmless one beside the exact is a warning.
        ([GOV, "https://contoso.example/oauth/callback"], {("CP213", Severity.WARNING)}),
        (
            [GOV, "https://localhost:8443/callback"],
            {("CP205", Severity.WARNING), ("CP213", Severity.WARNING)},
        ),
        # Without the exact redirect it stays an error (and CP220 says what is missing).
        (
            ["https://contoso.example/oauth/callback"],
            {("CP213", Severity.ERROR), ("CP220", Severity.ERROR)},
        ),
        # Hostile extras stay errors: look-alike, userinfo, http, homoglyph, commercial host.
        (
            [GOV, GOV.replace("azure-apihub.us", "azure-apihub.us.evil.example")],
            {("CP211", Severity.ERROR)},
        ),
        (
            [GOV, "https://evil.example@contoso.example/cb"],
            {("CP204", Severity.ERROR), ("CP213", Severity.ERROR)},
        ),
        (
            [GOV, "http://contoso.example/cb"],
            {("CP203", Severity.ERROR), ("CP213", Severity.ERROR)},
        ),
        ([GOV, GOV.replace("global", "glоbal")], {("CP210", Severity.ERROR)}),
        (
            [GOV, "https://global.consent.azure-apim.net/redirect/contosotasks"],
            {("CP212", Severity.ERROR)},
        ),
    ],
)
def test_extra_redirect_uris(registered: list[str], expected: set[tuple[str, Severity]]) -> None:
    ev = evaluate(
        {"identity_provider": "oauth2generic"},
        {"gcch": {"oauth_app": {"client_id": "gcch-client", "redirect_urls": registered}}},
    )
    assert {f for f in found(ev, "gcch") if f[0].startswith("CP2")} == expected


# --- CP404 only for Entra ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        ("aad", ("CP404", Severity.ERROR)),  # PRODUCT §6: the app does not exist there
        ("oauth2generic", ("CP405", Severity.WARNING)),  # own OAuth server: an app per cloud
        ("oauth2", ("CP405", Severity.WARNING)),
    ],
)
def test_reused_client_id_across_directories(provider: str, expected: tuple[str, Severity]) -> None:
    ev = evaluate(
        {"identity_provider": provider, "oauth": {"client_id": COMMERCIAL_ID}},
        {"gcch": {"oauth_app": {"client_id": COMMERCIAL_ID}}},
    )
    assert {f for f in found(ev, "gcch") if f[0] in ("CP404", "CP405")} == {expected}


# --- resources of every family ------------------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "cloud", "rule", "fix", "source"),
    [
        (
            "https://analysis.windows.net/powerbi/api",
            "gcc",
            "CP410",
            "https://analysis.usgovcloudapi.net/powerbi/api",
            "Power BI national clouds: GCC differs from commercial",
        ),
        (
            "https://management.azure.com",
            "gcch",
            "CP410",
            "https://management.usgovcloudapi.net",
            "azure-cli cloud.py",
        ),
        ("https://management.azure.com", "gcc", "CP411", None, "GCC: the commercial column"),
        (
            "https://graph.microsoft.com",
            "dod",
            "CP410",
            "https://dod-graph.microsoft.us",
            "Graph national cloud deployments",
        ),
    ],
)
def test_missing_resource_uri_gets_the_cloud_equivalent(
    resource: str, cloud: str, rule: str, fix: str | None, source: str
) -> None:
    ev = evaluate(
        {"oauth": {"login_uri": "https://login.windows.net", "resource_uri": resource}},
        {cloud: {"oauth_app": {"client_id": GCCH_ID}}},
    )
    [finding] = [f for f in ev.findings if f.path == f"clouds.{cloud}.oauth_app.resource_uri"]
    assert finding.rule == rule, source
    if fix:
        assert finding.hint.endswith(f"to {fix}."), source


def test_login_alias_of_the_cloud_is_accepted() -> None:
    ev = evaluate(
        {"oauth": {"login_uri": "https://login.windows.net"}},
        {
            "gcch": {
                "oauth_app": {"client_id": GCCH_ID, "login_uri": "https://login.usgovcloudapi.net"}
            }
        },
    )
    assert not [f for f in ev.findings if f.path == "clouds.gcch.oauth_app.login_uri"]
    assert ev.checklist.get("C4", "gcch").state is ItemState.DONE
