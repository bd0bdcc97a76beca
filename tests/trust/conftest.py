"""Shared helpers of the trust tests: a demo project on disk, canary secrets planted in the
suite's in-memory keyring, and field setters for every kind of project field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cloudprep.core.new_project import demo_project
from cloudprep.core.project_file import project_to_json
from tests.cli.conftest import cli  # noqa: F401 (the same `cli` fixture as tests/cli)
from tests.secrets.memory_keyring import MemoryKeyring

CANARY = "x7Hk2pQ9vL4mN8rT1wZ5aB3cD6eF0gJ"
"""The stored gcch client secret of every trust test."""

# Every kind of user-typed project field, as a path into the project document.
FIELDS: dict[str, tuple[str | int, ...]] = {
    "connector name": ("connector", "name"),
    "display name": ("connector", "display_name"),
    "publisher": ("connector", "publisher"),
    "commercial endpoint": ("connector", "endpoint", "url"),
    "another cloud's client id": ("clouds", "dod", "oauth_app", "client_id"),
    "tenant": ("clouds", "gcc", "oauth_app", "tenant_id"),
    "redirect": ("clouds", "gcch", "oauth_app", "redirect_urls", 0),
    "login uri": ("clouds", "azgov", "oauth_app", "login_uri"),
    "notes": ("clouds", "mooncake", "notes"),
}


def set_field(document: dict[str, Any], path: tuple[str | int, ...], value: str) -> None:
    node: Any = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


@pytest.fixture
def demo_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(project_to_json(demo_project()))
    return document


WriteProject = Callable[[dict[str, Any]], Path]


@pytest.fixture
def write_project(tmp_path: Path) -> WriteProject:
    def write(document: dict[str, Any]) -> Path:
        path = tmp_path / "cloudprep.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    return write


@pytest.fixture
def stored_canary(memory_keyring: MemoryKeyring, demo_document: dict[str, Any]) -> str:
    """The canary stored as the project's gcch client secret; returns the value."""
    user = f"{demo_document['project_id']}/gcch/client-secret"
    memory_keyring.items[("cloudprep", user)] = CANARY
    return CANARY
