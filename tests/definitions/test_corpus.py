"""Every oauth2 and api-key connector of the corpus, for every target cloud, with made-up
per-cloud values: the generated files are lint clean and match the published schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cloudprep.core.findings import MESSAGE_LIMIT
from tests.definitions.conftest import TARGETS, Cli, ImportProject, made_up_cloud

# Read from the corpus README and the files, by hand.
OAUTH = (
    "AtBot Admin",
    "AvePoint Cloud Governance",
    "DocuSign",
    "Document Merge",
    "Dynamics365FraudProtection",
    "Egnyte",
    "Fitbit",
    "Highspot",
    "InEight",
    "LawVu",
    "Luware Nimbus",
    "Mural",
    "N-able Cloud Commander",
    "RamQuest Actions - UAT",
    "ServiceDeskPlus Cloud",
    "TRIGGERcmd",
    "Team Forms",
    "Yeelight",
    "Zoho Calendar",
)
API_KEY = (
    "CognitiveServicesSpeechToText",
    "Cognizant Automation Center",
    "DHL Shipment Tracking",
    "Dime.Scheduler",
    "GroupMgr",
    "IA-Connect Session",
    "JotForm Enterprise",
    "Spoonacular Food",
    "Tesseron Asset",
    "Veterans Affairs Facilities",
)
NOT_JSON = ("AccuWeather", "PUG Gamified Engagement", "Shopranos", "SigningHub", "gofileroom")
"""Upstream files that are not valid JSON: there is nothing to edit, `definition` says so."""
OWN_APP_RESOURCE = ("AvePoint Cloud Governance", "Document Merge", "Luware Nimbus")
"""aad connectors whose resource is the publisher's own API (not a Microsoft service): each
cloud's app has its own, given in oauth_app.resource_uri."""
FIXED_HOST = (
    "AtBot Admin", "AvePoint Cloud Governance", "DHL Shipment Tracking", "DocuSign",
    "Document Merge", "Egnyte", "Fitbit", "GroupMgr", "Highspot", "InEight", "Mural",
    "N-able Cloud Commander", "RamQuest Actions - UAT", "Spoonacular Food", "TRIGGERcmd",
    "Team Forms", "Yeelight", "CognitiveServicesSpeechToText",
)  # fmt: skip
"""Connectors whose swagger host is fixed (no placeholder, no dynamichosturl policy): the
made-up project gives them a specific endpoint per cloud."""
VALID_AGAINST_SCHEMAS = (
    "AtBot Admin", "Document Merge", "IA-Connect Session", "InEight", "Luware Nimbus",
    "Mural", "Spoonacular Food", "TRIGGERcmd", "Tesseron Asset", "Yeelight",
)  # fmt: skip
"""Whose commercial files match the published schemas (with GlobalPerConnector added):
their per-cloud files must match them with no mismatch at all, inherited or not."""
HOSTS_IN_TEXT = {
    "CognitiveServicesSpeechToText": 4,
    "IA-Connect Session": 1,
}
"""Documentation naming commercial hosts (CP811, info), read in the files: Cognitive
Services' two error descriptions name microsoft.sharepoint.com and two response examples a
blob.core.windows.net URL; IA-Connect's tooltip suggests orchestrator.azurewebsites.net.
GCC uses the commercial column for both families, so only the other clouds see them."""


def _fill(name: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["connector"]["name"] = data["connector"]["name"] or "madeup"
        for cloud in TARGETS:
            specific = f"https://api.{cloud}.example.us/v1" if name in FIXED_HOST else None
            entry = made_up_cloud(cloud, specific=specific)
            if name in OWN_APP_RESOURCE:
                entry["oauth_app"]["resource_uri"] = f"api://madeup-{cloud}"
            data["clouds"][cloud] = entry

    return change


@pytest.mark.corpus
@pytest.mark.long
@pytest.mark.parametrize("name", OAUTH + API_KEY)
def test_every_cloud_is_lint_clean_and_matches_the_schemas(
    name: str, corpus_dir: Path, import_project: ImportProject, cli: Cli, tmp_path: Path
) -> None:
    project = import_project(corpus_dir / name, _fill(name))
    for cloud in TARGETS:
        out = tmp_path / cloud
        result = cli(
            "definition", str(project), "--cloud", cloud, "-o", str(out), "--format", "json"
        )
        assert result.code == 0, (cloud, result.err)
        findings = json.loads(result.out)["findings"]
        assert all(len(f["message"]) <= MESSAGE_LIMIT for f in findings), findings
        rules = {f["rule"] for f in findings}
        # Mooncake's redirect is the made-up one the project gives (no published one).
        expected = {"CP809"} if cloud == "mooncake" and name in OAUTH else set()
        assert rules - {"CP803", "CP811"} == expected, (cloud, findings)
        in_text = [f for f in findings if f["rule"] == "CP811"]
        assert len(in_text) == (HOSTS_IN_TEXT.get(name, 0) if cloud != "gcc" else 0), in_text
        if name in VALID_AGAINST_SCHEMAS:
            assert "CP803" not in rules
    # The lint alone, on the written files, agrees.
    checked = cli("definition", str(project), "--cloud", "gcch", "--check", str(tmp_path / "gcch"))
    assert checked.code == 0, checked.out
    assert "CP801" not in checked.out and "CP802" not in checked.out


@pytest.mark.corpus
@pytest.mark.parametrize("name", NOT_JSON)
def test_a_connector_file_that_is_not_json_is_one_line_naming_it(
    name: str, corpus_dir: Path, import_project: ImportProject, cli: Cli, tmp_path: Path
) -> None:
    project = import_project(corpus_dir / name)
    result = cli("definition", str(project), "--cloud", "gcch", "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert result.err.count("\n") == 1 and "is not valid JSON" in result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.corpus
def test_an_unknown_redirect_leaves_out_the_copy_under_custom_parameters_too(
    corpus_dir: Path, import_project: ImportProject, cli: Cli, tmp_path: Path
) -> None:
    # RamQuest keeps its redirect only under customParameters.RedirectUrl (read by hand).
    # Mooncake publishes no redirect and this project gives none: the commercial one must
    # not stay in Mooncake's file, which its own lint would then fail (CP801).
    project = import_project(corpus_dir / "RamQuest Actions - UAT")
    out = tmp_path / "mooncake"
    result = cli(
        "definition", str(project), "--cloud", "mooncake", "-o", str(out), "--format", "json"
    )
    report = json.loads(result.out)
    rules = {f["rule"] for f in report["findings"]}
    assert "CP801" not in rules and "CP805" in rules, report["findings"]
    written = json.loads((out / "apiProperties.json").read_text(encoding="utf-8"))
    custom = written["properties"]["connectionParameters"]["token"]["oAuthSettings"][
        "customParameters"
    ]
    assert sorted(custom) == ["AuthorizationUrl", "RefreshUrl", "TokenUrl"]
    checked = cli("definition", str(project), "--cloud", "mooncake", "--check", str(out))
    assert "CP801" not in checked.out
