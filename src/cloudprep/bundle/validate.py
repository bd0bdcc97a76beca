"""Re-validating a bundle (PRODUCT §9): integrity, re-derivation, leaks, and the keyring.

`validate_bundle` reads the bundle safely (`open_bundle_safely`), then answers every bundle
that parses with findings: the CP6xx integrity findings, and the findings re-derived from
the embedded project (what the request still lacks). Only unsafe or unparseable input
raises (`BundleUnreadable`, exit 2); `--check-keyring` on a machine without a usable keyring
raises `KeyringUnavailable` (exit 3). UI-free and thread-safe: the wizard calls it from a
worker.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cloudprep import __version__
from cloudprep.bundle.archive import (
    MAX_FILES,
    BundleFiles,
    BundleUnreadable,
    open_bundle_safely,
)
from cloudprep.bundle.definition_files import definition_clouds, is_definition_file
from cloudprep.bundle.document import (
    BUNDLE_FILES,
    BUNDLE_FORMAT_VERSION,
    MANIFEST_JSON,
    MANIFEST_SCHEMA_VERSION,
    RENDERABLE_FORMATS,
    SUBMISSION_JSON,
    SUBMISSION_MD,
    ManifestDocument,
    SubmissionDocument,
    build_document,
    document_data,
)
from cloudprep.bundle.json_locator import JsonLocator
from cloudprep.bundle.locate import scan_bundle_texts
from cloudprep.bundle.render import render_submission_md
from cloudprep.bundle.secret_source import KeyringReader
from cloudprep.core.catalog import CloudCatalog, load_catalog
from cloudprep.core.evaluation import ProjectEvaluation, evaluate_project
from cloudprep.core.field_path import format_field_path
from cloudprep.core.findings import MESSAGE_LIMIT, Finding
from cloudprep.core.leaks import KnownSecret
from cloudprep.core.rules.base import Rule
from cloudprep.core.rules.bundle import (
    CHECKLIST_DIFFERS,
    DECLARED_SECRET_NOT_IN_KEYRING,
    DOCUMENT_INVALID,
    FILE_CHANGED,
    FILE_EXTRA,
    FILE_MISSING,
    FINDINGS_DIFFER,
    GA_DIFFERS,
    MANIFEST_INVALID,
    NEWER_SCHEMA,
    OTHER_VERSION,
    REQUIREMENTS_DIFFER,
    SECRETS_DIFFER,
    SUBMISSION_MD_DIFFERS,
)
from cloudprep.core.rules.secrets import secret_path
from cloudprep.core.secret_needs import SecretKind
from cloudprep.core.validation_errors import describe_validation_error
from cloudprep.errors import KeyringUnavailable

_VERSION_TEXT = re.compile(r"[0-9][0-9A-Za-z.+-]{0,30}")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
MAX_JSON_DEPTH = 64
"""Far deeper than any bundle file; deeper JSON is refused before any model sees it."""
_SHOWN_VALUE_CHARS = 60
MAX_LEAKS_LISTED = 20
"""Leak findings listed for one file; the last of them counts the rest."""


class LocatedFinding:
    """A finding and where it is in the bundle: the file (relative) and, where the offending
    value exists in that file, its 1-based line (looked up on first use: text output never
    needs it)."""

    __slots__ = ("_field", "_line", "_lines", "file", "finding")

    def __init__(
        self,
        finding: Finding,
        file: str,
        line: int | None = None,
        *,
        field: str | None = None,
        lines: _Collector | None = None,
    ) -> None:
        self.finding = finding
        self.file = file
        self._line = line
        self._field = field
        self._lines = lines

    @property
    def line(self) -> int | None:
        if self._line is None and self._field is not None and self._lines is not None:
            self._line = self._lines.line_of(self.file, self._field)
            self._field = None
        return self._line

    def __repr__(self) -> str:
        return f"LocatedFinding({self.finding.rule}, {self.file!r}, line={self.line})"


@dataclass(frozen=True)
class ValidationReport:
    source: Path
    kind: str
    """"zip" or "folder"."""
    files: tuple[str, ...]
    results: tuple[LocatedFinding, ...]
    """Every finding, integrity (CP6xx) first, then the re-derived project findings."""
    document: SubmissionDocument | None
    """The stored submission.json, when it matches the schema."""
    evaluation: ProjectEvaluation | None
    """The re-derivation from the embedded project, when it could be made."""
    made_by: str | None = None
    """The cloudprep version that exported the bundle, when known."""
    validated_by: str = __version__
    texts: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def findings(self) -> list[Finding]:
        return [r.finding for r in self.results]


def validate_bundle(
    path: Path,
    *,
    check_keyring: KeyringReader | None = None,
    catalog: CloudCatalog | None = None,
) -> ValidationReport:
    """Re-validate the bundle at `path` (a folder or a zip). See the module docstring."""
    return validate_bundle_files(
        open_bundle_safely(path), check_keyring=check_keyring, catalog=catalog
    )


def _decode(name: str, data: bytes, source: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        why = "it is UTF-16" if utf16 else f"bad byte at offset {exc.start}"
        raise BundleUnreadable(f"{source}: {name} is not UTF-8 text ({why})") from None


class _Pairs:
    """json's `object_pairs_hook`: a dict, noting the first key an object repeats (JSON
    readers disagree on which value of a repeated key counts, so the stored file is
    ambiguous)."""

    def __init__(self) -> None:
        self.repeated: str | None = None

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data = dict(pairs)
        if len(data) != len(pairs) and self.repeated is None:
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.repeated = key
                    break
                seen.add(key)
        return data


@dataclass(frozen=True)
class _Parsed:
    data: Any
    repeated: str | None
    """A key that some object holds twice, if any."""


def _parse_json(name: str, text: str, source: Path) -> _Parsed:
    from cloudprep.core.json_limits import json_shape_problem, lone_surrogate_path

    problem = json_shape_problem(text)
    if problem is not None:
        # Before parsing: a key bomb within the byte caps would take gigabytes to parse.
        raise BundleUnreadable(f"{source}: {name} {problem}; refused unread")
    pairs = _Pairs()
    try:
        data = json.loads(text.removeprefix("\ufeff"), object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise BundleUnreadable(
            f"{source}: {name} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}"
        ) from None
    except RecursionError:
        raise BundleUnreadable(f"{source}: {name} is JSON nested too deeply") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise BundleUnreadable(
            f"{source}: {name} holds a value that cannot be read: {exc}"
        ) from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise BundleUnreadable(
            f"{source}: {name} is JSON nested more than {MAX_JSON_DEPTH} levels deep"
        )
    surrogate = lone_surrogate_path(data, text)
    if surrogate is not None:
        # Not text: it could be neither scanned for leaks nor printed in any format.
        raise BundleUnreadable(
            f"{source}: {name}: {surrogate} holds a lone surrogate (such as \\ud800), which "
            "is not text"
        )
    return _Parsed(data, pairs.repeated)


def _repeated_key(name: str, key: str) -> str:
    shown = _short(key)
    return (
        f"{name} holds the key {shown} twice in one object; JSON readers disagree on which "
        "value counts, so nothing in it is trusted"
    )


def _depth(data: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return deepest
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


class _Collector:
    """Findings with their places, and the lazily built locators of the JSON files."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.results: list[LocatedFinding] = []
        self._locators: dict[str, JsonLocator] = {}

    def locator(self, name: str) -> JsonLocator | None:
        if name not in self.texts or not name.endswith(".json"):
            return None
        if name not in self._locators:
            self._locators[name] = JsonLocator(self.texts[name])
        return self._locators[name]

    def line_of(self, name: str, json_path: str) -> int | None:
        locator = self.locator(name)
        return locator.nearest_line(json_path) if locator else None

    def add(
        self, finding: Finding, file: str, line: int | None = None, field: str | None = None
    ) -> None:
        self.results.append(LocatedFinding(finding, file, line, field=field, lines=self))

    def rule(
        self,
        rule: Rule,
        message: str,
        *,
        file: str,
        field: str | None = None,
        line: int | None = None,
        cloud: str | None = None,
    ) -> None:
        path = f"{file}:{field}" if field else file
        self.add(rule.finding(message, path=path, cloud=cloud), file, line, field)


