"""SVG snapshots of every step, at 80x24 and 120x40 (pytest-textual-snapshot; update with
`pytest tests/tui --snapshot-update` after checking the change by eye).

Deterministic: a fixed project id and date, relative paths, no clock, a steady cursor
and an in-memory keyring."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension  # type: ignore[import-untyped]
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot
from textual.widgets import Input

from cloudprep.core.models import Project
from cloudprep.core.new_project import project_from_connector
from cloudprep.core.project_file import save_project

from .conftest import DEMO_ID, SIZE, fixed_demo, make_app, settle

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


@pytest.fixture
def svg_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """One SVG file per named snapshot, as `snap_compare` stores them."""
    return snapshot.use_extension(SVGImageExtension)


def imported_project(corpus_dir: Path) -> Project:
    project, _ = project_from_connector(corpus_dir / "Team Forms")
    return project.model_copy(update={"project_id": DEMO_ID})


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("source", ["demo", "imported"])
async def test_every_step(
    svg_snapshot: SnapshotAssertion,
    request: pytest.FixtureRequest,
    work_dir: Path,
    source: str,
    size: tuple[int, int],
    theme: str,
) -> None:
    """Every step of the demo and of an imported connector (Team Forms), at 80x24 and
    120x40, dark and light: one app walks the steps, one SVG per step."""
    project = (
        fixed_demo()
        if source == "demo"
        else imported_project(request.getfixturevalue("corpus_dir"))
    )
    save_project(project, work_dir / "cloudprep.json")
    app = make_app(Path("cloudprep.json"), step="connector")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.theme = "textual-dark" if theme == "dark" else "textual-light"
        for step in app.steps():
            app.goto_step(step.key)
            await settle(pilot)
            # A loaded machine can leave the focus move or a scroll pending: let them land.
            await pilot.wait_for_scheduled_animations()
            await settle(pilot)
            name = step.key.replace(":", "-")
            assert app.export_screenshot() == svg_snapshot(name=name)


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
