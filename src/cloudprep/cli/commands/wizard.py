"""`cloudprep [PROJECT]`: the Textual wizard. The only command that imports textual."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from cloudprep.errors import UsageError


def run_wizard(project: str | None) -> int:
    # A full-screen app on a pipe or in CI would draw into a log and wait for keys forever.
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        raise UsageError(
            "the wizard needs an interactive terminal, and stdin or stdout is not one",
            hints=[
                "in scripts and CI use: cloudprep check, cloudprep bundle, cloudprep validate",
                "see: cloudprep --help",
            ],
        )
    if os.environ.get("TERM") == "dumb":
        # Such a terminal (Emacs' shell, some IDE consoles) shows a full-screen app's
        # escape sequences as text.
        raise UsageError(
            "the wizard needs a terminal that can draw a full screen, and TERM=dumb says "
            "this one cannot",
            hints=[
                "run it in a terminal emulator (TERM such as xterm-256color)",
                "or use the commands: cloudprep check, cloudprep bundle, cloudprep validate",
            ],
        )
    from cloudprep.tui.launch import launch_wizard

    return launch_wizard(Path(project) if project else None)


def _is_terminal(stream: TextIO | None) -> bool:
    # A stream closed by the shell (`cloudprep <&-`) is None in Python, or a closed file.
    try:
        return stream is not None and stream.isatty()
    except ValueError:
        return False
