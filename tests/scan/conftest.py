"""Fixtures for the scan tests: the hand-written fleet, broken trees, and subprocess runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLEET = REPO / "tests" / "data" / "scan" / "fleet"


@dataclass
class Run:
    code: int
    out: str
    err: str


def scan_env(**extra: str) -> dict[str, str]:
    """The environment for a `python -m cloudprep` subprocess: this checkout's src first."""
    env = {k: v for k, v in os.environ.items() if k != "CLOUDPREP_SCAN_INTERRUPT_AFTER"}
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO / "src") + (os.pathsep + path if path else "")
    env.update(extra)
    return env


def run_scan(
    *args: str,
    env: dict[str, str] | None = None,
    new_session: bool = False,
    cwd: Path | None = None,
) -> Run:
    """`python -m cloudprep scan ARGS…` in a fresh interpreter. With `new_session`, it leads
    its own process group, as a job in a terminal does (so a simulated Ctrl-C reaches its
    workers too, and never this test process)."""
    proc = subprocess.run(
        [sys.executable, "-m", "cloudprep", "scan", *args],
        capture_output=True,
        text=True,
        env=env or scan_env(),
        cwd=cwd,
        timeout=120,
        check=False,
        start_new_session=new_session,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def permissions_enforced(folder: Path) -> bool:
    """False when this user can read a file whose permissions say no (root, or
    CAP_DAC_OVERRIDE): then an unreadable file or folder cannot be made for a test."""
    probe = folder / "permission-probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        probe.read_text()
    except PermissionError:
        return True
    finally:
        probe.chmod(0o600)
        probe.unlink()
    return False


NOT_ENFORCED = (
    "running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop this user from "
    "reading, so an unreadable path cannot be made here"
)


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    """A private copy of tests/data/scan/fleet (8 hand-written connector folders)."""
    target = tmp_path / "fleet"
    shutil.copytree(FLEET, target)
    return target


@pytest.fixture
def restore_permissions(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths a test made unreadable; they are made readable again so tmp_path can be removed."""
    changed: list[Path] = []
    yield changed
    for path in changed:
        path.chmod(0o700)
