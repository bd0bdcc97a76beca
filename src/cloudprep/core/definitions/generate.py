"""A cloud's connector definition: transform the source, lint the result, diff it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from cloudprep.core.definitions.cloud_values import definition_values
from cloudprep.core.definitions.files import ConnectorFile
from cloudprep.core.definitions.json_text import JsonText, parse_json_bytes
from cloudprep.core.definitions.lint import lint_files
from cloudprep.core.definitions.source import SourceFiles
from cloudprep.core.definitions.transform import Change, transform_files
from cloudprep.core.findings import Finding, sort_findings
from cloudprep.core.models import Project


@dataclass(frozen=True)
class Definition:
    cloud_id: str
    files: dict[ConnectorFile, bytes]
    """Each file as written (canonical name → bytes), BOM and line endings as in the source."""
    changes: tuple[Change, ...]
    findings: tuple[Finding, ...]
    """The source's, the transform's and the lint's findings, in `sort_findings` order."""
    shown_sources: dict[ConnectorFile, str]
    """The commercial texts the diff compares with, any secret masked."""


def generate_definition(project: Project, cloud_id: str, source: SourceFiles) -> Definition:
    values = definition_values(project, cloud_id)
    made = transform_files(values, source.documents)
    parsed = {kind: parse_json_bytes(data) for kind, data in made.files.items()}
    lint = lint_files(
        cloud_id,
        parsed,
        baseline=source.documents,
        endpoint_confirmed=values.endpoint_confirmed,
    )
    return Definition(
        cloud_id=cloud_id,
        files=made.files,
        changes=made.changes,
        findings=tuple(sort_findings([*source.findings, *made.findings, *lint])),
        shown_sources=made.shown_sources,
    )


def definition_diff(source: SourceFiles, definition: Definition) -> str:
    """A unified diff of each file against the commercial one (empty when nothing changed)."""
    parts: list[str] = []
    for kind, data in definition.files.items():
        before = definition.shown_sources[kind]
        after = parse_json_bytes(data).text
        lines = difflib.unified_diff(
            _lines(before),
            _lines(after),
            fromfile=f"commercial/{source.names[kind]}",
            tofile=f"{definition.cloud_id}/{kind.value}",
        )
        parts.extend(lines)
    return "".join(parts)


def _lines(text: str) -> list[str]:
    # Lines as a text editor counts them: split at "\n" only (str.splitlines also breaks at
    # U+2028, form feeds and a lone "\r", which would shift every hunk's line numbers).
    lines = _newline_lines(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def _newline_lines(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


def parsed_files(files: dict[ConnectorFile, bytes]) -> dict[ConnectorFile, JsonText]:
    return {kind: parse_json_bytes(data) for kind, data in files.items()}
