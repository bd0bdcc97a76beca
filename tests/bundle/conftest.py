"""Fixtures for the bundle tests: the demo project, canary secrets, exported bundles."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cloudprep.bundle.export import export_bundle
from cloudprep.core.leaks import KnownSecret
from cloudprep.core.models import Project
from cloudprep.core.new_project import demo_project
from cloudprep.core.secret_needs import PresenceState, SecretKind, SecretPresence

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATE = date(2026, 11, 1)
"""The demo project's ga.as_of; the tests export on that day too."""
DEMO_CREATED = datetime(2026, 11, 1, tzinfo=UTC)
"""The export moment the tests use: midnight UTC of DEMO_DATE."""

# Canary values: unlikely anywhere else, and each shaped like the real thing.
CANARIES: dict[tuple[str, SecretKind], str] = {
    ("gcc", SecretKind.CLIENT_SECRET): "Kq7~9fX3zP1wLm8Rt.vB2nQ0Ys5DhJ4uTe6",
    ("gcch", SecretKind.CLIENT_SECRET): "Zr4~7hB2nVq0Ys5D.Wc8Mx1Gk3Lp9Fj6Ta",
    ("gcc", SecretKind.TEST_USERNAME): "zq.tester7x@contosotasks.onmicrosoft.us",
    ("gcc", SecretKind.TEST_PASSWORD): "Vw9!rT2#kQ6$mZ1pGc4",
    ("dod", SecretKind.TEST_PASSWORD): "Hx3@nB8%cL5^dY0sJe7",
}


def known_secrets() -> list[KnownSecret]:
    return [KnownSecret(cloud, kind, value) for (cloud, kind), value in CANARIES.items()]


def checked_presence(project: Project) -> SecretPresence:
    """Presence as the canaries give it: stored where a canary is, missing elsewhere."""
    present = {key: True for key in CANARIES}
    return SecretPresence(state=PresenceState.CHECKED, present=present)


@pytest.fixture
def project() -> Project:
    return demo_project()


def export(
    project: Project,
    out: Path,
    *,
    presence: SecretPresence | None = None,
    force: bool = False,
) -> Path:
    export_bundle(
        project,
        out,
        presence=presence or checked_presence(project),
        created=DEMO_CREATED,
        known_secrets=known_secrets(),
        force=force,
    )
    return out


@pytest.fixture
def folder_bundle(project: Project, tmp_path: Path) -> Path:
    return export(project, tmp_path / "bundle")


@pytest.fixture
def zip_bundle(project: Project, tmp_path: Path) -> Path:
    return export(project, tmp_path / "bundle.zip")


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cloudprep(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Run:
    """`python -m cloudprep ARGS` in a fresh interpreter."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO_ROOT / "src"), str(REPO_ROOT), full_env.get("PYTHONPATH", "")) if p
    )
    proc = subprocess.run(
        [sys.executable, "-m", "cloudprep", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        input=stdin,
        timeout=120,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def canary_env(keyring_file: Path) -> dict[str, str]:
    return {
        "PYTHON_KEYRING_BACKEND": "tests.bundle.canary_keyring.CanaryKeyring",
        "CLOUDPREP_TEST_KEYRING": str(keyring_file),
    }
