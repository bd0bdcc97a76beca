"""Live presence: `lookup_presence` for the rules, and `check` turning it into real CP420
findings and checklist states C5–C7."""

from __future__ import annotations

import json
from pathlib import Path

import keyring.core
import pytest

from cloudprep.core.secret_needs import PresenceState, SecretKind
from cloudprep.secrets.presence import lookup_presence, needed_keys, read_presence
from cloudprep.secrets.store import SecretStore
from tests.secrets import fake_backends as fakes
from tests.secrets.conftest import Cli
from tests.secrets.memory_keyring import MemoryKeyring
from tests.secrets.projects import (
    PROJECT_ID,
    multi_auth_data,
    no_auth_data,
    oauth_project_data,
    project,
    write,
)


def plant(keyring: MemoryKeyring, cloud: str, kind: str, value: str = "Pq7-planted-value") -> None:
    keyring.items[("cloudprep", f"{PROJECT_ID}/{cloud}/{kind}")] = value


def test_needed_keys_follow_the_auth_kind() -> None:
    keys = needed_keys(project(multi_auth_data(("gcc",))))
    assert [k.username for k in keys] == [
        f"{PROJECT_ID}/gcc/client-secret",
        f"{PROJECT_ID}/gcc/api-key",
        f"{PROJECT_ID}/gcc/test-username",
        f"{PROJECT_ID}/gcc/test-password",
    ]


def test_lookup_presence_reads_every_needed_secret(memory_keyring: MemoryKeyring) -> None:
    plant(memory_keyring, "gcch", "client-secret")
    plant(memory_keyring, "mooncake", "test-password")
    plant(memory_keyring, "dod", "client-secret")  # not a target cloud: irrelevant
    presence = lookup_presence(project(oauth_project_data()))
    assert presence.state is PresenceState.CHECKED
    assert dict(presence.present) == {
        ("gcch", SecretKind.CLIENT_SECRET): True,
        ("gcch", SecretKind.TEST_USERNAME): False,
        ("gcch", SecretKind.TEST_PASSWORD): False,
        ("mooncake", SecretKind.CLIENT_SECRET): False,
        ("mooncake", SecretKind.TEST_USERNAME): False,
        ("mooncake", SecretKind.TEST_PASSWORD): True,
    }


def test_an_explicit_store_is_used() -> None:
    backend = MemoryKeyring()
    plant(backend, "gcch", "test-username")
    presence = lookup_presence(project(oauth_project_data()), SecretStore(backend))
    assert presence.is_present("gcch", SecretKind.TEST_USERNAME) is True


def test_a_project_that_needs_nothing_never_touches_the_keyring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Untouchable(fakes.LockedKeyring):
        def fail(self) -> None:
            raise AssertionError("the keyring was touched")

    monkeypatch.setattr(keyring.core, "_keyring_backend", Untouchable())
    presence = lookup_presence(project(no_auth_data()))
    assert presence.state is PresenceState.CHECKED
    assert dict(presence.present) == {}


def test_lookup_presence_never_raises_for_the_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", fakes.LockedKeyring())
    presence = lookup_presence(project(oauth_project_data()))
    assert presence.state is PresenceState.UNAVAILABLE
    assert presence.problem is not None
    assert presence.problem.startswith("the OS keyring is locked and could not be unlocked")
    assert presence.is_present("gcch", SecretKind.CLIENT_SECRET) is None


def test_read_presence_raises_for_callers_that_must_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    from cloudprep.errors import KeyringUnavailable

    monkeypatch.setattr(keyring.core, "_keyring_backend", fakes.InitErrorKeyring())
    with pytest.raises(KeyringUnavailable):
        read_presence(project(oauth_project_data()))


# --- check, live -----------------------------------------------------------------------


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    return write(tmp_path / "cloudprep.json", oauth_project_data())


def test_check_gives_cp420_for_each_missing_secret(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    plant(memory_keyring, "gcch", "client-secret")
    plant(memory_keyring, "gcch", "test-username")
    plant(memory_keyring, "gcch", "test-password")
    plant(memory_keyring, "mooncake", "test-username")
    result = cli("check", str(project_file), "--format", "json")
    assert result.code == 1
    missing = [
        (f["cloud"], f["path"], f["severity"], f["hint"])
        for f in json.loads(result.out)["findings"]
        if f["rule"] == "CP420"
    ]
    assert sorted(missing) == [
        (
            "mooncake",
            "clouds.mooncake.secrets.client-secret",
            "error",
            "store it: cloudprep secret set --cloud mooncake --kind client-secret",
        ),
        (
            "mooncake",
            "clouds.mooncake.secrets.test-password",
            "error",
            "store it: cloudprep secret set --cloud mooncake --kind test-password",
        ),
    ]
    rules = {f["rule"] for f in json.loads(result.out)["findings"]}
    assert not rules & {"CP421", "CP422"}


def test_check_checklist_states_come_from_live_presence(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    plant(memory_keyring, "gcch", "client-secret")
    plant(memory_keyring, "gcch", "test-username")
    plant(memory_keyring, "mooncake", "test-username")
    plant(memory_keyring, "mooncake", "test-password")
    out = cli("check", str(project_file)).out
    gcch, mooncake = out.split("  gcch:\n", 1)[1].split("  mooncake:\n", 1)
    assert "    [x] C5 Client secret in the keyring" in gcch
    assert (
        "    [ ] C6 Test credentials in the keyring, to hand over through the secure channel: "
        "not in the keyring: clouds.gcch.secrets.test-password"
    ) in gcch
    assert "    [-] C7 " in gcch
    assert (
        "    [ ] C5 Client secret in the keyring, to hand over through the secure channel: "
        "not in the keyring: clouds.mooncake.secrets.client-secret"
    ) in mooncake
    assert "    [x] C6 Test credentials in the keyring" in mooncake


def test_check_with_everything_stored_has_no_secret_finding(
    cli: Cli, project_file: Path, memory_keyring: MemoryKeyring
) -> None:
    for cloud in ("gcch", "mooncake"):
        for kind in ("client-secret", "test-username", "test-password"):
            plant(memory_keyring, cloud, kind)
    result = cli("check", str(project_file), "--format", "json")
    rules = {f["rule"] for f in json.loads(result.out)["findings"]}
    assert not rules & {"CP420", "CP421", "CP422"}
    text = cli("check", str(project_file)).out
    assert text.count("[x] C5 ") == 2
    assert text.count("[x] C6 ") == 2


def test_check_api_key_connector_c7(
    cli: Cli, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data = oauth_project_data(("gcc", "dod"))
    data["connector"] = {"name": "keyed", "auth": "api_key"}
    data["clouds"]["dod"]["needs_test_account"] = True
    path = write(tmp_path / "p.json", data)
    plant(memory_keyring, "gcc", "api-key")
    out = cli("check", str(path)).out
    gcc, dod = out.split("  gcc:\n", 1)[1].split("  dod:\n", 1)
    assert "    [x] C7 API key in the keyring" in gcc
    assert "    [-] C6 " in gcc
    assert "    [ ] C7 " in dod
    assert "    [ ] C6 " in dod


def test_check_no_keyring_skips_the_lookup(
    cli: Cli, project_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", fakes.LockedKeyring())
    result = cli("check", str(project_file), "--no-keyring", "--format", "json")
    rules = [f["rule"] for f in json.loads(result.out)["findings"]]
    assert "CP422" in rules
    assert "CP420" not in rules
    assert "CP421" not in rules
