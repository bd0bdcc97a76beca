"""`definition --check DIR`: the lint alone, on files written earlier or edited by hand."""

from __future__ import annotations

from pathlib import Path

from cloudprep.core.definitions.cloud_values import definition_values
from cloudprep.core.definitions.files import ConnectorFile
from cloudprep.core.definitions.json_text import JsonText, JsonTextError, parse_json_bytes
from cloudprep.core.definitions.lint import lint_files
from cloudprep.core.definitions.source import (
    ConnectorSourceError,
    SourceFiles,
    read_source,
    read_source_bytes,
)
from cloudprep.core.findings import Finding
from cloudprep.core.models import Project
from cloudprep.errors import InputError


def read_definition_folder(folder: Path) -> dict[ConnectorFile, JsonText]:
    """The two files of a definition folder (their canonical names). Raises `InputError`."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    documents: dict[ConnectorFile, JsonText] = {}
    for kind in ConnectorFile:
        path = folder / kind.value
        if not path.is_file():
            raise InputError(
                f"{path}: missing", hints=["write it with cloudprep definition -o DIR"]
            )
        data = read_source_bytes(path)
        try:
            documents[kind] = parse_json_bytes(data)
        except JsonTextError as exc:
            raise InputError(f"{path}: {exc}") from None
    return documents


def check_folder(
    project: Project, project_file: Path, cloud_id: str, folder: Path, from_dir: Path | None
) -> list[Finding]:
    """Lint `folder`'s files for `cloud_id`, compared with the commercial source when it can
    be read (a schema mismatch the source has too is then CP803, not CP802)."""
    documents = read_definition_folder(folder)
    baseline: SourceFiles | None
    try:
        baseline = read_source(project.connector.source, project_file, from_dir)
    except ConnectorSourceError:
        baseline = None
    return lint_files(
        cloud_id,
        documents,
        baseline.documents if baseline else None,
        endpoint_confirmed=definition_values(project, cloud_id).endpoint_confirmed,
    )
