"""Where things are in a JSON text: the field path at an offset, and the line of a path.

Findings name fields (`project.clouds.gcc.notes`), never values, and SARIF wants the real
line of the value. The text has already been parsed by `json`, so this tokenizer only walks
it; it never decides validity. Each question walks the tokens once, lazily: a leak hit stops
at its offset, and the path → line map is built only when a line is asked for.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from cloudprep.bundle.text_lines import LineIndex
from cloudprep.core.field_path import format_field_path

TYPE_CHECKING = False  # typing is not imported: this runs on the leak scanner's cold path
if TYPE_CHECKING:
    import json
    from collections.abc import Iterator

# Leading whitespace is part of each match, so the engine never stops on indentation. A
# string is only its opening quote here: `json`'s decoder (its scanner is in C) finds its
# end, several times faster than a regex over the long strings of notes.
_TOKEN = re.compile(r'\s*("|[{}\[\]:,]|[^\s{}\[\]:,"]+)')
# What a string token is when the scanner refuses it (the text is not strict JSON).
_LOOSE_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')


class _Frame:
    __slots__ = ("expecting_key", "index", "is_object", "key")

    def __init__(self, *, is_object: bool) -> None:
        self.is_object = is_object
        self.key: str | int | None = None
        self.expecting_key = True
        self.index = 0


def _walk(text: str) -> Iterator[tuple[int, int, list[str | int], bool]]:
    """(start, end, path, is_scalar) for every key (is_scalar False: the member's path),
    every container start (False) and every scalar value (True)."""
    stack: list[_Frame] = []

    def path() -> list[str | int]:
        return [frame.key for frame in stack if frame.key is not None]

    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        piece = match.group(1)
        start, end = match.span(1)
        key: str | None = None
        if piece == '"':
            string_end, key = _string(text, start)
            if string_end is None:
                # Not a string: as a tokenizer that skips what it cannot read, go on after
                # the quote.
                pos = start + 1
                continue
            end = string_end
        pos = end
        top = stack[-1] if stack else None
        if piece in ("{", "["):
            if top is not None and not top.is_object:
                top.key = top.index
            yield start, end, path(), False
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
            top.key = key if key is not None else _unquote(piece)
            yield start, end, path(), False
        else:
            if top is not None and not top.is_object:
                top.key = top.index
            yield start, end, path(), True


class JsonLocator:
    """Offsets of the values in a JSON text, by field path."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines = LineIndex(text)
        self._path_offsets: dict[str, int] | None = None
        # The scalars walked so far (their starts, and their ends and paths), so a text
        # with many hits is walked once, and only as far as the furthest hit.
        self._walk = _walk(text)
        self._walked_to = -1
        self._scalar_starts: list[int] = []
        self._scalars: list[tuple[int, list[str | int]]] = []

    def path_at(self, offset: int) -> str | None:
        """The field path of the scalar value (e.g. a string) that spans `offset`."""
        while self._walked_to <= offset:
            token = next(self._walk, None)
            if token is None:
                self._walked_to = len(self.text)
                break
            start, end, parts, scalar = token
            self._walked_to = start
            if scalar:
                self._scalar_starts.append(start)
                self._scalars.append((end, parts))
        at = bisect.bisect_right(self._scalar_starts, offset) - 1
        if at < 0:
            return None
        end, parts = self._scalars[at]
        return format_field_path(parts) if offset < end else None

    def line_at(self, offset: int) -> int:
        """The 1-based line of `offset`."""
        return self._lines.line_at(offset)

    def line_of(self, path: str) -> int | None:
        """The line where the field `path` is written (its key, or an array element)."""
        if self._path_offsets is None:
            offsets: dict[str, int] = {}
            for start, _end, parts, _scalar in _walk(self.text):
                offsets.setdefault(format_field_path(parts), start)
            self._path_offsets = offsets
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


def _string(text: str, start: int) -> tuple[int | None, str | None]:
    """The end of the string token whose opening quote is at `start`, and its value."""
    try:
        value, end = _decoder().raw_decode(text, start)
    except ValueError:
        value = None
    if isinstance(value, str):
        return end, value
    loose = _LOOSE_STRING.match(text, start)
    if loose is None:
        return None, None
    return loose.end(), _unquote(loose.group())


@cache
def _decoder() -> json.JSONDecoder:
    import json

    return json.JSONDecoder()


def _unquote(piece: str) -> str:
    if "\\" not in piece:
        return piece[1:-1]
    import json

    try:
        value = json.loads(piece)
    except ValueError:
        return piece.strip('"')
    return value if isinstance(value, str) else piece
