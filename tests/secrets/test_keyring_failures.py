"""Every keyring failure mode, through the CLI: `secret …` exits 3 with the one clear error;
`check` reports it as a CP421 finding instead and exits per its findings."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from cloudprep.core.findings import MESSAGE_LIMIT
from tests.secrets import fake_backends as fakes
from tests.secrets.conftest import Cli
from tests.secrets.projects import PROJECT_ID, oauth_project_data, write


@dataclass(frozen=True)
class Scenario:
    backend: type[KeyringBackend] | None
    """Installed as keyring's backend; None lets keyring choose (from the variable)."""
    env: str | None
    """PYTHON_KEYRING_BACKEND; None: not set (keyring's automatic choice)."""
    message: str
    """How the error message starts."""
    first_hint: str
    prepare: Callable[[pytest.MonkeyPatch], None] = lambda monkeypatch: None


def _no_chained_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])


LINUX = "Linux: cloudprep uses the Secret Service"
SCENARIOS = {
    "no-backend": Scenario(
        fail.Keyring, None, "no OS keyring is available: keyring found no Secret Service", LINUX
    ),
    "NoKeyringError": Scenario(
        fakes.NoKeyringErrorKeyring, None, "no OS keyring is available", LINUX
    ),
    "KeyringLocked": Scenario(
        fakes.LockedKeyring,
        None,
        "the OS keyring is locked and could not be unlocked (KeyringLocked: "
        "Failed to unlock the collection!)",
        "Linux: unlock the default collection",
    ),
    "InitError": Scenario(
        fakes.InitErrorKeyring,
        None,
        "the OS keyring could not be opened by fake backends InitErrorKeyring "
        "(InitError: Failed to create the collection",
        "Linux: the Secret Service has no usable default collection",
    ),
    "RuntimeError-at-init": Scenario(
        None,
        "tests.secrets.fake_backends.BrokenInitKeyring",
        "the keyring backend tests.secrets.fake_backends.BrokenInitKeyring (set in "
        "PYTHON_KEYRING_BACKEND) cannot start: RuntimeError: The Secret Service daemon is "
        "neither running nor activatable through D-Bus",
        "check or remove the setting in PYTHON_KEYRING_BACKEND",
    ),
    "RuntimeError-in-use": Scenario(
        fakes.RuntimeErrorKeyring,
        None,
        "the OS keyring backend cannot start (there is no D-Bus session bus here",
        LINUX,
    ),
    "null-from-variable": Scenario(
        None,
        "keyring.backends.null.Keyring",
        "the keyring is set to keyring's null backend (PYTHON_KEYRING_BACKEND), which "
        "silently throws every secret away",
        "unset PYTHON_KEYRING_BACKEND",
    ),
    "null-chosen-by-keyring": Scenario(
        null.Keyring,
        None,
        "the keyring is set to keyring's null backend (keyring's automatic choice)",
        "remove whatever selects keyring's null backend",
    ),
    "chainer-without-children": Scenario(
        chainer.ChainerBackend,
        None,
        "keyring's chainer backend is selected (keyring's automatic choice) but has no "
        "usable keyring to chain",
        LINUX,
        _no_chained_backends,
    ),
    "plaintext": Scenario(
        fakes.PlaintextKeyring,
        "tests.secrets.fake_backends.PlaintextKeyring",
        "the keyring backend tests.secrets.fake_backends.PlaintextKeyring keeps secrets in "
        "a plaintext file",
        "choose another backend",
    ),
    "keyrings.alt-by-being-installed": Scenario(
        fakes.AltEncryptedKeyring,
        None,
        "the keyring backend keyrings.alt.file.AltEncryptedKeyring was picked only because "
        "the keyrings.alt package is installed",
        "to use it, set PYTHON_KEYRING_BACKEND=keyrings.alt.file.AltEncryptedKeyring",
    ),
    "connection-lost": Scenario(
        fakes.OSErrorKeyring,
        None,
        "the keyring backend fake backends OSErrorKeyring failed to read g",
        LINUX,
    ),
}


@pytest.fixture(params=list(SCENARIOS))
def scenario(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Scenario:
    chosen = SCENARIOS[request.param]
    if chosen.env is None:
        monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    else:
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", chosen.env)
    chosen.prepare(monkeypatch)
    backend = None if chosen.backend is None else chosen.backend()
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)

    def never_prompt(prompt: str = "", stream: object = None) -> str:
        raise AssertionError("the value was asked for although the keyring is unusable")

    monkeypatch.setattr(getpass, "getpass", never_prompt)
    return chosen


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    return write(tmp_path / "cloudprep.json", oauth_project_data())


