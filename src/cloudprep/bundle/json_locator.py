"""Where things are in a JSON text: the field path at an offset, and the line of a path.

Findings name fields (`project.clouds.gcc.notes`), never values, and SARIF wants the real
line of the value. The text has already been parsed by `json`, so this tokenizer only walks
it; it never decides validity. It is built on demand (leak hits, SARIF output), not on the
hot path.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def format_path(parts: tuple[str | int, ...]) -> str:
    """`("project", "clouds", "gcc", "oauth_app", "redirect_urls", 0)` →
    `project.clouds.gcc.oauth_app.redirect_urls[0]`."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(part)
    return "".join(out)


@dataclass
class _Frame:
    is_object: bool
    key: str | int | None = None
    expecting_key: bool = True
    index: int = 0


@dataclass
class JsonLocator:
    """Offsets of every value in a JSON text, by field path."""

    text: str
    _starts: list[int] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list)
    _paths: list[str] = field(default_factory=list)
    _path_offsets: dict[str, int] = field(default_factory=dict)
    _line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        stack: list[_Frame] = []

        def current() -> tuple[str | int, ...]:
            parts: list[str | int] = []
            for frame in stack:
                if frame.key is not None:
                    parts.append(frame.key)
            return tuple(parts)

        def begin_value(start: int) -> None:
            if stack and not stack[-1].is_object:
                stack[-1].key = stack[-1].index
            path = format_path(current())
            self._path_offsets.setdefault(path, start)

        for match in _TOKEN.finditer(self.text):
            piece = match.group()
            start = match.start()
            top = stack[-1] if stack else None
            if piece in ("{", "["):
                begin_value(start)
                stack.append(_Frame(is_object=piece == "{"))
            elif piece in ("}", "]"):
                if stack:
                    stack.pop()
            elif piece == ":":
                if top is not None:
                    top.expecting_key = False
            elif piece == ",":
                if top is not None:
                    if top.is_object:
                        top.expecting_key = True
                    else:
                        top.index += 1
            elif top is not None and top.is_object and top.expecting_key:
                top.key = _unquote(piece)
                self._path_offsets.setdefault(format_path(current()), start)
            else:
                begin_value(start)
                self._starts.append(start)
                self._ends.append(match.end())
                self._paths.append(format_path(current()))

    def path_at(self, offset: int) -> str | None:
        """The field path of the scalar value (e.g. a string) that spans `offset`."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self._ends[i]:
            return self._paths[i]
        return None

    def line_at(self, offset: int) -> int:
        """The 1-based line of `offset`."""
        return bisect.bisect_right(self._line_starts, offset)

    def line_of(self, path: str) -> int | None:
        """The line where the field `path` is written (its key, or an array element)."""
        offset = self._path_offsets.get(path)
        return None if offset is None else self.line_at(offset)

    def nearest_line(self, path: str) -> int | None:
        """The line of `path`, or of its closest parent that exists."""
        candidate = path
        while candidate:
            line = self.line_of(candidate)
            if line is not None:
                return line
            cut = max(candidate.rfind("."), candidate.rfind("["))
            candidate = candidate[:cut] if cut > 0 else ""
        return None


def _unquote(piece: str) -> str:
    try:
        value = json.loads(piece)
    except ValueError:
        return piece.strip('"')
    return value if isinstance(value, str) else piece
