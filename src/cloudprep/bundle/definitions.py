"""Per-cloud connector definitions in a bundle (`bundle --with-definitions`, PRODUCT §9, §14).

The bundle holds `clouds/<id>/apiProperties.json` and `clouds/<id>/apiDefinition.swagger.json`
for every target cloud, listed in the manifest like every other file. `validate` checks their
hashes (the manifest) and runs the lint again; it cannot make them again, because the
connector source is not in the bundle, and it says so (CP812).
"""

from __future__ import annotations

from pathlib import Path

from cloudprep.bundle.definition_files import definition_clouds, definition_file_name
from cloudprep.core.definitions.files import ConnectorFile
from cloudprep.core.definitions.generate import generate_definition
from cloudprep.core.definitions.json_text import JsonText, JsonTextError, parse_json_bytes
from cloudprep.core.definitions.lint import lint_files
from cloudprep.core.definitions.source import read_source
from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding
from cloudprep.core.models import Project
from cloudprep.core.rules import definitions as rules


def definition_files(
    project: Project, project_file: Path
) -> tuple[dict[str, bytes], list[Finding]]:
    """Every target cloud's two files, by bundle name, and the findings made with them.
    Raises `ConnectorSourceError` when the recorded source cannot be read."""
    source = read_source(project.connector.source, project_file, None)
    files: dict[str, bytes] = {}
    findings: list[Finding] = []
    for cloud_id in project.target_cloud_ids():
        definition = generate_definition(project, cloud_id, source)
        for kind, data in definition.files.items():
            files[definition_file_name(cloud_id, kind)] = data
        findings.extend(definition.findings)
    return files, findings


def lint_bundle_definitions(files: dict[str, bytes]) -> list[tuple[Finding, str]]:
    """The lint of every definition file in a bundle, each finding with its bundle file."""
    found: list[tuple[Finding, str]] = []
    for cloud_id in definition_clouds(files):
        documents: dict[ConnectorFile, JsonText] = {}
        for kind in ConnectorFile:
            name = definition_file_name(cloud_id, kind)
            if name not in files:
                continue  # the manifest check reports it
            try:
                documents[kind] = parse_json_bytes(files[name])
            except JsonTextError as exc:
                found.append(
                    (
                        rules.SCHEMA_MISMATCH.finding(
                            f"{name} {exc}", path=FieldPath(name), cloud=cloud_id
                        ),
                        name,
                    )
                )
        for finding in lint_files(cloud_id, documents):
            # Located in the bundle: clouds/<id>/apiProperties.json#/pointer.
            name = f"clouds/{cloud_id}/{finding.path}"
            found.append((finding._replace(path=FieldPath(name)), name.split("#", 1)[0]))
        found.append(
            (
                rules.DEFINITIONS_NOT_REDERIVED.finding(
                    "the connector files were linted and their hashes checked; they cannot be "
                    "made again here, because the connector source is not in the bundle",
                    path=FieldPath(f"clouds/{cloud_id}"),
                    cloud=cloud_id,
                ),
                definition_file_name(cloud_id, ConnectorFile.API_PROPERTIES),
            )
        )
    return found
