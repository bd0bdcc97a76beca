"""The line of an offset in a text, for findings that name a line (SARIF, the leak scan).

The line starts are found once, in C (the text is split, the lengths summed), so a text
with thousands of hits is not counted through again for each.
"""

from __future__ import annotations

import bisect
from itertools import accumulate, count
from operator import add


class LineIndex:
    """The 1-based line of any offset of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def line_at(self, offset: int) -> int:
        """The 1-based line of `offset` (the newlines before it, plus one)."""
        if self._starts is None:
            # Line i starts after the i earlier lines and their newlines.
            lines = self.text.split("\n")
            self._starts = list(map(add, accumulate(map(len, lines[:-1]), initial=0), count()))
        return bisect.bisect_right(self._starts, offset)
