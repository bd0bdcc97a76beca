"""The published connector file schemas, read at run time (shipped in `cloudprep.data`).

They are JSON with `//` comments, and the apiProperties schema's `redirectMode` enum lacks
`GlobalPerConnector`, which real files use: that one documented patch is applied here, in
code, so the vendored files stay verbatim (see data/connector_schemas/README.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from cloudprep.core.definitions.files import ConnectorFile
from cloudprep.core.definitions.json_text import escape_pointer_token
from cloudprep.core.field_path import FieldPath
from cloudprep.core.models import RedirectMode
from cloudprep.core.urls import display_value


def file_pointer(kind: ConnectorFile, pointer: str) -> FieldPath:
    """A finding's location in a connector file: `apiProperties.json#/properties/…`, one
    segment (a JSON pointer is not a dotted project path)."""
    return FieldPath(f"{kind.value}#{pointer}")


_SCHEMA_FILES = {
    ConnectorFile.API_PROPERTIES: "paconn-apiProperties.schema.json",
    ConnectorFile.SWAGGER: "apiDefinition.swagger.schema.json",
}
_STALE_REDIRECT_MODES = ["Global", "Direct"]


@dataclass(frozen=True, order=True)
class SchemaViolation:
    pointer: str
    """The JSON pointer of the value that does not match."""
    keyword: str
    """The schema keyword it fails (type, enum, oneOf, additionalProperties, …)."""
    message: str


def strip_json_comments(text: str) -> str:
    """`text` without `//` and `/* */` comments outside strings."""
    out: list[str] = []
    index = 0
    in_string = False
    while index < len(text):
        char = text[index]
        if in_string:
            out.append(char)
            if char == "\\":
                out.append(text[index + 1 : index + 2])
                index += 2
                continue
            in_string = char != '"'
            index += 1
            continue
        if char == '"':
            in_string = True
        elif text.startswith("//", index):
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        elif text.startswith("/*", index):
            close = text.find("*/", index + 2)
            index = len(text) if close < 0 else close + 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _add_per_connector_mode(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("enum") == _STALE_REDIRECT_MODES:
            node["enum"] = [*_STALE_REDIRECT_MODES, RedirectMode.GLOBAL_PER_CONNECTOR.value]
        for value in node.values():
            _add_per_connector_mode(value)
    elif isinstance(node, list):
        for value in node:
            _add_per_connector_mode(value)


@cache
def connector_schema(kind: ConnectorFile) -> dict[str, Any]:
    text = (
        resources.files("cloudprep.data.connector_schemas")
        .joinpath(_SCHEMA_FILES[kind])
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(strip_json_comments(text))
    if kind is ConnectorFile.API_PROPERTIES:
        _add_per_connector_mode(schema)
    return schema


@cache
def _validator(kind: ConnectorFile) -> Any:
    # Imported here: `validate` of a bundle without connector files never loads it.
    import jsonschema

    schema = connector_schema(kind)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def schema_violations(kind: ConnectorFile, document: Any) -> list[SchemaViolation]:
    """Every place `document` does not match its published schema, in pointer order."""
    found = {
        SchemaViolation(
            pointer="".join(f"/{escape_pointer_token(str(p))}" for p in error.absolute_path),
            keyword=str(error.validator),
            message=_short(error),
        )
        for error in _validator(kind).iter_errors(document)
    }
    return sorted(found)


def _short(error: Any) -> str:
    """What is wrong, without echoing the file's value (it may hold anything)."""
    keyword = error.validator
    expected = error.validator_value
    if keyword in ("oneOf", "anyOf"):
        return f"matches none of the forms the schema allows ({keyword})"
    if keyword == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        shown = ", ".join(display_value(str(k)) for k in extra[:5])
        return f"properties the schema does not allow: {shown}"
    if keyword == "enum":
        return "not one of " + ", ".join(json.dumps(v) for v in expected)
    if keyword == "type":
        return f"not of type {json.dumps(expected)}"
    if keyword == "pattern":
        return f"does not match the pattern {expected}"
    if keyword == "required":
        return str(error.message)
    return f"fails the schema's {keyword} rule"
