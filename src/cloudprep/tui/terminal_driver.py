"""The wizard's terminal driver on Linux and macOS: Textual's own, drawing on the terminal
the wizard was started on (stdout) and sized by that terminal."""

from __future__ import annotations

import os
import sys

from textual.app import App
from textual.drivers.linux_driver import LinuxDriver


class TerminalDriver(LinuxDriver):
    """`LinuxDriver`, writing to stdout and measuring the terminal itself."""

    def __init__(
        self,
        app: App[object],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        # Textual draws on stderr: `cloudprep 2>log` sent the whole wizard into the log and
        # left the terminal blank while the wizard waited for keys, and `2>&-` hung it. The
        # wizard starts only when stdout is a terminal (cli/commands/wizard.py): it draws
        # there, and stderr keeps only what is meant for it (a crash report).
        self._file = sys.__stdout__
        # The app lays its first screen out at the driver's size if it has one, else at
        # Rich's, which also reads COLUMNS and LINES (see below).
        if size is None:
            self._size = self._get_terminal_size()

    def _get_terminal_size(self) -> tuple[int, int]:
        # Textual asks shutil, which prefers COLUMNS and LINES when they are set: an exported
        # COLUMNS=20 drew the wizard in a corner of the terminal and every resize was
        # ignored (SIGWINCH does not change the environment), and COLUMNS=100000 made it lay
        # out ten billion cells. The terminal knows its size; the variables are used only
        # when it reports none.
        try:
            columns, lines = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = lines = 0
        if columns > 0 and lines > 0:
            return columns, lines
        return super()._get_terminal_size()
