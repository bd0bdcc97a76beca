"""Turn pydantic validation errors into one-line messages that never echo a secret.

Input values are left out (`include_input=False`); a value is shown only for a short
choice field (an enum or literal), where it cannot be a pasted secret worth hiding and
where it is what the user needs to see to fix a typo.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cloudprep.core.field_path import format_field_path

_CHOICE_ERRORS = frozenset({"enum", "literal_error"})
_MAX_SHOWN = 32
_KEY_MARK = "[key]"
"""pydantic's last `loc` item when a dict key (not its value) is invalid."""


def field_path(loc: tuple[int | str, ...]) -> str:
    return format_field_path(loc) or "(top level)"


def _describe_value(error: Any, raw: Any) -> str:
    if error["type"] in _CHOICE_ERRORS and isinstance(raw, str) and len(raw) <= _MAX_SHOWN:
        return f" (got {raw!r})"
    if isinstance(raw, bool) or raw is None:
        return f" (got {raw!r})" if error["type"] not in ("missing",) else ""
    if isinstance(raw, int | float):
        shown = repr(raw)
        # No secret, but a 4,000-digit integer would be the whole message.
        return (
            f" (got {shown})"
            if len(shown) <= _MAX_SHOWN
            else f" (got a {len(str(abs(raw)))}-digit number)"
        )
    return ""


def _lookup(document: Any, loc: tuple[int | str, ...]) -> Any:
    node = document
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def describe_validation_error(exc: ValidationError, document: Any = None) -> list[str]:
    """One message per problem: `field.path: what is wrong (got value)`."""
    lines = []
    for error in exc.errors(include_input=False, include_url=False, include_context=False):
        loc = tuple(error["loc"])
        is_key = len(loc) > 1 and loc[-1] == _KEY_MARK
        if is_key:
            loc = loc[:-1]  # the key itself is wrong: name it, and show it as the value
        path = field_path(loc)
        message = error["msg"]
        if is_key:
            message = f"is not a known key: {message}"
        if error["type"] == "extra_forbidden":
            message = "is not a known field (check its spelling, or remove it)"
        elif error["type"] == "missing":
            message = "is required"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        if is_key:
            raw: Any = loc[-1]
        else:
            raw = _lookup(document, loc) if document is not None else None
        lines.append(f"{path}: {message}{_describe_value(error, raw)}")
    return lines
