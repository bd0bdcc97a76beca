"""Unsafe or unparseable bundles: exit 2 with one clear line, no traceback, nothing written."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from cloudprep.bundle import archive
from cloudprep.bundle.archive import BundleUnreadable, open_bundle_safely
from cloudprep.bundle.validate import validate_bundle
from cloudprep.cli.main import main
from tests.bundle.conftest import run_cloudprep

DATA = Path(__file__).resolve().parents[1] / "data" / "bundles"


ZipEntries = list[tuple[str | zipfile.ZipInfo, bytes]]


def make_zip(path: Path, entries: ZipEntries) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            out.writestr(name, data)
    return path


def validate_exit(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    first = captured.err.splitlines()[0]
    assert first.startswith("cloudprep: error: ")
    return code, first


def symlink_zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


HOSTILE_ZIPS: dict[str, tuple[ZipEntries, str]] = {
    "absolute": ([("/etc/cron.d/evil", b"x")], "absolute path"),
    "windows-absolute": ([("C:\\evil.txt", b"x")], "absolute path"),
    "dot-dot": ([("../../evil.txt", b"x")], "contains '..'"),
    "dot-dot-inside": ([("bundle/../../evil.txt", b"x")], "contains '..'"),
    "backslash-dot-dot": ([("..\\evil.txt", b"x")], "contains '..'"),
    "symlink": ([(symlink_zip_info("submission.json"), b"/etc/passwd")], "symbolic link"),
    "duplicate": ([("submission.json", b"{}"), ("submission.json", b"{}")], "appears twice"),
    "case-duplicate": ([("manifest.json", b"{}"), ("MANIFEST.json", b"{}")], "appears twice"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_ZIPS))
def test_hostile_zip_entries_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries, expected = HOSTILE_ZIPS[case]
    with pytest.warns(UserWarning) if "duplicate" in case and "case" not in case else _nothing():
        path = make_zip(tmp_path / "b.zip", entries)
    code, line = validate_exit(path, capsys)
    assert code == 2
    assert expected in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip"]


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def test_a_zip_bomb_by_ratio_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_zip(tmp_path / "b.zip", [("submission.json", b"0" * (8 * 1024 * 1024))])
    code, line = validate_exit(path, capsys)
    assert code == 2 and "zip bomb" in line


def test_a_zip_bomb_by_total_size_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 64 * 1024)
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 64 * 1024)
    data = os.urandom(40 * 1024)  # incompressible: the ratio check does not fire
    path = make_zip(tmp_path / "b.zip", [("a.txt", data), ("b.txt", data)])
    code, line = validate_exit(path, capsys)
    assert code == 2 and "larger than a bundle may be" in line


def test_lying_zip_headers_cannot_bypass_the_size_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 1000)
    path = make_zip(tmp_path / "b.zip", [("submission.json", os.urandom(5000))])
    raw = bytearray(path.read_bytes())
    # Claim 10 bytes uncompressed in the central directory; the bounded read still stops.
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    with pytest.raises(BundleUnreadable):
        open_bundle_safely(path)


def test_too_many_files_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_zip(tmp_path / "b.zip", [(f"f{i}.txt", b"x") for i in range(100)])
    code, line = validate_exit(path, capsys)
    assert code == 2 and "more than the 64" in line


def test_not_a_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(b"this is not an archive")
    code, line = validate_exit(path, capsys)
    assert code == 2 and "is not a zip archive" in line


def test_a_file_of_the_bundle_given_instead_of_the_bundle(
    folder_bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", str(folder_bundle / "submission.json")])
    err = capsys.readouterr().err
    assert "give the bundle folder that holds it" in err


def test_not_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, line = validate_exit(DATA / "not-json", capsys)
    assert code == 2 and "submission.json is not valid JSON" in line


def test_invalid_utf8(folder_bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder_bundle / "SUBMISSION.md").write_bytes(b"# Release request \xff\xfe\n")
    code, line = validate_exit(folder_bundle, capsys)
    assert code == 2 and "SUBMISSION.md is not UTF-8 text" in line


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_manifest_is_named_as_such(
    folder_bundle: Path, encoding: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Windows editors save "Unicode" as UTF-16 with a BOM.
    path = folder_bundle / "manifest.json"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(
        ("\ufeff" if encoding.endswith("be") else "").encode(encoding) + text.encode(encoding)
    )
    code, line = validate_exit(folder_bundle, capsys)
    assert code == 2 and line.endswith("manifest.json is not UTF-8 text (it is UTF-16)")


def test_extremely_deep_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for depth in (100, 100_000):
        folder = tmp_path / f"deep{depth}"
        folder.mkdir()
        (folder / "submission.json").write_text("[" * depth + "]" * depth, encoding="utf-8")
        code, line = validate_exit(folder, capsys)
        assert code == 2 and "nested" in line


def test_huge_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "huge"
    folder.mkdir()
    with (folder / "submission.json").open("w", encoding="utf-8") as handle:
        handle.write('{"notes": "')
        handle.write("a" * (33 * 1024 * 1024))
        handle.write('"}')
    code, line = validate_exit(folder, capsys)
    assert code == 2 and "larger than a bundle may be" in line


def test_a_number_too_long_to_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "digits"
    folder.mkdir()
    (folder / "submission.json").write_text('{"n": ' + "9" * 10_000 + "}", encoding="utf-8")
    code, line = validate_exit(folder, capsys)
    assert code == 2 and "cannot be read" in line


def test_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    code, line = validate_exit(tmp_path / "empty", capsys)
    assert code == 2 and "empty folder" in line


def test_a_folder_that_is_not_a_bundle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8\xff")
    code, line = validate_exit(tmp_path / "photos", capsys)
    assert code == 2 and "not a cloudprep bundle" in line


def test_a_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, line = validate_exit(tmp_path / "nope", capsys)
    assert code == 2 and "no such bundle" in line


def test_a_symlink_inside_a_folder_bundle(
    folder_bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("not yours", encoding="utf-8")
    (folder_bundle / "SUBMISSION.md").unlink()
    (folder_bundle / "SUBMISSION.md").symlink_to(secret)
    code, line = validate_exit(folder_bundle, capsys)
    assert code == 2 and "symbolic link" in line


def test_a_fifo_inside_a_folder_bundle(
    folder_bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(folder_bundle / "pipe")
    code, line = validate_exit(folder_bundle, capsys)
    assert code == 2 and "not a regular file" in line


def test_an_encrypted_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_zip(tmp_path / "b.zip", [("submission.json", b"{}")])
    raw = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        raw[at + offset] |= 0x1
    path.write_bytes(bytes(raw))
    code, line = validate_exit(path, capsys)
    assert code == 2 and "encrypted" in line


def test_a_corrupt_member(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.dumps({"x": "y" * 5000}).encode()
    path = make_zip(tmp_path / "b.zip", [("submission.json", data)])
    raw = bytearray(path.read_bytes())
    start = raw.find(b"PK\x03\x04") + 30 + len("submission.json")
    raw[start : start + 20] = b"\x00" * 20
    path.write_bytes(bytes(raw))
    code, line = validate_exit(path, capsys)
    assert code == 2 and "submission.json" in line


def test_a_zip_of_a_bundle_folder_reads_as_the_bundle(folder_bundle: Path, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for file in sorted(folder_bundle.iterdir()):
            out.writestr(f"bundle/{file.name}", file.read_bytes())
    (tmp_path / "wrapped.zip").write_bytes(buffer.getvalue())
    read = open_bundle_safely(tmp_path / "wrapped.zip")
    assert sorted(read.files) == ["SUBMISSION.md", "manifest.json", "submission.json"]


def test_hostile_input_in_a_subprocess_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    make_zip(tmp_path / "b.zip", [("../../evil.txt", b"x")])
    for fmt in ("text", "json", "sarif"):
        result = run_cloudprep("validate", "b.zip", "--format", fmt, cwd=tmp_path)
        assert result.code == 2
        assert result.out == ""
        assert result.err.startswith(
            "cloudprep: error: b.zip: entry '../../evil.txt' contains '..'"
        )
        assert "Traceback" not in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip"]
    assert not (tmp_path.parent / "evil.txt").exists()


def test_an_archive_announcing_a_huge_directory_is_refused_before_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_zip(tmp_path / "b.zip", [("submission.json", b"{}")])
    raw = bytearray(path.read_bytes())
    eocd = raw.rfind(b"PK\x05\x06")
    raw[eocd + 8 : eocd + 12] = b"\xff\xff\xff\xff"  # ZIP64 markers: "look elsewhere"
    path.write_bytes(bytes(raw))
    code, line = validate_exit(path, capsys)
    assert code == 2 and "ZIP64" in line


def test_a_folder_with_thousands_of_entries_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "crowded"
    folder.mkdir()
    for i in range(300):
        (folder / f"f{i:03}").touch()
    code, line = validate_exit(folder, capsys)
    assert code == 2 and "entries" in line


def test_unicode_normalisation_twins_are_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "café" spelt NFC and NFD: one file on macOS, two in the archive.
    path = make_zip(tmp_path / "b.zip", [("caf\u00e9.txt", b"a"), ("cafe\u0301.txt", b"b")])
    code, line = validate_exit(path, capsys)
    assert code == 2 and "appears twice" in line


def test_a_directory_larger_than_its_announced_count_is_refused_before_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # zipfile reads the central directory by its size, not by the entry count the end
    # record announces: a directory of 100 entries announced as 3 must not be read.
    path = make_zip(tmp_path / "b.zip", [(f"f{i}", b"") for i in range(100)])
    raw = bytearray(path.read_bytes())
    eocd = raw.rfind(b"PK\x05\x06")
    raw[eocd + 8 : eocd + 12] = (3).to_bytes(2, "little") * 2
    path.write_bytes(bytes(raw))
    monkeypatch.setattr(archive, "MAX_DIRECTORY_BYTES", 1024)
    read = []
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: read.append(1))
    code, line = validate_exit(path, capsys)
    assert code == 2 and "central directory" in line
    assert read == []


def test_a_zip64_end_record_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_zip(tmp_path / "b.zip", [("submission.json", b"{}")])
    raw = bytearray(path.read_bytes())
    eocd = raw.rfind(b"PK\x05\x06")
    raw[eocd:eocd] = b"PK\x06\x07" + bytes(16)  # a ZIP64 locator: its record may say anything
    path.write_bytes(bytes(raw))
    code, line = validate_exit(path, capsys)
    assert code == 2 and "ZIP64" in line


def test_a_read_error_inside_a_folder_bundle_is_one_line(
    folder_bundle: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As /proc files do: a regular file whose read fails (EINVAL).
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, fd: int) -> None:
            self._handle = real_fdopen(fd, "rb")

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *args: object) -> None:
            self._handle.close()

        def fileno(self) -> int:
            return self._handle.fileno()

        def read(self, size: int = -1) -> bytes:
            raise OSError(22, "Invalid argument")

    def fdopen(fd: int, mode: str = "r") -> Failing:
        return Failing(fd)

    monkeypatch.setattr("cloudprep.bundle.archive.os.fdopen", fdopen)
    code, line = validate_exit(folder_bundle, capsys)
    assert code == 2 and "cannot be read: Invalid argument" in line


def _utf8_flagged_zip_with_a_bad_name(path: Path) -> Path:
    # Bit 11 says the names are UTF-8; the first byte of this one cannot start a character.
    raw = bytearray(make_zip(path, [("submission.json", b"{}")]).read_bytes())
    for signature, flags, name in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = raw.find(signature)
        raw[at + flags + 1] |= 0x08
        raw[at + name] = 0xFF
    path.write_bytes(bytes(raw))
    return path


def test_a_zip_member_name_that_is_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _utf8_flagged_zip_with_a_bad_name(tmp_path / "b.zip")
    code, line = validate_exit(path, capsys)
    assert code == 2 and "not UTF-8" in line


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_folder_entry_name_that_is_not_utf8_is_refused(
    folder_bundle: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Linux keeps any bytes in a name; Python hands them over as lone surrogates, which no
    # output format can encode (a SARIF artifact URI is percent-encoded UTF-8).
    (folder_bundle / os.fsdecode(b"notes-\xff.txt")).write_bytes(b"x")
    code = main(["validate", str(folder_bundle), "--format", fmt])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    first = captured.err.splitlines()[0]
    assert first.startswith("cloudprep: error: ") and "not UTF-8" in first
    assert "notes-" in first


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(('"display_name": "', '"display_name": "\\ud800'), id="in a value"),
        pytest.param(('"project": {', '"project": {"\\udc80x": 1,'), id="in a key"),
    ],
)
def test_a_lone_surrogate_in_submission_json_is_refused_naming_the_field(
    folder_bundle: Path, fmt: str, edit: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # json.loads accepts "\ud800", but such a string cannot be encoded, scanned or printed.
    path = folder_bundle / "submission.json"
    path.write_text(path.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    code = main(["validate", str(folder_bundle), "--format", fmt])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    first = captured.err.splitlines()[0]
    assert "submission.json" in first and "lone surrogate" in first
    assert "project." in first


def test_a_file_full_of_key_headers_lists_a_bounded_number_of_leaks(
    folder_bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A million such lines fit under the size caps: one finding (and output line) each
    # took gigabytes and minutes. The count of the rest is kept.
    (folder_bundle / "notes.txt").write_text(
        "-----BEGIN RSA PRIVATE KEY-----\n" * 500, encoding="utf-8"
    )
    assert main(["validate", str(folder_bundle), "--format", "json"]) == 1
    leaks = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "CP623"]
    assert len(leaks) == 20
    assert leaks[0]["message"] == "a private key block at notes.txt, line 1"
    assert leaks[-1]["message"] == (
        "a private key block at notes.txt, line 20, and 480 more place(s) in notes.txt not "
        "listed one by one"
    )


def _patch_headers(path: Path, offsets: dict[bytes, tuple[int, bytes]]) -> Path:
    """Overwrite bytes in the first local header and the first central directory entry."""
    raw = bytearray(path.read_bytes())
    for signature, (offset, value) in offsets.items():
        at = raw.find(signature) + offset
        raw[at : at + len(value)] = value
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        pytest.param(
            {b"PK\x03\x04": (8, b"\x63\x00"), b"PK\x01\x02": (10, b"\x63\x00")},
            "compression method 99",
            id="unknown method",
        ),
    ],
)
def test_a_member_compressed_in_a_way_this_tool_cannot_read_says_so(
    tmp_path: Path,
    patch: dict[bytes, tuple[int, bytes]],
    expected: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Not "corrupt": the member may be fine, written by a tool with other methods.
    path = _patch_headers(make_zip(tmp_path / "b.zip", [("submission.json", b"{}")]), patch)
    code, line = validate_exit(path, capsys)
    assert code == 2 and expected in line and "'submission.json'" in line


def _bundle_zip_bytes(folder: Path, *, extra: ZipEntries = ()) -> bytes:  # type: ignore[assignment]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(folder.iterdir()):
            out.writestr(file.name, file.read_bytes())
        for name, data in extra:
            out.writestr(name, data)
    return buffer.getvalue()


def _without_central_entry(raw: bytes, name: str) -> bytes:
    """The archive with `name` left out of its central directory: its local header and data
    stay where they are, seen by a reader that walks the local headers from the start."""
    eocd = raw.rfind(b"PK\x05\x06")
    count = int.from_bytes(raw[eocd + 10 : eocd + 12], "little")
    size = int.from_bytes(raw[eocd + 12 : eocd + 16], "little")
    start = int.from_bytes(raw[eocd + 16 : eocd + 20], "little")
    kept, at = b"", start
    for _ in range(count):
        lengths = [int.from_bytes(raw[at + o : at + o + 2], "little") for o in (28, 30, 32)]
        end = at + 46 + sum(lengths)
        if raw[at + 46 : at + 46 + lengths[0]] != name.encode():
            kept += raw[at:end]
        at = end
    tail = bytearray(raw[eocd:])
    tail[8:12] = (count - 1).to_bytes(2, "little") * 2
    tail[12:16] = (size - (at - start - len(kept))).to_bytes(4, "little")
    return raw[:start] + kept + bytes(tail)


@pytest.mark.parametrize("case", ["prefix", "after another zip", "hidden member", "local header"])
def test_a_zip_other_readers_may_read_differently_is_refused(
    folder_bundle: Path, tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A reader that walks local headers from the start (a streaming unzip) would show the
    # reviewer other files than the ones validated through the central directory.
    bundle = _bundle_zip_bytes(folder_bundle)
    (tmp_path / "local.zip").write_bytes(bundle)  # its first member's local header: stored
    forged = _bundle_zip_bytes(folder_bundle, extra=[("SUBMISSION.md ", b"Approved.\n")])
    raw = {
        "prefix": b"#!/bin/sh\necho unpacked\nexit 0\n" + bundle,
        "after another zip": forged + bundle,
        "hidden member": _without_central_entry(forged, "SUBMISSION.md "),
        "local header": _patch_headers(
            tmp_path / "local.zip", {b"PK\x03\x04": (8, b"\x00\x00")}
        ).read_bytes(),
    }[case]
    path = tmp_path / "b.zip"
    path.write_bytes(raw)
    code, line = validate_exit(path, capsys)
    assert code == 2 and "another reader could" in line


class _Unseekable(io.RawIOBase):
    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.data += b
        return len(b)


@pytest.mark.parametrize("zip64", [False, True])
def test_a_zip_with_data_descriptors_is_read(
    folder_bundle: Path, tmp_path: Path, zip64: bool
) -> None:
    # Written to a pipe, as zip tools streaming their output do: sizes follow each member
    # (in 8 bytes each for zip64).
    stream = _Unseekable()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(folder_bundle.iterdir()):
            with out.open(file.name, "w", force_zip64=zip64) as member:
                member.write(file.read_bytes())
    (tmp_path / "b.zip").write_bytes(bytes(stream.data))
    assert zipfile.ZipFile(tmp_path / "b.zip").infolist()[0].flag_bits & 0x08
    read = open_bundle_safely(tmp_path / "b.zip")
    assert sorted(read.files) == ["SUBMISSION.md", "manifest.json", "submission.json"]


def test_a_zipped_bundle_folder_with_other_top_entries_reports_them_as_extra(
    folder_bundle: Path, tmp_path: Path
) -> None:
    # macOS's "Compress" adds __MACOSX/ beside the folder: the bundle is still the folder,
    # and what lies beside it is reported, not "not a cloudprep bundle".
    entries: ZipEntries = [
        (f"bundle/{file.name}", file.read_bytes()) for file in sorted(folder_bundle.iterdir())
    ]
    entries.append(("__MACOSX/bundle/._SUBMISSION.md", b"\x00\x05\x16\x07"))
    entries.append(("README.txt", b"see bundle/"))
    report = validate_bundle(make_zip(tmp_path / "b.zip", entries))
    integrity = [(f.rule, f.path) for f in report.findings if f.rule.startswith("CP6")]
    assert integrity == [("CP603", "README.txt"), ("CP603", "__MACOSX/bundle/._SUBMISSION.md")]
    # A name inside the folder that, stripped, is a name beside it: ambiguous.
    entries.append(("bundle/__MACOSX/bundle/._SUBMISSION.md", b""))
    with pytest.raises(BundleUnreadable, match="appears twice"):
        open_bundle_safely(make_zip(tmp_path / "twice.zip", entries))


def test_a_member_with_a_second_unicode_name_is_refused(
    folder_bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Info-ZIP's Unicode Path field (0x7075) names the member again; unzip (and newer
    # Pythons) use that name, this one the header's: two readers, two bundles.
    import zlib

    entries: ZipEntries = [(f.name, f.read_bytes()) for f in sorted(folder_bundle.iterdir())]

    def named(name: str, shown: bytes) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name)
        field = b"\x01" + zlib.crc32(name.encode()).to_bytes(4, "little") + shown
        info.extra = (0x7075).to_bytes(2, "little") + len(field).to_bytes(2, "little") + field
        return info

    same = make_zip(tmp_path / "same.zip", [*entries, (named("notes.txt", b"notes.txt"), b"")])
    assert "notes.txt" in open_bundle_safely(same).files  # the same name twice is one name
    entries.append((named("notes.txt", b"SUBMISSION.md"), b"Approved.\n"))
    code, line = validate_exit(make_zip(tmp_path / "b.zip", entries), capsys)
    assert code == 2 and "'notes.txt'" in line and "second, different name" in line


def test_bytes_after_a_members_deflate_stream_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # zipfile stops reading a member where its deflate stream ends; a streaming reader of
    # a member with a data descriptor looks there for the next entry.
    stream = _Unseekable()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("notes.txt", b"hello " * 50)
    raw = bytearray(stream.data)
    start = 30 + len("notes.txt")
    central = raw.rfind(b"PK\x01\x02")
    size = int.from_bytes(raw[central + 20 : central + 24], "little")
    hidden = b"PK\x03\x04 another entry"
    raw[start + size : start + size] = hidden
    bigger = (size + len(hidden)).to_bytes(4, "little")
    descriptor = start + size + len(hidden)
    raw[descriptor + 8 : descriptor + 12] = bigger
    raw[central + len(hidden) + 20 : central + len(hidden) + 24] = bigger
    eocd = raw.rfind(b"PK\x05\x06")
    directory = int.from_bytes(raw[eocd + 16 : eocd + 20], "little")
    raw[eocd + 16 : eocd + 20] = (directory + len(hidden)).to_bytes(4, "little")
    (tmp_path / "b.zip").write_bytes(bytes(raw))
    code, line = validate_exit(tmp_path / "b.zip", capsys)
    assert code == 2 and "'notes.txt' has bytes after its compressed data ends" in line
