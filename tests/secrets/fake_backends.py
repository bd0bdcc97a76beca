"""Keyring backends that fail the ways real ones do, for the diagnosis tests.

All have a priority below zero (or one that raises), so keyring never picks one by itself.
They can be installed in-process, or named in PYTHON_KEYRING_BACKEND for a subprocess
(with the repository root on PYTHONPATH).
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import InitError, KeyringLocked, NoKeyringError, PasswordSetError

from tests.secrets.memory_keyring import MemoryKeyring

LOCKED_TEXT = "Failed to unlock the collection!"
INIT_TEXT = (
    "Failed to create the collection: "
    "No such object path '/org/freedesktop/secrets/aliases/default'."
)
RUNTIME_TEXT = "The Secret Service daemon is neither running nor activatable through D-Bus"


class _Raising(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        return -10

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def fail(self) -> None:
        raise NotImplementedError

    def get_password(self, service: str, username: str) -> str | None:
        self.fail()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.fail()

    def delete_password(self, service: str, username: str) -> None:
        self.fail()


class LockedKeyring(_Raising):
    """The collection is locked and the unlock prompt was dismissed."""

    def fail(self) -> None:
        raise KeyringLocked(LOCKED_TEXT)


class InitErrorKeyring(_Raising):
    """The backend runs, but cannot open its default collection."""

    def fail(self) -> None:
        raise InitError(INIT_TEXT)


class NoKeyringErrorKeyring(_Raising):
    """What keyring's `fail` backend raises, from a backend of its own."""

    def fail(self) -> None:
        raise NoKeyringError("No recommended backend was available.")


class RuntimeErrorKeyring(_Raising):
    """A backend whose every operation fails with a plain RuntimeError."""

    def fail(self) -> None:
        raise RuntimeError(RUNTIME_TEXT)


class BrokenInitKeyring(MemoryKeyring):
    """A backend that fails to initialise: its priority raises a plain RuntimeError, as
    keyring's own backends do when their service is missing. Load it by name."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError(RUNTIME_TEXT)


class LockedException(Exception):
    """Named like secretstorage's, which the SecretService backend lets through."""


class SecretStorageLockedKeyring(_Raising):
    def fail(self) -> None:
        raise LockedException("Item is locked!")


class OSErrorKeyring(_Raising):
    """The D-Bus socket went away mid-session."""

    def fail(self) -> None:
        raise ConnectionRefusedError(111, "Connection refused")


class DroppingKeyring(MemoryKeyring):
    """Accepts writes and forgets them, like keyring's null backend, under another name."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


class LeakyErrorKeyring(MemoryKeyring):
    """A careless backend that puts the value in its error text."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError(f"cannot store {password!r} for {username}")


class PlaintextKeyring(MemoryKeyring):
    """Named like keyrings.alt's plaintext file backend."""


class AltEncryptedKeyring(MemoryKeyring):
    """Looks like a keyrings.alt backend: picked automatically merely by being installed."""


AltEncryptedKeyring.__module__ = "keyrings.alt.file"
