"""Where a bundle keeps each cloud's connector files (`bundle --with-definitions`), and
how SUBMISSION.md names them. Naming only: making and linting them is `bundle.definitions`,
which `validate` loads only for a bundle that holds them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cloudprep.core.catalog import TARGET_CLOUD_IDS
from cloudprep.core.definitions.files import ConnectorFile

_DEFINITION_FILE = re.compile(
    r"clouds/(?P<cloud>[a-z]+)/(?P<file>apiProperties\.json|apiDefinition\.swagger\.json)"
)


def definition_file_name(cloud_id: str, kind: ConnectorFile) -> str:
    return f"clouds/{cloud_id}/{kind.value}"


def is_definition_file(name: str) -> bool:
    """A bundle file name `bundle --with-definitions` writes."""
    match = _DEFINITION_FILE.fullmatch(name)
    return match is not None and match["cloud"] in TARGET_CLOUD_IDS


def definition_clouds(names: Iterable[str]) -> list[str]:
    """The target clouds (catalog order) that have definition files among `names`."""
    present = {m["cloud"] for n in names if (m := _DEFINITION_FILE.fullmatch(n))}
    return [cloud_id for cloud_id in TARGET_CLOUD_IDS if cloud_id in present]


def connector_files_lines(clouds: Iterable[tuple[str, str]]) -> list[str]:
    """SUBMISSION.md's section on the connector files: one line per (cloud id, cloud name).
    The names come from submission.json, never the live catalog, so the rendering stays a
    pure function of the bundle."""
    clouds = list(clouds)
    if not clouds:
        return []
    lines = ["## Connector files for each cloud", ""]
    for cloud_id, cloud_name in clouds:
        names = ", ".join(f"`{definition_file_name(cloud_id, kind)}`" for kind in ConnectorFile)
        lines.append(f"- {cloud_name}: {names}")
    lines.append("")
    return lines
