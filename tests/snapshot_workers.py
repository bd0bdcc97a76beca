"""Syrupy's snapshot report and unused-snapshot check, kept whole when pytest-xdist spreads
the suite over worker processes (`-n auto` in pyproject.toml's addopts).

syrupy 4.8 (pinned by pytest-textual-snapshot) computes the report per process and, under
xdist, neither prints it nor fails the run on unused snapshots: a stale SVG would pass
silently. Its per-process report is exact for the snapshots of the tests that process
ran, so every test that uses a snapshot goes to one worker (an `xdist_group` with
`--dist loadgroup`); that worker's report is then the whole run's. The worker hands it to
the controller, which prints it and sets the exit status as syrupy does without xdist.
If snapshot tests did reach two workers (`--dist` overridden), the run fails and says so,
since each worker would then see the others' snapshots as unused.

Without xdist (`-n 0`) nothing here acts: syrupy reports and checks by itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from syrupy.constants import DISABLE_COLOR_ENV_VAR, EXIT_STATUS_FAIL_UNUSED
from syrupy.utils import env_context

GROUP = "snapshots"
"""The xdist group of every test that uses a snapshot (its node ids end in `@snapshots`)."""
_OUTPUT_KEY = "cloudprep_syrupy_report"


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _is_controller(config: pytest.Config) -> bool:
    return not _is_worker(config) and bool(getattr(config.option, "numprocesses", 0))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: xdist's own hook (in each worker) reads the group to make the node ids.
    if not _is_worker(config):
        return
    snapshots = [item for item in items if "snapshot" in getattr(item, "fixturenames", ())]
    for item in snapshots:
        item.add_marker(pytest.mark.xdist_group(GROUP))
    # The group is the longest unit of work (a minute on 2 cores): queued first, it runs
    # beside the rest of the suite instead of after most of it. The longest single tests
    # (marked `long`) come next, so none of them ends the run on one worker while the
    # other waits. Every worker collects the same order, as xdist requires.
    first = {id(item) for item in snapshots}
    long = [item for item in items if id(item) not in first and item.get_closest_marker("long")]
    first.update(id(item) for item in long)
    items[:] = snapshots + long + [item for item in items if id(item) not in first]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a worker, after syrupy's own hook built the report: hand it over, and delete
    unused snapshots under --snapshot-update as syrupy does without xdist."""
    config = session.config
    if _is_worker(config):
        _hand_over(config)
    elif _is_controller(config):
        reports = _reports(config)
        fail_unused = any(r["fail_unused"] for r in reports)
        if fail_unused or len(reports) > 1:
            session.exitstatus = int(session.exitstatus) | EXIT_STATUS_FAIL_UNUSED


def _hand_over(config: pytest.Config) -> None:
    syrupy_session: Any = getattr(config, "_syrupy", None)
    report = getattr(syrupy_session, "report", None)
    if report is None or not report.assertions:
        return
    unused = report.num_unused
    if unused and syrupy_session.update_snapshots:
        syrupy_session.remove_unused_snapshots(
            unused_snapshot_collections=report.unused,
            used_snapshot_collections=report.used,
        )
    # Coloured or not as syrupy prints it (--snapshot-no-colors).
    with env_context(**({DISABLE_COLOR_ENV_VAR: "true"} if config.option.no_colors else {})):
        lines = list(report.lines)
    workeroutput: dict[str, Any] = config.workeroutput  # type: ignore[attr-defined]
    workeroutput[_OUTPUT_KEY] = {
        "worker": config.workerinput["workerid"],  # type: ignore[attr-defined]
        "lines": lines,
        "fail_unused": bool(
            unused and not syrupy_session.update_snapshots and not report.warn_unused_snapshots
        ),
    }


def _reports(config: pytest.Config) -> list[dict[str, Any]]:
    reports: list[dict[str, Any]] = config.stash.setdefault(_REPORTS, [])
    return reports


_REPORTS = pytest.StashKey[list[dict[str, Any]]]()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    output = getattr(node, "workeroutput", {}).get(_OUTPUT_KEY)
    if output is not None:
        _reports(node.config).append(output)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if not _is_controller(config):
        return
    reports = _reports(config)
    for report in reports:
        lines = report["lines"]
        if any(line.strip() for line in lines):
            terminalreporter.write_sep("-", "snapshot report summary")
            for line in lines:
                terminalreporter.write_line(line)
    if len(reports) > 1:
        workers = ", ".join(sorted(r["worker"] for r in reports))
        terminalreporter.write_line(
            f"Snapshot tests ran on several workers ({workers}): each sees the others' "
            "snapshots as unused. Run with --dist loadgroup (the default in pyproject.toml).",
            red=True,
        )
