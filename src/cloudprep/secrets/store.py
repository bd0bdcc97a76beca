"""The secret store over `keyring`: has, get, set and delete, with values as `SecretStr`.

Every backend call is guarded: a keyring problem becomes one `KeyringUnavailable`
(`cloudprep.secrets.diagnosis`); a missing secret is a `SecretNotFound`. No value is ever
put in a message, and nothing is written anywhere but the keyring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import SecretStr

from cloudprep.errors import SecretNotFound
from cloudprep.secrets.diagnosis import (
    backend_qualname,
    dropped_write,
    guarded,
    load_backend,
    operation_failed,
)
from cloudprep.secrets.keys import SecretKey

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# Another tool (e.g. `secret-tool store` without keyring's `application` attribute) can add
# a second item under the same service and user name; delete removes them all, up to this.
MAX_DUPLICATES = 16


class SecretStore:
    """This machine's keyring, as cloudprep uses it."""

    def __init__(self, backend: KeyringBackend) -> None:
        self._backend = backend

    @property
    def backend_name(self) -> str:
        """The backend's class, e.g. `keyring.backends.SecretService.Keyring`."""
        return backend_qualname(self._backend)

    @property
    def backend_label(self) -> str:
        """keyring's display name for the backend, e.g. `SecretService Keyring`."""
        label = getattr(self._backend, "name", None)
        return label if isinstance(label, str) and label else self.backend_name

    def _read(self, key: SecretKey) -> SecretStr | None:
        service, username = key.service, key.username
        raw = guarded(
            lambda: self._backend.get_password(service, username),
            backend_name=self.backend_label,
            action=f"read {key.short}",
        )
        if raw is None:
            return None
        if not isinstance(raw, str):
            # A third-party backend returned something else; never show it.
            return None
        return SecretStr(raw)

    def has(self, key: SecretKey) -> bool:
        """Whether a non-empty value is stored for `key` (the value is read and dropped)."""
        value = self._read(key)
        return value is not None and value.get_secret_value() != ""

    def get(self, key: SecretKey) -> SecretStr:
        value = self._read(key)
        if value is None or value.get_secret_value() == "":
            raise SecretNotFound(
                f"{key.describe()} is not in the keyring",
                hints=[f"store it: cloudprep secret set --cloud {key.cloud} --kind {key.kind}"],
            )
        return value

    def set(self, key: SecretKey, value: SecretStr) -> None:
        """Store `value`, then read it back: a backend that drops writes is unusable."""
        secret = value.get_secret_value()
        if self._write_and_read_back(key, secret):
            return
        # An older item under the same key, stored by another tool with other attributes
        # (e.g. `secret-tool store`), can shadow the new one: remove them all, store again.
        self._delete_all(key)
        if not self._write_and_read_back(key, secret):
            raise dropped_write(self.backend_label)

    def _write_and_read_back(self, key: SecretKey, secret: str) -> bool:
        service, username = key.service, key.username
        guarded(
            lambda: self._backend.set_password(service, username, secret),
            backend_name=self.backend_label,
            action=f"store {key.short}",
            scrub=secret,
        )
        stored = guarded(
            lambda: self._backend.get_password(service, username),
            backend_name=self.backend_label,
            action=f"read back {key.short}",
            scrub=secret,
        )
        return bool(stored == secret)

    def delete(self, key: SecretKey) -> None:
        """Remove `key` (every item stored under it); `SecretNotFound` when there is none."""
        if self._read(key) is None:
            raise SecretNotFound(
                f"{key.describe()} is not in the keyring; nothing to delete",
                hints=["see what is stored: cloudprep secret list"],
            )
        self._delete_all(key)
        if self._read(key) is not None:
            raise operation_failed(
                self.backend_label, f"delete {key.short}", "it is still there after deleting"
            )

    def _delete_all(self, key: SecretKey) -> None:
        for _ in range(MAX_DUPLICATES):
            if self._read(key) is None or not self._delete_one(key):
                return

    def _delete_one(self, key: SecretKey) -> bool:
        """Delete one item; False when the backend says there is none."""
        from keyring.errors import PasswordDeleteError

        service, username = key.service, key.username

        def call() -> bool:
            try:
                self._backend.delete_password(service, username)
            except PasswordDeleteError:
                return False
            return True

        return guarded(call, backend_name=self.backend_label, action=f"delete {key.short}")


def open_store() -> SecretStore:
    """The checked keyring of this machine; `KeyringUnavailable` says why it cannot be used."""
    return SecretStore(load_backend())
