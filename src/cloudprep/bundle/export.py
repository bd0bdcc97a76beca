"""Exporting a submission bundle: build in memory, scan, then write atomically.

Nothing touches the disk until the whole bundle is built and the leak scan is clean. The
bundle is then written next to OUT and renamed into place, so OUT is always either absent,
the previous bundle, or the complete new one. UI-free and thread-safe: the wizard calls
`export_bundle` from a worker.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cloudprep import __version__
from cloudprep.bundle.definition_files import definition_clouds
from cloudprep.bundle.document import (
    BUNDLE_FILES,
    MANIFEST_JSON,
    SUBMISSION_JSON,
    SUBMISSION_MD,
    ManifestDocument,
    SubmissionDocument,
    build_document,
    document_data,
    dumps,
)
from cloudprep.bundle.folder_swap import (
    leftover_name,
    recover_interrupted,
    remove_tree,
    swap_in,
)
from cloudprep.bundle.locate import LeakLocation, scan_bundle_texts
from cloudprep.bundle.render import render_submission_md
from cloudprep.core.atomic_write import fsync_directory
from cloudprep.core.catalog import CloudCatalog
from cloudprep.core.evaluation import ProjectEvaluation, evaluate_project
from cloudprep.core.findings import Finding
from cloudprep.core.leaks import KnownSecret
from cloudprep.core.models import Project
from cloudprep.core.secret_needs import SecretPresence
from cloudprep.errors import InputError, OutputExistsError, SecretLeakRefused, UsageError
from cloudprep.preflight.record import EmbeddedPreflight

FILE_MODE = 0o644
FOLDER_MODE = 0o755
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)
_ZIP_END = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)


class BundleLeakRefused(SecretLeakRefused):
    """The bundle would contain a secret; nothing was written (exit 4)."""

    def __init__(self, leaks: list[LeakLocation]) -> None:
        # A field of submission.json names the project field to fix: lead with those.
        leaks = sorted(leaks, key=lambda leak: leak.field is None)
        first = leaks[0]
        more = f" (and {len(leaks) - 1} more)" if len(leaks) > 1 else ""
        hints = [f"also: {leak.what} at {leak.where}" for leak in leaks[1:6]]
        hints.append(first.finding().hint)
        super().__init__(
            f"refused: the bundle would contain {first.what} at {first.where}{more}; "
            "nothing was written",
            hints=hints,
        )
        self.leaks = tuple(leaks)


@dataclass(frozen=True)
class BuiltBundle:
    """A bundle in memory: its document, its files' bytes (by name) and the evaluation."""

    document: SubmissionDocument
    files: dict[str, bytes]
    evaluation: ProjectEvaluation


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    """"zip" or "folder"."""
    files: tuple[str, ...]
    document: SubmissionDocument
    evaluation: ProjectEvaluation
    replaced: bool
    """True when an existing OUT was replaced (--force)."""

    @property
    def findings(self) -> list[Finding]:
        return self.evaluation.findings


