"""`validate --format github`: one annotation per finding, on the bundle file and line that
SARIF names; a zip's members are named in the message, the annotation is on the zip."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from cloudprep.cli.main import main
from tests.github_annotations import parse_annotations


def validate(path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(path), "--format", fmt])
    return code, capsys.readouterr().out


def test_a_folder_bundle_is_annotated_where_sarif_points(
    folder_bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder_bundle / "notes.txt").write_text("client_secret=Pq63Wm9RtV2kLx7Nc4Hs\n")
    code, out = validate(folder_bundle, "github", capsys)
    sarif_code, sarif_out = validate(folder_bundle, "sarif", capsys)
    assert code == sarif_code == 1
    annotations, _ = parse_annotations(out)
    results = json.loads(sarif_out)["runs"][0]["results"]
    assert len(annotations) == len(results)
    levels = {"error": "error", "warning": "warning", "note": "notice"}
    for got, result in zip(annotations, results, strict=True):
        physical = result["locations"][0]["physicalLocation"]
        assert got.level == levels[result["level"]]
        assert got.properties["title"].startswith(result["ruleId"])
        file = unquote(physical["artifactLocation"]["uri"])
        assert got.properties["file"] == (folder_bundle / file).as_posix()
        line = physical.get("region", {}).get("startLine")
        assert got.properties.get("line") == (None if line is None else str(line))
    assert {"CP603", "CP624"} <= {a.properties["title"].split()[0] for a in annotations}
    assert "Pq63Wm9R" not in out


def test_a_zip_bundle_is_annotated_on_the_zip_naming_the_member(
    zip_bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = validate(zip_bundle, "github", capsys)
    annotations, summary = parse_annotations(out)
    assert code == 1 and annotations
    for got in annotations:
        assert got.properties["file"] == zip_bundle.as_posix()
        assert "line" not in got.properties
        assert got.message.startswith("submission.json: ")
    assert summary.startswith("cloudprep: ")
