"""The Textual driver bench_startup.py runs both apps with (TEXTUAL_DRIVER): it reports the
first frame the app writes to the terminal, then ends the process.

It is Textual's headless driver (it reads no keys and sets up no terminal; the size is the
terminal's) saying it is not headless, so the app renders each frame to terminal text, as
it does on a terminal, and hands it to `write`. The first text that places the cursor is
the first frame (before it the app writes only a few mode settings): the first screen
laid out and painted, what a user waits for.
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
        if CURSOR_POSITION.search(data):
            os.write(2, f"READY {type(self._app.screen).__name__}\n".encode())
            os._exit(0)
