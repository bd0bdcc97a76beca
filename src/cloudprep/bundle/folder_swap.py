"""Replacing a bundle folder so that OUT always holds one complete bundle, old or new.

On Linux the complete new folder and OUT are exchanged in one step: `renameat2` with
`RENAME_EXCHANGE` (not in Python's standard library, so called through ctypes). Where the
OS or the filesystem refuses it (EINVAL, ENOSYS, EPERM on some network filesystems, or no
renameat2 at all), the fallback has the smallest window we can give it: the new folder is
complete and fsynced first, then OUT is renamed to `.OUT.<random>.old` and the new folder to
OUT, back to back. Only between those two renames is OUT missing, and the old bundle is then
complete at `.OUT.<random>.old`.

`recover_interrupted` runs before every export: if OUT is missing and a `.OUT.*.old` exists,
it is renamed back first (the newest one), so a run killed inside the window loses nothing.
Leftovers (`.OUT.*.tmp`, `.OUT.*.old`) are removed only once OUT exists, so the only copy of
a bundle is never deleted.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.EOPNOTSUPP})


def _load_renameat2() -> Callable[[bytes, bytes], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):  # no libc, or a libc older than glibc 2.28
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.restype = ctypes.c_int

    def exchange(first: bytes, second: bytes) -> int:
        return int(function(_AT_FDCWD, first, _AT_FDCWD, second, _RENAME_EXCHANGE))

    return exchange


_renameat2 = _load_renameat2()


def exchange_paths(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically; False when this system or filesystem cannot
    (then nothing was changed). Other failures raise OSError."""
    if _renameat2 is None:
        return False
    if _renameat2(os.fsencode(first), os.fsencode(second)) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first))


def leftover_name(out: Path, kind: str) -> Path:
    """`.OUT.<random>.tmp` or `.old`, next to OUT."""
    parent = out.parent if str(out.parent) else Path()
    return parent / f".{out.name}.{secrets.token_hex(6)}.{kind}"


def _leftovers(out: Path, kind: str) -> list[Path]:
    parent = out.parent if str(out.parent) else Path()
    prefix, suffix = f".{out.name}.", f".{kind}"
    try:
        entries = list(parent.iterdir())
    except OSError:
        return []
    found = [e for e in entries if e.name.startswith(prefix) and e.name.endswith(suffix)]
    return sorted(found, key=lambda p: p.lstat().st_mtime_ns, reverse=True)


def recover_interrupted(out: Path) -> None:
    """Undo what an interrupted export left: restore OUT from the newest `.OUT.*.old` if OUT
    is missing, then (only if OUT exists) remove the leftovers."""
    if not os.path.lexists(out):
        for old in _leftovers(out, "old"):
            # An .old is always a complete bundle: it was OUT until the rename.
            if old.is_dir() and not old.is_symlink() and (old / "manifest.json").is_file():
                old.rename(out)
                break
    if not os.path.lexists(out):
        return
    for leftover in (*_leftovers(out, "tmp"), *_leftovers(out, "old")):
        remove_tree(leftover)


def remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def swap_in(new: Path, out: Path, checkpoint: Callable[[str], None]) -> None:
    """Put the complete folder `new` at OUT, replacing any folder there (see the module
    docstring for the order). `checkpoint` names each step, for fault injection."""
    if not os.path.lexists(out):
        new.rename(out)
        checkpoint("renamed")
        return
    if exchange_paths(new, out):
        # `new` now holds the old bundle; OUT was never missing.
        checkpoint("exchanged")
        checkpoint("renamed")
        remove_tree(new)
        checkpoint("old-removed")
        return
    backup = leftover_name(out, "old")
    out.rename(backup)
    checkpoint("old-moved-aside")
    new.rename(out)
    checkpoint("renamed")
    remove_tree(backup)
    checkpoint("old-removed")
