"""A path input that completes on Tab: the first entry of the typed folder that starts
with what follows the last `/` (a folder gets a trailing `/`). The same completion shows
greyed while typing (Textual's suggester); Tab takes it, or moves on when there is none."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.suggester import Suggester
from textual.widgets import Input

_MAX_ENTRIES = 2000  # a huge folder is not listed whole for one key


def complete_path(text: str) -> str | None:
    """The typed `text` completed to the first matching entry, or None."""
    if not text or "\x00" in text:
        return None
    head, sep, prefix = text.rpartition(os.sep)
    try:
        folder = Path(head + sep if sep else ".").expanduser()
        entries = []
        with os.scandir(folder) as listing:
            for count, entry in enumerate(listing):
                if count >= _MAX_ENTRIES:
                    break
                if entry.name.startswith(prefix) and not entry.name.startswith("."):
                    entries.append((entry.name, entry.is_dir()))
    except (OSError, ValueError, RuntimeError):  # RuntimeError: ~user that does not exist
        return None
    if not entries:
        return None
    name, is_dir = sorted(entries)[0]
    completed = head + sep + name + (os.sep if is_dir else "")
    return completed if completed != text else None


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


class PathInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete the path", show=False),
    ]

    def __init__(self, value: str = "", **kwargs: object) -> None:
        super().__init__(value, suggester=PathSuggester(), **kwargs)  # type: ignore[arg-type]

    def action_complete(self) -> None:
        completed = complete_path(self.value)
        if completed is None:
            self.screen.focus_next()
            return
        self.value = completed
        self.cursor_position = len(completed)
