"""Every way the keyring can be unusable maps to one clear KeyringUnavailable, naming what
is missing and how to fix it on Linux, macOS and Windows; nothing falls back."""

from __future__ import annotations

import uuid
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from pydantic import SecretStr

from cloudprep.core.secret_needs import SecretKind
from cloudprep.errors import KeyringUnavailable
from cloudprep.secrets.diagnosis import load_backend, problem_text
from cloudprep.secrets.keys import SecretKey
from cloudprep.secrets.store import SecretStore, open_store
from tests.secrets import fake_backends as fakes
from tests.secrets.memory_keyring import MemoryKeyring

KEY = SecretKey(uuid.UUID("6b1d3f5a-7c9e-4b2d-8f1a-3c5e7a9b1d2f"), "dod", SecretKind.API_KEY)


def install(
    monkeypatch: pytest.MonkeyPatch, backend_class: type[KeyringBackend] | None
) -> KeyringBackend | None:
    """Make an instance of `backend_class` keyring's backend (None: let keyring choose)."""
    backend = None if backend_class is None else backend_class()
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    return backend


def automatic_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)


def failure(monkeypatch: pytest.MonkeyPatch) -> KeyringUnavailable:
    """Open the store and use it once: the error, wherever it surfaces."""
    with pytest.raises(KeyringUnavailable) as caught:
        open_store().has(KEY)
    return caught.value


def assert_fixes_for_every_os(error: KeyringUnavailable) -> None:
    hints = " ".join(error.hints)
    for os_name in ("Linux:", "macOS:", "Windows:"):
        assert os_name in hints
    assert "never falls back to a plaintext file" in hints


def test_no_backend_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    automatic_choice(monkeypatch)
    install(monkeypatch, fail.Keyring)
    error = failure(monkeypatch)
    assert error.message.startswith("no OS keyring is available")
    assert "Secret Service, Keychain or Credential Manager" in error.message
    assert "DBUS_SESSION_BUS_ADDRESS is not set" in error.message
    assert_fixes_for_every_os(error)
    assert "gnome-keyring or KWallet" in error.hints[0]


def test_no_keyring_error_raised_by_an_operation(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, fakes.NoKeyringErrorKeyring)
    error = failure(monkeypatch)
    assert error.message.startswith("no OS keyring is available")
    assert "No recommended backend was available" in error.message
    assert_fixes_for_every_os(error)


def test_a_session_bus_without_a_secret_service_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    install(monkeypatch, fail.Keyring)
    assert "no Secret Service answers on the D-Bus session bus" in failure(monkeypatch).message


def test_locked_collection(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, fakes.LockedKeyring)
    error = failure(monkeypatch)
    assert error.message == (
        f"the OS keyring is locked and could not be unlocked (KeyringLocked: {fakes.LOCKED_TEXT})"
    )
    assert "unlock the default collection" in error.hints[0]
    assert "security unlock-keychain" in error.hints[1]
    assert error.hints[2].startswith("Windows:")


def test_locked_item_from_secretstorage(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, fakes.SecretStorageLockedKeyring)
    assert failure(monkeypatch).message.startswith("the OS keyring is locked")


def test_init_error(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, fakes.InitErrorKeyring)
    error = failure(monkeypatch)
    assert error.message.startswith("the OS keyring could not be opened by")
    assert "InitError: Failed to create the collection" in error.message
    assert "no usable default collection" in error.hints[0]
    assert error.hints[1].startswith("macOS:")
    assert error.hints[2].startswith("Windows:")


def test_plain_runtime_error_from_an_operation(monkeypatch: pytest.MonkeyPatch) -> None:
    automatic_choice(monkeypatch)
    install(monkeypatch, fakes.RuntimeErrorKeyring)
    error = failure(monkeypatch)
    assert error.message.startswith("the OS keyring backend cannot start")
    assert fakes.RUNTIME_TEXT in error.message
    assert_fixes_for_every_os(error)


def test_a_configured_backend_that_fails_to_initialise(monkeypatch: pytest.MonkeyPatch) -> None:
    name = "tests.secrets.fake_backends.BrokenInitKeyring"
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", name)
    install(monkeypatch, None)
    error = failure(monkeypatch)
    assert error.message == (
        f"the keyring backend {name} (set in PYTHON_KEYRING_BACKEND) cannot start: "
        f"RuntimeError: {fakes.RUNTIME_TEXT}"
    )
    assert error.hints[0] == "check or remove the setting in PYTHON_KEYRING_BACKEND"
    assert_fixes_for_every_os(error)


