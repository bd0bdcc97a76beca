"""Finding the connector folders under a tree (the PowerPlatformConnectors layout, or any other).

A connector folder is a folder that holds a file named like `apiProperties.json` or like a
swagger file, by the importer's own test (`is_connector_file_name`: any case, and the
misspellings seen in real folders), so the scan never disagrees with
`cloudprep init --from-connector` about what a connector folder is. Folders are searched at
any depth, a connector folder's sub-folders included.

The walk:
- follows a symlink to a folder outside DIR, but enters each real folder (device and inode)
  once: a symlink back to one of its own ancestors is a loop, and a second way to a folder
  already scanned is a duplicate; a symlink to a folder inside DIR is not followed either,
  since that folder is scanned under its own name. Each of these is a notice;
- turns a sub-folder that cannot be listed (permissions, a name too long, …) into a target
  that carries the reason, so it becomes a row of its own: connectors inside it may have been
  missed, and the exit code must say so;
- skips version-control metadata (`.git`, `.hg`, `.svn`), which never holds connectors;
- notes an empty folder, which in the PowerPlatformConnectors layout is a connector folder
  that lost its files.

Only DIR itself can make the scan fail (`InputError`, exit 2): missing, not a folder, or
unreadable.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cloudprep.core.connector_import import is_connector_file_name
from cloudprep.errors import InputError

SKIPPED_FOLDER_NAMES = frozenset({".git", ".hg", ".svn"})
"""Version-control metadata: never a connector, and large enough to slow the walk."""


@dataclass(frozen=True)
class ScanTarget:
    """One row to make: a connector folder to import, or a folder that could not be listed."""

    folder: str
    """The folder relative to DIR, with `/` separators (`.` for DIR itself)."""
    path: str
    """The folder's path as reached from DIR (a string, so targets pickle cheaply)."""
    unreadable: str | None = None
    """Why the folder could not be listed, or None for a connector folder to import."""

    @property
    def sort_key(self) -> tuple[tuple[str, str], ...]:
        return folder_sort_key(self.folder)


@dataclass(frozen=True)
class ScanNotice:
    """A path the walk did not enter, and why (a symlink loop, a duplicate, an empty folder)."""

    folder: str
    reason: str


@dataclass(frozen=True)
class Discovery:
    targets: tuple[ScanTarget, ...]
    """In the scan's one deterministic order (`folder_sort_key`)."""
    notices: tuple[ScanNotice, ...]


def folder_sort_key(folder: str) -> tuple[tuple[str, str], ...]:
    """Rows sort by their path segments, a folder before its sub-folders, each segment by
    name regardless of case (ties broken by the exact name, so the order is total)."""
    parts = () if folder == "." else folder.split("/")
    return tuple((part.casefold(), part) for part in parts)


def shown_name(name: str) -> str:
    """A file name as text that can always be printed and encoded: bytes that are not UTF-8
    (kept by Python as lone surrogates) become U+FFFD."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "replace").decode("utf-8")


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _check_root(root: Path) -> tuple[int, int]:
    try:
        info = root.stat()
    except FileNotFoundError:
        raise InputError(
            f"{root}: no such folder",
            hints=[
                "pass the folder that holds the connectors, e.g. a PowerPlatformConnectors checkout"
            ],
        ) from None
    except OSError as exc:
        raise InputError(f"{root}: cannot be read ({_reason(exc)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise InputError(
            f"{root}: is not a folder",
            hints=["pass the folder that holds the connectors, e.g. certified-connectors/"],
        )
    return info.st_dev, info.st_ino


def find_connector_folders(root: Path) -> Discovery:
    """Every connector folder under `root`, at any depth, plus the folders that could not be
    listed (as targets carrying the reason) and the notices. Raises `InputError` only when
    `root` itself is missing, not a folder or unreadable."""
    root_key = _check_root(root)
    root_real = os.path.realpath(root)
    targets: list[ScanTarget] = []
    notices: list[ScanNotice] = []
    seen: dict[tuple[int, int], str] = {root_key: "."}
    # (path, folder parts, the real folders from DIR down to this one)
    stack: list[tuple[str, tuple[str, ...], tuple[tuple[int, int], ...]]] = [
        (os.fspath(root), (), (root_key,))
    ]
    while stack:
        path, parts, lineage = stack.pop()
        folder = "/".join(parts) or "."
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            if not parts:
                raise InputError(f"{root}: cannot be read ({_reason(exc)})") from None
            targets.append(
                ScanTarget(folder, path, unreadable=f"cannot list the folder ({_reason(exc)})")
            )
            continue
        if not entries and parts:
            notices.append(ScanNotice(folder, "empty folder: no connector files"))
        is_connector = False
        children: list[tuple[str, tuple[str, ...], tuple[tuple[int, int], ...]]] = []
        for entry in entries:
            # By name alone, whatever the entry is: a dangling link or a folder named
            # apiProperties.json still marks a connector folder, whose import then says
            # what is wrong, rather than the folder silently dropping out of the scan.
            is_connector = is_connector or is_connector_file_name(entry.name)
            if not _is_folder(entry):
                continue
            if entry.name in SKIPPED_FOLDER_NAMES:
                continue
            child_parts = (*parts, shown_name(entry.name))
            child = "/".join(child_parts)
            try:
                info = entry.stat()
            except OSError as exc:
                targets.append(
                    ScanTarget(child, entry.path, unreadable=f"cannot be read ({_reason(exc)})")
                )
                continue
            key = (info.st_dev, info.st_ino)
            inside = _symlink_inside(entry, root_real)
            if key in lineage:
                notices.append(
                    ScanNotice(
                        child,
                        f"symlink loop: it leads back to {seen.get(key, '.')!r}; not followed",
                    )
                )
            elif inside is not None:
                notices.append(
                    ScanNotice(
                        child, f"a symlink to {inside!r}, which is scanned under its own name"
                    )
                )
            elif key in seen:
                notices.append(
                    ScanNotice(child, f"the same folder as {seen[key]!r}; scanned once, there")
                )
            else:
                seen[key] = child
                children.append((entry.path, child_parts, (*lineage, key)))
        if is_connector:
            targets.append(ScanTarget(folder, path))
        stack.extend(reversed(children))
    targets.sort(key=lambda t: (t.sort_key, t.path))
    notices.sort(key=lambda n: (folder_sort_key(n.folder), n.reason))
    return Discovery(tuple(targets), tuple(notices))


def _symlink_inside(entry: os.DirEntry[str], root_real: str) -> str | None:
    """For a symlink to a folder inside DIR, that folder relative to DIR; else None. Such a
    folder is reached by its own name, so the link is not followed (no row twice)."""
    if not entry.is_symlink():
        return None
    real = os.path.realpath(entry.path)
    try:
        relative = os.path.relpath(real, root_real)
    except ValueError:  # another drive (Windows)
        return None
    if relative == os.curdir:
        return "."
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return shown_name(relative.replace(os.sep, "/"))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symlinks; a dangling one is not a folder
    except OSError:
        return False
