"""cloudprep against a real Secret Service (gnome-keyring on a private D-Bus), cross-checked
with libsecret's `secret-tool`.

cloudprep runs as the installed entry point in a subprocess whose environment has only
the private bus (DBUS_SESSION_BUS_ADDRESS) and, to be deterministic,
PYTHON_KEYRING_BACKEND=keyring.backends.SecretService.Keyring: keyring's automatic choice
would pick the same backend here (one test checks that), but the variable makes the
choice independent of any other backend installed in the environment and of keyringrc.cfg.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from pathlib import Path

import pytest
from pydantic import SecretStr

from cloudprep.core.secret_needs import SecretKind
from cloudprep.secrets.keys import SecretKey
from cloudprep.secrets.store import SecretStore
from tests.secrets.conftest import Result
from tests.secrets.daemon import SecretServiceDaemon
from tests.secrets.entry_point import clean_env, cloudprep_command, run_cloudprep
from tests.secrets.projects import oauth_project_data, write
from tests.secrets.terminal import run_in_terminal

pytestmark = pytest.mark.keyring_daemon

SECRET_SERVICE = "keyring.backends.SecretService.Keyring"
# Not ASCII, with quotes, a backslash and spaces: what goes in must come out byte for byte.
VALUE = 'Ké8~"q\\ Xv.2-Lw_9 Zt'


class Workspace:
    """A project (with a fresh id, so tests never share keyring items) and a clean HOME."""

    def __init__(self, root: Path, daemon: SecretServiceDaemon) -> None:
        self.root = root
        self.daemon = daemon
        self.project_id = uuid.uuid4()
        data = oauth_project_data(("gcch", "mooncake"))
        data["project_id"] = str(self.project_id)
        self.project = write(root / "cloudprep.json", data)
        (root / "home").mkdir()
        self.env = clean_env(
            root / "home",
            DBUS_SESSION_BUS_ADDRESS=daemon.address,
            PYTHON_KEYRING_BACKEND=SECRET_SERVICE,
        )

    def username(self, cloud: str, kind: str) -> str:
        return f"{self.project_id}/{cloud}/{kind}"

    def cloudprep(self, *args: str, stdin: bytes | None = None) -> Result:
        return run_cloudprep(*args, env=self.env, cwd=self.root, stdin=stdin)

    def lookup(self, cloud: str, kind: str) -> bytes | None:
        found = self.daemon.secret_tool(
            "lookup", "service", "cloudprep", "username", self.username(cloud, kind)
        )
        return found.stdout if found.returncode == 0 else None

    def store(self, cloud: str, kind: str, value: bytes) -> None:
        stored = self.daemon.secret_tool(
            "store",
            "--label=stored by secret-tool",
            "service",
            "cloudprep",
            "username",
            self.username(cloud, kind),
            input=value,
        )
        assert stored.returncode == 0, stored.stderr


@pytest.fixture
def ws(tmp_path: Path, secret_service: SecretServiceDaemon) -> Workspace:
    return Workspace(tmp_path, secret_service)


def test_the_backend_is_the_secret_service(ws: Workspace) -> None:
    chosen = ws.cloudprep("secret", "list", "--format", "json")
    assert chosen.code == 0, chosen.err
    assert json.loads(chosen.out)["backend"] == SECRET_SERVICE
    automatic_env = {k: v for k, v in ws.env.items() if k != "PYTHON_KEYRING_BACKEND"}
    automatic = run_cloudprep("secret", "list", "--format", "json", env=automatic_env, cwd=ws.root)
    assert automatic.code == 0, automatic.err
    assert json.loads(automatic.out)["backend"] == SECRET_SERVICE


def test_a_value_set_by_cloudprep_is_read_by_secret_tool(ws: Workspace) -> None:
    result = ws.cloudprep(
        "secret",
        "set",
        "--cloud",
        "gcch",
        "--kind",
        "client-secret",
        stdin=VALUE.encode() + b"\n",
    )
    assert result.code == 0, result.err
    assert result.out == (
        "stored the OAuth client secret for GCC High (gcch/client-secret) in "
        "SecretService Keyring\n"
    )
    assert ws.lookup("gcch", "client-secret") == VALUE.encode()
    assert ws.lookup("mooncake", "client-secret") is None


def test_a_value_stored_by_secret_tool_is_read_by_cloudprep(ws: Workspace) -> None:
    ws.store("mooncake", "test-password", VALUE.encode())
    listed = json.loads(ws.cloudprep("secret", "list", "--format", "json").out)
    stored = {(r["cloud"], r["kind"]) for r in listed["secrets"] if r["stored"]}
    assert stored == {("mooncake", "test-password")}
    # The value itself: cloudprep hands it only to a terminal, with OSC 52.
    code, output = run_in_terminal(
        [*cloudprep_command(), "secret", "copy", "--cloud", "mooncake", "--kind", "test-password"],
        env=ws.env,
        cwd=ws.root,
    )
    assert code == 0, output
    copied = re.search(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", output)
    assert copied is not None, output
    assert base64.b64decode(copied.group(1)) == VALUE.encode()
    assert b"tmux, screen or an SSH session may keep a copy" in output


def test_the_store_reads_the_secret_service_in_process(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyring.backends.SecretService import Keyring

    ws.store("gcch", "test-username", b"tester@contoso.onmicrosoft.us")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", ws.daemon.address)
    store = SecretStore(Keyring())  # type: ignore[no-untyped-call]
    key = SecretKey(ws.project_id, "gcch", SecretKind.TEST_USERNAME)
    assert store.get(key).get_secret_value() == "tester@contoso.onmicrosoft.us"
    store.set(key, SecretStr(VALUE))
    assert ws.lookup("gcch", "test-username") == VALUE.encode()


def test_set_replaces_a_value_secret_tool_stored(ws: Workspace) -> None:
    ws.store("gcch", "api-key", b"older-key-from-secret-tool")
    result = ws.cloudprep(
        "secret", "set", "--cloud", "gcch", "--kind", "api-key", stdin=VALUE.encode()
    )
    assert result.code == 0, result.err
    assert "(it replaces the previous value)" in result.out
    assert ws.lookup("gcch", "api-key") == VALUE.encode()


def test_delete(ws: Workspace) -> None:
    ws.store("gcch", "test-password", b"from-secret-tool")
    ws.cloudprep(
        "secret", "set", "--cloud", "gcch", "--kind", "test-password", stdin=VALUE.encode()
    )
    deleted = ws.cloudprep("secret", "delete", "--cloud", "gcch", "--kind", "test-password")
    assert deleted.code == 0, deleted.err
    assert ws.lookup("gcch", "test-password") is None
    again = ws.cloudprep("secret", "delete", "--cloud", "gcch", "--kind", "test-password")
    assert again.code == 2
    assert "is not in the keyring; nothing to delete" in again.err


def test_check_sees_live_presence(ws: Workspace) -> None:
    for kind in ("client-secret", "test-username", "test-password"):
        ws.store("gcch", kind, f"Zq{len(kind)}v7Lp-{kind[:2]}".encode())
    result = ws.cloudprep("check", "--format", "json")
    missing = sorted(f["path"] for f in json.loads(result.out)["findings"] if f["rule"] == "CP420")
    assert missing == [
        "clouds.mooncake.secrets.client-secret",
        "clouds.mooncake.secrets.test-password",
        "clouds.mooncake.secrets.test-username",
    ]


def test_set_at_a_hidden_prompt_on_a_real_terminal(ws: Workspace) -> None:
    typed = "Hidden-9f3e-Typed-Value"
    code, output = run_in_terminal(
        [*cloudprep_command(), "secret", "set", "--cloud", "gcch", "--kind", "client-secret"],
        env=ws.env,
        cwd=ws.root,
        answers=[
            (b"(hidden): ", typed.encode() + b"\r"),
            (b"again, to confirm (hidden): ", typed.encode() + b"\r"),
        ],
    )
    assert code == 0, output
    assert b"stored the OAuth client secret for GCC High" in output
    # The terminal did not echo what was typed.
    assert typed.encode() not in output
    assert ws.lookup("gcch", "client-secret") == typed.encode()
