"""The rows and the summary of a scan, against expectations written by hand.

The fleet under tests/data/scan/fleet was written for these tests; the expected rows below
were written from reading its files. The real corpus is checked against the hand-written
table of tests/unit/corpus_expectations.py, never against the import's own output.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from cloudprep.core.findings import Severity
from cloudprep.scan.discovery import ScanTarget
from cloudprep.scan.report import ConnectorRow, ScanResult, fails, summarize
from cloudprep.scan.runner import choose_jobs, scan_target, scan_tree
from tests.scan.conftest import NOT_ENFORCED, permissions_enforced
from tests.unit.corpus_expectations import EXPECTED, is_owned_rule

# Severities of the connector-level rules, copied by hand from docs/rules.md.
SEVERITY = {
    "CP101": "warning",
    "CP102": "info",
    "CP110": "error",
    "CP111": "error",
    "CP112": "warning",
    "CP114": "info",
    "CP116": "error",
    "CP122": "info",
    "CP124": "info",
    "CP230": "warning",
    "CP231": "info",
    "CP330": "info",
    "CP331": "warning",
    "CP430": "warning",
    "CP431": "warning",
    "CP432": "info",
}
PROBLEM_OF_RULE = {
    "CP110": "no-properties",
    "CP111": "no-swagger",
    "CP112": "misnamed-file",
    "CP114": "bom",
    "CP116": "bad-json",
}


@dataclass(frozen=True)
class Expected:
    auth: str | None
    identity_provider: str | None
    name: str | None
    redirect_mode: str | None
    flagged: bool
    host_mode: str | None
    problems: tuple[str, ...]
    rules: frozenset[str]


def _e(auth: str, problems: tuple[str, ...] = (), *rules: str, **kw: object) -> Expected:
    fields: dict[str, object] = {
        "identity_provider": None,
        "name": None,
        "redirect_mode": None,
        "flagged": False,
        "host_mode": "fixed",
    }
    fields.update(kw)
    return Expected(auth=auth, problems=problems, rules=frozenset(rules), **fields)  # type: ignore[arg-type]


# Written by hand from tests/data/scan/fleet/*.
FLEET_ROWS: dict[str, Expected] = {
    "certified-connectors/Contoso Tickets": _e(
        "oauth2",
        (),
        "CP430",  # loginUri https://login.microsoftonline.com
        identity_provider="aad",
        name="contosotickets",
        redirect_mode="GlobalPerConnector",
    ),
    "certified-connectors/Fabrikam Legacy": _e(
        "oauth2",
        (),
        "CP101",  # the shared redirect holds no name
        "CP230",  # redirectMode Global
        identity_provider="oauth2",
        redirect_mode="Global",
        flagged=True,
    ),
    "certified-connectors/Northwind Keys": _e("api_key", ("bom",), "CP114", "CP102"),
    "custom-connectors/deeper/Nested Api": _e(
        "none",
        (),
        "CP102",
        "CP330",
        host_mode="per_connection",  # x-ms-parameterized-host
    ),
    "independent-publisher-connectors/Broken Json": _e(
        "api_key",
        ("bad-json",),
        "CP116",
        "CP331",
        "CP102",  # a comma missing after info
    ),
    "independent-publisher-connectors/Misnamed Swagger": _e(
        "basic",
        ("misnamed-file",),
        "CP112",
        "CP102",  # apiDefinition.Swagger.json
    ),
    "independent-publisher-connectors/No Swagger": _e(
        "api_key", ("no-swagger",), "CP111", "CP331", "CP102"
    ),
    "independent-publisher-connectors/Swagger Only": _e(
        "basic",
        ("no-properties",),
        "CP110",
        "CP102",  # securityDefinitions basic
    ),
}


def assert_row(row: ConnectorRow, expected: Expected) -> None:
    assert row.error is None, row.error
    assert (row.auth.value if row.auth else None) == expected.auth
    assert row.identity_provider == expected.identity_provider
    assert row.name == expected.name
    assert (row.redirect_mode.value if row.redirect_mode else None) == expected.redirect_mode
    assert row.no_per_connector_redirect is expected.flagged
    assert row.host_mode == expected.host_mode
    assert row.problems == expected.problems
    assert {f.rule for f in row.findings if is_owned_rule(f.rule)} == expected.rules
    for severity in Severity:
        assert row.count(severity) == sum(1 for f in row.findings if f.severity is severity)


def test_the_fleet_rows_match_the_hand_written_expectations(fleet: Path) -> None:
    result = scan_tree(fleet, jobs=1)
    assert [r.folder for r in result.rows] == list(FLEET_ROWS)
    for row in result.rows:
        assert_row(row, FLEET_ROWS[row.folder])
    assert not result.partial
    assert result.found == 8


def test_the_fleet_summary(fleet: Path) -> None:
    summary = summarize(scan_tree(fleet, jobs=1))
    assert summary.folders == 8
    assert summary.not_imported == 0
    assert summary.by_auth == {"oauth2": 2, "api_key": 3, "basic": 2, "none": 1, "unknown": 0}
    assert summary.by_redirect_mode == {
        "Global": 1,
        "GlobalPerConnector": 1,
        "Direct": 0,
        "none": 6,
    }
    assert summary.no_per_connector_redirect == 1
    assert {k: n for k, n in summary.by_problem.items() if n} == {
        "no-properties": 1,
        "no-swagger": 1,
        "misnamed-file": 1,
        "bom": 1,
        "bad-json": 1,
    }
    assert summary.by_rule["CP102"] == 6
    assert summary.findings["error"] >= 3  # CP110, CP111, CP116


def test_rows_are_identical_whatever_the_number_of_jobs(fleet: Path) -> None:
    one = scan_tree(fleet, jobs=1)
    assert scan_tree(fleet, jobs=2) == one
    assert scan_tree(fleet, jobs=3) == one


# ---------------------------------------------------------------- broken folders
def test_one_broken_connector_never_stops_the_scan(fleet: Path) -> None:
    broken = fleet / "broken"
    # a folder whose "apiProperties.json" is a folder: the import cannot use it at all
    (broken / "Not A File" / "apiProperties.json").mkdir(parents=True)
    # empty and whitespace-only files, and a UTF-16 file
    (broken / "Empty Files").mkdir()
    (broken / "Empty Files" / "apiProperties.json").write_bytes(b"")
    (broken / "Empty Files" / "apiDefinition.swagger.json").write_bytes(b"  \n")
    (broken / "Utf16").mkdir()
    (broken / "Utf16" / "apiProperties.json").write_text('{"properties": {}}', "utf-16")
    # deeply nested JSON
    (broken / "Deep").mkdir()
    (broken / "Deep" / "apiProperties.json").write_text("[" * 100_000 + "]" * 100_000)
    # an empty folder and a folder of notes only
    (broken / "Lost").mkdir()
    (broken / "notes").mkdir()
    (broken / "notes" / "README.md").write_text("no connector here")

    result = scan_tree(fleet, jobs=1)
    rows = {r.folder: r for r in result.rows}
    assert list(rows) == [
        "broken/Deep",
        "broken/Empty Files",
        "broken/Not A File",
        "broken/Utf16",
        *FLEET_ROWS,
    ]
    not_a_file = rows["broken/Not A File"]
    assert not_a_file.error is not None
    assert "holds neither" in not_a_file.error
    assert str(fleet) not in not_a_file.error  # the row names the folder, relative
    assert not_a_file.problems == ("not-imported",)
    assert not_a_file.auth is None
    assert not_a_file.worst is Severity.ERROR
    assert rows["broken/Empty Files"].problems == ("bad-json",)  # empty is not JSON
    assert rows["broken/Utf16"].problems == ("no-swagger", "not-utf8")
    assert rows["broken/Deep"].problems == ("no-swagger", "too-big")
    for folder, expected in FLEET_ROWS.items():
        assert_row(rows[folder], expected)
    assert [(n.folder, n.reason) for n in result.notices] == [
        ("broken/Lost", "empty folder: no connector files"),
        ("broken/Not A File/apiProperties.json", "empty folder: no connector files"),
    ]
    summary = summarize(result)
    assert summary.not_imported == 1
    assert summary.by_auth["unknown"] == 1
    assert summary.by_problem["not-imported"] == 1


@pytest.mark.skipif(os.name == "nt", reason="POSIX symlinks")
def test_a_symlink_loop_in_the_tree_is_a_notice(fleet: Path) -> None:
    (fleet / "certified-connectors" / "Contoso Tickets" / "up").symlink_to(
        "../..", target_is_directory=True
    )
    result = scan_tree(fleet, jobs=1)
    assert [r.folder for r in result.rows] == list(FLEET_ROWS)
    assert [n.folder for n in result.notices] == ["certified-connectors/Contoso Tickets/up"]
    assert result.notices[0].reason.startswith("symlink loop")


def test_an_unreadable_file_gives_its_row_a_parse_problem(
    fleet: Path, restore_permissions: list[Path]
) -> None:
    if not permissions_enforced(fleet):
        pytest.skip(NOT_ENFORCED)
    swagger = fleet / "certified-connectors" / "Northwind Keys" / "apiDefinition.swagger.json"
    swagger.chmod(0)
    restore_permissions.append(swagger)
    row = scan_tree(fleet, jobs=1).rows[2]
    assert row.folder == "certified-connectors/Northwind Keys"
    assert row.error is None
    assert row.problems == ("bom", "unreadable-file")
    assert "CP126" in {f.rule for f in row.findings}


def test_an_unreadable_folder_is_a_row_with_its_error(
    fleet: Path, restore_permissions: list[Path]
) -> None:
    if not permissions_enforced(fleet):
        pytest.skip(NOT_ENFORCED)
    locked = fleet / "certified-connectors" / "Fabrikam Legacy"
    locked.chmod(0)
    restore_permissions.append(locked)
    result = scan_tree(fleet, jobs=2)
    row = result.rows[1]
    assert row.folder == "certified-connectors/Fabrikam Legacy"
    assert row.error == "cannot list the folder (Permission denied)"
    assert fails(result, Severity.ERROR)


def test_an_unreadable_target_becomes_an_error_row_without_an_import() -> None:
    target = ScanTarget("x/y", "/nonexistent/x/y", unreadable="cannot list the folder (EIO)")
    row = scan_target(target)
    assert row == ConnectorRow(
        folder="x/y", problems=("not-imported",), error="cannot list the folder (EIO)"
    )


def test_a_folder_that_vanished_after_discovery_is_an_error_row(tmp_path: Path) -> None:
    row = scan_target(ScanTarget("gone", str(tmp_path / "gone")))
    assert row.error == "no such folder"
    assert row.problems == ("not-imported",)


def test_an_unexpected_import_failure_is_that_row_s_error(
    fleet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cloudprep.core.connector_import as importer

    real = importer.import_connector

    def flaky(folder: Path, **kwargs: object) -> object:
        if folder.name == "Fabrikam Legacy":
            raise RecursionError("maximum recursion depth exceeded")
        return real(folder, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "import_connector", flaky)
    result = scan_tree(fleet, jobs=1)
    assert len(result.rows) == 8
    assert result.rows[1].error == (
        "internal error while importing: RecursionError: maximum recursion depth exceeded"
    )
    assert result.rows[2].error is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers (Linux)")
@pytest.mark.parametrize(
    "crasher", ["certified-connectors/Fabrikam Legacy", "custom-connectors/deeper/Nested Api"]
)
def test_a_folder_that_kills_its_worker_is_an_error_row_and_the_scan_goes_on(
    fleet: Path, monkeypatch: pytest.MonkeyPatch, crasher: str
) -> None:
    """A hard crash (here os._exit in the worker) breaks the pool; the scan re-runs the
    affected folders one per process, so exactly the crashing one gets an error row."""
    import cloudprep.scan.runner as runner

    real = runner.scan_target

    def crash_on(target: ScanTarget) -> ConnectorRow:
        if target.folder == crasher:
            os._exit(3)
        return real(target)

    monkeypatch.setattr(runner, "scan_target", crash_on)  # forked workers inherit it
    result = scan_tree(fleet, jobs=2)
    assert [r.folder for r in result.rows] == list(FLEET_ROWS)
    for row in result.rows:
        if row.folder == crasher:
            assert row.error == (
                "importing it stopped the worker process abruptly (a crash or a kill)"
            )
        else:
            assert_row(row, FLEET_ROWS[row.folder])


# ---------------------------------------------------------------- exit decision
def test_fail_on_follows_the_worst_row(fleet: Path) -> None:
    tickets = fleet / "certified-connectors" / "Contoso Tickets"
    only_warnings = scan_tree(tickets, jobs=1)  # CP430 only
    assert not fails(only_warnings, Severity.ERROR)
    assert fails(only_warnings, Severity.WARNING)
    assert fails(scan_tree(fleet, jobs=1), Severity.ERROR)
    empty = ScanResult(root="x", rows=(), found=0)
    assert not fails(empty, Severity.WARNING)


# ---------------------------------------------------------------- jobs
def test_jobs_never_exceed_the_folders_and_small_trees_stay_in_process() -> None:
    assert choose_jobs(4, 2) == 2
    assert choose_jobs(1, 500) == 1
    assert choose_jobs(3, 0) == 1
    assert choose_jobs(None, 3) == 1  # too few folders to pay for starting workers


# ---------------------------------------------------------------- the real corpus
def test_a_scan_of_the_corpus_matches_the_hand_written_table(corpus_dir: Path) -> None:
    result = scan_tree(corpus_dir, jobs=2)
    assert [r.folder for r in result.rows] == sorted(EXPECTED, key=lambda n: (n.casefold(), n))
    for row in result.rows:
        expected = EXPECTED[row.folder]
        assert row.error is None, row.folder
        assert (row.auth.value if row.auth else None) == expected.auth, row.folder
        assert tuple(k.value for k in row.auth_options) == expected.auth_options, row.folder
        assert row.identity_provider == expected.identity_provider, row.folder
        assert row.name == expected.name, row.folder
        assert row.host_mode == expected.host_mode, row.folder
        mode = row.redirect_mode.value if row.redirect_mode else None
        assert mode == expected.redirect_mode, row.folder
        assert row.display_name == (expected.display_name or None), row.folder
        rules = {f.rule for f in row.findings if is_owned_rule(f.rule)}
        assert rules == expected.rules, row.folder
        assert row.no_per_connector_redirect is ("CP230" in expected.rules), row.folder
        assert row.problems == tuple(
            p
            for p in ("bom", "bad-json")
            if any(PROBLEM_OF_RULE.get(r) == p for r in expected.rules)
        ), row.folder
        worst = {SEVERITY[r] for r in expected.rules}
        assert (row.count(Severity.ERROR) > 0) is ("error" in worst), row.folder
        assert (row.count(Severity.WARNING) > 0) is ("warning" in worst), row.folder


def test_the_corpus_summary_counts_the_hand_written_table(corpus_dir: Path) -> None:
    summary = summarize(scan_tree(corpus_dir, jobs=1))
    table = EXPECTED.values()
    assert summary.folders == len(EXPECTED) == 40
    auth = Counter(e.auth for e in table)
    assert summary.by_auth == {k: auth[k] for k in ("oauth2", "api_key", "basic", "none")} | {
        "unknown": 0
    }
    modes = Counter(e.redirect_mode or "none" for e in table)
    assert summary.by_redirect_mode == {
        k: modes[k] for k in ("Global", "GlobalPerConnector", "Direct", "none")
    }
    assert summary.no_per_connector_redirect == sum("CP230" in e.rules for e in table)
    assert summary.by_problem["bom"] == sum("CP114" in e.rules for e in table)
    assert summary.by_problem["bad-json"] == sum("CP116" in e.rules for e in table)
    assert summary.not_imported == 0


def test_the_corpus_is_read_in_place(corpus_dir: Path, tmp_path: Path) -> None:
    """A PowerPlatformConnectors layout around the corpus: the same rows, one level down."""
    layout = tmp_path / "PowerPlatformConnectors"
    (layout / "certified-connectors").mkdir(parents=True)
    for name in ("Team Forms", "Highspot"):
        shutil.copytree(corpus_dir / name, layout / "certified-connectors" / name)
    rows = scan_tree(layout, jobs=1).rows
    assert [(r.folder, r.name) for r in rows] == [
        ("certified-connectors/Highspot", EXPECTED["Highspot"].name),
        ("certified-connectors/Team Forms", "teamforms"),
    ]
