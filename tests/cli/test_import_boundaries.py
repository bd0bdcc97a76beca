"""Headless commands never import textual (nor rich); keyring only where a secret is touched;
the network stack (httpx, httpcore, truststore) only when `preflight` really connects.

Each command runs in a fresh interpreter, and the test inspects `sys.modules` after it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from cloudprep.cli.main import main
code = main(sys.argv[1:])
watched = {'textual', 'rich', 'keyring', 'httpx', 'httpcore', 'truststore'}
loaded = sorted({m.split('.')[0] for m in sys.modules} & watched)
sys.stdout.write('\\n' + json.dumps({'code': int(code), 'loaded': loaded}))
"""


def loaded_by(*argv: str, cwd: Path) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    assert proc.stdout.strip(), proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["code"] in (0, 1), proc.stderr
    return set(report["loaded"])


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
