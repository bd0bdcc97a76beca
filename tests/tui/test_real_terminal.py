"""The wizard on a real pseudo-terminal, with Textual's real driver: what the pilot (headless)
cannot show. Each test waits for text on the terminal (a safety limit, not a timed assert)
and quits with ctrl+q. Skipped where there is no pty (Windows)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.secrets.terminal import Answer, run_in_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no pseudo-terminals on Windows")

LIMIT = 60.0
"""Seconds a run may take at most (a loaded CI machine): a safety limit, not a timed assert."""


def _run_on_pty(
    cwd: Path,
    env: dict[str, str],
    size: tuple[int, int],
    stderr_to: Path,
    stop_signal: int | None = None,
) -> tuple[bytes, int]:
    """Start `cloudprep` on a new pty of `size` (columns, lines) with stderr sent to a file,
    wait for the start screen, quit with ctrl+q (or send `stop_signal`); what the terminal
    received, and the exit code."""
    # ctrl+q: nothing to save on the start screen.
    quit_or_stop = b"\x11" if stop_signal is None else _send(stop_signal)
    code, received = run_in_terminal(
        [sys.executable, "-c", "from cloudprep.cli.entry import run; run()"],
        env=env,
        cwd=cwd,
        answers=[(b"Demo", quit_or_stop)],  # the start screen's last choice is drawn
        timeout=LIMIT,
        size=size,
        stderr_to=stderr_to,
    )
    return received, code


def _send(signum: int) -> Answer:
    def send(process: subprocess.Popen[bytes]) -> None:
        process.send_signal(signum)

    return send


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("COLUMNS", "LINES", "NO_COLOR", "TEXTUAL_DRIVER")
    }
    env.update(HOME=str(home), TERM="xterm-256color", XDG_CONFIG_HOME=str(home / ".config"))
    return env


def test_with_stderr_redirected_and_columns_exported_it_draws_on_the_terminal_at_its_size(
    tmp_path: Path, terminal_env: dict[str, str]
) -> None:
    # `cloudprep 2>log` sent the whole wizard into the log (Textual draws on stderr) and left
    # the terminal blank; an exported COLUMNS/LINES drew it at that size, whatever the
    # terminal's (and COLUMNS=100000 hung it laying out ten billion cells).
    work = tmp_path / "work"
    work.mkdir()
    log = tmp_path / "stderr.log"
    env = dict(terminal_env, COLUMNS="20", LINES="5")
    received, code = _run_on_pty(work, env, (90, 20), log)
    assert code == 0
    drawn = received.decode("utf-8", "replace")
    text = re.sub(r"\x1b\[[0-9;?<>=$]*[A-Za-z~]", "", drawn)  # without colours and moves
    # The introduction's first line as it wraps at 90 columns (at 80 it ends at "to").
    assert "and its release to the US" in text
    assert "Import a connector folder  read a PowerPlatformConnectors folder" in text
    assert "\x1b[?1049l" in drawn  # the terminal was given back (alternate screen left)
    assert log.read_bytes() == b""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_stop_signal_gives_the_terminal_back_and_says_so(
    tmp_path: Path, terminal_env: dict[str, str], name: str
) -> None:
    # SIGTERM and SIGHUP killed the wizard with the terminal left in raw mode, mouse
    # reporting on and the alternate screen shown; SIGINT ended it with exit code 0.
    work = tmp_path / "work"
    work.mkdir()
    log = tmp_path / "stderr.log"
    signum = getattr(signal, name)
    received, code = _run_on_pty(work, terminal_env, (80, 24), log, stop_signal=signum)
    assert code == 128 + signum
    assert received.rstrip().endswith(b"\x1b[?1006l")  # mouse reporting off, last
    assert b"\x1b[?1049l" in received
    assert log.read_text().startswith(f"cloudprep: error: interrupted ({name})")
    assert "Traceback" not in log.read_text()
