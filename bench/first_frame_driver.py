"""The Textual driver bench_startup.py runs both apps with (TEXTUAL_DRIVER): it reports the
first frame the app writes to the terminal, then ends the process.

It is Textual's headless driver (it reads no keys and sets up no terminal; the size is the
terminal's) saying it is not headless, so the app renders each frame to terminal text, as
it does on a terminal, and hands it to `write`. The first text that places the cursor is
the first frame (before it the app writes only a few mode settings): the first screen
laid out and painted, what a user waits for. Frames showing the screen named by
FIRST_FRAME_NOT do not count (the start screen, when the wizard is to show a project's
step: an app that showed "Opening…" first has not shown the step yet).
"""

from __future__ import annotations

import os
import re

from textual.drivers.headless_driver import HeadlessDriver

CURSOR_POSITION = re.compile("\x1b\\[[0-9]+;[0-9]+H")


class FirstFrameDriver(HeadlessDriver):
    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        screen = type(self._app.screen).__name__
        if CURSOR_POSITION.search(data) and screen != os.environ.get("FIRST_FRAME_NOT"):
            os.write(2, f"READY {screen}\n".encode())
            os._exit(0)
