"""The in-memory test keyring is a correct keyring backend, and is never picked by itself."""

from __future__ import annotations

import keyring
import keyring.core
import pytest
from keyring.testing.backend import BackendBasicTests

from tests.secrets.memory_keyring import MemoryKeyring


class TestMemoryKeyringPassesKeyringsOwnTests(BackendBasicTests):
    def init_keyring(self) -> MemoryKeyring:
        return MemoryKeyring()


def test_priority_is_not_positive() -> None:
    assert MemoryKeyring.priority <= 0


def test_keyrings_automatic_choice_never_picks_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    chosen = keyring.core._detect_backend()
    assert not isinstance(chosen, MemoryKeyring)


def test_each_test_gets_a_fresh_one(memory_keyring: MemoryKeyring) -> None:
    assert keyring.get_keyring() is memory_keyring
    assert memory_keyring.items == {}
    keyring.set_password("cloudprep", "someone", "value")
    assert memory_keyring.items == {("cloudprep", "someone"): "value"}
