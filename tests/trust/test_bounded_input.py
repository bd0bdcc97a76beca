"""Bounded reading: special files are refused unread, caps hold while reading, a key bomb
is refused before it is parsed, and a lone surrogate is one line naming the field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli
from tests.trust.conftest import FIELDS, WriteProject, set_field


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "{path}"),
        ("secret", "list", "--project", "{path}"),
        ("bundle", "{path}", "-o", "o"),
    ],
)
def test_dev_zero_is_refused_unread(cli: Cli, argv: tuple[str, ...]) -> None:
    result = cli(*(a.format(path="/dev/zero") for a in argv))
    assert result.code == 2
    assert "is a character device, not a project file" in result.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_as_the_project_file_is_refused_without_hanging(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "cloudprep.json"
    os.mkfifo(fifo)
    result = cli("check", str(fifo))  # with a blocking open this would wait for a writer
    assert result.code == 2
    assert "is a FIFO (named pipe), not a project file" in result.err


def test_a_project_file_over_the_cap_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b" " * (5 * 1024 * 1024 + 1))
    result = cli("check", str(path))
    assert result.code == 2 and "more than the 5242880 bytes" in result.err


@pytest.mark.parametrize("field", list(FIELDS), ids=list(FIELDS))
@pytest.mark.parametrize("command", ["check", "bundle"])
def test_a_lone_surrogate_in_any_field_is_one_line_naming_it(
    cli: Cli,
    demo_document: dict[str, Any],
    write_project: WriteProject,
    tmp_path: Path,
    field: str,
    command: str,
) -> None:
    set_field(demo_document, FIELDS[field], "ab\ud800cd")
    path = write_project(demo_document)
    extra = ["-o", str(tmp_path / "out"), "--no-keyring"] if command == "bundle" else []
    result = cli(command, str(path), *extra)
    assert result.code == 2
    (line, *_hints) = result.err.splitlines()
    assert line.startswith("cloudprep: error: ") and "lone surrogate" in line
    dotted = FIELDS[field]
    assert str(dotted[-1] if isinstance(dotted[-1], str) else dotted[-2]) in line
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


KEY_BOMB = textwrap.dedent(
    """
    import json, sys
    from cloudprep.cli.main import main
    code = main(["validate", sys.argv[1], "--format", "json"])
    # VmHWM: this process's own peak (ru_maxrss may carry the forking parent's over exec).
    status = open("/proc/self/status", encoding="ascii").read()
    peak_kb = int(status.split("VmHWM:")[1].split()[0])
    sys.stdout.write("\\n" + json.dumps({"code": int(code), "peak_mb": peak_kb / 1024}))
    """
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_key_bomb_manifest_is_refused_within_bounded_memory(tmp_path: Path) -> None:
    bundle = tmp_path / "bomb"
    bundle.mkdir()
    keys = 2_500_000  # about 30 MB: under the 32 MB a bundle file may be
    body = ",".join(f'"{n:x}":""' for n in range(keys))
    (bundle / "manifest.json").write_text("{" + body + "}", encoding="utf-8")
    (bundle / "submission.json").write_text("{}", encoding="utf-8")
    (bundle / "SUBMISSION.md").write_text("x\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", KEY_BOMB, str(bundle)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["code"] in (1, 2), proc.stderr
    assert "keys" in proc.stderr + proc.stdout
    assert report["peak_mb"] < 200
