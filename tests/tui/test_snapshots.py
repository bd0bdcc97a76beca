"""One SVG snapshot per step, at 80x24 (pytest-textual-snapshot; update with
`pytest tests/tui --snapshot-update` after checking the change by eye).

Deterministic: a fixed project id and date, relative paths, no clock, a steady cursor
and an in-memory keyring."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from .conftest import SIZE, make_app, settle

pytestmark = pytest.mark.snapshots

SnapCompare = Callable[..., bool]


def at_step(step: str | None) -> Callable[[Pilot[int]], Awaitable[None]]:
    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        if step is not None:
            pilot.app.goto_step(step)  # type: ignore[attr-defined]
            await settle(pilot)

    return run_before


def test_start_screen(snap_compare: SnapCompare, work_dir: Path) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE)


@pytest.mark.parametrize(
    "step",
    ["connector", "ga", "clouds", "cloud:gcch", "cloud:mooncake", "review", "export"],
)
def test_step(snap_compare: SnapCompare, demo_file: Path, step: str) -> None:
    app = make_app(Path(demo_file.name))
    assert snap_compare(app, terminal_size=SIZE, run_before=at_step(step))


def test_exported(snap_compare: SnapCompare, demo_file: Path) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await at_step("export")(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)

    app = make_app(Path(demo_file.name))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_revalidate(snap_compare: SnapCompare, demo_file: Path) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await at_step("export")(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        pilot.app.screen.query_one("#bundle-path", Input).value = "cloudprep-submission.zip"
        await pilot.press("enter")
        await settle(pilot)

    app = make_app(Path(demo_file.name))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_keyring_unavailable(
    snap_compare: SnapCompare, demo_file: Path, failing_keyring: None
) -> None:
    app = make_app(Path(demo_file.name))
    assert snap_compare(app, terminal_size=SIZE, run_before=at_step("cloud:gcc"))
