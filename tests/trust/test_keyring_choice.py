"""Keyring messages name the backend that failed, and a working OS keyring is used whatever
else happens to be installed (keyrings.alt)."""

from __future__ import annotations

from uuid import UUID

import keyring.backend
import keyring.core
import pytest
from pydantic import SecretStr

from cloudprep.core.secret_needs import SecretKind
from cloudprep.errors import KeyringUnavailable
from cloudprep.secrets import diagnosis
from cloudprep.secrets.keys import SecretKey
from cloudprep.secrets.store import open_store
from tests.secrets import fake_backends as fakes
from tests.secrets.memory_keyring import MemoryKeyring

KEY = SecretKey(UUID("5a0c7f3e-9b1d-4e2a-8c6f-1d3b5e7a9c20"), "gcch", SecretKind.CLIENT_SECRET)


def test_a_working_native_keyring_wins_over_keyrings_alt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    # The in-memory keyring stands for a running gnome-keyring (a native backend). No
    # backend class is defined here: keyring registers every class, for every later test.
    monkeypatch.setattr(diagnosis, "_NATIVE_MODULES", (MemoryKeyring.__module__,))
    native = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", fakes.AltEncryptedKeyring())
    monkeypatch.setattr(
        keyring.backend, "get_all_keyring", lambda: [fakes.AltEncryptedKeyring(), native]
    )
    open_store().set(KEY, SecretStr("Kq7~9fX3zP1wLm8Rt"))
    assert native.items == {("cloudprep", KEY.username): "Kq7~9fX3zP1wLm8Rt"}


def test_keyrings_alt_alone_is_still_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", fakes.AltEncryptedKeyring())
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: [fakes.AltEncryptedKeyring()])
    with pytest.raises(KeyringUnavailable, match=r"picked only because the keyrings\.alt"):
        open_store().has(KEY)


def test_an_explicit_failing_backend_is_named_and_d_bus_is_not_blamed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.secrets.fake_backends.RuntimeErrorKeyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", fakes.RuntimeErrorKeyring())
    with pytest.raises(KeyringUnavailable) as caught:
        open_store().has(KEY)
    message = caught.value.message
    assert "RuntimeErrorKeyring" in message
    assert "set in PYTHON_KEYRING_BACKEND" in message
    assert "D-Bus session bus" not in message and "Secret Service answers" not in message
