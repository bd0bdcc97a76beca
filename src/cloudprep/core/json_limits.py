"""Caps on the structure of a JSON text, checked before it is parsed.

A byte cap alone does not bound memory: 32 MB of `{"a":0,"b":0,…}` parse into millions of
Python objects (gigabytes, tens of seconds). Every key needs a `:` and every further value a
`,`, so counting those two characters (a C-speed scan; characters inside strings only make
the count larger) bounds the keys and values before `json.loads` allocates anything. Nesting
is bounded by the parser's recursion, which each reader maps to a one-line error. What parses
but is not text (a lone surrogate) is found after parsing.
"""

from __future__ import annotations

import re
from typing import Any

from cloudprep.core.field_path import shown_key

MAX_KEYS = 200_000
"""Keys in one JSON document (all objects together)."""
MAX_VALUES = 500_000
"""Values in one JSON document: array items and object members."""


def json_shape_problem(text: str) -> str | None:
    """Why `text` is refused before parsing (too many keys or values), or None."""
    # A text no longer than a cap cannot hold more of a character than the cap: almost every
    # file is, and `scan` then skips two passes over each of its thousands of files.
    if len(text) > MAX_KEYS and text.count(":") > MAX_KEYS:
        return f"holds more than {MAX_KEYS} keys"
    if len(text) > MAX_VALUES and text.count(",") > MAX_VALUES:
        return f"holds more than {MAX_VALUES} values"
    return None


class NotJsonNumber(ValueError):
    """NaN, Infinity or -Infinity: json.loads reads them, but they are not JSON, and other
    tools (and the layout-keeping parser of `definition`) refuse the file."""


def reject_json_constant(name: str) -> Any:
    """json.loads' `parse_constant`: every such constant is refused."""
    raise NotJsonNumber(f"{name} is not a JSON number")


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_IN_TEXT = re.compile("\\\\u[dD][89a-fA-F]|[\ud800-\udfff]")
"""A surrogate's escape, or a surrogate itself, in the JSON text."""


def lone_surrogate_path(document: Any, text: str) -> str | None:
    """The path of the first string (or key) holding a lone surrogate: json.loads accepts
    `"\\ud800"`, but such a string cannot be encoded, printed or saved. `text` is what was
    parsed: without a surrogate or its escape in it, which is nearly always, the document is
    not walked (the wizard's start reads a project file)."""
    if not _SURROGATE_IN_TEXT.search(text):
        return None
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return path or "(the document)"
        elif isinstance(node, dict):
            for key, value in node.items():
                shown = shown_key(_SURROGATE.sub("?", key))
                child = f"{path}.{shown}" if path else shown
                if _SURROGATE.search(key):
                    return child
                stack.append((child, value))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(node))
    return None
