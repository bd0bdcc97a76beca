"""Dotted field paths, the one way findings name a place in a JSON document:
`("clouds", "gcc", "oauth_app", "redirect_urls", 0)` → `clouds.gcc.oauth_app.redirect_urls[0]`.

Import-light on purpose: the leak scanner's cold path uses it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported: see above
if TYPE_CHECKING:
    from collections.abc import Iterable


def format_field_path(parts: Iterable[str | int]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(part)
    return "".join(out)
