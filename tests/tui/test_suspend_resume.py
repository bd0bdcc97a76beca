"""On a real terminal: the wizard, suspended (SIGTSTP, as a shell's job control or
`kill -TSTP` sends) and brought back (SIGCONT, as `fg` sends), draws its step again.

Textual leaves the terminal as it found it, stops, and on SIGCONT takes the terminal back
(a cleared alternate screen) and reports its size, unchanged: the wizard must draw the whole
step again, whatever it does with a report of an unchanged size."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.secrets.terminal import Answer, run_in_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

STEP_TEXT = b"Internal name"  # a label of the Connector step
# Shown once the keyring (keyring's `fail` backend here) has answered: the app has started.
STARTED_TEXT = b"Keyring unavailable"
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
# Written when Textual takes the terminal back: what follows it is drawn after the signal.
ENTER_ALTERNATE_SCREEN = b"\x1b[?1049h"
QUIT = b"\x11"  # Ctrl+Q


def suspend(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGTSTP)


def nothing(process: subprocess.Popen[bytes]) -> None:
    pass


def resume(process: subprocess.Popen[bytes]) -> None:
    # Wait until the process has stopped: a SIGCONT sent first would be followed by a stop
    # that nothing ends.
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), status
    os.kill(process.pid, signal.SIGCONT)


def test_a_suspended_wizard_draws_its_step_again_when_brought_back(demo_file: Path) -> None:
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        COLUMNS="80",
        LINES="24",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    answers: list[tuple[bytes, Answer]] = [
        (STARTED_TEXT, suspend),
        (LEAVE_ALTERNATE_SCREEN, resume),
        (ENTER_ALTERNATE_SCREEN, nothing),
        # The step drawn again, once the terminal is taken back, is what lets it be quit.
        (STEP_TEXT, QUIT),
    ]
    code, output = run_in_terminal(
        [sys.executable, "-m", "cloudprep"],
        env=env,
        cwd=demo_file.parent,
        answers=answers,
        timeout=30,
    )
    assert code == 0, output[-2000:]
    taken_back = output.index(ENTER_ALTERNATE_SCREEN, output.index(STARTED_TEXT))
    assert STEP_TEXT in output[taken_back:]
