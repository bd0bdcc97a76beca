"""`read_at_most` gives what `handle.read(limit)` gives, whatever the file's reported size."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from cloudprep.core.bounded_read import read_at_most


@pytest.mark.parametrize(("size", "limit"), [(0, 5), (3, 5), (4, 5), (5, 5), (9, 5), (5, 1)])
def test_a_file_is_read_up_to_the_limit(tmp_path: Path, size: int, limit: int) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * size)
    with path.open("rb") as handle:
        assert read_at_most(handle, limit) == b"x" * min(size, limit)


def test_a_file_that_grew_after_its_size_was_asked_is_read_on_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"0123456789")
    real_fstat = os.fstat

    class Stale:
        def __init__(self, fd: int) -> None:
            self.st_size = real_fstat(fd).st_size - 6  # as if asked before 6 bytes came

    monkeypatch.setattr("cloudprep.core.bounded_read.os.fstat", Stale)
    with path.open("rb") as handle:
        assert read_at_most(handle, 8) == b"01234567"
    with path.open("rb") as handle:
        assert read_at_most(handle, 100) == b"0123456789"


def test_a_file_whose_size_is_not_reported_is_still_read(tmp_path: Path) -> None:
    proc_file = Path("/proc/self/status")  # size 0 in its stat, text when read
    if not proc_file.exists():
        pytest.skip("no /proc on this platform")
    with proc_file.open("rb") as handle:
        data = read_at_most(handle, 1 << 20)
    assert data.startswith(b"Name:")


def test_a_stream_without_a_file_descriptor_is_read_as_read_would() -> None:
    assert read_at_most(io.BytesIO(b"abcdef"), 4) == b"abcd"
