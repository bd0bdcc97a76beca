"""Shared fixtures: the connector corpus, and isolation from the user's real machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from tests.secrets.memory_keyring import MemoryKeyring

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
"""The shared folder beside a development checkout; a plain clone has none."""
DEFAULT_CORPUS = SHARED_DIR / "corpus"

pytest_plugins = ["pytester", "tests.snapshot_workers"]


def missing_prerequisite(reason: str) -> NoReturn:
    """Skip the test, saying why; under CI (`CI` set) fail instead.

    For what a plain clone or a bare machine may lack (the corpus in ../shared, a Secret
    Service daemon), so the README's test command passes there while CI cannot pass silently
    without it. What the suite itself needs is vendored into tests/ instead.
    """
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _corpus_path() -> Path:
    return Path(os.environ.get("CLOUDPREP_CORPUS", DEFAULT_CORPUS))


def _corpus_present(path: Path) -> bool:
    return (path / "Team Forms" / "apiProperties.json").is_file()


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # once, before any xdist worker starts
        _compile_the_package()
    # The imported-connector screen snapshots skip without the corpus; their stored SVGs are
    # then "unused", which syrupy would count as a failure of the whole run on a plain clone.
    # Under CI the corpus is required, so unused snapshots still fail there.
    if not os.environ.get("CI") and not _corpus_present(_corpus_path()):
        config.option.warn_unused_snapshots = True


def _compile_the_package() -> None:
    """Write the bytecode of src/cloudprep, as pip does for an installed package.

    The suite runs cloudprep in hundreds of fresh interpreters (the CLI and bundle tests,
    the canaries, the import probe). Where PYTHONDONTWRITEBYTECODE is set (some containers
    set it for everything), nothing writes the package's bytecode, and each of them compiles
    every module it imports again: about half of a short command's time. Python still checks
    each .pyc against its source, so what runs is the same code; only up-to-date files are
    left alone.
    """
    import compileall

    compileall.compile_dir(REPO_ROOT / "src" / "cloudprep", quiet=1)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real connector corpus (`CLOUDPREP_CORPUS`, default ../shared/corpus).

    It is read in place, never copied. Absent, the tests that need it skip; under CI
    they fail instead (`missing_prerequisite`).
    """
    path = _corpus_path()
    if not _corpus_present(path):
        missing_prerequisite(f"connector corpus not found at {path} (set CLOUDPREP_CORPUS)")
    return path


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test runs with a private HOME and XDG dirs, so nothing touches the real ones."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield home


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """Every test gets a fresh in-memory keyring, never the developer's real one.

    In this process it is installed as keyring's backend (request the fixture to plant or
    inspect secrets: `memory_keyring.items`). Subprocesses cannot share it: they see no
    D-Bus session and `PYTHON_KEYRING_BACKEND` names keyring's `fail` backend, so a
    subprocess that needs a keyring must choose one itself (the real Secret Service
    fixture, or a fake backend from tests/secrets/fake_backends.py).
    """
    import keyring.core

    from tests.secrets.memory_keyring import MemoryKeyring

    backend = MemoryKeyring()
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    return backend
