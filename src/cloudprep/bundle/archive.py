"""Reading a bundle safely: a folder or a zip, into memory, with caps, and no extraction.

Whatever arrives may be hostile. A zip is read member by member into memory with bounded
reads (the sizes in its headers are not trusted), so nothing is ever written to disk. It must
read the same whatever reads it (a streaming reader walks the local headers, zipfile the
central directory): no bytes outside its members, local headers that agree with the
directory, one name per member. A folder is walked without following links. Anything unsafe
or unreadable raises `BundleUnreadable` (exit 2) with one clear line; a bundle that passes
this gate is always answered with findings.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NoReturn

from cloudprep.errors import InputError

if TYPE_CHECKING:
    import zipfile

MAX_FILES = 64
"""A bundle has three files; anything far beyond that is not a bundle."""
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200
"""Uncompressed / compressed size above which a zip member is treated as a bomb (for
members over `RATIO_FLOOR_BYTES`; small files compress well legitimately)."""
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024
MAX_FOLDER_DEPTH = 8
MAX_ENTRIES = 4 * MAX_FILES
"""Files and folders a folder bundle may hold before it is refused unread."""
MAX_DIRECTORY_BYTES = MAX_FILES * 1024
"""The central directory's size: ample for MAX_FILES entries with sane names. zipfile reads
the directory by its size, not by the entry count, so both are capped."""
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_MARK = 0xFFFF
_LOCAL_HEADER = b"PK\x03\x04"
_LOCAL_HEADER_SIZE = 30
_DATA_DESCRIPTOR = b"PK\x07\x08"
_UNICODE_PATH = 0x7075
"""Info-ZIP's Unicode Path extra field: a second name for the entry."""
_ROOT_FILES = frozenset({"submission.json", "SUBMISSION.md", "manifest.json"})
"""The files at a bundle's top (bundle.document names them; this module stays below it)."""


class BundleUnreadable(InputError):
    """The bundle is unsafe or cannot be parsed: nothing in it is trusted."""


@dataclass(frozen=True)
class BundleFiles:
    """A bundle's files, read into memory: relative POSIX names → bytes."""

    source: Path
    kind: str
    """"zip" or "folder"."""
    files: dict[str, bytes] = field(default_factory=dict)


def _check_name(name: str, source: Path) -> str:
    """A member name that stays inside the bundle, or BundleUnreadable."""
    shown = name.encode("unicode_escape").decode("ascii")[:120]
    if not name or "\0" in name:
        raise BundleUnreadable(f"{source}: has an entry with an empty or NUL-containing name")
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        raise BundleUnreadable(
            f"{source}: entry {shown!r} has an absolute path; a bundle's entries are relative",
            hints=["this archive is unsafe to open; it was not made by cloudprep bundle"],
        )
    parts = PurePosixPath(normalised).parts
    if any(part == ".." for part in normalised.split("/")):
        raise BundleUnreadable(
            f"{source}: entry {shown!r} contains '..', which would escape the bundle",
            hints=["this archive is unsafe to open; it was not made by cloudprep bundle"],
        )
    clean = "/".join(p for p in parts if p not in (".", ""))
    if not clean:
        raise BundleUnreadable(f"{source}: has an entry named {shown!r}")
    return clean


def _add(files: dict[str, bytes], folded: set[str], name: str, data: bytes, source: Path) -> None:
    # Names that one file system or another treats as the same file: case, and Unicode
    # normalisation (NFC and NFD spellings of "é").
    key = unicodedata.normalize("NFC", name).casefold()
    if key in folded:
        raise BundleUnreadable(
            f"{source}: the entry {name!r} appears twice (or differs only in case or Unicode "
            "normalisation)",
            hints=["a bundle holds each file once; this archive is ambiguous and unsafe"],
        )
    folded.add(key)
    files[name] = data


