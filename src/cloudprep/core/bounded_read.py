"""Reading an input file safely: a regular file only, and never more than a cap.

The cap is enforced while reading (`read(cap + 1)`), never after reading everything:
`/dev/zero` or a growing file cannot exhaust memory. The file is opened non-blocking, so a
FIFO with no writer does not hang the command, and anything but a regular file (a device, a
FIFO, a socket) is refused before a byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from cloudprep.errors import InputError

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class NotARegularFile(InputError):
    """The path is a device, FIFO, socket or folder: refused unread."""


class FileTooLarge(InputError):
    """The file holds more bytes than its cap: refused, read no further than the cap."""


def file_kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """The next `limit` bytes of `handle` at most, as `handle.read(limit)` gives them.

    `read(limit)` allocates `limit` bytes before it reads: with a cap of megabytes, that is
    most of the cost of reading a small file (`scan` reads thousands). The file's size is
    asked first; a file that grew meanwhile, or whose size the system does not report, is
    still read on to the limit."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):  # not a real file (e.g. an in-memory one)
        return handle.read(limit)
    if size <= 0 or size >= limit:
        return handle.read(limit)
    data = handle.read(size + 1)  # the one byte more finds a file that grew since
    if len(data) <= size:
        return data
    return data + handle.read(limit - len(data))


def read_capped(path: Path, *, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of the regular file `path`, at most `max_bytes`; raises `NotARegularFile`,
    `FileTooLarge` or `OSError` (missing, unreadable)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(f"{path}: is {file_kind(mode)}, not a {what}")
        data = read_at_most(handle, max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(
            f"{path}: is more than the {max_bytes} bytes a {what} may be; it was not read"
        )
    return data
