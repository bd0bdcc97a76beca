"""The installed `cloudprep` in a subprocess: keyring problems configured the ways users
configure them (environment, keyringrc.cfg, no D-Bus session) exit 3 for `secret …` and
give CP421 for `check`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cloudprep.core.findings import MESSAGE_LIMIT
from tests.secrets.entry_point import clean_env, run_cloudprep
from tests.secrets.projects import oauth_project_data, write

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the keyring these tests expect is Linux's"
)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    write(tmp_path / "cloudprep.json", oauth_project_data())
    (tmp_path / "home").mkdir()
    return tmp_path


def test_help(workdir: Path) -> None:
    result = run_cloudprep("secret", "--help", env=clean_env(workdir / "home"), cwd=workdir)
    assert result.code == 0
    assert "usage: cloudprep secret [-h] ACTION" in result.out


def test_no_session_bus_means_no_keyring(workdir: Path) -> None:
    result = run_cloudprep("secret", "list", env=clean_env(workdir / "home"), cwd=workdir)
    assert result.code == 3
    assert result.out == ""
    assert result.err.startswith(
        "cloudprep: error: no OS keyring is available: keyring found no Secret Service, "
        "Keychain or Credential Manager (there is no D-Bus session bus here: "
        "DBUS_SESSION_BUS_ADDRESS is not set"
    )


def test_secret_service_configured_but_unreachable(workdir: Path) -> None:
    env = clean_env(
        workdir / "home",
        PYTHON_KEYRING_BACKEND="keyring.backends.SecretService.Keyring",
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={workdir}/no-such-bus",
    )
    result = run_cloudprep(
        "secret",
        "set",
        "--cloud",
        "gcch",
        "--kind",
        "client-secret",
        env=env,
        cwd=workdir,
        stdin=b"Wm5-never-stored\n",
    )
    assert result.code == 3
    assert result.err.startswith(
        "cloudprep: error: the keyring backend keyring.backends.SecretService.Keyring (set in "
        "PYTHON_KEYRING_BACKEND) cannot start (no Secret Service answers on the D-Bus session "
        "bus): "
    )
    assert "Wm5-never-stored" not in result.out + result.err


def test_null_backend_from_keyringrc(workdir: Path) -> None:
    home = workdir / "home"
    config = home / ".config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring=keyring.backends.null.Keyring\n")
    result = run_cloudprep(
        "secret",
        "set",
        "--cloud",
        "gcch",
        "--kind",
        "client-secret",
        env=clean_env(home),
        cwd=workdir,
        stdin=b"Wm5-never-stored\n",
    )
    assert result.code == 3
    assert result.err.splitlines()[:2] == [
        f"cloudprep: error: the keyring is set to keyring's null backend ({config}), which "
        "silently throws every secret away; cloudprep will not use it",
        f"  remove the default-keyring line from {config} (python -m keyring --disable wrote it)",
    ]


def test_locked_fake_backend_by_name(workdir: Path) -> None:
    env = clean_env(
        workdir / "home", PYTHON_KEYRING_BACKEND="tests.secrets.fake_backends.LockedKeyring"
    )
    result = run_cloudprep("secret", "list", "--format", "json", env=env, cwd=workdir)
    assert result.code == 3
    assert result.out == ""
    assert result.err.startswith(
        "cloudprep: error: the OS keyring is locked and could not be unlocked"
    )


def test_check_reports_cp421_instead(workdir: Path) -> None:
    env = clean_env(workdir / "home", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    result = run_cloudprep(
        "check", "--format", "json", "--fail-on", "warning", env=env, cwd=workdir
    )
    assert result.code == 1
    assert result.err == ""
    cp421 = [f for f in json.loads(result.out)["findings"] if f["rule"] == "CP421"]
    assert len(cp421) == 1
    # One short sentence naming what failed; the whole diagnosis leads `more`.
    assert cp421[0]["message"].startswith(
        "cannot tell whether the needed secrets are stored: the keyring is set to keyring's "
        "null backend (PYTHON_KEYRING_BACKEND)"
    )
    assert len(cp421[0]["message"]) <= MESSAGE_LIMIT
    assert cp421[0]["more"].startswith(
        "the keyring is set to keyring's null backend (PYTHON_KEYRING_BACKEND)"
    )
