"""Dotted field paths, the one way findings name a place in a JSON document:
`("clouds", "gcc", "oauth_app", "redirect_urls", 0)` → `clouds.gcc.oauth_app.redirect_urls[0]`.

Import-light on purpose: the leak scanner's cold path uses it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported: see above
if TYPE_CHECKING:
    from collections.abc import Iterable


MAX_KEY_SHOWN = 40
"""Characters of an object key a message's path shows: a key is input, of any length."""


def shown_key(key: str) -> str:
    """`key` as a path in a message shows it: at most MAX_KEY_SHOWN characters."""
    return key if len(key) <= MAX_KEY_SHOWN else f"{key[:MAX_KEY_SHOWN]}…"


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


_INDEX_SUFFIX = "["


class FieldPath(str):
    """A field path as typed segments, which is also its dotted string.

    `FieldPath("clouds", "gcc", "oauth_app", "redirect_urls", 0)` is the string
    `clouds.gcc.oauth_app.redirect_urls[0]`, so it compares, sorts, hashes and serialises
    (JSON, SARIF) as the dotted path it always was; readers that need the structure (the
    checklist, the wizard) use `segments` and `is_within` instead of parsing text back.
    """

    segments: tuple[str | int, ...]

    def __new__(cls, *segments: str | int) -> FieldPath:
        path = super().__new__(cls, format_field_path(segments))
        path.segments = tuple(segments)
        return path

    def __getnewargs__(self) -> tuple[str | int, ...]:  # type: ignore[override]
        # Pickling (scan's worker processes) rebuilds it from its segments.
        return self.segments

    @classmethod
    def parse(cls, text: str) -> FieldPath:
        """The path a dotted string stands for (`a.b[0]` → a, b, 0); a value that is already
        a FieldPath is returned as it is. A path with no structure is one segment."""
        if isinstance(text, FieldPath):
            return text
        segments: list[str | int] = []
        for part in text.split(".") if text else []:
            name, bracket, rest = part.partition(_INDEX_SUFFIX)
            if name or not segments:
                segments.append(name)
            while bracket:
                number, _, rest = rest.partition("]")
                segments.append(int(number) if number.isdigit() else number)
                _, bracket, rest = rest.partition(_INDEX_SUFFIX)
        path = cls(*segments)
        # A text that does not round-trip (odd characters) keeps its exact spelling.
        return path if str(path) == text else _verbatim(text)

    def child(self, *more: str | int) -> FieldPath:
        return FieldPath(*self.segments, *more)

    def is_within(self, other: str) -> bool:
        """True when this path is `other` or lies inside it (`a.b[0]` is within `a.b`)."""
        prefix = FieldPath.parse(other).segments
        return self.segments[: len(prefix)] == prefix


def _verbatim(text: str) -> FieldPath:
    path = str.__new__(FieldPath, text)
    path.segments = (text,)
    return path
