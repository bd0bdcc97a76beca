"""Files written atomically: alone, or several as one change (connector files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cloudprep.core.atomic_write import write_atomically, write_files_atomically


def test_several_files_replace_the_old_ones_together(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b"old a")
    write_files_atomically(tmp_path, {"a.json": b"new a", "b.json": b"new b"}, mode=0o600)
    assert (tmp_path / "a.json").read_bytes() == b"new a"
    assert (tmp_path / "b.json").read_bytes() == b"new b"
    assert (tmp_path / "b.json").stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]


def test_a_failure_while_writing_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.json").write_bytes(b"old a")
    (tmp_path / "b.json").write_bytes(b"old b")
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # the second file's data cannot be written
        synced.append(fd)
        if len(synced) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError, match="No space left"):
        write_files_atomically(tmp_path, {"a.json": b"new a", "b.json": b"new b"})
    assert len(synced) == 2  # the first file was written in full, the second failed
    assert (tmp_path / "a.json").read_bytes() == b"old a"
    assert (tmp_path / "b.json").read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]  # no temp left


def test_a_folder_where_a_file_goes_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.json").write_bytes(b"old a")
    (tmp_path / "b.json").mkdir()
    with pytest.raises(IsADirectoryError):
        write_files_atomically(tmp_path, {"a.json": b"new a", "b.json": b"new b"})
    assert (tmp_path / "a.json").read_bytes() == b"old a"


def test_one_file_in_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_atomically(Path("p.json"), b"{}")
    assert (tmp_path / "p.json").read_bytes() == b"{}"