def test_a_configured_backend_that_does_not_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.nosuch.Keyring")
    install(monkeypatch, None)
    error = failure(monkeypatch)
    assert error.message.startswith(
        "PYTHON_KEYRING_BACKEND names the keyring backend keyrings.nosuch.Keyring, which "
        "cannot be loaded: ModuleNotFoundError"
    )


def test_null_backend_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    install(monkeypatch, None)
    error = failure(monkeypatch)
    assert error.message == (
        "the keyring is set to keyring's null backend (PYTHON_KEYRING_BACKEND), which "
        "silently throws every secret away; cloudprep will not use it"
    )
    assert error.hints[0] == "unset PYTHON_KEYRING_BACKEND (it names keyring.backends.null.Keyring)"
    assert_fixes_for_every_os(error)


def test_null_backend_from_keyringrc(monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> None:
    automatic_choice(monkeypatch)
    config = isolated_home / "xdg_config_home" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring=keyring.backends.null.Keyring\n")
    install(monkeypatch, None)
    error = failure(monkeypatch)
    assert f"null backend ({config})" in error.message
    assert error.hints[0] == (
        f"remove the default-keyring line from {config} (python -m keyring --disable wrote it)"
    )


def test_null_backend_never_receives_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    automatic_choice(monkeypatch)
    install(monkeypatch, null.Keyring)
    with pytest.raises(KeyringUnavailable, match="null backend"):
        open_store().set(KEY, SecretStr("never-stored-value"))


def test_chainer_with_nothing_to_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    automatic_choice(monkeypatch)
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    install(monkeypatch, chainer.ChainerBackend)
    error = failure(monkeypatch)
    assert error.message.startswith(
        "keyring's chainer backend is selected (keyring's automatic choice) but has no "
        "usable keyring to chain"
    )
    assert_fixes_for_every_os(error)


def test_chainer_with_a_real_backend_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    memory = MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [memory])
    install(monkeypatch, chainer.ChainerBackend)
    open_store().set(KEY, SecretStr("chained-value-1"))
    assert memory.items == {("cloudprep", KEY.username): "chained-value-1"}


def test_a_plaintext_backend_is_refused_even_when_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.secrets.fake_backends.PlaintextKeyring")
    install(monkeypatch, fakes.PlaintextKeyring)
    error = failure(monkeypatch)
    assert "keeps secrets in a plaintext file" in error.message


def test_keyrings_alt_picked_by_being_installed_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    automatic_choice(monkeypatch)
    install(monkeypatch, fakes.AltEncryptedKeyring)
    error = failure(monkeypatch)
    assert error.message == (
        "the keyring backend keyrings.alt.file.AltEncryptedKeyring was picked only because "
        "the keyrings.alt package is installed; cloudprep uses such a backend only when you "
        "choose it yourself"
    )
    assert error.hints[0].startswith(
        "to use it, set PYTHON_KEYRING_BACKEND=keyrings.alt.file.AltEncryptedKeyring"
    )


def test_an_encrypted_file_backend_the_user_chose_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.AltEncryptedKeyring")
    backend = install(monkeypatch, fakes.AltEncryptedKeyring)
    assert isinstance(backend, fakes.AltEncryptedKeyring)
    open_store().set(KEY, SecretStr("chosen-value-1"))
    assert backend.items == {("cloudprep", KEY.username): "chosen-value-1"}


def test_a_broken_keyringrc_is_reported(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    automatic_choice(monkeypatch)
    config = isolated_home / "xdg_config_home" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("this is not an ini file\n")
    with pytest.raises(KeyringUnavailable, match=r"keyringrc\.cfg cannot be read"):
        load_backend()


def test_connection_lost_mid_session(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, fakes.OSErrorKeyring)
    error = failure(monkeypatch)
    assert error.message.startswith("the keyring backend")
    assert "failed to read dod/api-key: ConnectionRefusedError" in error.message


def test_a_bug_in_cloudprep_is_not_mistaken_for_a_keyring_problem() -> None:
    store = SecretStore(MemoryKeyring())
    with pytest.raises(AttributeError):
        store.has("not a key")  # type: ignore[arg-type]


def test_problem_text_is_one_line_with_the_fixes() -> None:
    error = KeyringUnavailable("the OS keyring is locked", hints=("Linux: a", "macOS: b"))
    assert problem_text(error) == "the OS keyring is locked. To fix: Linux: a; macOS: b"
