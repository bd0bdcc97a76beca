"""The connector source: where the imported files are, and whether they are still the same.

`init --from-connector` records `connector.source` (the folder relative to the project
file, and the SHA-256 of each file it read). `definition` reads the files back: a changed
file is a warning (CP804); a missing folder or file is an error naming the path and saying to
point at the folder with `--from DIR`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cloudprep.core.bounded_read import FileTooLarge, NotARegularFile, read_capped
from cloudprep.core.definitions.files import ConnectorFile
from cloudprep.core.definitions.json_text import JsonText, JsonTextError, parse_json_bytes
from cloudprep.core.findings import Finding
from cloudprep.core.models import ConnectorSource, SourceFile
from cloudprep.core.rules import definitions as rules
from cloudprep.core.urls import display_value
from cloudprep.errors import InputError

MAX_SOURCE_BYTES = 32 * 1024 * 1024
"""The same limit the import applies: larger files are not read."""


class ConnectorSourceError(InputError):
    """The connector source cannot be read (missing, moved, not JSON)."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_source(folder: Path, project_file: Path, files: list[Path]) -> ConnectorSource:
    """`connector.source` for `files` (read from `folder`) in a project saved at
    `project_file`: the folder relative to the project's folder, each file's SHA-256."""
    base = project_file.resolve().parent
    try:
        where = Path(os.path.relpath(folder.resolve(), base))
    except ValueError:  # another drive (Windows): no relative path exists
        where = folder.resolve()
    return ConnectorSource(
        folder=where.as_posix(),
        files=[
            SourceFile(
                path=path.relative_to(folder).as_posix(), sha256=sha256_of(path.read_bytes())
            )
            for path in files
        ],
    )


@dataclass(frozen=True)
class SourceFiles:
    """The commercial connector files, read and parsed, and the folder they are in."""

    folder: Path
    documents: dict[ConnectorFile, JsonText]
    names: dict[ConnectorFile, str]
    """The actual file name of each (real folders misspell them)."""
    findings: tuple[Finding, ...]


def read_source_bytes(path: Path) -> bytes:
    """A connector file's bytes, read no further than the limit (a huge file or a device
    is refused before it fills memory). Raises `ConnectorSourceError`."""
    try:
        return read_capped(path, max_bytes=MAX_SOURCE_BYTES, what="connector file")
    except FileTooLarge:
        raise ConnectorSourceError(f"{path}: larger than 32 MB; not read") from None
    except NotARegularFile as exc:
        raise ConnectorSourceError(str(exc)) from None
    except OSError as exc:
        raise ConnectorSourceError(
            f"{path}: cannot be read ({exc.strerror or type(exc).__name__})"
        ) from None


def _role(name: str) -> ConnectorFile | None:
    from cloudprep.core.connector_import import is_connector_file_name

    lower = name.lower()
    if not is_connector_file_name(name):
        return None
    return ConnectorFile.API_PROPERTIES if "propert" in lower else ConnectorFile.SWAGGER


def _hint() -> str:
    return "name the connector folder with --from DIR"


def read_source(
    source: ConnectorSource | None, project_file: Path, from_dir: Path | None
) -> SourceFiles:
    """Read the recorded source (or the folder `from_dir`). Raises `ConnectorSourceError`."""
    if from_dir is None and source is None:
        raise ConnectorSourceError(
            "connector.source is not set (the project was not imported from a connector folder)",
            hints=[_hint()],
        )
    folder = (
        from_dir
        if from_dir is not None
        else project_file.parent / (source.folder if source else "")
    )
    if not folder.is_dir():
        label = f"--from {folder}" if from_dir is not None else f"connector.source.folder {folder}"
        raise ConnectorSourceError(f"{label}: no such folder", hints=[_hint()])
    findings: list[Finding] = []
    recorded: list[tuple[str, str | None]]
    if source is not None and source.files:
        recorded = [(f.path, f.sha256) for f in source.files]
    else:
        recorded = [
            (p.name, None) for p in sorted(folder.iterdir()) if p.is_file() and _role(p.name)
        ]
    documents: dict[ConnectorFile, JsonText] = {}
    names: dict[ConnectorFile, str] = {}
    for relative, digest in recorded:
        path = folder / PurePosixPath(relative)
        if not path.is_file():
            raise ConnectorSourceError(
                f"{path}: missing (recorded in connector.source)", hints=[_hint()]
            )
        role = _role(path.name)
        if role is None or role in documents:
            continue
        data = read_source_bytes(path)
        if digest is not None and sha256_of(data) != digest:
            findings.append(
                rules.SOURCE_CHANGED.finding(
                    f"{display_value(relative)} changed since the import (its SHA-256 differs)",
                    path="connector.source",
                )
            )
        try:
            documents[role] = parse_json_bytes(data)
        except JsonTextError as exc:
            raise ConnectorSourceError(f"{path}: {exc}") from None
        names[role] = path.name
    if not documents:
        raise ConnectorSourceError(
            f"{folder}: holds neither apiProperties.json nor apiDefinition.swagger.json",
            hints=[_hint()],
        )
    return SourceFiles(folder=folder, documents=documents, names=names, findings=tuple(findings))


def other_files(folder: Path, names: dict[ConnectorFile, str]) -> list[Path]:
    """The folder's other files (icon, script.csx, README), copied unchanged."""
    used = set(names.values())
    return sorted(
        p for p in folder.iterdir() if p.is_file() and not p.is_symlink() and p.name not in used
    )