def manifest_for(files: dict[str, bytes]) -> ManifestDocument:
    return ManifestDocument(
        files={name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    )


def build_bundle(
    project: Project,
    *,
    presence: SecretPresence,
    created: datetime,
    tool_version: str = __version__,
    catalog: CloudCatalog | None = None,
    preflight: EmbeddedPreflight | None = None,
    definitions: dict[str, bytes] | None = None,
    stored_values_scanned: bool = True,
) -> BuiltBundle:
    """Every file of the bundle, in memory; deterministic for the same arguments. `created`
    is the moment of export (SOURCE_DATE_EPOCH or the clock); its UTC date is "today" for
    every date-dependent rule."""
    created = created.astimezone(UTC).replace(microsecond=0)
    evaluation = evaluate_project(
        project, presence=presence, reference_date=created.date(), catalog=catalog
    )
    document = build_document(
        project,
        evaluation,
        presence,
        tool_version=tool_version,
        created=created,
        catalog=catalog,
        preflight=preflight,
        stored_values_scanned=stored_values_scanned,
    )
    definitions = definitions or {}  # clouds/<id>/…: `bundle --with-definitions`
    markdown = render_submission_md(document, definitions=definition_clouds(definitions))
    content = {
        SUBMISSION_JSON: dumps(document_data(document)),
        SUBMISSION_MD: markdown.encode("utf-8"),
        **definitions,
    }
    files = {**content, MANIFEST_JSON: dumps(manifest_for(content).model_dump(mode="json"))}
    return BuiltBundle(document, {name: files[name] for name in sorted(files)}, evaluation)


def request_text(
    project: Project,
    *,
    presence: SecretPresence,
    created: datetime,
    known_secrets: Iterable[KnownSecret] = (),
    catalog: CloudCatalog | None = None,
    preflight: EmbeddedPreflight | None = None,
) -> str:
    """SUBMISSION.md as `export_bundle` would write it, without writing anything. The whole
    bundle is built and scanned, so a secret anywhere in it refuses the text too
    (`BundleLeakRefused`)."""
    built = build_bundle(
        project, presence=presence, created=created, catalog=catalog, preflight=preflight
    )
    leaks = find_leaks(built.files, known_secrets)
    if leaks:
        raise BundleLeakRefused(leaks)
    return built.files[SUBMISSION_MD].decode("utf-8")


def find_leaks(files: dict[str, bytes], secrets: Iterable[KnownSecret]) -> list[LeakLocation]:
    texts = {name: data.decode("utf-8") for name, data in files.items()}
    return scan_bundle_texts(texts, secrets)


def export_bundle(
    project: Project,
    out: Path,
    *,
    presence: SecretPresence,
    created: datetime,
    known_secrets: Iterable[KnownSecret] = (),
    force: bool = False,
    catalog: CloudCatalog | None = None,
    preflight: EmbeddedPreflight | None = None,
    definitions: dict[str, bytes] | None = None,
    stored_values_scanned: bool = True,
) -> ExportResult:
    """Build, scan and write the bundle to OUT (a folder, or a zip when OUT ends in .zip).

    Raises `BundleLeakRefused` (a secret would be written; nothing was), `OutputExistsError`
    (OUT exists and `force` is False, or OUT cannot safely be replaced) and `UsageError`
    (OUT's folder does not exist or cannot be written). Error findings do not block it.
    `stored_values_scanned` False (`--no-keyring`) is recorded in submission.json: only the
    patterns could be checked.
    """
    as_zip = out.name.lower().endswith(".zip")
    if (out.parent if str(out.parent) else Path()).is_dir():
        recover_interrupted(out)  # a run killed mid-swap: restore OUT, drop its leftovers
    replaced = _check_target(out, as_zip=as_zip, force=force)
    built = build_bundle(
        project,
        presence=presence,
        created=created,
        catalog=catalog,
        definitions=definitions,
        preflight=preflight,
        stored_values_scanned=stored_values_scanned,
    )
    _checkpoint("built")
    leaks = find_leaks(built.files, known_secrets)
    if leaks:
        raise BundleLeakRefused(leaks)
    _check_readable_size(built.files)
    _checkpoint("scanned")
    timestamp = built.document.created
    try:
        if as_zip:
            _write_zip(out, built.files, timestamp)
        else:
            _write_folder(out, built.files, timestamp)
    except OSError as exc:
        raise UsageError(
            f"{out}: cannot be written: {exc.strerror or exc}",
            hints=["nothing was changed at OUT; check the folder's permissions and free space"],
        ) from None
    return ExportResult(
        path=out,
        kind="zip" if as_zip else "folder",
        files=tuple(built.files),
        document=built.document,
        evaluation=built.evaluation,
        replaced=replaced,
    )


def _check_readable_size(files: dict[str, bytes]) -> None:
    """Refuse a bundle that `validate` would refuse to read (it caps each file and the
    total, against archive bombs): writing it would hand over what cannot be checked."""
    from cloudprep.bundle import archive

    for name, data in files.items():
        if len(data) > archive.MAX_FILE_BYTES:
            raise InputError(
                f"{name} would be {len(data)} bytes, more than the {archive.MAX_FILE_BYTES} "
                "cloudprep validate reads; nothing was written",
                hints=["fix the project's errors (each bad value adds findings), then export"],
            )
    total = sum(len(data) for data in files.values())
    if total > archive.MAX_TOTAL_BYTES:
        raise InputError(
            f"the bundle would be {total} bytes, more than the {archive.MAX_TOTAL_BYTES} "
            "cloudprep validate reads; nothing was written",
            hints=["fix the project's errors (each bad value adds findings), then export"],
        )


def _checkpoint(step: str) -> None:
    """A named step of the export; tests replace it to inject a fault at each one."""


# --- the target -----------------------------------------------------------------------------


def _check_target(out: Path, *, as_zip: bool, force: bool) -> bool:
    """Whether OUT exists (and may be replaced); raises when it must not be touched."""
    parent = out.parent if str(out.parent) else Path()
    if not parent.is_dir():
        raise UsageError(
            f"{out}: the folder {parent} does not exist",
            hints=["create it first, or choose another -o"],
        )
    try:
        st = out.lstat()
    except FileNotFoundError:
        return False
    if not force:
        raise OutputExistsError(
            f"{out}: already exists; not overwritten",
            hints=["pass --force to replace it"],
        )
    if stat.S_ISLNK(st.st_mode):
        raise OutputExistsError(f"{out}: is a symbolic link; not replaced, even with --force")
    if as_zip and not stat.S_ISREG(st.st_mode):
        raise OutputExistsError(f"{out}: is not a file; not replaced by a zip, even with --force")
    if not as_zip:
        if not stat.S_ISDIR(st.st_mode):
            raise OutputExistsError(
                f"{out}: is a file; a folder bundle does not replace it, even with --force",
                hints=["name a .zip to write a zip bundle"],
            )
        _check_replaceable_folder(out)
    return True


def _check_replaceable_folder(out: Path) -> None:
    """--force replaces a previous bundle folder, never a folder of anything else."""
    for entry in os.scandir(out):
        if entry.name == "clouds" and entry.is_dir(follow_symlinks=False):
            continue  # the connector files of `--with-definitions`
        if entry.name not in BUNDLE_FILES or not entry.is_file(follow_symlinks=False):
            raise OutputExistsError(
                f"{out}: holds {entry.name!r}, so it is not a cloudprep bundle folder; "
                "not replaced, even with --force",
                hints=["choose a new folder for -o, or remove this one yourself"],
            )


# --- writing --------------------------------------------------------------------------------


def _zip_time(timestamp: datetime) -> tuple[int, int, int, int, int, int]:
    moment = min(max(timestamp.astimezone(UTC), _ZIP_EPOCH), _ZIP_END)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def zip_bytes(files: dict[str, bytes], timestamp: datetime) -> bytes:
    """A zip with fixed entry order, times, modes and compression: same files, same bytes."""
    buffer = io.BytesIO()
    date_time = _zip_time(timestamp)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | FILE_MODE) << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def _write_file(path: Path, data: bytes, timestamp: float) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    path.chmod(FILE_MODE)
    os.utime(path, (timestamp, timestamp))