def validate_bundle_files(
    bundle: BundleFiles,
    *,
    check_keyring: KeyringReader | None = None,
    catalog: CloudCatalog | None = None,
) -> ValidationReport:
    """`validate_bundle` on a bundle already read into memory."""
    catalog = catalog or load_catalog()
    files = bundle.files
    known = {SUBMISSION_JSON, SUBMISSION_MD, MANIFEST_JSON}
    if not known & set(files):
        raise BundleUnreadable(
            f"{bundle.source}: is not a cloudprep bundle (no submission.json, SUBMISSION.md "
            "or manifest.json)",
            hints=["make one with: cloudprep bundle PROJECT -o OUT"],
        )
    texts: dict[str, str] = {}
    for name in sorted(files):
        if name in known:
            texts[name] = _decode(name, files[name], bundle.source)
        else:  # an extra file is reported, and still scanned for leaks
            texts[name] = files[name].decode("utf-8", errors="replace")
    parsed = {
        name: _parse_json(name, texts[name], bundle.source)
        for name in (MANIFEST_JSON, SUBMISSION_JSON)
        if name in texts
    }
    out = _Collector(texts)
    _check_manifest(out, files, parsed.get(MANIFEST_JSON))
    _check_submission_md_is_there(out, files)
    document, made_by = _read_document(out, parsed.get(SUBMISSION_JSON))
    evaluation: ProjectEvaluation | None = None
    secrets: tuple[KnownSecret, ...] = ()
    if document is not None:
        evaluation = _rederive(out, document, catalog)
        if check_keyring is not None:
            secrets = _check_keyring(out, document, check_keyring)
    if definition_clouds(files):
        # The lint (schemas, per-cloud values) loads only for a bundle that has the files.
        from cloudprep.bundle.definitions import lint_bundle_definitions

        for finding, name in lint_bundle_definitions(files):
            out.add(finding, name)
    for leak in scan_bundle_texts(texts, secrets, per_file=MAX_LEAKS_LISTED):
        out.add(leak.finding(), leak.file, leak.line)
    integrity = list(out.results)
    project_findings: list[LocatedFinding] = []
    if evaluation is not None:
        for finding in evaluation.findings:
            project_findings.append(
                LocatedFinding(
                    finding, SUBMISSION_JSON, field=_finding_json_path(finding), lines=out
                )
            )
    return ValidationReport(
        source=bundle.source,
        kind=bundle.kind,
        files=tuple(sorted(files)),
        results=tuple(integrity + project_findings),
        document=document,
        evaluation=evaluation,
        made_by=made_by,
        texts=texts,
    )