def assert_keyring_error(err: str, scenario: Scenario) -> None:
    lines = err.splitlines()
    assert lines[0].startswith(f"cloudprep: error: {scenario.message}"), err
    hints = [line.strip() for line in lines[1:]]
    assert hints[0].startswith(scenario.first_hint), err
    joined = " ".join(hints)
    for os_name in ("Linux:", "macOS:", "Windows:"):
        assert os_name in joined
    assert all(line.startswith("  ") for line in lines[1:])


@pytest.mark.parametrize(
    "argv",
    [
        ("set", "--cloud", "gcch", "--kind", "client-secret"),
        ("delete", "--cloud", "gcch", "--kind", "client-secret"),
        ("copy", "--cloud", "gcch", "--kind", "client-secret"),
        ("list",),
        ("list", "--format", "json"),
    ],
    ids=lambda argv: "-".join(argv[:1] + argv[-1:]),
)
@pytest.mark.parametrize("tty", [False, True], ids=["piped", "terminal"])
def test_secret_commands_exit_3(
    cli: Cli, project_file: Path, scenario: Scenario, argv: tuple[str, ...], tty: bool
) -> None:
    result = cli(
        "secret",
        *argv,
        "--project",
        str(project_file),
        stdin=b"Zk3-never-stored-value",
        stdin_tty=tty,
        stdout_tty=tty or argv[0] == "copy",  # copy refuses earlier without a terminal
    )
    assert result.code == 3, result.err
    assert result.out == ""
    assert_keyring_error(result.err, scenario)
    assert "Zk3-never-stored-value" not in result.both


def test_check_reports_cp421_and_exits_per_findings(
    cli: Cli, project_file: Path, scenario: Scenario
) -> None:
    result = cli("check", str(project_file), "--format", "json")
    assert result.err == ""
    findings = json.loads(result.out)["findings"]
    secret_findings = [f for f in findings if f["rule"] in ("CP420", "CP421", "CP422")]
    assert len(secret_findings) == 1
    cp421 = secret_findings[0]
    assert cp421["severity"] == "warning"
    # One short sentence; the diagnosis and the per-OS remedy are in `more`.
    # The sentence names what failed (the diagnosis' first clause), never the whole remedy.
    assert cp421["message"].startswith("cannot tell whether the needed secrets are stored: ")
    cause = cp421["message"].removeprefix("cannot tell whether the needed secrets are stored: ")
    shown = cause.rstrip("…")
    assert shown.startswith(scenario.message) or scenario.message.startswith(shown)
    assert len(cp421["message"]) <= MESSAGE_LIMIT
    assert len(cp421["hint"]) <= MESSAGE_LIMIT
    more = cp421["more"].splitlines()
    assert more[0].startswith(scenario.message)
    assert more[1].startswith(scenario.first_hint)
    for system in ("Linux:", "macOS:", "Windows:"):
        assert any(line.startswith(system) for line in more[1:]), system
    has_error = any(f["severity"] == "error" for f in findings)
    assert result.code == (1 if has_error else 0)
    strict = cli("check", str(project_file), "--format", "json", "--fail-on", "warning")
    assert strict.code == 1


def test_check_leaves_c5_to_c7_unverified(cli: Cli, project_file: Path, scenario: Scenario) -> None:
    result = cli("check", str(project_file))
    assert "warning CP421 clouds: cannot tell whether the needed secrets are stored" in result.out
    # Two target clouds: each has C5 and C6 unknown; C7 (API key) does not apply.
    assert result.out.count("[?] C5 ") == 2
    assert result.out.count("[?] C6 ") == 2
    assert result.out.count("[-] C7 ") == 2


def test_the_project_id_is_what_the_keyring_is_asked_about(
    cli: Cli, project_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str]] = []

    class Recording(fakes.LockedKeyring):
        def fail(self) -> None:
            raise AssertionError

        def get_password(self, service: str, username: str) -> str | None:
            asked.append((service, username))
            return None

    monkeypatch.setattr(keyring.core, "_keyring_backend", Recording())
    cli("check", str(project_file))
    needed = [
        ("cloudprep", f"{PROJECT_ID}/{cloud}/{kind}")
        for cloud in ("gcch", "mooncake")
        for kind in ("client-secret", "test-username", "test-password")
    ]
    # Presence asks for the needed ones; the leak guard then reads every stored value of
    # this project (any cloud, any kind), and of no other project.
    assert asked[: len(needed)] == needed
    assert {user.split("/")[0] for _, user in asked} == {str(PROJECT_ID)}
