"""The suite runs on several xdist workers; syrupy's unused-snapshot check must still fail a
run that leaves a stored snapshot unused, as it does in one process
(tests/snapshot_workers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PLUGIN = Path(__file__).with_name("snapshot_workers.py")

TESTS = """
import pytest

@pytest.mark.parametrize("i", range(4))
def test_used(snapshot, i):
    assert f"value {i}" == snapshot

@pytest.mark.parametrize("i", range(8))
def test_plain(i):
    assert i >= 0
"""


def stored(names: list[int]) -> str:
    return "# serializer version: 1\n" + "".join(
        f"# name: test_used[{i}]\n  'value {i}'\n# ---\n" for i in names
    )


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    # This suite may itself run on a worker: the inner run must start as a controller.
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_ADDOPTS"):
        monkeypatch.delenv(name, raising=False)
    shutil.copy(PLUGIN, pytester.path / "snapshot_workers.py")
    pytester.makeconftest('pytest_plugins = ["snapshot_workers"]')
    pytester.makepyfile(test_values=TESTS)
    (pytester.path / "__snapshots__").mkdir()
    return pytester


def run(project: pytest.Pytester, *args: str) -> pytest.RunResult:
    # Without the Textual snapshot plugin (syrupy is what is checked): each worker starts
    # faster.
    return project.runpytest_subprocess(
        "-p", "xdist", "-p", "no:textual-snapshot", "--dist", "loadgroup", *args
    )


def test_an_unused_snapshot_fails_the_run_on_workers_as_in_one_process(
    project: pytest.Pytester,
) -> None:
    """The same report and exit status as syrupy gives without xdist (`-n 0`)."""
    (project.path / "__snapshots__" / "test_values.ambr").write_text(stored([0, 1, 2, 3, 9]))
    result = run(project, "-n", "2", "--snapshot-details")
    assert result.ret == 1
    result.assert_outcomes(passed=12)
    result.stdout.fnmatch_lines(
        ["*4 snapshots passed. 1 snapshot unused.*", "*Unused*test_used[[]9[]]*"]
    )


def test_all_snapshots_used_pass_on_workers_and_are_reported(project: pytest.Pytester) -> None:
    (project.path / "__snapshots__" / "test_values.ambr").write_text(stored([0, 1, 2, 3]))
    result = run(project, "-n", "2")
    assert result.ret == 0
    result.assert_outcomes(passed=12)
    result.stdout.fnmatch_lines(["*snapshot report summary*", "*4 snapshots passed.*"])


def test_snapshot_tests_spread_over_workers_fail_loudly(project: pytest.Pytester) -> None:
    (project.path / "__snapshots__" / "test_values.ambr").write_text(stored([0, 1, 2, 3]))
    result = run(project, "-n", "2", "--dist", "load")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*Snapshot tests ran on several workers*"])
