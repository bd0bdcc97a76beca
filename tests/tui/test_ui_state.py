"""The remembered step: written when it changes, left alone when it is already so."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudprep.core.atomic_write import write_atomically
from cloudprep.tui import ui_state


@pytest.fixture
def writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    written: list[Path] = []

    def counting(path: Path, data: bytes, *, mode: int = 0o644) -> None:
        written.append(path)
        write_atomically(path, data, mode=mode)

    monkeypatch.setattr(ui_state, "write_atomically", counting)
    return written


def test_a_step_already_remembered_is_not_written_again(writes: list[Path]) -> None:
    ui_state.remember_step("a", "ga")
    ui_state.remember_step("a", "ga")
    assert len(writes) == 1
    assert ui_state.last_step("a") == "ga"

    ui_state.remember_step("a", "review")
    assert len(writes) == 2
    assert ui_state.last_step("a") == "review"


def test_the_most_recent_project_moves_last_even_on_the_same_step(writes: list[Path]) -> None:
    ui_state.remember_step("a", "ga")
    ui_state.remember_step("b", "ga")
    ui_state.remember_step("a", "ga")  # a is now the most recent: the file changes
    assert len(writes) == 3
    assert list(ui_state._read(ui_state.state_file())) == ["b", "a"]
