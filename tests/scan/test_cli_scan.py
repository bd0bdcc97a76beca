"""`cloudprep scan` on the command line: exit codes, stdout/stderr, Ctrl-C, and what it imports."""

from __future__ import annotations

import json
import os
import sys
import threading
import uuid
from pathlib import Path

import pytest

from cloudprep.cli.main import main
from tests.import_probe import probe
from tests.scan.conftest import NOT_ENFORCED, Run, permissions_enforced, run_scan, scan_env

INTERRUPT = "CLOUDPREP_SCAN_INTERRUPT_AFTER"


def scan(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    capsys.readouterr()
    code = main(["scan", *args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


# ---------------------------------------------------------------- exit codes
def test_a_fleet_with_errors_exits_1(fleet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = scan(capsys, str(fleet))
    assert run.code == 1
    assert run.out.startswith("FOLDER ")
    assert "8 connector folders" in run.out
    assert run.err == ""


def test_fail_on_decides_between_0_and_1(fleet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tickets = str(fleet / "certified-connectors" / "Contoso Tickets")  # one warning, CP430
    assert scan(capsys, tickets).code == 0
    assert scan(capsys, tickets, "--fail-on", "error").code == 0
    assert scan(capsys, tickets, "--fail-on", "warning").code == 1


def test_a_folder_that_cannot_be_imported_fails_the_scan_but_is_still_a_row(
    fleet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets = fleet / "certified-connectors" / "Contoso Tickets"
    (tickets / "Odd" / "apiProperties.json").mkdir(parents=True)  # a folder, not a file
    run = scan(capsys, str(tickets), "--format", "json")
    assert run.code == 1
    rows = json.loads(run.out)["connectors"]
    assert [r["folder"] for r in rows] == [".", "Odd"]
    assert rows[1]["error"].endswith(
        "holds neither apiProperties.json nor a swagger file (apiDefinition.swagger.json)"
    )


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_a_dir_that_does_not_exist_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    run = scan(capsys, str(tmp_path / "nope"), "--format", fmt)
    assert run.code == 2
    assert run.out == ""
    assert run.err.splitlines()[0] == f"cloudprep: error: {tmp_path / 'nope'}: no such folder"


def test_a_dir_that_is_a_file_exits_2(fleet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = fleet / "docs" / "README.md"
    run = scan(capsys, str(readme))
    assert run.code == 2
    assert run.err.startswith(f"cloudprep: error: {readme}: is not a folder\n")


def test_a_dir_that_cannot_be_read_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_permissions: list[Path]
) -> None:
    if not permissions_enforced(tmp_path):
        pytest.skip(NOT_ENFORCED)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    restore_permissions.append(locked)
    run = scan(capsys, str(locked))
    assert run.code == 2
    assert run.err.startswith(f"cloudprep: error: {locked}: cannot be read (Permission denied)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--jobs", "0"), "expected a whole number of processes >= 1"),
        (("--jobs", "two"), "expected a whole number of processes >= 1"),
        (("--format", "sarif"), "invalid choice (choose from 'text', 'json', 'csv')"),
        (("--fail-on", "info"), "invalid choice (choose from 'error', 'warning')"),
    ],
)
def test_usage_errors_exit_2(
    fleet: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    run = scan(capsys, str(fleet), *args)
    assert run.code == 2
    assert run.out == ""
    assert message in run.err
    assert f"'{args[1]}'" not in run.err.replace(message, "")  # the value is not echoed


def test_no_dir_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    run = scan(capsys)
    assert run.code == 2
    assert "DIR" in run.err


def test_an_empty_tree_exits_0_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = scan(capsys, str(tmp_path), "--format", "csv")
    assert run.code == 0
    assert run.out.splitlines() == [
        "folder,name,display_name,auth,auth_options,identity_provider,redirect_mode,"
        "no_per_connector_redirect,host_mode,problems,errors,warnings,infos,error"
    ]
    assert run.err == f"cloudprep: warning: no connector folders found under {tmp_path}\n"


def test_csv_reports_skipped_paths_on_stderr(
    fleet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fleet / "Lost").mkdir()
    run = scan(capsys, str(fleet), "--format", "csv")
    assert run.code == 1
    assert len(run.out.splitlines()) == 9
    assert run.err == "cloudprep: warning: not scanned: Lost: empty folder: no connector files\n"


def test_help_documents_the_formats_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    run = scan(capsys, "--help")
    assert run.code == 0
    for text in ("--jobs N", "--fail-on", "schema_version", "130 interrupted", "csv"):
        assert text in run.out


# ---------------------------------------------------------------- jobs in a real process
def test_the_output_is_the_same_bytes_whatever_the_jobs(fleet: Path) -> None:
    """In real processes (the rows themselves are compared for text and csv in
    test_scan_rows, which implies the same rendering)."""
    one = run_scan(str(fleet), "--format", "json", "--jobs", "1", cwd=fleet)
    three = run_scan(str(fleet), "--format", "json", "--jobs", "3", cwd=fleet)
    assert (one.code, three.code) == (1, 1), one.err + three.err
    assert three.out == one.out


# ---------------------------------------------------------------- Ctrl-C
def _live_processes_with(marker: str) -> list[int]:
    """Processes whose environment holds `marker` (the scan's workers inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            status = (entry / "status").read_text()
        except OSError:
            continue
        if marker.encode() in environ and "State:\tZ" not in status:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(os.name == "nt", reason="process groups and SIGINT (POSIX)")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_prints_the_partial_result_and_exits_130(fleet: Path, jobs: str) -> None:
    full = run_scan(str(fleet), "--format", "json", "--jobs", jobs)
    marker = f"CLOUDPREP_TEST_MARKER={uuid.uuid4().hex}"
    key, value = marker.split("=")
    run = run_scan(
        str(fleet),
        "--format",
        "json",
        "--jobs",
        jobs,
        env=scan_env(**{INTERRUPT: "3", key: value}),
        new_session=True,  # Ctrl-C reaches the whole job, workers included, as in a terminal
    )
    assert run.code == 130
    assert (
        run.err
        == "cloudprep: error: interrupted: partial result, 3 of 8 connector folders scanned\n"
    )
    partial = json.loads(run.out)
    assert partial["partial"] is True
    assert (partial["found"], partial["scanned"]) == (8, 3)
    assert partial["connectors"] == json.loads(full.out)["connectors"][:3]
    assert partial["summary"]["folders"] == 3
    if sys.platform.startswith("linux"):
        assert _live_processes_with(marker) == []  # no worker outlived the scan


@pytest.mark.skipif(os.name == "nt", reason="process groups and SIGINT (POSIX)")
def test_ctrl_c_in_text_marks_the_result_partial(fleet: Path) -> None:
    run = run_scan(str(fleet), "--jobs", "2", env=scan_env(**{INTERRUPT: "5"}), new_session=True)
    assert run.code == 130
    assert "PARTIAL RESULT: interrupted after 5 of 8 connector folders" in run.out
    assert len([line for line in run.out.splitlines() if "connectors/" in line]) == 5
    assert "Traceback" not in run.err


@pytest.mark.skipif(os.name == "nt", reason="process groups and SIGINT (POSIX)")
def test_ctrl_c_before_the_first_row(fleet: Path) -> None:
    run = run_scan(str(fleet), "--format", "csv", env=scan_env(**{INTERRUPT: "0"}))
    assert run.code == 130
    assert run.out.count("\n") == 1  # the header only
    assert (
        run.err
        == "cloudprep: error: interrupted: partial result, 0 of 8 connector folders scanned\n"
    )


def test_ctrl_c_without_a_new_session_reaches_this_process_only(fleet: Path) -> None:
    """Started like any child process (sharing this test's process group), the hook signals
    the scan alone, and the result is the same."""
    run = run_scan(str(fleet), "--format", "json", "--jobs", "2", env=scan_env(**{INTERRUPT: "4"}))
    assert run.code == 130
    assert json.loads(run.out)["scanned"] == 4


def test_a_bad_interrupt_hook_value_is_a_usage_error(fleet: Path) -> None:
    run = run_scan(str(fleet), env=scan_env(**{INTERRUPT: "soon"}))
    assert run.code == 2
    assert run.err.startswith(
        "cloudprep: error: CLOUDPREP_SCAN_INTERRUPT_AFTER='soon': expected a whole number"
    )


# ---------------------------------------------------------------- what the scan imports
def _probe(*argv: str, stderr: int | None = None) -> set[str]:
    # a terminal type rich animates on (CI often sets TERM=dumb, or nothing)
    env = scan_env(TERM="xterm-256color") if stderr is not None else scan_env()
    result = probe(*argv, env=env, stderr=stderr)
    assert result.code in (0, 1), result.stderr
    return result.loaded & {"textual", "rich", "keyring"}


@pytest.mark.parametrize(
    ("fmt", "jobs"), [("text", "1"), ("text", "2"), ("json", "2"), ("csv", "1")]
)
def test_scan_imports_neither_textual_keyring_nor_rich_off_a_terminal(
    fleet: Path, fmt: str, jobs: str
) -> None:
    assert _probe("scan", str(fleet), "--format", fmt, "--jobs", jobs) == set()


@pytest.mark.skipif(not sys.platform.startswith(("linux", "darwin")), reason="needs a pty")
@pytest.mark.parametrize(("fmt", "expected"), [("text", {"rich"}), ("json", set()), ("csv", set())])
def test_on_a_terminal_only_the_text_format_loads_rich(
    fleet: Path, fmt: str, expected: set[str]
) -> None:
    import pty

    controller, terminal = pty.openpty()
    shown: list[bytes] = []

    def drain() -> None:  # keep the pty from filling up
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        loaded = _probe("scan", str(fleet), "--format", fmt, stderr=terminal)
    finally:
        os.close(terminal)
        reader.join(timeout=5)
        os.close(controller)
    assert loaded == expected
    if fmt == "text":
        assert b"scanning connectors" in b"".join(shown)  # the bar, on the terminal
    else:
        assert b"".join(shown) == b""  # no progress bar for machine-readable output


# ---------------------------------------------------------------- the leak guard's patterns
def test_a_connector_field_that_looks_like_a_secret_is_cp426_and_never_shown(
    fleet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # scan has no keyring: it applies the leak guard's patterns only (PRODUCT §6).
    folder = fleet / "certified-connectors" / "Contoso Tickets"
    properties = folder / "apiProperties.json"
    document = json.loads(properties.read_text(encoding="utf-8"))
    settings = document["properties"]["connectionParameters"]["token"]["oAuthSettings"]
    canary = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlX2NhbmFyeQ"
    settings["customParameters"]["resourceUri"]["value"] = canary
    properties.write_text(json.dumps(document, indent=2), encoding="utf-8")

    for fmt in ("text", "json", "csv"):
        run = scan(capsys, str(folder), "--format", fmt)
        assert canary not in run.out + run.err
        assert run.code == 1, fmt  # CP426 is an error
    assert "CP426" in scan(capsys, str(folder), "--format", "json").out
