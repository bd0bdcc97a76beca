"""Helpers for the definition tests: imported projects with made-up per-cloud values."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cloudprep.cli.main import main
from tests.cli.conftest import Cli, cli

__all__ = ["Cli", "ImportProject", "cli", "import_project", "made_up_cloud"]

TARGETS = ("gcc", "gcch", "dod", "azgov", "mooncake")
GOLDEN = Path(__file__).parent / "golden"


def made_up_cloud(cloud_id: str, *, specific: str | None = None) -> dict[str, Any]:
    """A cloud entry a publisher might have filled in: its own app, and an endpoint."""
    endpoint: dict[str, Any] = (
        {"mode": "specific", "url": specific} if specific else {"mode": "per_connection"}
    )
    return {
        "endpoint": endpoint,
        "oauth_app": {"client_id": f"1111{TARGETS.index(cloud_id)}111-2222-4333-8444-555555555555"},
        "expected_redirect": (
            "https://global.consent.azure-apim.cn/redirect/madeup"
            if cloud_id == "mooncake"
            else None
        ),
    }


ImportProject = Callable[..., Path]


@pytest.fixture
def import_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> ImportProject:
    """`cloudprep init --from-connector FOLDER`, then the project's JSON updated with
    `changes` (a function of the project dict); returns the project file."""

    def run(folder: Path, changes: Callable[[dict[str, Any]], None] | None = None) -> Path:
        project_file = tmp_path / "project" / "cloudprep.json"
        project_file.parent.mkdir(exist_ok=True)
        argv = ["init", "--from-connector", str(folder), "-o", str(project_file), "--force"]
        assert main(argv) in (0, 1)
        capsys.readouterr()
        if changes is not None:
            data = json.loads(project_file.read_text(encoding="utf-8"))
            changes(data)
            project_file.write_text(json.dumps(data, indent=2), encoding="utf-8")
        return project_file

    return run


def copy_connector(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
