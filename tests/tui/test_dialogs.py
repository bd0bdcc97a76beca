"""Dialogs: paths complete on Tab, a folder opens its cloudprep.json, and a failure is
said inside the dialog that asked."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from cloudprep.tui.screens.dialogs import PathDialog
from cloudprep.tui.screens.wizard import ConnectorScreen
from cloudprep.tui.widgets.path_input import complete_path

from .conftest import SIZE, make_app, settle, type_text


def test_completion_takes_the_first_matching_entry(work_dir: Path) -> None:
    (work_dir / "projects").mkdir()
    (work_dir / "projects" / "contoso").mkdir()
    (work_dir / "projects" / "contoso.json").write_text("{}", "utf-8")
    assert complete_path("proj") == "projects/"
    assert complete_path("projects/con") == "projects/contoso/"
    assert complete_path("projects/contoso.j") == "projects/contoso.json"
    assert complete_path("nothing-like-this") is None


async def test_a_folder_opens_its_project_file_with_tab_completion(demo_file: Path) -> None:
    folder = demo_file.parent / "tasks-connector"
    folder.mkdir()
    demo_file.rename(folder / "cloudprep.json")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        await pilot.press("ctrl+shift+a")
        await type_text(pilot, "tas")
        await pilot.press("tab")  # completes to the folder
        assert app.screen.query_one("#path", Input).value == "tasks-connector/"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConnectorScreen)
        assert app.session is not None
        assert app.session.path == Path("tasks-connector/cloudprep.json")


async def test_a_failed_open_is_said_in_the_dialog(work_dir: Path) -> None:
    (work_dir / "broken.json").write_text("{ not json", "utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("ctrl+shift+a")
        await type_text(pilot, "broken.json")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        assert "not valid JSON" in str(app.screen.query_one(".field-error").render())


async def test_ctrl_c_says_how_to_quit_in_plain_words(work_dir: Path) -> None:
    # Textual's own hint is written in markup, which every toast of the wizard shows inert:
    # it read "Press [b]ctrl+q[/b] to quit the app".
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        message = str(list(app._notifications)[-1].message)
        assert "ctrl+q" in message
        assert "[" not in message and "\\" not in message


async def test_a_saved_screenshot_is_said_in_plain_words(work_dir: Path) -> None:
    # Textual's own toast is written in markup too ("Saved screenshot to [$text-success]…").
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        saved = work_dir / "cloudprep.svg"
        app.post_message(events.DeliveryComplete(key="k", path=saved, name="screenshot"))
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
    assert messages == [f"Saved screenshot to {saved}"]
