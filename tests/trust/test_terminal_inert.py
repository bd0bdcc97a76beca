"""Terminal and CSV output: control sequences and bidi characters from user text are shown
as visible escapes, never sent; CSV cells never start a formula."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from cloudprep.core.inert_text import csv_cell, terminal_text, textual_text
from tests.cli.conftest import Cli
from tests.trust.conftest import FIELDS, WriteProject, set_field

HIDE = "\x1b[8m"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
RTL = "\u202e"


def test_terminal_text_shows_controls_and_bidi_as_escapes() -> None:
    assert terminal_text(f"a{HIDE}b{RTL}c\x85d\x7f") == "a\\x1b[8mb\\u202ec\\u0085d\\u007f"
    assert terminal_text("tab\tand\nnew line") == "tab\tand\nnew line"
    assert terminal_text("x\ny", one_line=True) == "x\\x0ay"
    assert terminal_text("lone \ud800 surrogate") == "lone \\ud800 surrogate"


def test_textual_text_neutralises_markup() -> None:
    assert textual_text("[b]bold[/b] [@click=app.quit]x[/]") == (
        "\\[b]bold\\[/b] \\[@click=app.quit]x\\[/]"
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("  @SUM(A1)", "  '@SUM(A1)"),
        ("a;=cmd|' /c calc'!A0", "a;'=cmd|' /c calc'!A0"),
        ("x,+1", "x,'+1"),
        ("x|-1", "x|'-1"),
        ("bell\x07\x1b[31m", "bell[31m"),
        ("plain, words; here", "plain, words; here"),
    ],
)
def test_csv_cells_never_start_a_formula(cell: str, expected: str) -> None:
    assert csv_cell(cell) == expected


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_never_writes_a_control_character_from_a_field(
    cli: Cli,
    demo_document: dict[str, Any],
    write_project: WriteProject,
    fmt: str,
) -> None:
    for path in FIELDS.values():
        set_field(demo_document, path, f"https://x{HIDE}{CLIPBOARD}{RTL}.example/a")
    result = cli("check", str(write_project(demo_document)), "--no-keyring", "--format", fmt)
    for char in ("\x1b", "\x07", RTL):
        assert char not in result.out + result.err
    if fmt == "json":
        json.loads(result.out)


def test_a_json_key_with_controls_is_escaped_on_stderr(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({f"bad{HIDE}{RTL}key": 1}), encoding="utf-8")
    result = cli("check", str(path), "--no-keyring")
    assert result.code == 2
    assert "\x1b" not in result.err and RTL not in result.err


def test_scan_csv_and_text_neutralise_hostile_connector_names(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "root" / f"evil{HIDE}"
    folder.mkdir(parents=True)
    properties = {
        "properties": {"displayName": f'=HYPERLINK("http://evil"){RTL}', "connectionParameters": {}}
    }
    (folder / "apiProperties.json").write_text(json.dumps(properties), encoding="utf-8")
    as_csv = cli("scan", str(tmp_path / "root"), "--format", "csv")
    text = cli("scan", str(tmp_path / "root"))
    for out in (as_csv.out, text.out, as_csv.err, text.err):
        assert "\x1b" not in out and RTL not in out
    rows = list(csv.reader(io.StringIO(as_csv.out)))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


@pytest.mark.parametrize(
    ("field", "rule"),
    [
        ("connector name", "CP104"),
        ("display name", "CP104"),
        ("redirect", "CP104"),
        ("another cloud's client id", "CP104"),
        ("notes", "CP105"),
    ],
)
def test_a_control_or_bidi_character_on_input_is_a_finding(
    cli: Cli, demo_document: dict[str, Any], write_project: WriteProject, field: str, rule: str
) -> None:
    set_field(demo_document, FIELDS[field], f"value{RTL}with{HIDE}controls")
    result = cli("check", str(write_project(demo_document)), "--no-keyring", "--format", "json")
    found = [f for f in json.loads(result.out)["findings"] if f["rule"] == rule]
    assert [f["severity"] for f in found] == ["error" if rule == "CP104" else "warning"]
    assert found[0]["path"] == ".".join(str(p) for p in FIELDS[field] if isinstance(p, str)) + (
        "[0]" if field == "redirect" else ""
    )


FORGED = "\n::error file=x.py,line=1::forged annotation\nerror   CP000 forged finding"


def _forged_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(("::", "error   CP000"))]


def _shown_escaped(out: str) -> bool:
    """The connector name is quoted in the report, its new line as an escape (\\x0a in
    plain text, \\u000a where the value is quoted as a string)."""
    return re.search(r"contosotasks\\(x0a|u000a)::error file=x\.py", out) is not None


def test_a_new_line_in_a_field_cannot_forge_an_output_line_of_check(
    cli: Cli, demo_document: dict[str, Any], write_project: WriteProject
) -> None:
    # A text report is read line by line (by CI logs, where `::error …` at the start of a
    # line is a workflow command); a value quoted in a finding (the connector name is, in
    # the next steps, the findings and the checklist) must stay on its line.
    set_field(demo_document, FIELDS["connector name"], f"contosotasks{FORGED}")
    result = cli("check", str(write_project(demo_document)), "--no-keyring")
    assert result.code == 1
    assert _shown_escaped(result.out)
    assert _forged_lines(result.out) == []


def test_a_new_line_in_a_field_cannot_forge_an_output_line_of_validate(
    cli: Cli, demo_document: dict[str, Any], write_project: WriteProject, tmp_path: Path
) -> None:
    set_field(demo_document, FIELDS["connector name"], f"contosotasks{FORGED}")
    bundle = tmp_path / "out"
    exported = cli("bundle", str(write_project(demo_document)), "-o", str(bundle), "--no-keyring")
    assert exported.code == 1
    result = cli("validate", str(bundle))
    assert result.code == 1
    assert _shown_escaped(result.out)
    assert _forged_lines(result.out) == []


def test_a_new_line_in_a_file_name_or_the_tool_version_cannot_forge_a_line_of_validate(
    cli: Cli, demo_document: dict[str, Any], write_project: WriteProject, tmp_path: Path
) -> None:
    bundle = tmp_path / "out"
    exported = cli("bundle", str(write_project(demo_document)), "-o", str(bundle), "--no-keyring")
    assert exported.code == 1
    (bundle / f"notes{FORGED}.txt").write_text("added", encoding="utf-8")
    submission = json.loads((bundle / "submission.json").read_text(encoding="utf-8"))
    submission["tool"]["version"] = "0.1\n::error::x"  # short enough to be shown
    (bundle / "submission.json").write_text(json.dumps(submission), encoding="utf-8")
    result = cli("validate", str(bundle))
    assert result.code == 1
    assert "notes\\x0a::error file=x.py" in result.out
    assert _forged_lines(result.out) == []


def test_a_new_line_in_a_connector_file_name_cannot_forge_a_line_of_definition(
    cli: Cli, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "connector"
    data = Path(__file__).resolve().parents[1] / "data" / "connectors" / "aad-graph-tenant"
    shutil.copytree(data, folder)
    (folder / f"script{FORGED}.csx").write_text("// copied as it is", encoding="utf-8")
    project = tmp_path / "cloudprep.json"
    assert cli("init", "-o", str(project), "--from-connector", str(folder)).code == 0
    result = cli("definition", str(project), "--cloud", "gcch", "-o", str(tmp_path / "gcch"))
    assert result.code == 1
    assert "script\\x0a::error file=x.py" in result.out  # in "wrote …" and the pac command
    assert _forged_lines(result.out) == []
