"""`definition --diff` against hand-written golden diffs (golden/README.md), for three
connectors of different shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.definitions.conftest import GOLDEN, Cli, ImportProject


def _team_forms(data: dict[str, Any]) -> None:
    data["clouds"]["gcch"] = {
        "endpoint": {"mode": "specific", "url": "https://gov.teamforms.app"},
        "oauth_app": {"client_id": "5f2b8e2a-0c1d-4e6f-9a3b-7c8d9e0f1a2b"},
    }


def _zoho(data: dict[str, Any]) -> None:
    data["clouds"]["dod"] = {
        "endpoint": {"mode": "per_connection"},
        "oauth_app": {"client_id": "1000.7QK2DODZOHOAPP"},
    }


def _ia_connect(data: dict[str, Any]) -> None:
    data["clouds"]["gcch"] = {"endpoint": {"mode": "per_connection"}}


CASES = [
    ("Team Forms", "gcch", _team_forms, "team-forms-gcch.diff"),
    ("Zoho Calendar", "dod", _zoho, "zoho-calendar-dod.diff"),
    ("IA-Connect Session", "gcch", _ia_connect, "ia-connect-session-gcch.diff"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "cloud", "values", "golden"), CASES)
def test_the_diff_is_the_hand_written_one(
    name: str,
    cloud: str,
    values: Any,
    golden: str,
    corpus_dir: Path,
    import_project: ImportProject,
    cli: Cli,
    tmp_path: Path,
) -> None:
    project = import_project(corpus_dir / name, values)
    out = tmp_path / "out"
    result = cli(
        "definition", str(project), "--cloud", cloud, "-o", str(out), "--diff", "--format", "json"
    )
    assert result.code == 0, result.out + result.err
    report = json.loads(result.out)
    assert report["diff"] == (GOLDEN / golden).read_text(encoding="utf-8")
    # Only information: inherited schema mismatches, and IA-Connect's tooltip (CP811).
    assert {f["severity"] for f in report["findings"]} <= {"info"}


@pytest.mark.corpus
def test_text_output_prints_the_diff_then_the_pac_commands(
    corpus_dir: Path, import_project: ImportProject, cli: Cli, tmp_path: Path
) -> None:
    project = import_project(corpus_dir / "Team Forms", _team_forms)
    out = tmp_path / "out"
    result = cli("definition", str(project), "--cloud", "gcch", "-o", str(out), "--diff")
    assert result.code == 0
    golden = (GOLDEN / "team-forms-gcch.diff").read_text(encoding="utf-8")
    assert result.out.startswith(golden)
    assert "  pac auth create --cloud UsGovHigh\n" in result.out
    assert (
        f"  pac connector create --api-definition-file {out / 'apiDefinition.swagger.json'} "
        f"--api-properties-file {out / 'apiProperties.json'}\n"
    ) in result.out
    assert "Security tab" in result.out and "its own redirect URL" in result.out
