"""Re-validate (placeholder until the bundle functions land)."""

from __future__ import annotations

from textual.screen import Screen


class RevalidateScreen(Screen[None]):
    pass
