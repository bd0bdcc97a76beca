"""The step navigator: every step with its state, a jump by mouse or keyboard, live."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from cloudprep.tui.screens.cloud import CloudScreen
from cloudprep.tui.screens.wizard import GaScreen
from cloudprep.tui.widgets.navigator import StepNavigator, StepStrip

from .conftest import SIZE, fill, make_app, settle

WIDE = (120, 40)


def sidebar_lines(navigator: OptionList) -> list[str]:
    return [str(navigator.get_option_at_index(i).prompt) for i in range(navigator.option_count)]


async def test_the_sidebar_shows_each_step_and_jumps_to_it(demo_file: Path) -> None:
    app = make_app(demo_file, step="connector")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        navigator = app.screen.query_one(StepNavigator)
        assert navigator.display and not app.screen.query_one(StepStrip).display
        lines = sidebar_lines(navigator)
        assert lines[0].startswith("✔") and lines[0].endswith("Connector")
        assert lines[-1].endswith("Export")
        gcch = next(i for i, line in enumerate(lines) if line.endswith("GCC High"))
        assert lines[gcch].startswith("✘")  # the demo's GCC High has errors

        # The mouse: a click on GCC High opens its step.
        await pilot.click(StepNavigator, offset=(6, gcch))
        await settle(pilot)
        assert isinstance(app.screen, CloudScreen) and app.screen.cloud_id == "gcch"

        # Live: fixing the login URI takes one error off GCC High's count.
        navigator = app.screen.query_one(StepNavigator)
        before = sidebar_lines(navigator)[gcch]
        await fill(pilot, "clouds.gcch.oauth_app.login_uri", "https://login.microsoftonline.us")
        await settle(pilot)
        after = sidebar_lines(navigator)[gcch]
        assert int(after[1:].split()[0]) == int(before[1:].split()[0]) - 1

        # The keyboard: into the sidebar, up to GA readiness, Enter.
        navigator.focus()
        await pilot.press("home", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, GaScreen)


async def test_at_80_columns_a_strip_of_steps_jumps_too(demo_file: Path) -> None:
    app = make_app(demo_file, step="connector")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.screen.query_one(StepStrip)
        assert strip.display and not app.screen.query_one(StepNavigator).display
        text = str(strip.render())
        assert text.startswith("Steps 1✔ 2")
        column = text.index(" 5") + 1  # step 5: GCC High
        await pilot.click(StepStrip, offset=(column + 1, 0))  # the strip is padded by one
        await settle(pilot)
        assert isinstance(app.screen, CloudScreen) and app.screen.cloud_id == "gcch"
