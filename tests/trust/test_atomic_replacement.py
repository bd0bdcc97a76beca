"""A folder export killed at any step between its renames never loses OUT: the next run
restores it and cleans up. Saving the project keeps its mode and writes through a link."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cloudprep.core.new_project import demo_project
from cloudprep.core.project_file import load_project, save_project
from tests.bundle.conftest import REPO_ROOT

# A child process that exports, and dies without any clean-up (os._exit) at one step:
# what a SIGKILL or a power cut at that instant leaves behind.
KILLED_EXPORT = textwrap.dedent(
    """
    import os, sys
    from datetime import UTC, datetime
    from pathlib import Path
    from cloudprep.bundle import export, folder_swap
    from cloudprep.core.new_project import demo_project
    from cloudprep.core.secret_needs import SecretPresence

    out, step, exchange, notes = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    if exchange == "no":  # a filesystem that refuses RENAME_EXCHANGE (EINVAL)
        folder_swap.exchange_paths = lambda first, second: False
    def die(name):
        if name == step:
            os._exit(9)
    export._checkpoint = die
    project = demo_project()
    project.clouds["gcc"].notes = notes
    export.export_bundle(
        project, out, presence=SecretPresence.not_checked(),
        created=datetime(2026, 11, 1, tzinfo=UTC),
        force=True,
    )
    """
)


def run_export(out: Path, step: str, exchange: str, notes: str) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_EXPORT, str(out), step, exchange, notes],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return proc.returncode


def notes_in(out: Path) -> str:
    document = json.loads((out / "submission.json").read_text(encoding="utf-8"))
    notes: str = document["project"]["clouds"]["gcc"]["notes"]
    return notes


@pytest.mark.parametrize(
    ("exchange", "step"),
    [
        ("no", "temp-written"),
        ("no", "old-moved-aside"),  # the fallback's window: OUT is missing here
        ("no", "renamed"),
        ("yes", "temp-written"),
        ("yes", "exchanged"),
    ],
)
def test_a_folder_export_killed_between_its_renames_is_recovered(
    tmp_path: Path, exchange: str, step: str
) -> None:
    out = tmp_path / "out"
    assert run_export(out, "none", exchange, "first") == 0
    assert run_export(out, step, exchange, "second") == 9
    if step == "old-moved-aside":
        assert not out.exists()
        assert [p.name.endswith(".old") for p in tmp_path.iterdir()].count(True) == 1
    else:
        assert notes_in(out) in ("first", "second")
    # The next run restores OUT first, cleans the leftovers, and replaces it.
    assert run_export(out, "none", exchange, "third") == 0
    assert notes_in(out) == "third"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_recovery_never_deletes_the_only_copy(tmp_path: Path) -> None:
    from cloudprep.bundle.folder_swap import recover_interrupted

    out = tmp_path / "out"
    assert run_export(out, "none", "no", "first") == 0
    aside = tmp_path / ".out.abc.old"
    out.rename(aside)
    recover_interrupted(out)
    assert notes_in(out) == "first"
    assert not aside.exists()


def test_saving_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "cloudprep.json"
    save_project(demo_project(), path)
    path.chmod(0o600)
    save_project(demo_project(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_saving_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "cloudprep.json"
    real.parent.mkdir()
    save_project(demo_project(), real)
    link = tmp_path / "cloudprep.json"
    link.symlink_to(real)
    project = demo_project()
    project.clouds["gcc"].notes = "saved through the link"
    save_project(project, link)
    assert link.is_symlink()
    assert load_project(real).clouds["gcc"].notes == "saved through the link"
