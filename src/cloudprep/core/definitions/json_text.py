"""JSON text with the position of every value, and edits that touch only value spans.

The per-cloud files must keep everything but the changed values byte-for-byte (key order,
indentation, line endings, a BOM), so they are never re-serialised: the original text is
parsed into nodes that remember where each value starts and ends, and each change is a
splice of that text. `json.loads` gives values but no positions, hence this small parser.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn

BOM = "\ufeff"
MAX_DEPTH = 256
"""Deeper files are refused (connector files nest a few dozen levels at most)."""

# The parser steps over white space and strings with these, in C: a connector's swagger can
# be a megabyte of them, and a loop over its characters in Python took seconds.
_WHITESPACE = " \t\n\r"
_SPACES = re.compile(r"[ \t\n\r]+")
# Possessive: an unterminated string fails at once, where `(?:[^"\\]+|…)*` would try every
# way of splitting its text (exponential in its length).
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_PLAIN_STRING = re.compile(r'"[^"\\\x00-\x1f]*"')
"""A string that is its own value: no escape, no control character (JSON refuses those)."""
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}

NodeKind = Literal["object", "array", "string", "number", "literal"]


class JsonTextError(ValueError):
    """The text is not JSON; the message names the line and column."""


@dataclass
class Member:
    key: str
    key_start: int
    key_end: int
    value: JsonNode


@dataclass
class JsonNode:
    kind: NodeKind
    start: int
    end: int
    value: Any = None
    """The decoded value of a string, number or literal."""
    members: list[Member] = field(default_factory=list)
    items: list[JsonNode] = field(default_factory=list)

    def get(self, key: str, *, any_case: bool = False) -> JsonNode | None:
        """An object member's value (the last one when a key repeats, as json.loads does)."""
        found = None
        for member in self.members:
            if member.key == key or (any_case and member.key.casefold() == key.casefold()):
                found = member.value
        return found

    def member_index(self, key: str) -> int | None:
        for index, member in enumerate(self.members):
            if member.key == key:
                return index
        return None


@dataclass(frozen=True)
class JsonText:
    """A parsed file: its text (without the BOM), whether it had one, and the root node."""

    text: str
    bom: bool
    root: JsonNode

    def to_bytes(self) -> bytes:
        return ((BOM if self.bom else "") + self.text).encode("utf-8")


def parse_json_bytes(data: bytes) -> JsonText:
    """Parse UTF-8 JSON bytes (an optional BOM is kept aside). Raises `JsonTextError`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise JsonTextError("is UTF-16 text, not UTF-8 (save it as UTF-8)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JsonTextError(f"is not UTF-8 text (invalid byte at offset {exc.start})") from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    if not text.strip(_WHITESPACE):
        raise JsonTextError("is empty")
    parser = _Parser(text)
    root = parser.document()
    return JsonText(text=text, bom=bom, root=root)


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def walk_strings(node: JsonNode, pointer: str = "") -> Iterator[tuple[str, JsonNode]]:
    """Every string value under `node`, with its JSON pointer (RFC 6901), in file order."""
    if node.kind == "string":
        yield pointer, node
    for member in node.members:
        yield from walk_strings(member.value, f"{pointer}/{escape_pointer_token(member.key)}")
    for index, item in enumerate(node.items):
        yield from walk_strings(item, f"{pointer}/{index}")


def walk_keys(node: JsonNode, pointer: str = "") -> Iterator[tuple[str, Member]]:
    """Every object member under `node`, with the pointer of its value, in file order.
    (Keys hold text too: swagger `scopes` are keyed by scope, e.g. a Graph URL.)"""
    for member in node.members:
        here = f"{pointer}/{escape_pointer_token(member.key)}"
        yield here, member
        yield from walk_keys(member.value, here)
    for index, item in enumerate(node.items):
        yield from walk_keys(item, f"{pointer}/{index}")


# ---------------------------------------------------------------------------- edits
@dataclass(frozen=True, order=True)
class TextEdit:
    start: int
    end: int
    text: str


def json_string(value: str) -> str:
    """A JSON string literal as connector files write them (UTF-8, `/` not escaped); a value
    UTF-8 cannot hold (a lone surrogate) is written with `\\u` escapes instead."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return text


def replace_value(node: JsonNode, new_text: str) -> TextEdit:
    return TextEdit(node.start, node.end, new_text)


def remove_entry(text: str, container: JsonNode, index: int) -> TextEdit:
    """Remove the `index`th member (or item) of `container` with one of its commas, leaving
    the layout of the others as it was."""
    starts = [m.key_start for m in container.members] or [i.start for i in container.items]
    ends = [m.value.end for m in container.members] or [i.end for i in container.items]
    if index + 1 < len(starts):
        return TextEdit(starts[index], starts[index + 1], "")
    if index > 0:
        return TextEdit(ends[index - 1], ends[index], "")
    # The only entry: drop it with the blank space around it, keeping the closing indent.
    inner_start = container.start + 1
    closing = container.end - 1
    tail = text[ends[index] : closing]
    return TextEdit(inner_start, closing, tail[tail.rfind("\n") :] if "\n" in tail else "")