def _check_submission_md_is_there(out: _Collector, files: dict[str, bytes]) -> None:
    """SUBMISSION.md is the request itself: missing, it is an error even when the manifest
    was edited not to list it (the manifest check reports it only when it is listed)."""
    if SUBMISSION_MD in files or any(
        r.file == SUBMISSION_MD and r.finding.rule == FILE_MISSING.id for r in out.results
    ):
        return
    out.rule(
        FILE_MISSING,
        "SUBMISSION.md, the request the reviewer reads, is not in the bundle",
        file=SUBMISSION_MD,
    )


def _finding_json_path(finding: Finding) -> str:
    """Where a project finding's field sits in submission.json."""
    for kind in SecretKind:
        if finding.cloud and finding.path == secret_path(finding.cloud, kind):
            return f"secrets.clouds.{finding.cloud}.{kind.value}"
    return f"project.{finding.path}" if finding.path else "project"


# --- the manifest ---------------------------------------------------------------------------


def _version(data: Any) -> int | None:
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool):
        return version
    return None


def _newer(data: Any) -> int | None:
    version = _version(data)
    return version if version is not None and version > MANIFEST_SCHEMA_VERSION else None


def _cannot_verify(version: int, made_by: str | None) -> str:
    """Why a bundle format cannot be verified here, and which cloudprep can."""
    # The claimed maker is only a suggestion (it may be forged); the error stands anyway.
    claimed = made_by if made_by and _VERSION_TEXT.fullmatch(made_by) else None
    if version > BUNDLE_FORMAT_VERSION:
        use = f"use cloudprep ≥ {claimed}" if claimed else "use a newer cloudprep"
    else:
        # No older renderer is kept: the format that read the live catalog was not verifiable.
        use = (
            f"export it again (it says cloudprep {claimed} made it)"
            if claimed
            else ("export it again")
        )
    return (
        f"cannot verify: bundle format {_short(version)} (this cloudprep {__version__} renders "
        f"format {BUNDLE_FORMAT_VERSION}); {use}"
    )