def _write_zip(out: Path, files: dict[str, bytes], timestamp: datetime) -> None:
    data = zip_bytes(files, timestamp)
    parent = out.parent if str(out.parent) else Path()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            _checkpoint("temp-created")
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(FILE_MODE)
        os.utime(tmp, (timestamp.timestamp(), timestamp.timestamp()))
        _checkpoint("temp-written")
        tmp.replace(out)
        _checkpoint("renamed")
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_directory(parent)


def _write_folder(out: Path, files: dict[str, bytes], timestamp: datetime) -> None:
    parent = out.parent if str(out.parent) else Path()
    tmp = leftover_name(out, "tmp")
    seconds = timestamp.timestamp()
    try:
        tmp.mkdir(mode=0o700)
        _checkpoint("temp-created")
        for name, data in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)  # clouds/<id>/
            _write_file(tmp / name, data, seconds)
            _checkpoint(f"wrote {name}")
        tmp.chmod(FOLDER_MODE)
        os.utime(tmp, (seconds, seconds))
        fsync_directory(tmp)
        _checkpoint("temp-written")
        swap_in(tmp, out, _checkpoint)
    except BaseException:
        # Whatever failed, OUT holds a complete bundle (or nothing, if there was none) and
        # the next run's `recover_interrupted` would restore an old one set aside.
        recover_interrupted(out)
        remove_tree(tmp)  # the new bundle, or after an exchange the old one (OUT is new)
        raise
    fsync_directory(parent)