def remove_entries(text: str, container: JsonNode, indices: set[int]) -> list[TextEdit]:
    """Remove several members (or items) of `container` at once, each run of neighbours as
    one edit, so that the edits never overlap and no comma is left dangling."""
    count = len(container.members) or len(container.items)
    starts = [m.key_start for m in container.members] or [i.start for i in container.items]
    ends = [m.value.end for m in container.members] or [i.end for i in container.items]
    edits: list[TextEdit] = []
    index = 0
    while index < count:
        if index not in indices:
            index += 1
            continue
        last = index
        while last + 1 in indices:
            last += 1
        if last + 1 < count:
            edits.append(TextEdit(starts[index], starts[last + 1], ""))
        elif index > 0:
            edits.append(TextEdit(ends[index - 1], ends[last], ""))
        else:  # every entry: as the only one (see remove_entry)
            tail = text[ends[last] : container.end - 1]
            kept = tail[tail.rfind("\n") :] if "\n" in tail else ""
            edits.append(TextEdit(container.start + 1, container.end - 1, kept))
        index = last + 1
    return edits


def replace_key(member: Member, new_key: str) -> TextEdit:
    return TextEdit(member.key_start, member.key_end, json_string(new_key))


def insert_member(text: str, container: JsonNode, key: str, value_text: str) -> TextEdit:
    """Add `"key": value` after the object's last member, laid out like that member."""
    if not container.members:
        return TextEdit(
            container.start + 1, container.start + 1, f"{json_string(key)}: {value_text}"
        )
    last = container.members[-1]
    before_key = text[: last.key_start]
    opener = max(before_key.rfind(","), before_key.rfind("{"))
    indent = text[opener + 1 : last.key_start]
    colon = text[last.key_end : last.value.start]
    return TextEdit(
        last.value.end, last.value.end, f",{indent}{json_string(key)}{colon}{value_text}"
    )


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """Splice `edits` into `text`. Overlapping edits are a programming error."""
    ordered = sorted(set(edits))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise ValueError(f"overlapping edits at {before.start}-{before.end} and {after.start}")
    pieces: list[str] = []
    position = 0
    for edit in ordered:
        pieces.append(text[position : edit.start])
        pieces.append(edit.text)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


# ---------------------------------------------------------------------------- parser
class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def document(self) -> JsonNode:
        self._skip()
        node = self._value(0)
        self._skip()
        if self.pos != len(self.text):
            self._fail("extra data after the JSON value")
        return node

    def _fail(self, what: str) -> NoReturn:
        line = self.text.count("\n", 0, self.pos) + 1
        column = self.pos - (self.text.rfind("\n", 0, self.pos) + 1) + 1
        raise JsonTextError(f"is not valid JSON: {what} at line {line}, column {column}")

    def _skip(self) -> None:
        spaces = _SPACES.match(self.text, self.pos)
        if spaces is not None:
            self.pos = spaces.end()

    def _value(self, depth: int) -> JsonNode:
        if depth > MAX_DEPTH:
            self._fail("nesting too deep")
        if self.pos >= len(self.text):
            self._fail("a value was expected")
        char = self.text[self.pos]
        if char == "{":
            return self._object(depth)
        if char == "[":
            return self._array(depth)
        if char == '"':
            return self._string()
        for word, value in _LITERALS.items():
            if self.text.startswith(word, self.pos):
                start = self.pos
                self.pos += len(word)
                return JsonNode("literal", start, self.pos, value)
        match = _NUMBER.match(self.text, self.pos)
        if match is None:
            self._fail("a value was expected")
        try:
            number = json.loads(match.group())
        except ValueError:  # an integer of more than the 4,300 digits int() converts
            self._fail("a number has too many digits")
        self.pos = match.end()
        return JsonNode("number", match.start(), match.end(), number)

    def _string(self) -> JsonNode:
        start = self.pos
        plain = _PLAIN_STRING.match(self.text, start)
        if plain is not None:
            self.pos = plain.end()
            return JsonNode("string", start, self.pos, self.text[start + 1 : self.pos - 1])
        match = _STRING.match(self.text, start)
        if match is None:
            self._fail("unterminated string")
        try:
            value = json.loads(match.group())
        except json.JSONDecodeError:
            self._fail("invalid string")
        self.pos = match.end()
        return JsonNode("string", start, self.pos, value)

    def _object(self, depth: int) -> JsonNode:
        node = JsonNode("object", self.pos, self.pos)
        self.pos += 1
        self._skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            node.end = self.pos
            return node
        while True:
            self._skip()
            if not self.text.startswith('"', self.pos):
                self._fail("a property name in double quotes was expected")
            key_node = self._string()
            self._skip()
            if not self.text.startswith(":", self.pos):
                self._fail("':' was expected")
            self.pos += 1
            self._skip()
            value = self._value(depth + 1)
            node.members.append(Member(str(key_node.value), key_node.start, key_node.end, value))
            self._skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            if self.text.startswith("}", self.pos):
                self.pos += 1
                node.end = self.pos
                return node
            self._fail("',' or '}' was expected")

    def _array(self, depth: int) -> JsonNode:
        node = JsonNode("array", self.pos, self.pos)
        self.pos += 1
        self._skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            node.end = self.pos
            return node
        while True:
            self._skip()
            node.items.append(self._value(depth + 1))
            self._skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            if self.text.startswith("]", self.pos):
                self.pos += 1
                node.end = self.pos
                return node
            self._fail("',' or ']' was expected")
