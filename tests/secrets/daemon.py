"""A private, real Secret Service for the integration tests: a `dbus-daemon` of its own
and `gnome-keyring-daemon --unlock --components=secrets`, with HOME and XDG_* in a temp dir.

The bus gets its own configuration file with no service directory, so nothing is started
by D-Bus activation: the two processes started here are the only ones, and `stop()` ends
both (and fails loudly if anything started under the temp dir is still alive).
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

SECRETS_BUS_NAME = "org.freedesktop.secrets"
KEYRING_PASSWORD = "cloudprep-integration-test"
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
REQUIRED_PROGRAMS = ("dbus-daemon", "gnome-keyring-daemon", "secret-tool")

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class DaemonUnavailable(Exception):
    """The private Secret Service could not be started here (the reason says why)."""


@dataclass
class SecretServiceDaemon:
    root: Path
    """Holds the daemon's HOME, XDG dirs and logs."""
    socket_dir: Path
    address: str
    """DBUS_SESSION_BUS_ADDRESS of the private bus."""
    env: dict[str, str]
    """The daemon's environment; secret-tool runs with it too."""
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def secret_tool(
        self, *args: str, input: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["secret-tool", *args],
            input=input,
            env=self.env,
            capture_output=True,
            timeout=30,
            check=False,
        )

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=STOP_TIMEOUT)
        leftovers = processes_started_under(self.root) + processes_started_under(self.socket_dir)
        for pid in leftovers:
            _kill(pid)
        shutil.rmtree(self.socket_dir, ignore_errors=True)
        if leftovers:
            raise AssertionError(f"processes left running by the Secret Service: {leftovers}")


def _kill(pid: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def processes_started_under(root: Path) -> list[int]:
    """Live processes whose environment or command line mentions `root` (Linux /proc)."""
    needle = str(root).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if b"State:\tZ" in (entry / "status").read_bytes():
                continue
            blob = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in blob:
            found.append(int(entry.name))
    return found


def daemon_env(root: Path, address: str | None = None) -> dict[str, str]:
    home = root / "home"
    runtime = root / "run"
    for folder in (home, runtime):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "LANG": "C.UTF-8",
    }
    if address:
        env["DBUS_SESSION_BUS_ADDRESS"] = address
    return env


def _read_line(process: subprocess.Popen[bytes], deadline: float) -> str:
    assert process.stdout is not None
    line = b""
    while not line.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            break
        ready, _, _ = select.select([process.stdout], [], [], remaining)
        if not ready:
            break
        chunk = os.read(process.stdout.fileno(), 1)
        if not chunk:
            break
        line += chunk
    return line.decode().strip()


def _name_has_owner(address: str, name: str) -> bool:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with closing(open_dbus_connection(bus=address)) as connection:
        reply = connection.send_and_get_reply(message_bus.NameHasOwner(name), timeout=5)
    return bool(reply.body[0])


def _tail(path: Path) -> str:
    try:
        return " ".join(path.read_text(errors="replace").split())[-400:]
    except OSError:
        return ""


def start_secret_service(root: Path) -> SecretServiceDaemon:
    """Start the private bus and an unlocked gnome-keyring on it; `DaemonUnavailable` when
    this machine cannot (the reason names what is missing)."""
    missing = [p for p in REQUIRED_PROGRAMS if shutil.which(p) is None]
    if missing:
        raise DaemonUnavailable(
            "a real Secret Service needs " + ", ".join(missing) + " "
            "(apt-get install gnome-keyring dbus libsecret-tools)"
        )
    # A short directory for the socket: a unix socket path is limited to ~100 bytes.
    socket_dir = Path(tempfile.mkdtemp(prefix="cloudprep-bus-"))
    config = root / "bus.conf"
    config.write_text(BUS_CONFIG.format(socket=socket_dir / "bus"), encoding="utf-8")
    env = daemon_env(root)
    daemon = SecretServiceDaemon(root=root, socket_dir=socket_dir, address="", env=env)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        bus = subprocess.Popen(
            [
                "dbus-daemon",
                f"--config-file={config}",
                "--nofork",
                "--nopidfile",
                "--print-address=1",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=(root / "dbus.log").open("wb"),
            env=env,
        )
        daemon.processes.append(bus)
        address = _read_line(bus, deadline)
        if not address.startswith("unix:"):
            raise DaemonUnavailable(f"dbus-daemon did not start: {_tail(root / 'dbus.log')}")
        daemon.address = address
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=(root / "gnome-keyring.out").open("wb"),
            stderr=(root / "gnome-keyring.log").open("wb"),
            env=env,
        )
        daemon.processes.append(keyring_daemon)
        assert keyring_daemon.stdin is not None
        # --unlock reads the login keyring's password on stdin, up to end of file.
        keyring_daemon.stdin.write(KEYRING_PASSWORD.encode())
        keyring_daemon.stdin.close()
        while not _name_has_owner(address, SECRETS_BUS_NAME):
            if keyring_daemon.poll() is not None or time.monotonic() > deadline:
                raise DaemonUnavailable(
                    "gnome-keyring-daemon did not take the Secret Service name: "
                    + _tail(root / "gnome-keyring.log")
                )
            time.sleep(0.05)
        _smoke_test(daemon)
    except DaemonUnavailable:
        daemon.stop()
        raise
    except (OSError, subprocess.SubprocessError, ConnectionError) as exc:
        daemon.stop()
        raise DaemonUnavailable(f"cannot start the Secret Service: {exc}") from exc
    return daemon


def _smoke_test(daemon: SecretServiceDaemon) -> None:
    """The default collection exists and is unlocked: a store and a lookup work."""
    attributes = ("service", "cloudprep-smoke-test", "username", "probe")
    stored = daemon.secret_tool("store", "--label=probe", *attributes, input=b"probe")
    if stored.returncode != 0:
        raise DaemonUnavailable(
            "the Secret Service does not store items: " + stored.stderr.decode(errors="replace")
        )
    looked_up = daemon.secret_tool("lookup", *attributes)
    daemon.secret_tool("clear", *attributes)
    if looked_up.stdout != b"probe":
        raise DaemonUnavailable("the Secret Service does not return what was stored")
