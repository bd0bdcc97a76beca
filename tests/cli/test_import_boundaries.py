"""Headless commands never import textual (nor rich); keyring only where a secret is touched;
the network stack (httpx, httpcore, truststore) only when `preflight` really connects.

Each command runs in a fresh interpreter (tests/import_probe.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.import_probe import WATCHED, probe


def loaded_by(*argv: str, cwd: Path) -> set[str]:
    result = probe(*argv, cwd=cwd)
    assert result.code in (0, 1), result.stderr
    return result.loaded & {"textual", "rich", "keyring", "httpx", "httpcore", "truststore"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("boundary")
    subprocess.run(
        [sys.executable, "-m", "cloudprep", "init", "--demo", "-o", str(folder / "p.json")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder


@pytest.mark.parametrize(
    "argv",
    [
        ("clouds",),
        ("clouds", "--format", "json"),
        ("rules",),
        ("rules", "--format", "json"),
        ("schema", "project"),
        (
            "check-url",
            "redirect",
            "https://global.consent.azure-apihub.us/redirect/x",
            "--cloud",
            "gcch",
            "--connector",
            "x",
        ),
        ("check-url", "endpoint", "https://api.contoso.com", "--cloud", "dod"),
        ("check-url", "login", "https://login.microsoftonline.us", "--cloud", "azgov"),
        ("check", "p.json", "--no-keyring"),
        ("check", "p.json", "--no-keyring", "--format", "json"),
        ("request", "p.json", "--no-keyring"),
        ("preflight", "p.json", "--dry-run"),
        ("preflight", "p.json", "--dry-run", "--format", "json"),
    ],
)
def test_headless_commands_import_neither_textual_rich_keyring_nor_httpx(
    argv: tuple[str, ...], demo: Path
) -> None:
    assert loaded_by(*argv, cwd=demo) == set()


def test_init_does_not_import_the_ui_or_keyring(tmp_path: Path) -> None:
    assert loaded_by("init", "--demo", "-o", "new.json", cwd=tmp_path) == set()


@pytest.mark.parametrize(
    "argv",
    [
        ("redirect", "https://global.consent.azure-apihub.us/redirect/x", "--connector", "x"),
        ("endpoint", "https://api.contoso.com/v1"),
        ("login", "https://login.microsoftonline.us"),
        ("resource", "https://graph.microsoft.us"),
    ],
)
def test_check_url_of_a_plain_host_loads_neither_pydantic_nor_validators(
    argv: tuple[str, ...], tmp_path: Path
) -> None:
    kind, url, *extra = argv
    watched = (*WATCHED, "pydantic", "validators")
    result = probe("check-url", kind, url, "--cloud", "gcch", *extra, cwd=tmp_path, watched=watched)
    assert result.code == 0, result.stderr
    assert result.loaded & {"pydantic", "validators", "textual", "keyring"} == set()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_scan_loads_no_pydantic(jobs: str, tmp_path: Path) -> None:
    """`scan` reads the import's plain connector section: the models are never built."""
    fleet = Path(__file__).resolve().parents[1] / "data" / "scan" / "fleet"
    watched = (*WATCHED, "pydantic")
    result = probe("scan", str(fleet), "--jobs", jobs, cwd=tmp_path, watched=watched)
    assert result.code in (0, 1), result.stderr
    assert "pydantic" not in result.loaded
