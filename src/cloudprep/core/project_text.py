"""Every string of a project with its dotted path: what the leak guard and the control
character rules (CP104, CP105) look at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cloudprep.core.connector_section import ConnectorSection
from cloudprep.core.field_path import format_field_path

if TYPE_CHECKING:  # `scan` reads an imported connector's fields without loading pydantic
    from cloudprep.core.models import Connector, Project


def project_text_fields(project: Project) -> list[tuple[str, str]]:
    """Every string of the project with its dotted path (`clouds.gcc.notes`)."""
    document = project.model_dump(mode="json", by_alias=True)
    return list(_strings(document, ()))


def connector_text_fields(connector: Connector | ConnectorSection) -> list[tuple[str, str]]:
    """Every string of an imported `connector` section, with its dotted path."""
    document = (
        connector.as_json()
        if isinstance(connector, ConnectorSection)
        else connector.model_dump(mode="json", by_alias=True)
    )
    return list(_strings(document, ("connector",)))


def _strings(node: Any, parts: tuple[str | int, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield format_field_path(parts), node
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and not (parts == () and key == "$schema"):
                yield from _strings(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*parts, index))


def field_cloud(path: str) -> str | None:
    """The target cloud a field belongs to (`clouds.gcc.notes` → gcc), or None."""
    if path.startswith("clouds."):
        return path.split(".")[1].split("[")[0]
    return None
