"""`cloudprep` with no command needs a terminal: without one it says so instead of hanging."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.import_probe import probe
from tests.secrets.terminal import run_in_terminal


def test_wizard_without_a_terminal_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = probe(cwd=tmp_path)  # `cloudprep` with no command, stdin not a terminal
    assert result.code == 2
    assert result.stderr.startswith("cloudprep: error: the wizard needs an interactive terminal")
    assert "cloudprep check" in result.stderr
    assert result.stdout == ""
    assert "textual" not in result.loaded


def test_wizard_with_a_closed_standard_stream_is_a_clear_usage_error(tmp_path: Path) -> None:
    # `cloudprep <&-` or `>&-`: Python then has no sys.stdin (or sys.stdout) at all.
    import subprocess

    for closed in ("stdin", "stdout"):
        code = (
            f"import sys; sys.{closed} = None; "
            "from cloudprep.cli.main import main; sys.exit(main([]))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2, (closed, result.stderr)
        assert result.stderr.startswith(
            "cloudprep: error: the wizard needs an interactive terminal"
        ), closed
        assert "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
def test_wizard_on_a_dumb_terminal_is_a_clear_usage_error(tmp_path: Path) -> None:
    # A dumb terminal would show the full-screen app's escape sequences as text.
    env = dict(os.environ, TERM="dumb")
    code, output = run_in_terminal([sys.executable, "-m", "cloudprep"], env=env, cwd=tmp_path)
    assert code == 2
    assert b"cloudprep: error: the wizard needs a terminal that can draw a full screen" in output
    assert b"\x1b[" not in output  # nothing drawn
