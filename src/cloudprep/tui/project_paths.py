"""Reading and writing one project field by its dotted path (`clouds.gcch.oauth_app.client_id`).

The wizard's inputs and the findings speak the same language: a finding's `path` is the
field's path, so Review can jump to the input, and a live validator can pick the findings
that belong to one input.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from cloudprep.core.field_path import FieldPath
from cloudprep.core.models import ConnectorOAuth, Project, ResponseCounts, TelemetryPeriod
from cloudprep.core.number_text import NumberTextError, parse_count, parse_percent

_PART = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<index>\d+)\])?$")
_CREATED_ON_WRITE: dict[str, type[BaseModel]] = {
    "oauth": ConnectorOAuth,
    "responses": ResponseCounts,
    "telemetry_period": TelemetryPeriod,
}
_WEEKS = 3


class FieldValueError(ValueError):
    """A value the project cannot hold (wrong type, out of range, dates out of order).

    The message never repeats the value: it may be a secret pasted into the wrong field."""


def _split(path: str) -> list[tuple[str, int | None]]:
    parts: list[tuple[str, int | None]] = []
    for raw in path.split("."):
        match = _PART.match(raw)
        if match is None:
            raise KeyError(path)
        index = match.group("index")
        parts.append((match.group("name"), None if index is None else int(index)))
    return parts


def _field_name(model: BaseModel, key: str) -> str:
    fields = type(model).model_fields
    if key in fields:
        return key
    for name, info in fields.items():
        if info.alias == key:
            return name
    raise KeyError(key)


def _child(node: Any, key: str, *, create: bool) -> Any:
    if isinstance(node, dict):
        return node[key]
    if not isinstance(node, BaseModel):
        raise KeyError(key)
    name = _field_name(node, key)
    value = getattr(node, name)
    if value is None and create and name in _CREATED_ON_WRITE:
        value = _CREATED_ON_WRITE[name]()
        _assign(node, name, value)
        value = getattr(node, name)
    return value


def _assign(model: BaseModel, name: str, value: Any) -> None:
    old = getattr(model, name)
    try:
        setattr(model, name, value)
    except ValidationError as exc:
        # pydantic runs a model's "after" validators once the value is in place, and
        # leaves it there when they fail: put the old value back.
        model.__dict__[name] = old
        # Never the input itself: it may be a secret pasted into the wrong field.
        errors = exc.errors(include_input=False, include_url=False, include_context=False)
        messages = [str(e["msg"]).removeprefix("Value error, ") for e in errors]
        raise FieldValueError("; ".join(messages)) from None


def get_value(project: Project, path: str) -> Any:
    """The value at `path`, or None when a containing section does not exist."""
    node: Any = project
    for name, index in _split(path):
        if node is None:
            return None
        node = _child(node, name, create=False)
        if index is not None:
            if node is None or index >= len(node):
                return None
            node = node[index]
    return node


def set_value(project: Project, path: str, value: Any) -> None:
    """Set the value at `path`, creating an optional section (`connector.oauth`,
    `ga.responses`) when needed. Raises FieldValueError with a message for the user, and
    KeyError for a path the project does not have (a programming error)."""
    parts = _split(path)
    node: Any = project
    for name, index in parts[:-1]:
        node = _child(node, name, create=True)
        if index is not None:
            node = node[index]
    name, index = parts[-1]
    if not isinstance(node, BaseModel):
        raise KeyError(path)
    field = _field_name(node, name)
    if index is None:
        _assign(node, field, value)
        return
    current = getattr(node, field)
    if field == "weekly_active_users":
        weeks = list(current) if current is not None else [None] * _WEEKS
        weeks[index] = value
        _assign(node, field, None if all(w is None for w in weeks) else tuple(weeks))
        return
    items = list(current or [])
    while len(items) <= index:
        items.append(None)
    items[index] = value
    _assign(node, field, items)


def path_matches(finding_path: str, field_path: str) -> bool:
    """True when a finding at `finding_path` is about the field at `field_path` (the field
    itself, or something inside it), compared by segments (`FieldPath`)."""
    return FieldPath.parse(finding_path).is_within(field_path)


# --- text <-> value, for inputs -----------------------------------------------------------


def parse_text(kind: str, text: str) -> Any:
    """The value an input's text stands for. Empty means unknown (None), except for plain
    text fields. Raises FieldValueError with a message that never repeats the text."""
    if kind == "text":
        return text
    if text.strip() == "":
        return None
    if kind == "optional_text":
        return text
    if kind == "percent":
        try:
            return parse_percent(text)
        except NumberTextError as exc:
            raise FieldValueError(str(exc)) from None
    if kind == "count":
        try:
            return parse_count(text)
        except NumberTextError as exc:
            raise FieldValueError(str(exc)) from None
    if kind == "date":
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise FieldValueError("not a date: enter it as YYYY-MM-DD, e.g. 2026-03-16") from None
    raise KeyError(kind)


def format_value(value: Any) -> str:
    """The text an input shows for a stored value."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
