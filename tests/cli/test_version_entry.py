"""`cloudprep --version` is answered by the console-script entry before the command line's
parser and the domain are imported, and says what `main(["--version"])` says."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cloudprep import __version__
from cloudprep.cli.main import main

from .conftest import run_entry_point

PROBE = """
import json, sys
sys.argv = ["cloudprep", "--version"]
from cloudprep.cli.entry import run
try:
    run()
except SystemExit as exit:
    code = exit.code
heavy = ("argparse", "cloudprep.cli.main", "cloudprep.core", "pydantic", "typing")
loaded = [m for m in heavy if m in sys.modules]
sys.stdout.write("\\n" + json.dumps({"code": code, "loaded": loaded}))
"""


def test_the_installed_script_prints_the_version_as_the_parser_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--version"]) == 0
    from_parser = capsys.readouterr().out
    result = run_entry_point("--version")
    assert result.code == 0
    assert result.out == from_parser == f"cloudprep {__version__}\n"
    assert result.err == ""


def test_the_version_path_imports_neither_the_parser_nor_the_domain() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    lines = proc.stdout.splitlines()
    assert lines[0] == f"cloudprep {__version__}"
    assert json.loads(lines[-1]) == {"code": 0, "loaded": []}


def test_anything_else_is_the_parsers_answer(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--version", "clouds"], ["--help"]):
        code = main(argv)
        expected = capsys.readouterr().out
        result = run_entry_point(*argv)
        assert (result.code, result.out) == (code, expected)
