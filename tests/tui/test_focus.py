"""Focus and controls: a step opens with a field focused (its first problem first), space
toggles, and a box reads ticked or empty without colour."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input

from cloudprep.tui.widgets.field import FieldCheckbox, TickList, widget_id

from .conftest import SIZE, make_app, settle


def box_marks(ticks: TickList) -> list[str]:
    """The character inside each box, as drawn."""
    return [ticks.render_line(y).text[1] for y in range(ticks.option_count)]


async def test_a_step_opens_on_its_first_problem_else_its_first_field(demo_file: Path) -> None:
    app = make_app(demo_file, step="cloud:gcch")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # GCC High's first error is its login URI (a commercial host).
        assert app.focused is app.screen.query_one(
            "#" + widget_id("clouds.gcch.oauth_app.login_uri")
        )
        app.goto_step("ga")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#" + widget_id("ga.telemetry_period.from"))
        app.goto_step("export")
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "output"


async def test_space_toggles_and_boxes_read_without_colour(demo_file: Path) -> None:
    app = make_app(demo_file, step="clouds")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ticks = app.screen.query_one(TickList)
        assert app.focused is ticks
        assert box_marks(ticks) == ["✔"] * 5
        await pilot.press("space")  # GCC, highlighted first
        await settle(pilot)
        assert "gcc" not in ticks.selected
        assert box_marks(ticks) == [" ", "✔", "✔", "✔", "✔"]
        assert app.session is not None and "gcc" not in app.session.project.clouds

        app.goto_step("ga")
        await settle(pilot)
        raised = app.screen.query_one("#" + widget_id("request.ga_request_raised"), Checkbox)
        assert isinstance(raised, FieldCheckbox)
        before = str(raised.render())
        raised.focus()
        await pilot.press("space")
        await settle(pilot)
        after = str(raised.render())
        assert {before[1], after[1]} == {" ", "✔"}
