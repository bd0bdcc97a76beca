"""The keyring banner: shown on every wizard screen while the keyring cannot be used."""

from __future__ import annotations

import sys

from textual.widgets import Static

_PLATFORM_PREFIX = (("linux", "Linux:"), ("darwin", "macOS:"), ("win", "Windows:"))


def platform_hints(hints: tuple[str, ...], platform: str = sys.platform) -> tuple[str, ...]:
    """The fix for this operating system (all of them when none is marked as such)."""
    for name, prefix in _PLATFORM_PREFIX:
        if platform.startswith(name):
            mine = tuple(h for h in hints if h.startswith(prefix))
            return mine or hints
    return hints


class KeyringBanner(Static):
    """Three one-line rows, so the form keeps its room at 80x24: what is wrong and what
    still works, the fix for this operating system, and the key that shows every fix."""

    DEFAULT_CSS = """
    KeyringBanner {
        display: none;
        height: auto;
        max-height: 3;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $error 15%;
        border-left: thick $error;
        padding: 0 1;
    }
    KeyringBanner.-shown {
        display: block;
    }
    """

    def show_problem(self, problem: str | None, hints: tuple[str, ...] = ()) -> None:
        if problem is None:
            self.update("")
            self.remove_class("-shown")
            return
        fixes = platform_hints(hints)
        lines = [
            "Keyring unavailable: secret fields are disabled; everything else works.",
            *(f"Fix: {h}" for h in fixes[:1]),
            "F1: the full reason and every fix",
        ]
        self.update("\n".join(lines))
        self.add_class("-shown")
