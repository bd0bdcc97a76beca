"""The store: key layout, has/get/set/delete, and values that never print."""

from __future__ import annotations

import uuid

import pytest
from pydantic import SecretStr

from cloudprep.core.secret_needs import SecretKind
from cloudprep.errors import KeyringUnavailable, SecretNotFound
from cloudprep.secrets.keys import SERVICE, SecretKey
from cloudprep.secrets.store import SecretStore, open_store
from tests.secrets.fake_backends import DroppingKeyring, LeakyErrorKeyring
from tests.secrets.memory_keyring import MemoryKeyring

PROJECT_ID = uuid.UUID("0f4e2d6c-8a1b-4c3d-9e5f-7a6b8c9d0e1f")
KEY = SecretKey(PROJECT_ID, "gcch", SecretKind.CLIENT_SECRET)
VALUE = "kX9~Qm2.Rv7-Tz4_Wp1"


def test_service_and_username_follow_the_product_contract() -> None:
    assert SERVICE == "cloudprep"
    assert KEY.service == "cloudprep"
    assert KEY.username == "0f4e2d6c-8a1b-4c3d-9e5f-7a6b8c9d0e1f/gcch/client-secret"
    key = SecretKey(PROJECT_ID, "mooncake", SecretKind.TEST_USERNAME)
    assert key.username == "0f4e2d6c-8a1b-4c3d-9e5f-7a6b8c9d0e1f/mooncake/test-username"
    assert KEY.describe() == "the OAuth client secret for GCC High (gcch/client-secret)"


def test_open_store_uses_keyrings_backend(memory_keyring: MemoryKeyring) -> None:
    store = open_store()
    store.set(KEY, SecretStr(VALUE))
    assert memory_keyring.items == {("cloudprep", KEY.username): VALUE}
    assert store.backend_name == "tests.secrets.memory_keyring.MemoryKeyring"


def test_set_get_has_delete() -> None:
    store = SecretStore(MemoryKeyring())
    assert not store.has(KEY)
    store.set(KEY, SecretStr(VALUE))
    assert store.has(KEY)
    got = store.get(KEY)
    assert isinstance(got, SecretStr)
    assert got.get_secret_value() == VALUE
    assert VALUE not in repr(got)
    store.delete(KEY)
    assert not store.has(KEY)


def test_set_replaces() -> None:
    store = SecretStore(MemoryKeyring())
    store.set(KEY, SecretStr("first-value-1"))
    store.set(KEY, SecretStr("second-value-2"))
    assert store.get(KEY).get_secret_value() == "second-value-2"


def test_keys_do_not_collide_across_projects_clouds_and_kinds() -> None:
    store = SecretStore(MemoryKeyring())
    store.set(KEY, SecretStr(VALUE))
    assert not store.has(SecretKey(uuid.uuid4(), "gcch", SecretKind.CLIENT_SECRET))
    assert not store.has(SecretKey(PROJECT_ID, "dod", SecretKind.CLIENT_SECRET))
    assert not store.has(SecretKey(PROJECT_ID, "gcch", SecretKind.API_KEY))


def test_get_and_delete_of_a_missing_secret_raise_secret_not_found() -> None:
    store = SecretStore(MemoryKeyring())
    with pytest.raises(SecretNotFound, match="not in the keyring"):
        store.get(KEY)
    with pytest.raises(SecretNotFound, match="nothing to delete"):
        store.delete(KEY)


def test_an_empty_stored_value_counts_as_missing() -> None:
    backend = MemoryKeyring()
    backend.set_password(SERVICE, KEY.username, "")
    store = SecretStore(backend)
    assert not store.has(KEY)
    with pytest.raises(SecretNotFound):
        store.get(KEY)


class _DuplicatingKeyring(MemoryKeyring):
    """Like the Secret Service with two items under the same attributes (one stored by
    keyring, one by secret-tool): delete removes one at a time."""

    def __init__(self) -> None:
        super().__init__()
        self.extra: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        found = super().get_password(service, username)
        return found if found is not None else (self.extra[0] if self.extra else None)

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) in self.items:
            super().delete_password(service, username)
        elif self.extra:
            self.extra.pop(0)
        else:
            super().delete_password(service, username)


def test_delete_removes_every_item_under_the_key() -> None:
    backend = _DuplicatingKeyring()
    backend.set_password(SERVICE, KEY.username, VALUE)
    backend.extra.append("from-secret-tool")
    store = SecretStore(backend)
    store.delete(KEY)
    assert not store.has(KEY)
    assert backend.extra == []


def test_a_backend_that_drops_writes_is_reported_not_trusted() -> None:
    store = SecretStore(DroppingKeyring())
    with pytest.raises(KeyringUnavailable, match="does not return it"):
        store.set(KEY, SecretStr(VALUE))


def test_a_backend_error_that_quotes_the_value_is_scrubbed() -> None:
    store = SecretStore(LeakyErrorKeyring())
    with pytest.raises(KeyringUnavailable) as caught:
        store.set(KEY, SecretStr(VALUE))
    error = caught.value
    assert "failed to store gcch/client-secret" in error.message
    assert "PasswordSetError" in error.message
    assert VALUE not in " ".join([error.message, *error.hints])
    assert error.__cause__ is None
    assert error.__suppress_context__


class _ShadowingKeyring(MemoryKeyring):
    """An older item under the same key (as `secret-tool store` leaves next to keyring's
    own) that lookups find first."""

    def __init__(self) -> None:
        super().__init__()
        self.older: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        return self.older[0] if self.older else super().get_password(service, username)

    def delete_password(self, service: str, username: str) -> None:
        if self.older:
            self.older.pop(0)
        else:
            super().delete_password(service, username)


def test_set_replaces_an_older_item_that_would_shadow_it() -> None:
    backend = _ShadowingKeyring()
    backend.older.append("older-value-1")
    store = SecretStore(backend)
    store.set(KEY, SecretStr(VALUE))
    assert backend.older == []
    assert store.get(KEY).get_secret_value() == VALUE
