"""Atomic file replacement: a reader sees the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write `data` to `path` through a temp file in the same folder, fsync, then rename."""
    directory = path.parent if str(path.parent) else Path()
    write_files_atomically(directory, {path.name: data}, mode=mode)


def write_files_atomically(
    directory: Path, files: Mapping[str, bytes], *, mode: int = 0o644
) -> None:
    """Write several files (name → bytes) into `directory` as one change, as far as a file
    system allows: each is written to a temp file and synced first, and only then are they
    renamed into place, so a failure while writing (a full disk, a quota) leaves every one of
    them as it was. Each rename is atomic; a reader sees each file old or new."""
    for name in files:
        if (directory / name).is_dir():  # the one rename that fails once the files are written
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(directory / name))
    temps: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
            tmp = Path(tmp_name)
            temps.append((tmp, directory / name))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.chmod(mode)
        for tmp, target in temps:
            tmp.replace(target)
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise
    fsync_directory(directory)


def fsync_directory(directory: Path) -> None:
    """Make a rename durable; not every platform lets a folder be opened."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