def _check_manifest(out: _Collector, files: dict[str, bytes], parsed: _Parsed | None) -> None:
    if parsed is None:
        out.rule(
            MANIFEST_INVALID,
            "manifest.json is missing, so no file's checksum can be checked",
            file=MANIFEST_JSON,
        )
        return
    data = parsed.data
    if parsed.repeated is not None:
        out.rule(
            MANIFEST_INVALID, _repeated_key(MANIFEST_JSON, parsed.repeated), file=MANIFEST_JSON
        )
        return
    if (version := _newer(data)) is not None:
        out.rule(
            NEWER_SCHEMA,
            f"manifest.json has schema_version {_short(version)}; this cloudprep "
            f"{__version__} reads up to {MANIFEST_SCHEMA_VERSION}",
            file=MANIFEST_JSON,
            field="schema_version",
        )
        return
    try:
        manifest = ManifestDocument.model_validate(data)
    except ValidationError as exc:
        problems = describe_validation_error(exc, data)
        field = problems[0].split(":", 1)[0]
        out.rule(
            MANIFEST_INVALID,
            f"manifest.json does not match its schema: {'; '.join(problems[:3])}",
            file=MANIFEST_JSON,
            field=None if field == "(top level)" else field,
        )
        return
    if len(manifest.files) > MAX_FILES:
        # Each name would be a finding of its own: one line says it all.
        out.rule(
            MANIFEST_INVALID,
            f"manifest.json lists {len(manifest.files)} files; a bundle holds at most "
            f"{MAX_FILES}, so no file's checksum is trusted",
            file=MANIFEST_JSON,
            field="files",
        )
        return
    for name, expected in manifest.files.items():
        if name not in BUNDLE_FILES and not is_definition_file(name):
            # Only cloudprep's own files belong in a bundle: a name the export never writes
            # was added by hand, even when the manifest was edited to list it.
            if name in files:
                out.rule(
                    FILE_EXTRA,
                    f"{name} is not a file cloudprep bundle writes: manifest.json was edited "
                    "to list it",
                    file=name,
                )
            else:
                out.rule(
                    MANIFEST_INVALID,
                    f"manifest.json lists {_short(name)}, which is not a file of the bundle "
                    "(cloudprep bundle never writes it)",
                    file=MANIFEST_JSON,
                )
        elif name not in files:
            out.rule(
                FILE_MISSING,
                f"{name} is listed in manifest.json but is not in the bundle",
                file=name,
            )
        elif not _SHA256.fullmatch(expected):
            # Not "it changed after export": the manifest itself is malformed.
            out.rule(
                MANIFEST_INVALID,
                f"manifest.json's checksum for {name} is not a SHA-256 (64 hex digits)",
                file=MANIFEST_JSON,
                field=format_field_path(("files", name)),
            )
        elif hashlib.sha256(files[name]).hexdigest() != expected.lower():
            out.rule(
                FILE_CHANGED,
                f"{name} does not match its SHA-256 in manifest.json: it changed after export",
                file=name,
            )
    for name in sorted(files):
        if name != MANIFEST_JSON and name not in manifest.files:
            out.rule(FILE_EXTRA, f"{name} is in the bundle but not in manifest.json", file=name)