def _read_zip(path: Path) -> BundleFiles:
    import zipfile  # only for zips: a folder bundle is read without it
    import zlib

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleUnreadable(f"{path}: cannot be read: {exc.strerror}") from None
    if size > MAX_ARCHIVE_BYTES:
        raise BundleUnreadable(
            f"{path}: is {size} bytes, more than the {MAX_ARCHIVE_BYTES} a bundle may be"
        )
    _check_entry_count(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BundleUnreadable(
            f"{path}: is not a zip archive",
            hints=["a bundle is a folder, or a .zip written by cloudprep bundle"],
        ) from None
    except UnicodeDecodeError:  # a member name flagged UTF-8 that is not
        raise BundleUnreadable(
            f"{path}: has an entry whose name is not UTF-8 text",
            hints=["this archive was not made by cloudprep bundle"],
        ) from None
    except OSError as exc:
        raise BundleUnreadable(f"{path}: cannot be read: {exc.strerror}") from None
    # What zipfile decompresses; another method would surface as a "corrupt" entry.
    readable = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
    files: dict[str, bytes] = {}
    folded: set[str] = set()
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_FILES:
            raise BundleUnreadable(
                f"{path}: has {len(infos)} entries, more than the {MAX_FILES} a bundle may have"
            )
        _check_layout(path, infos, archive.start_dir)
        for info in infos:
            name = _check_name(info.filename, path)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise BundleUnreadable(
                    f"{path}: entry {name!r} is a symbolic link; a bundle holds plain files only"
                )
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise BundleUnreadable(f"{path}: entry {name!r} is encrypted")
            if info.compress_type not in readable:
                raise BundleUnreadable(
                    f"{path}: entry {name!r} uses compression method {info.compress_type}, "
                    "which cloudprep does not read",
                    hints=["cloudprep bundle writes deflate; make the zip again with it"],
                )
            if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise BundleUnreadable(
                    f"{path}: entry {name!r} expands {info.file_size // max(info.compress_size, 1)}"
                    f" times; refused as a likely zip bomb"
                )
            budget = min(MAX_FILE_BYTES, MAX_TOTAL_BYTES - total)
            try:
                with archive.open(info) as member:
                    data = member.read(budget + 1)
            except (
                zipfile.BadZipFile,
                zlib.error,
                NotImplementedError,
                RuntimeError,
                OSError,
                EOFError,
                ValueError,
            ) as exc:
                raise BundleUnreadable(
                    f"{path}: entry {name!r} is corrupt and cannot be read ({type(exc).__name__})"
                ) from None
            if len(data) > budget:
                raise BundleUnreadable(
                    f"{path}: entry {name!r} is larger than a bundle may be "
                    f"({MAX_FILE_BYTES} bytes a file, {MAX_TOTAL_BYTES} in all); refused as a "
                    "likely zip bomb"
                )
            if info.compress_type == zipfile.ZIP_DEFLATED and not _deflate_fills(path, info, data):
                raise BundleUnreadable(
                    f"{path}: entry {name!r} has bytes after its compressed data ends; another "
                    "reader could read them as another entry",
                    hints=["a bundle is a zip on its own: make it again with cloudprep bundle"],
                )
            total += len(data)
            _add(files, folded, name, data, path)
    return BundleFiles(path, "zip", _strip_single_folder(files, path))


def _deflate_fills(path: Path, info: zipfile.ZipInfo, data: bytes) -> bool:
    """Whether the member's deflate stream ends exactly where its compressed size says.

    zipfile stops at the end of the stream and ignores what follows it within the member; a
    streaming reader of a member with a data descriptor looks right after that end for the
    sizes and the next entry, so those bytes could be a member only it sees."""
    import zlib

    try:
        with path.open("rb") as handle:
            handle.seek(info.header_offset + 26)
            name, extra = (int.from_bytes(handle.read(2), "little") for _ in range(2))
            handle.seek(info.header_offset + _LOCAL_HEADER_SIZE + name + extra)
            raw = handle.read(info.compress_size)
    except OSError as exc:
        raise BundleUnreadable(f"{path}: cannot be read: {exc.strerror}") from None
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        # Already read once within the caps: `data` bounds the output.
        out = inflater.decompress(raw, len(data) + 1)
    except zlib.error:
        return False
    return out == data and inflater.eof and not inflater.unused_data


def _second_names(extra: bytes) -> list[bytes]:
    """The names an extra field's Unicode Path records give (Info-ZIP 0x7075: a version
    byte, the CRC of the header's name, then the name in UTF-8)."""
    names: list[bytes] = []
    at = 0
    while at + 4 <= len(extra):
        size = int.from_bytes(extra[at + 2 : at + 4], "little")
        if int.from_bytes(extra[at : at + 2], "little") == _UNICODE_PATH:
            names.append(extra[at + 9 : at + 4 + size])
        at += 4 + size
    return names


def _check_layout(path: Path, members: list[zipfile.ZipInfo], directory: int) -> None:
    """Every byte before the central directory belongs to a listed member, in order.

    zipfile reads through the central directory at the end; a streaming reader walks the
    local headers from the start. Bytes before the first member (a script, another archive)
    or between members (a member the directory leaves out) would show those readers files
    that were never validated. Such a reader also takes the method and sizes from the local
    header, so those must be the directory's."""
    at = 0
    ordered = sorted(members, key=lambda i: i.header_offset)
    starts = [info.header_offset for info in ordered[1:]] + [directory]
    try:
        with path.open("rb") as handle:
            for info, next_start in zip(ordered, starts, strict=True):
                if info.header_offset != at:
                    _unaccounted(path, at, info.header_offset, before=at == 0)
                handle.seek(at)
                header = handle.read(_LOCAL_HEADER_SIZE)
                if len(header) < _LOCAL_HEADER_SIZE or not header.startswith(_LOCAL_HEADER):
                    return  # reading the member says it is corrupt
                flags, method = (int.from_bytes(header[i : i + 2], "little") for i in (6, 8))
                crc, compressed, size = (
                    int.from_bytes(header[i : i + 4], "little") for i in (14, 18, 22)
                )
                described = bool(flags & 0x08)  # sizes follow the data
                if method != info.compress_type or (
                    not described
                    and (crc, compressed, size) != (info.CRC, info.compress_size, info.file_size)
                ):
                    shown = info.filename.encode("unicode_escape").decode("ascii")[:120]
                    raise BundleUnreadable(
                        f"{path}: entry {shown!r} has a local header that disagrees with the "
                        "central directory; another reader could read other content",
                        hints=["a bundle is a zip on its own: make it again with cloudprep bundle"],
                    )
                name, extra = (int.from_bytes(header[i : i + 2], "little") for i in (26, 28))
                handle.seek(at + _LOCAL_HEADER_SIZE + name)
                names = _second_names(handle.read(extra)) + _second_names(info.extra)
                if any(n != info.filename.encode("utf-8") for n in names):
                    _second_name(path, info.filename)
                at += _LOCAL_HEADER_SIZE + name + extra + info.compress_size
                if described:
                    # CRC and sizes, 4 bytes each or 8 in zip64, after an optional signature:
                    # the length that ends where the next entry starts, if any does.
                    handle.seek(at)
                    lengths = (16, 24) if handle.read(4) == _DATA_DESCRIPTOR else (12, 20)
                    at += next((n for n in lengths if at + n == next_start), lengths[0])
    except OSError as exc:
        raise BundleUnreadable(f"{path}: cannot be read: {exc.strerror}") from None
    if at != directory:
        _unaccounted(path, at, directory, before=not members)


def _second_name(path: Path, name: str) -> NoReturn:
    shown = name.encode("unicode_escape").decode("ascii")[:120]
    raise BundleUnreadable(
        f"{path}: entry {shown!r} carries a second, different name (a Unicode Path field), "
        "which some zip readers use instead of this one",
        hints=["this archive was not made by cloudprep bundle"],
    )


def _unaccounted(path: Path, at: int, until: int, *, before: bool) -> NoReturn:
    hints = ["a bundle is a zip on its own: make it again with cloudprep bundle"]
    if until < at:
        raise BundleUnreadable(f"{path}: has entries that overlap", hints=hints)
    where = "before its first entry" if before else "between its entries"
    raise BundleUnreadable(
        f"{path}: has {until - at} bytes {where} that no entry accounts for; another "
        "reader could show other files than the ones validated",
        hints=hints,
    )


def _check_entry_count(path: Path) -> None:
    """Refuse an archive whose directory announces too many entries before zipfile reads
    them all into memory (a small archive can list millions of empty entries)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            tail_size = min(size, _ZIP64_LOCATOR_SIZE + _EOCD_SIZE + 0xFFFF)
            handle.seek(size - tail_size)
            tail = handle.read(tail_size)
    except OSError as exc:
        raise BundleUnreadable(f"{path}: cannot be read: {exc.strerror}") from None
    at = tail.rfind(_EOCD)
    if at == -1 or len(tail) - at < _EOCD_SIZE:
        return  # not a zip at all: zipfile says so
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    if entries == _ZIP64_MARK or entries > MAX_FILES:
        raise BundleUnreadable(
            f"{path}: announces {'a ZIP64 number of' if entries == _ZIP64_MARK else entries} "
            f"entries, more than the {MAX_FILES} a bundle may have"
        )
    directory = int.from_bytes(tail[at + 12 : at + 16], "little")
    zip64 = at >= _ZIP64_LOCATOR_SIZE and tail[at - _ZIP64_LOCATOR_SIZE : at].startswith(
        _ZIP64_LOCATOR
    )
    if zip64 or directory > MAX_DIRECTORY_BYTES:
        # A ZIP64 record may announce any count and size; a bundle never needs one.
        raise BundleUnreadable(
            f"{path}: announces a central directory "
            f"{'in a ZIP64 record' if zip64 else f'of {directory} bytes'}, more than a bundle "
            f"of at most {MAX_FILES} files needs"
        )


def _strip_single_folder(files: dict[str, bytes], source: Path) -> dict[str, bytes]:
    """A zip of a bundle folder (`bundle/submission.json`, …) reads as the folder itself.

    The folder is the only entry at the top, or, when no bundle file is at the top, the one
    top folder that holds one: anything beside it (macOS's `__MACOSX/`, a stray note) keeps
    its name, and is reported as an extra file."""
    if _ROOT_FILES & set(files):
        return files
    split = [name.partition("/") for name in files]
    folders = {top for top, sep, _ in split if sep}
    holders = {top for top, _, rest in split if rest in _ROOT_FILES}
    folder = folders if len(folders) == 1 and all(sep for _, sep, _ in split) else holders
    if len(folder) != 1:
        return files
    prefix = next(iter(folder)) + "/"
    stripped: dict[str, bytes] = {}
    folded: set[str] = set()
    for name, data in files.items():
        _add(stripped, folded, name.removeprefix(prefix), data, source)
    return stripped


def _read_folder(path: Path) -> BundleFiles:
    files: dict[str, bytes] = {}
    folded: set[str] = set()
    total = 0
    pending: list[tuple[Path, str, int]] = [(path, "", 0)]
    seen = 0
    while pending:
        folder, prefix, depth = pending.pop()
        if depth > MAX_FOLDER_DEPTH:
            raise BundleUnreadable(f"{path}: folders are nested more than {MAX_FOLDER_DEPTH} deep")
        entries: list[os.DirEntry[str]] = []
        try:
            with os.scandir(folder) as listing:
                for entry in listing:  # counted as they come: a huge folder is never listed
                    seen += 1
                    if seen > MAX_ENTRIES:
                        raise BundleUnreadable(
                            f"{path}: holds more than {MAX_ENTRIES} entries; not a bundle"
                        )
                    entries.append(entry)
        except OSError as exc:
            raise BundleUnreadable(f"{folder}: cannot be read: {exc.strerror}") from None
        entries.sort(key=lambda e: e.name)
        for entry in entries:
            name = f"{prefix}{_text_name(entry.name, path)}"
            if entry.is_symlink():
                raise BundleUnreadable(
                    f"{path}: {name!r} is a symbolic link; a bundle holds plain files only"
                )
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), f"{name}/", depth + 1))
                continue
            if not entry.is_file(follow_symlinks=False):
                raise BundleUnreadable(f"{path}: {name!r} is not a regular file")
            if len(files) >= MAX_FILES:
                raise BundleUnreadable(f"{path}: has more than the {MAX_FILES} files a bundle may")
            budget = min(MAX_FILE_BYTES, MAX_TOTAL_BYTES - total)
            data = _read_regular(Path(entry.path), budget, name, path)
            total += len(data)
            _add(files, folded, name, data, path)
    if not files:
        raise BundleUnreadable(
            f"{path}: is an empty folder, not a bundle",
            hints=["make one with: cloudprep bundle PROJECT -o OUT"],
        )
    return BundleFiles(path, "folder", files)


def _text_name(name: str, root: Path) -> str:
    """`name` as listed, when it is text. Linux allows any bytes in a name, which Python keeps
    as lone surrogates: no output format can encode those, and cloudprep never writes one."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = repr(os.fsencode(name))[2:-1]  # its bytes, escaped: b'…' without the b
        raise BundleUnreadable(
            f"{root}: '{shown}' has a name that is not UTF-8 text",
            hints=["rename or remove it; a bundle holds only the files cloudprep bundle writes"],
        ) from None
    return name


def _read_regular(file: Path, budget: int, name: str, root: Path) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except OSError as exc:
        raise BundleUnreadable(f"{root}: {name!r} cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise BundleUnreadable(f"{root}: {name!r} is not a regular file")
        try:
            data = handle.read(budget + 1)
        except OSError as exc:
            raise BundleUnreadable(f"{root}: {name!r} cannot be read: {exc.strerror}") from None
    if len(data) > budget:
        raise BundleUnreadable(
            f"{root}: {name!r} is larger than a bundle may be ({MAX_FILE_BYTES} bytes a file, "
            f"{MAX_TOTAL_BYTES} in all)"
        )
    return data


def open_bundle_safely(path: Path) -> BundleFiles:
    """Read a bundle folder or zip into memory. Raises `BundleUnreadable` (exit 2) for
    anything unsafe or unreadable; never writes anything."""
    try:
        st = path.stat()  # the path the user named may be a link; links inside may not
    except FileNotFoundError:
        raise BundleUnreadable(f"{path}: no such bundle") from None
    except OSError as exc:
        raise BundleUnreadable(f"{path}: cannot be read: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        return _read_folder(path)
    if stat.S_ISREG(st.st_mode):
        import zipfile

        if not zipfile.is_zipfile(path):
            hint = (
                "give the bundle folder that holds it, not the file"
                if path.name in ("submission.json", "manifest.json", "SUBMISSION.md")
                else "a bundle is a folder, or a .zip written by cloudprep bundle"
            )
            raise BundleUnreadable(f"{path}: is not a zip archive", hints=[hint])
        return _read_zip(path)
    raise BundleUnreadable(f"{path}: is neither a folder nor a zip archive")
