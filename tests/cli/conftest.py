"""Helpers for driving the CLI through its public entry points."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from cloudprep.cli.main import main


@dataclass
class Result:
    code: int
    out: str
    err: str


class Cli(Protocol):
    def __call__(self, *args: str) -> Result: ...


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `cloudprep ARGS…` in-process through `main(argv)`."""

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def entry_point() -> str:
    script = Path(sys.executable).with_name("cloudprep")
    if not script.exists():
        pytest.fail(f"the cloudprep entry point is not installed next to {sys.executable}")
    return str(script)


def run_entry_point(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Result:
    proc = subprocess.run(
        [entry_point(), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