# --- submission.json ------------------------------------------------------------------------


def _read_document(
    out: _Collector, parsed: _Parsed | None
) -> tuple[SubmissionDocument | None, str | None]:
    if parsed is None:
        out.rule(
            DOCUMENT_INVALID,
            "submission.json is missing, so nothing can be re-derived",
            file=SUBMISSION_JSON,
        )
        return None, None
    data = parsed.data
    made_by = _made_by(data)
    if parsed.repeated is not None:
        out.rule(
            DOCUMENT_INVALID, _repeated_key(SUBMISSION_JSON, parsed.repeated), file=SUBMISSION_JSON
        )
        return None, made_by
    version = _version(data)
    if version is not None and version not in RENDERABLE_FORMATS:
        # Whatever tool version the bundle claims: what this cloudprep cannot render, it
        # cannot verify, and an unverified SUBMISSION.md is an error, never a pass.
        out.rule(
            NEWER_SCHEMA,
            _cannot_verify(version, made_by),
            file=SUBMISSION_JSON,
            field="schema_version",
        )
        return None, made_by
    try:
        return SubmissionDocument.model_validate(data), made_by
    except ValidationError as exc:
        problems = describe_validation_error(exc, data)
        first_field = problems[0].split(":", 1)[0]
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        out.rule(
            DOCUMENT_INVALID,
            f"submission.json does not match the bundle schema: {problems[0]}{more}",
            file=SUBMISSION_JSON,
            field=None if first_field == "(top level)" else first_field,
        )
        return None, made_by


def _made_by(data: Any) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("tool"), dict):
        version = data["tool"].get("version")
        if isinstance(version, str) and len(version) <= 40:
            return version
    return None


# --- re-derivation --------------------------------------------------------------------------


def _first_difference(stored: Any, derived: Any, path: tuple[str | int, ...]) -> tuple[str, str]:
    """The first place two JSON values differ, and a short description of how."""
    if isinstance(stored, dict) and isinstance(derived, dict):
        for key in [*derived, *(k for k in stored if k not in derived)]:
            if key not in stored:
                return format_field_path((*path, key)), "missing from the stored file"
            if key not in derived:
                return format_field_path((*path, key)), "not expected"
            if stored[key] != derived[key]:
                return _first_difference(stored[key], derived[key], (*path, key))
    if isinstance(stored, list) and isinstance(derived, list):
        for i, (a, b) in enumerate(zip(stored, derived, strict=False)):
            if a != b:
                return _first_difference(a, b, (*path, i))
        return (
            format_field_path(path),
            f"{len(stored)} stored, {len(derived)} re-derived",
        )
    return format_field_path(path), f"stored {_short(stored)}, re-derived {_short(derived)}"


def _short(value: Any) -> str:
    if isinstance(value, dict | list):
        return "a different " + ("object" if isinstance(value, dict) else "list")
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN_VALUE_CHARS else text[: _SHOWN_VALUE_CHARS - 1] + "…"


