"""A project file changed by another program while the wizard has it open (an editor, a
`git checkout`, a second wizard) is never overwritten without asking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cloudprep.core.project_file import load_project
from cloudprep.errors import ProjectChangedOnDisk
from cloudprep.tui.screens.dialogs import ChangedOnDisk
from cloudprep.tui.session import ProjectSession

from .conftest import SIZE, fill, make_app, settle

OURS = "Contoso Tasks (wizard)"
THEIRS = "Contoso Tasks (edited elsewhere)"


def edit_elsewhere(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["connector"]["display_name"] = THEIRS
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


async def edit_here_and_elsewhere(pilot: Pilot[int], path: Path) -> None:
    """The wizard's display name is changed (not saved yet), then the file's, elsewhere."""
    await settle(pilot)
    await fill(pilot, "connector.display_name", OURS)
    await settle(pilot)
    edit_elsewhere(path)


def display_name_on_disk(path: Path) -> str | None:
    return load_project(path).connector.display_name


def test_a_session_refuses_to_overwrite_a_file_changed_since_it_read_it(
    demo_file: Path,
) -> None:
    session = ProjectSession.open(demo_file)
    session.project.connector.display_name = OURS
    edit_elsewhere(demo_file)
    with pytest.raises(ProjectChangedOnDisk) as refused:
        session.save()
    assert "changed by another program" in refused.value.message
    assert display_name_on_disk(demo_file) == THEIRS
    session.save(overwrite=True)
    assert display_name_on_disk(demo_file) == OURS
    # What it wrote itself is no change: the next save goes ahead.
    session.project.connector.publisher = "Contoso"
    session.save()
    # A file that is gone holds nothing to lose.
    demo_file.unlink()
    session.save()
    assert display_name_on_disk(demo_file) == OURS


@pytest.mark.parametrize(
    ("key", "on_disk", "shown"),
    [("escape", THEIRS, OURS), ("o", OURS, OURS), ("r", THEIRS, THEIRS)],
    ids=["stay", "overwrite", "reload"],
)
async def test_saving_over_a_changed_file_asks_first(
    demo_file: Path, key: str, on_disk: str, shown: str
) -> None:
    app = make_app(demo_file, step="connector")
    async with app.run_test(size=SIZE) as pilot:
        await edit_here_and_elsewhere(pilot, demo_file)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChangedOnDisk)
        assert display_name_on_disk(demo_file) == THEIRS  # nothing saved while it asks
        await pilot.press(key)
        await settle(pilot)
        assert not isinstance(app.screen, ChangedOnDisk)
        assert display_name_on_disk(demo_file) == on_disk
        session = app.session
        assert session is not None
        assert session.project.connector.display_name == shown


async def test_the_save_on_a_step_change_says_the_file_changed_and_saves_nothing(
    demo_file: Path,
) -> None:
    app = make_app(demo_file, step="connector")
    async with app.run_test(size=SIZE) as pilot:
        await edit_here_and_elsewhere(pilot, demo_file)
        await pilot.press("ctrl+n")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any("changed by another program" in message for message in said)
    assert display_name_on_disk(demo_file) == THEIRS


async def test_save_and_quit_over_a_changed_file_asks_first_then_quits(demo_file: Path) -> None:
    app = make_app(demo_file, step="connector")
    async with app.run_test(size=SIZE) as pilot:
        await edit_here_and_elsewhere(pilot, demo_file)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("s")  # save and quit
        await settle(pilot)
        assert isinstance(app.screen, ChangedOnDisk)
        assert display_name_on_disk(demo_file) == THEIRS
        await pilot.press("o")
        await settle(pilot)
    assert app.return_code == 0
    assert display_name_on_disk(demo_file) == OURS
