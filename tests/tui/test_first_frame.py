"""A step's first frame is laid out for the terminal's width: the sidebar or the strip,
never both (Textual adds a pushed screen's breakpoint class only after its first paint)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region, Size
from textual.screen import Screen

from cloudprep.tui.app import CloudprepApp
from cloudprep.tui.screens.start import StartScreen
from cloudprep.tui.ui_state import remember_step
from cloudprep.tui.widgets.navigator import StepNavigator, StepStrip

from .conftest import DEMO_ID, TODAY, make_app, settle


class FirstFrames(CloudprepApp):
    """The wizard, noting where the navigators were in each step's first frame."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.first_frames: list[tuple[str, Region, Region]] = []

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        self._watch(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        self._watch(screen)
        return super().switch_screen(screen)

    def _watch(self, screen: object) -> None:
        if not isinstance(screen, Screen) or isinstance(screen, StartScreen):
            return
        seen: list[bool] = []

        def first_frame(shown: Screen[Any]) -> None:
            if not seen:
                seen.append(True)
                self.first_frames.append(
                    (
                        type(shown).__name__,
                        shown.query_one(StepNavigator).region,
                        shown.query_one(StepStrip).region,
                    )
                )

        screen.screen_layout_refresh_signal.subscribe(self, first_frame, immediate=True)


@pytest.mark.parametrize(("size", "sidebar"), [((80, 24), False), ((120, 40), True)])
async def test_the_first_frame_of_a_step_shows_one_navigator(
    demo_file: Path, size: tuple[int, int], sidebar: bool
) -> None:
    remember_step(str(DEMO_ID), "connector")
    app = FirstFrames(
        project_path=demo_file, default_path=demo_file, environ={}, today=TODAY, preload=False
    )
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.goto_step("ga")
        await settle(pilot)
    assert [name for name, _, _ in app.first_frames] == ["ConnectorScreen", "GaScreen"]
    for _, navigator, strip in app.first_frames:
        assert bool(navigator.area) is sidebar
        assert bool(strip.area) is not sidebar


@pytest.mark.parametrize("with_project", [True, False])
async def test_the_collector_paused_for_start_up_runs_again_once_the_first_screen_is_shown(
    demo_file: Path, with_project: bool
) -> None:
    import gc

    from cloudprep.tui.launch import pause_collector

    app = CloudprepApp(
        project_path=demo_file if with_project else None,
        default_path=demo_file,
        environ={},
        today=TODAY,
        preload=False,
    )
    pause_collector()  # as launch_wizard does
    try:
        assert not gc.isenabled()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_a_step_is_not_laid_out_again_for_its_own_first_resize_but_for_each_terminal_one(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual's own handling of a Resize that reaches a screen: a full layout.
    resized: list[tuple[str, Size]] = []
    textual_resized = Screen._screen_resized

    def recorded(screen: Screen[Any], size: Size) -> None:
        resized.append((type(screen).__name__, size))
        textual_resized(screen, size)

    monkeypatch.setattr(Screen, "_screen_resized", recorded)
    app = make_app(demo_file, step="connector")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.goto_step("ga")
        await settle(pilot)
        # The step's first layout sends the screen a Resize at the size it was just laid
        # out at: not a reason to lay it out again.
        assert ("GaScreen", Size(80, 24)) not in resized
        screen = app.screen
        # A terminal reporting the size it already has (as it does when it comes back
        # after a suspend, Ctrl+Z then fg) has the step laid out, and so drawn, again.
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert ("GaScreen", Size(80, 24)) in resized
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert ("GaScreen", Size(120, 40)) in resized
        assert screen.query_one(StepNavigator).region.area  # the sidebar, from 100 columns
        assert not screen.query_one(StepStrip).region.area
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not screen.query_one(StepNavigator).region.area
        assert screen.query_one(StepStrip).region.area
