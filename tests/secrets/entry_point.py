"""Run the installed `cloudprep` in a subprocess, with an environment built from scratch
(so the developer's keyring, D-Bus session and keyring settings never leak in)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.secrets.conftest import Result

REPO_ROOT = Path(__file__).resolve().parents[2]


def cloudprep_command() -> list[str]:
    """The console script installed next to this Python (`pip install -e .`); without it,
    `python -m cloudprep` with the source tree on PYTHONPATH."""
    script = Path(sys.executable).with_name("cloudprep")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "cloudprep"]


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """HOME and XDG dirs under `home`, the repository on PYTHONPATH (for the fake
    backends), and nothing else from this process's environment but PATH."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "src")]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra)
    return env


def run_cloudprep(*args: str, env: dict[str, str], cwd: Path, stdin: bytes | None = None) -> Result:
    proc = subprocess.run(
        [*cloudprep_command(), *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )
    return Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode())
