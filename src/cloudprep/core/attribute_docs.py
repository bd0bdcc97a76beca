"""The JSON Schemas' field descriptions, read from the models' attribute docstrings when a
schema is asked for (`cloudprep schema`).

pydantic's `use_attribute_docstrings` reads them when each model class is made; on Python
3.11 `inspect.getsource` parses the whole module again for every class, which cost every
command that loads a project about 14 ms for descriptions only a schema shows.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

from pydantic import BaseModel


def attribute_docstrings(cls: type) -> dict[str, str]:
    """Each `name: type` in the class body that a string literal follows: name → the
    literal, cleaned like a docstring."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # no source (a frozen app, a class made at run time)
        return {}
    tree = ast.parse(source).body[0]
    if not isinstance(tree, ast.ClassDef):
        return {}
    docs: dict[str, str] = {}
    for node, after in zip(tree.body, tree.body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def describe_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """A `json_schema_extra` hook: each property without a description gets its field's
    attribute docstring (the nearest class's, for an inherited field)."""
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if issubclass(cls, BaseModel) and cls is not BaseModel:
            docs.update(attribute_docstrings(cls))
    for name, field in model.model_fields.items():
        prop = properties.get(field.alias or name)
        if isinstance(prop, dict) and name in docs and "description" not in prop:
            prop["description"] = docs[name]
