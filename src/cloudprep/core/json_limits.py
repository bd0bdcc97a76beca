"""Caps on the structure of a JSON text, checked before it is parsed.

A byte cap alone does not bound memory: 32 MB of `{"a":0,"b":0,…}` parse into millions of
Python objects (gigabytes, tens of seconds). Every key needs a `:` and every further value a
`,`, so counting those two characters (a C-speed scan; characters inside strings only make
the count larger) bounds the keys and values before `json.loads` allocates anything. Nesting
is bounded by the parser's recursion, which each reader maps to a one-line error.
"""

from __future__ import annotations

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
