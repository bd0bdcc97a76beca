"""The wizard on a real pseudo-terminal, with Textual's real driver: what the pilot (headless)
cannot show. Each test waits for text on the terminal (a safety limit, not a timed assert)
and quits with ctrl+q. Skipped where there is no pty (Windows)."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty", reason="no pseudo-terminals on this platform")
if sys.platform == "win32":  # pragma: no cover
    pytest.skip("no pseudo-terminals on Windows", allow_module_level=True)

import fcntl  # noqa: E402 (POSIX only, after the skip)
import struct  # noqa: E402
import termios  # noqa: E402

LIMIT = 60.0
"""Seconds to wait for the wizard's first screen at most (a loaded CI machine)."""


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
    master, slave = pty.openpty()
    columns, lines = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    with stderr_to.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", "from cloudprep.cli.entry import run; run()"],
            stdin=slave,
            stdout=slave,
            stderr=stderr,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
    os.close(slave)
    received = bytearray()
    try:
        while b"Demo" not in received and process.poll() is None:
            ready, _, _ = select.select([master], [], [], LIMIT)
            if not ready:
                break
            received += os.read(master, 65536)
        if stop_signal is None:
            os.write(master, b"\x11")  # ctrl+q (nothing to save on the start screen)
        else:
            process.send_signal(stop_signal)
        while True:
            ready, _, _ = select.select([master], [], [], LIMIT)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the pty is closed once the wizard has exited
                break
            if not chunk:
                break
            received += chunk
        code = process.wait(timeout=LIMIT)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
        os.close(master)
    return bytes(received), code


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
