"""Reading and writing `cloudprep.json`, atomically and with one-line errors."""

from __future__ import annotations

import codecs
import json
import os
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cloudprep.core.atomic_write import write_atomically
from cloudprep.core.field_path import shown_key
from cloudprep.core.json_limits import NotJsonNumber, lone_surrogate_path, reject_json_constant
from cloudprep.core.models import SCHEMA_VERSION, Project
from cloudprep.core.validation_errors import describe_validation_error
from cloudprep.errors import ProjectFileError

MAX_PROJECT_BYTES = 5 * 1024 * 1024


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj and key not in obj.duplicates:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


def _duplicate_key_path(document: Any) -> str | None:
    """The path of the first key given twice in one object (`ga.availability_pct`)."""
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, _JsonObject):
            if node.duplicates:
                shown = shown_key(node.duplicates[0])
                return f"{path}.{shown}" if path else shown
            children = [(f"{path}.{k}" if path else k, v) for k, v in node.items()]
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([(f"{path}[{i}]", v) for i, v in enumerate(node)]))
    return None


def parse_json_text(data: bytes, *, source: str, max_bytes: int) -> Any:
    """Decode UTF-8 (a BOM is allowed) JSON, mapping every failure to one message."""
    if len(data) > max_bytes:
        raise ProjectFileError(
            f"{source}: is {len(data)} bytes, more than the {max_bytes} a project file may be"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        raise ProjectFileError(
            f"{source}: is not UTF-8 text "
            + ("(it is UTF-16)" if utf16 else f"(bad byte at offset {exc.start})"),
            hints=["save the file as UTF-8"],
        ) from None
    if not text.strip():
        raise ProjectFileError(
            f"{source}: is empty, not a project",
            hints=["create one with: cloudprep init (or cloudprep init --demo)"],
        )
    from cloudprep.core.json_limits import json_shape_problem

    problem = json_shape_problem(text)
    if problem is not None:
        raise ProjectFileError(f"{source}: {problem}, more than a project file may")
    try:
        document = json.loads(
            text, object_pairs_hook=_object_pairs, parse_constant=reject_json_constant
        )
    except json.JSONDecodeError as exc:
        raise ProjectFileError(
            f"{source}: is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            hints=["fix the JSON syntax; your other values are kept as they are"],
        ) from None
    except RecursionError:
        raise ProjectFileError(f"{source}: JSON is nested too deeply") from None
    except ValueError as exc:
        # NaN/Infinity, or an integer too long to convert (more than 4300 digits).
        reason = str(exc) if isinstance(exc, NotJsonNumber) else "a number has too many digits"
        raise ProjectFileError(
            f"{source}: is not valid JSON: {reason}",
            hints=["write numbers as plain JSON numbers, or null when unknown"],
        ) from None
    surrogate = lone_surrogate_path(document, text)
    if surrogate is not None:
        raise ProjectFileError(
            f"{source}: {surrogate}: holds a lone surrogate (such as \\ud800), which is not text",
            hints=["retype the value; a \\uD800–\\uDFFF escape must come in a valid pair"],
        )
    duplicate = _duplicate_key_path(document)
    if duplicate is not None:
        raise ProjectFileError(
            f"{source}: {duplicate}: is given more than once; JSON readers disagree on "
            "which value wins",
            hints=["keep one of the values and remove the other"],
        )
    return document


def project_from_data(data: Any, *, source: str) -> Project:
    if not isinstance(data, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
            type(data), "a number"
        )
        raise ProjectFileError(f"{source}: must hold a JSON object, not {kind}")
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"{source}: schema_version {version} is newer than this cloudprep supports "
            f"({SCHEMA_VERSION})",
            hints=["upgrade cloudprep: pip install -U cloudprep"],
        )
    try:
        return Project.model_validate(data)
    except ValidationError as exc:
        problems = describe_validation_error(exc, data)
        first, rest = problems[0], problems[1:]
        raise ProjectFileError(
            f"{source}: {first}",
            hints=[*rest, "fix the field in the file (or in the wizard) and run again"],
        ) from None


def load_project(path: Path) -> Project:
    """Load and validate a project file; every failure is a `ProjectFileError`."""
    return parse_project(read_project_file(path), source=str(path))


def parse_project(data: bytes, *, source: str) -> Project:
    """Validate a project file's bytes (`source` names it in messages)."""
    document = parse_json_text(data, source=source, max_bytes=MAX_PROJECT_BYTES)
    return project_from_data(document, source=source)


def read_project_file(path: Path) -> bytes:
    """A project file's bytes; every failure to read it is a `ProjectFileError`."""
    from cloudprep.core.bounded_read import FileTooLarge, NotARegularFile, read_capped

    try:
        data = read_capped(path, max_bytes=MAX_PROJECT_BYTES, what="project file")
    except (NotARegularFile, FileTooLarge) as exc:
        raise ProjectFileError(exc.message) from None
    except FileNotFoundError:
        raise ProjectFileError(
            f"{path}: no such project file",
            hints=["create one with: cloudprep init (or cloudprep init --demo)"],
        ) from None
    except IsADirectoryError:
        raise ProjectFileError(f"{path}: is a folder, not a project file") from None
    except OSError as exc:
        raise ProjectFileError(f"{path}: cannot be read: {exc.strerror}") from None
    return data


def project_to_json(project: Project) -> str:
    document = project.model_dump(mode="json", by_alias=True)
    if document.get("$schema") is None:
        document.pop("$schema", None)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def save_project(project: Project, path: Path) -> str:
    """Write the project atomically: the old file survives any failure. A symlinked project
    file is written at its target (the link stays), and an existing file keeps its mode
    (a 0600 file stays 0600). Returns the text written."""
    text = project_to_json(project)
    try:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o644
        write_atomically(target, text.encode("utf-8"), mode=mode)
    except OSError as exc:
        raise ProjectFileError(f"{path}: cannot be written: {exc.strerror}") from None
    return text
