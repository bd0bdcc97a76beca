"""New projects: blank, from a connector folder, or the embedded demo."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from cloudprep.core.catalog import TARGET_CLOUD_IDS
from cloudprep.core.findings import Finding
from cloudprep.core.models import CloudConfig, Project
from cloudprep.core.project_file import project_from_data


def blank_project() -> Project:
    """A new project with a fresh id, targeting every target cloud."""
    return Project(clouds={cloud_id: CloudConfig() for cloud_id in TARGET_CLOUD_IDS})


def demo_project() -> Project:
    """The embedded demo (a fictional aad connector), with a fresh project id so that two
    demo projects never share keyring entries."""
    from cloudprep.data import read_data

    text = read_data("demo_project.json").decode("utf-8")
    project = project_from_data(json.loads(text), source="demo_project.json")
    return project.model_copy(update={"project_id": uuid.uuid4()})


def project_from_connector(
    folder: Path, project_file: Path | None = None
) -> tuple[Project, list[Finding]]:
    """A new project from a connector folder. With `project_file` (where the project will be
    saved), `connector.source` records the folder relative to it and each file's SHA-256."""
    from cloudprep.core.connector_import import import_connector
    from cloudprep.core.definitions.source import record_source

    result = import_connector(folder)
    project = blank_project()
    project.connector = result.connector
    if project_file is not None:
        read = [p for p in (result.files.api_properties, result.files.swagger) if p is not None]
        project.connector.source = record_source(Path(folder), project_file, read)
    return project, list(result.findings)