def _rederive(
    out: _Collector, document: SubmissionDocument, catalog: CloudCatalog
) -> ProjectEvaluation | None:
    presence = document.secrets.to_presence()
    # The recorded export date, never the clock: a bundle re-validated next year still
    # derives what it derived on the day it was made.
    evaluation = evaluate_project(
        document.project,
        presence=presence,
        reference_date=document.export_date,
        catalog=catalog,
    )
    # What this version derives, stamped like the stored one, so that only real differences
    # show.
    expected = build_document(
        document.project,
        evaluation,
        presence,
        tool_version=document.tool.version,
        created=document.created,
        catalog=catalog,
        preflight=document.preflight,  # declared at export, like presence: never re-derived
    )
    stored_data = document_data(document)
    expected_data = document_data(expected)
    same_version = document.tool.version == __version__
    sections = (
        ("findings", FINDINGS_DIFFER, "the stored findings"),
        ("ga", GA_DIFFERS, "the stored GA evaluation"),
        ("ga_as_of", GA_DIFFERS, "the stored GA date"),
        ("checklist", CHECKLIST_DIFFERS, "the stored checklist"),
        ("secrets", SECRETS_DIFFER, "the declared secrets"),
        ("clouds", REQUIREMENTS_DIFFER, "the stored cloud requirements"),
    )
    for key, rule, label in sections:
        if stored_data[key] == expected_data[key]:
            continue
        where, how = _first_difference(stored_data[key], expected_data[key], (key,))
        _difference(
            out,
            rule,
            same_version,
            document,
            f"{label} differ at {where}",
            detail=how,
            file=SUBMISSION_JSON,
            field=where,
        )
    # SUBMISSION.md is what the reviewer reads: it must be exactly what the bundle's own
    # format renders from the stored submission.json, whatever tool version is claimed.
    rendered = render_submission_md(document, definitions=definition_clouds(out.texts))
    stored_md = out.texts.get(SUBMISSION_MD)
    if stored_md is not None and stored_md != rendered:
        line = _first_different_line(stored_md, rendered)
        out.rule(
            SUBMISSION_MD_DIFFERS,
            f"SUBMISSION.md differs from the rendering of submission.json from line {line}",
            file=SUBMISSION_MD,
            line=line,
        )
    return evaluation


def _difference(
    out: _Collector,
    rule: Rule,
    same_version: bool,
    document: SubmissionDocument,
    message: str,
    *,
    detail: str,
    file: str,
    field: str | None = None,
    line: int | None = None,
) -> None:
    """`message: detail`, without the detail when that would pass the length bound (the
    values stay in the file the finding points at)."""
    if not same_version:
        rule = OTHER_VERSION
        message = (
            f"made by cloudprep {document.tool.version}; re-derived with {__version__}: {message}"
        )
    full = f"{message}: {detail}"
    out.rule(
        rule, full if len(full) <= MESSAGE_LIMIT else message, file=file, field=field, line=line
    )


def _first_different_line(stored: str, rendered: str) -> int:
    stored_lines = stored.split("\n")
    rendered_lines = rendered.split("\n")
    for i, (a, b) in enumerate(zip(stored_lines, rendered_lines, strict=False), start=1):
        if a != b:
            return i
    return min(len(stored_lines), len(rendered_lines)) + (
        0 if len(stored_lines) == len(rendered_lines) else 1
    )


# --- the keyring ----------------------------------------------------------------------------


def _check_keyring(
    out: _Collector, document: SubmissionDocument, reader: KeyringReader
) -> tuple[KnownSecret, ...]:
    """Compare declared presence with this machine's keyring; return the values to scan for.
    Raises `KeyringUnavailable` when the keyring cannot be used."""
    view = reader(document.project)
    live = view.presence
    if live.state.value == "unavailable":
        raise KeyringUnavailable(live.problem or "the keyring is unavailable", hints=live.remedy)
    for cloud, entries in document.secrets.clouds.items():
        for kind, entry in entries.items():
            if entry.present is True and live.is_present(cloud, kind) is not True:
                out.rule(
                    DECLARED_SECRET_NOT_IN_KEYRING,
                    f"the bundle says the {kind.label} for {cloud} is stored, but it is not in "
                    "this machine's keyring",
                    file=SUBMISSION_JSON,
                    field=f"secrets.clouds.{cloud}.{kind.value}",
                    cloud=cloud,
                )
    return view.secrets
