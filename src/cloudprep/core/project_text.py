"""Every string of a project with its dotted path: what the leak guard and the control
character rules (CP104, CP105) look at."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cloudprep.core.connector_section import ConnectorSection
from cloudprep.core.field_path import format_field_path

if TYPE_CHECKING:  # `scan` reads an imported connector's fields without loading pydantic
    from cloudprep.core.models import Connector, Project


def project_text_fields(project: Project) -> list[tuple[str, str]]:
    """Every string of the project with its dotted path (`clouds.gcc.notes`)."""
    document = project.model_dump(mode="json", by_alias=True)
    return _strings(document, ())


def connector_text_fields(connector: Connector | ConnectorSection) -> list[tuple[str, str]]:
    """Every string of an imported `connector` section, with its dotted path."""
    document = (
        connector.as_json()
        if isinstance(connector, ConnectorSection)
        else connector.model_dump(mode="json", by_alias=True)
    )
    return _strings(document, ("connector",))


def _strings(document: Any, parts: tuple[str | int, ...]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    _collect(document, parts, found)
    return found


def _collect(node: Any, parts: tuple[str | int, ...], found: list[tuple[str, str]]) -> None:
    # Appending to one list, not yielding through a generator per level: `scan` collects
    # the strings of a thousand connectors.
    if isinstance(node, str):
        found.append((_path(parts), node))
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and not (parts == () and key == "$schema"):
                _collect(value, (*parts, key), found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _collect(value, (*parts, index), found)


@lru_cache(maxsize=4096)
def _path(parts: tuple[str | int, ...]) -> str:
    """The same few paths come back for every connector and project."""
    return format_field_path(parts)


def field_cloud(path: str) -> str | None:
    """The target cloud a field belongs to (`clouds.gcc.notes` → gcc), or None."""
    if path.startswith("clouds."):
        return path.split(".")[1].split("[")[0]
    return None
