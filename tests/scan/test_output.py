"""The three output formats: the documented JSON shape, the stable CSV header, the table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.models import AuthKind, RedirectMode
from cloudprep.scan.discovery import ScanNotice
from cloudprep.scan.render import CSV_HEADER, render_csv, render_json, render_text
from cloudprep.scan.report import ConnectorRow, ScanResult, error_row
from cloudprep.scan.runner import scan_tree

FINDING = Finding(
    rule="CP230",
    severity=Severity.WARNING,
    cloud=None,
    path=FieldPath.parse("connector.oauth.redirect_mode"),
    message="redirectMode is 'Global': …",
    hint="set GlobalPerConnector",
)
OAUTH_ROW = ConnectorRow(
    folder="certified-connectors/Fabrikam",
    name=None,
    display_name="Fabrikam",
    auth=AuthKind.OAUTH2,
    auth_options=(AuthKind.OAUTH2, AuthKind.BASIC),
    identity_provider="oauth2",
    redirect_mode=RedirectMode.GLOBAL,
    no_per_connector_redirect=True,
    host_mode="fixed",
    problems=("bom",),
    findings=(FINDING,),
)
BROKEN_ROW = error_row("custom-connectors/Locked", "cannot list the folder (Permission denied)")
RESULT = ScanResult(
    root="fleet",
    rows=(OAUTH_ROW, BROKEN_ROW),
    found=2,
    notices=(ScanNotice("loop", "symlink loop: it leads back to '.'; not followed"),),
)

ROW_KEYS = [
    "folder",
    "name",
    "display_name",
    "auth",
    "auth_options",
    "identity_provider",
    "redirect_mode",
    "no_per_connector_redirect",
    "host_mode",
    "problems",
    "counts",
    "error",
    "findings",
]


# ---------------------------------------------------------------- json
def test_json_has_the_documented_shape() -> None:
    document = json.loads(render_json(RESULT))
    assert list(document) == [
        "schema_version",
        "root",
        "partial",
        "found",
        "scanned",
        "connectors",
        "notices",
        "summary",
    ]
    assert document["schema_version"] == 1
    assert document["root"] == "fleet"
    assert document["partial"] is False
    assert (document["found"], document["scanned"]) == (2, 2)
    oauth, broken = document["connectors"]
    assert list(oauth) == ROW_KEYS
    assert oauth == {
        "folder": "certified-connectors/Fabrikam",
        "name": None,
        "display_name": "Fabrikam",
        "auth": "oauth2",
        "auth_options": ["oauth2", "basic"],
        "identity_provider": "oauth2",
        "redirect_mode": "Global",
        "no_per_connector_redirect": True,
        "host_mode": "fixed",
        "problems": ["bom"],
        "counts": {"error": 0, "warning": 1, "info": 0},
        "error": None,
        "findings": [
            {
                "rule": "CP230",
                "severity": "warning",
                "cloud": None,
                "path": "connector.oauth.redirect_mode",
                "message": "redirectMode is 'Global': …",
                "hint": "set GlobalPerConnector",
            }
        ],
    }
    assert broken["auth"] is None
    assert broken["error"] == "cannot list the folder (Permission denied)"
    assert broken["problems"] == ["not-imported"]
    assert broken["findings"] == []
    assert document["notices"] == [
        {"folder": "loop", "reason": "symlink loop: it leads back to '.'; not followed"}
    ]
    summary = document["summary"]
    assert list(summary) == [
        "folders",
        "not_imported",
        "no_per_connector_redirect",
        "by_auth",
        "by_redirect_mode",
        "by_problem",
        "findings",
        "by_rule",
    ]
    assert summary["folders"] == 2
    assert summary["not_imported"] == 1
    assert summary["by_auth"] == {"oauth2": 1, "api_key": 0, "basic": 0, "none": 0, "unknown": 1}
    assert summary["by_redirect_mode"] == {
        "Global": 1,
        "GlobalPerConnector": 0,
        "Direct": 0,
        "none": 1,
    }
    assert summary["by_problem"]["bom"] == 1
    assert summary["by_problem"]["not-imported"] == 1
    assert summary["findings"] == {"error": 0, "warning": 1, "info": 0}
    assert summary["by_rule"] == {"CP230": 1}


def test_json_findings_are_the_same_dicts_as_check(fleet: Path) -> None:
    result = scan_tree(fleet, jobs=1)
    document = json.loads(render_json(result))
    for row, shown in zip(result.rows, document["connectors"], strict=True):
        assert shown["findings"] == [f.to_dict() for f in row.findings]
        assert [Finding.from_dict(f) for f in shown["findings"]] == list(row.findings)


def test_json_marks_a_partial_result() -> None:
    partial = ScanResult(root="fleet", rows=(OAUTH_ROW,), found=5, interrupted=True)
    document = json.loads(render_json(partial))
    assert document["partial"] is True
    assert (document["found"], document["scanned"]) == (5, 1)


def test_json_keeps_non_ascii_names_and_escapes_nothing_else() -> None:
    row = ConnectorRow(folder="Zoë Connector", auth=AuthKind.NONE, host_mode="fixed")
    text = render_json(ScanResult(root="r", rows=(row,), found=1))
    assert '"folder": "Zoë Connector"' in text


# ---------------------------------------------------------------- csv
def test_csv_has_a_stable_header_and_one_line_per_folder() -> None:
    records = list(csv.reader(io.StringIO(render_csv(RESULT))))
    assert (
        tuple(records[0])
        == CSV_HEADER
        == (
            "folder",
            "name",
            "display_name",
            "auth",
            "auth_options",
            "identity_provider",
            "redirect_mode",
            "no_per_connector_redirect",
            "host_mode",
            "problems",
            "errors",
            "warnings",
            "infos",
            "error",
        )
    )
    assert records[1] == [
        "certified-connectors/Fabrikam",
        "",
        "Fabrikam",
        "oauth2",
        "oauth2;basic",
        "oauth2",
        "Global",
        "true",
        "fixed",
        "bom",
        "0",
        "1",
        "0",
        "",
    ]
    assert records[2] == [
        "custom-connectors/Locked",
        *[""] * 8,
        "not-imported",
        "0",
        "0",
        "0",
        "cannot list the folder (Permission denied)",
    ]
    assert len(records) == 3


def test_csv_quotes_commas_and_newlines_and_defuses_formulas() -> None:
    row = ConnectorRow(
        folder="a, b",
        display_name='=HYPERLINK("http://evil")',
        auth=AuthKind.API_KEY,
        host_mode="fixed",
        error=None,
    )
    broken = error_row("multi\nline", "bad\nthing")
    records = list(
        csv.reader(io.StringIO(render_csv(ScanResult(root="r", rows=(row, broken), found=2))))
    )
    assert records[1][0] == "a, b"
    assert records[1][2] == '\'=HYPERLINK("http://evil")'
    assert records[2][0] == "multi\nline"
    assert records[2][-1] == "bad\nthing"


def test_csv_of_the_fleet_parses_back(fleet: Path) -> None:
    result = scan_tree(fleet, jobs=1)
    records = list(csv.DictReader(io.StringIO(render_csv(result))))
    assert [r["folder"] for r in records] == [r.folder for r in result.rows]
    by_folder = {r["folder"]: r for r in records}
    assert by_folder["certified-connectors/Fabrikam Legacy"]["no_per_connector_redirect"] == "true"
    assert by_folder["independent-publisher-connectors/Broken Json"]["problems"] == "bad-json"
    assert by_folder["independent-publisher-connectors/Broken Json"]["errors"] == "1"


# ---------------------------------------------------------------- text
def test_text_is_a_table_then_the_summary() -> None:
    text = render_text(RESULT)
    lines = text.splitlines()
    assert lines[0].split() == [
        "FOLDER",
        "AUTH",
        "OPTIONS",
        "PROVIDER",
        "REDIRECT",
        "NAME",
        "HOST",
        "PROBLEMS",
        "E",
        "W",
        "I",
    ]
    assert lines[1].split() == [
        "certified-connectors/Fabrikam",
        "oauth2",
        "oauth2,basic",
        "oauth2",
        "Global",
        "!",
        "-",
        "fixed",
        "bom",
        "0",
        "1",
        "0",
    ]
    assert lines[2].startswith("custom-connectors/Locked ")
    assert lines[2].endswith("  error: cannot list the folder (Permission denied)")
    assert "! no per-connector redirect" in text
    assert "not scanned:\n  loop: symlink loop" in text
    assert "2 connector folders (1 could not be imported)" in text
    assert "auth:      oauth2 1, unknown 1" in text
    assert "redirect:  Global 1; none 1; 1 without a per-connector redirect" in text
    assert "problems:  bom 1, not-imported 1" in text
    assert "findings:  0 errors, 1 warning, 0 info" in text
    assert "rules:     CP230 1" in text
    assert "PARTIAL" not in text


def test_text_marks_a_partial_result() -> None:
    partial = ScanResult(root="fleet", rows=(OAUTH_ROW,), found=5, interrupted=True)
    assert "PARTIAL RESULT: interrupted after 1 of 5 connector folders" in render_text(partial)
    nothing = ScanResult(root="fleet", rows=(), found=0, interrupted=True)
    assert "no connector folder was scanned" in render_text(nothing)


def test_text_for_an_empty_tree() -> None:
    assert render_text(ScanResult(root="empty", rows=(), found=0)) == (
        "no connector folders found under empty\n"
    )


def test_text_never_passes_control_characters_to_the_terminal() -> None:
    row = error_row("evil\x1b[31mred\nline", "boom\x07\x1b]0;title\x07")
    text = render_text(ScanResult(root="r", rows=(row,), found=1))
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "evil?[31mred line" in text
