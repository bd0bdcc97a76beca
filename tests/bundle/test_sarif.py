"""SARIF output validates against the official 2.1.0 schema and points at real lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cloudprep.cli.main import main
from cloudprep.core.rules.registry import all_rules
from tests.bundle.test_validate import edit_json, rewrite_manifest

DATA = Path(__file__).resolve().parents[1] / "data"
# Vendored (with its provenance and license in the same folder): a plain clone has no ../shared.
SCHEMA_FILE = DATA / "schemas" / "sarif-schema-2.1.0.json"
BUNDLES = DATA / "bundles"

JsonObject = dict[str, Any]


@pytest.fixture(scope="module")
def sarif_schema() -> JsonObject:
    schema: JsonObject = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


def sarif(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, JsonObject]:
    code = main(["validate", str(path), "--format", "sarif", *extra])
    captured = capsys.readouterr()
    log: JsonObject = json.loads(captured.out)
    return code, log


def check_schema(log: JsonObject, schema: JsonObject) -> None:
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert errors == [], errors[0].message if errors else ""


def test_a_clean_bundle_gives_valid_sarif_with_every_rule(
    folder_bundle: Path,
    sarif_schema: JsonObject,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, log = sarif(folder_bundle, capsys)
    assert code == 1  # the demo project has errors (CP212 and others)
    check_schema(log, sarif_schema)
    assert log["version"] == "2.1.0"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in all_rules()]
    for rule in rules:
        assert rule["help"]["text"] and rule["shortDescription"]["text"]
    results = log["runs"][0]["results"]
    assert results
    lines = (folder_bundle / "submission.json").read_text(encoding="utf-8").splitlines()
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri == "submission.json"
        assert not uri.startswith("/") and "://" not in uri
    cp212 = next(r for r in results if r["ruleId"] == "CP212")
    line = cp212["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert "https://global.consent.azure-apim.net/redirect/contosotasks" in lines[line - 1]
    assert "global.consent.azure-apim.net" in lines[line - 1]
    cp406 = next(r for r in results if r["ruleId"] == "CP406")
    line = cp406["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert lines[line - 1].strip() == '"login_uri": "https://login.microsoftonline.com",'


def test_tamper_findings_point_at_the_file_and_line(
    folder_bundle: Path,
    sarif_schema: JsonObject,
    capsys: pytest.CaptureFixture[str],
) -> None:
    edit_json(folder_bundle, lambda d: d["ga"].update(eligibility="not_eligible"))
    md = folder_bundle / "SUBMISSION.md"
    md_text = md.read_text(encoding="utf-8").replace("## Clouds", "## Cloud list")
    md.write_text(md_text, encoding="utf-8")
    rewrite_manifest(folder_bundle)
    (folder_bundle / "extra.txt").write_text(
        "client_secret=Pq63Wm9RtV2kLx7Nc4Hs\n", encoding="utf-8"
    )
    code, log = sarif(folder_bundle, capsys)
    assert code == 1
    check_schema(log, sarif_schema)
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    json_lines = (folder_bundle / "submission.json").read_text(encoding="utf-8").splitlines()

    ga = results["CP608"]["locations"][0]["physicalLocation"]
    assert ga["artifactLocation"]["uri"] == "submission.json"
    assert json_lines[ga["region"]["startLine"] - 1].strip() == '"eligibility": "not_eligible",'

    rendered = results["CP610"]["locations"][0]["physicalLocation"]
    assert rendered["artifactLocation"]["uri"] == "SUBMISSION.md"
    assert md_text.splitlines()[rendered["region"]["startLine"] - 1] == "## Cloud list"

    extra = results["CP603"]["locations"][0]["physicalLocation"]
    assert extra["artifactLocation"]["uri"] == "extra.txt"

    leak = results["CP624"]["locations"][0]["physicalLocation"]
    assert leak["artifactLocation"]["uri"] == "extra.txt"
    assert leak["region"]["startLine"] == 1
    assert "Pq63Wm9R" not in json.dumps(log)


def test_a_leak_in_a_hand_written_bundle_has_its_real_line(
    sarif_schema: JsonObject,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, log = sarif(BUNDLES / "leaked-azure-secret", capsys)
    assert code == 1
    check_schema(log, sarif_schema)
    (leak,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "CP621"]
    region = leak["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 7}
    assert leak["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == (
        "submission.json:project.clouds.gcc.notes"
    )


def test_a_newer_schema_bundle_gives_valid_sarif_and_exit_1(
    sarif_schema: JsonObject,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, log = sarif(BUNDLES / "newer-schema", capsys)
    assert code == 1
    check_schema(log, sarif_schema)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "CP606"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_tampered_bundle_exits_1_in_every_format(
    folder_bundle: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder_bundle / "notes.txt").write_text("hello", encoding="utf-8")
    assert main(["validate", str(folder_bundle), "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "CP603" in out


def test_artifact_uris_are_uri_references(
    folder_bundle: Path,
    sarif_schema: JsonObject,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (folder_bundle / "my notes#1.txt").write_text("hello", encoding="utf-8")
    code, log = sarif(folder_bundle, capsys)
    assert code == 1
    check_schema(log, sarif_schema)
    (extra,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "CP603"]
    uri = extra["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20notes%231.txt"


def test_results_carry_the_short_message_and_rules_the_hint_as_help(
    folder_bundle: Path,
    sarif_schema: JsonObject,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cloudprep.bundle.validate import validate_bundle

    report = validate_bundle(folder_bundle)
    assert sarif(folder_bundle, capsys)[0] == 1
    _, log = sarif(folder_bundle, capsys)
    check_schema(log, sarif_schema)
    run = log["runs"][0]
    assert [r["message"]["text"] for r in run["results"]] == [f.message for f in report.findings]
    assert all("Fix:" not in r["message"]["text"] for r in run["results"])
    helps = {rule["id"]: rule["help"]["text"] for rule in run["tool"]["driver"]["rules"]}
    assert helps == {rule.id: rule.hint for rule in all_rules()}
    for result, finding in zip(run["results"], report.findings, strict=True):
        own = result.get("properties", {}).get("help")
        assert own in (None, finding.hint)
        assert (own is None) == (finding.hint == helps[result["ruleId"]])
