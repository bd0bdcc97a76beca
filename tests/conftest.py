"""Shared fixtures: the connector corpus, and isolation from the user's real machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real connector corpus (`CLOUDPREP_CORPUS`, default ../shared/corpus).

    It is read in place, never copied. Absent, the tests that need it skip; under CI
    (`CI` set) they fail instead, so a missing corpus cannot pass silently.
    """
    path = Path(os.environ.get("CLOUDPREP_CORPUS", DEFAULT_CORPUS))
    if not (path / "Team Forms" / "apiProperties.json").is_file():
        reason = f"connector corpus not found at {path} (set CLOUDPREP_CORPUS)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
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
