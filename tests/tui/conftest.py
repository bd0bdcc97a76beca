"""Wizard test fixtures: an in-memory keyring, no cursor blink, a fixed date, and helpers
that drive the app like a user (keys by name, at a fixed size)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import keyring.core
import pytest
from keyring.backends import fail
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Select

from cloudprep.core.models import Project
from cloudprep.core.new_project import demo_project
from cloudprep.core.project_file import save_project
from cloudprep.tui.app import CloudprepApp
from cloudprep.tui.ui_state import remember_step
from cloudprep.tui.widgets.field import widget_id
from tests.secrets.memory_keyring import MemoryKeyring

SIZE = (80, 24)
TODAY = date(2026, 11, 1)
DEMO_ID = uuid.UUID("00000000-0000-4000-8000-00000000d3e0")


@pytest.fixture(autouse=True)
def memory_keyring(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """The suite's in-memory keyring (tests/conftest.py), seen by the wizard as configured:
    the wizard runs in this process, so the subprocess guard (keyring's `fail` backend in
    PYTHON_KEYRING_BACKEND) is lifted here."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    return memory_keyring


@pytest.fixture
def failing_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """keyring's `fail` backend: what a machine with no Secret Service gets."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())  # type: ignore[no-untyped-call]


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A steady cursor, so screenshots do not depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture(autouse=True)
def work_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run each test in its own empty folder (the wizard's default paths are relative)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fixed_demo() -> Project:
    return demo_project().model_copy(update={"project_id": DEMO_ID})


@pytest.fixture
def demo_file(work_dir: Path) -> Path:
    path = work_dir / "cloudprep.json"
    save_project(fixed_demo(), path)
    return path


def make_app(
    project: Path | None = None, *, default: Path | None = None, step: str | None = None
) -> CloudprepApp:
    """The wizard as `cloudprep [PROJECT]` starts it. With `step`, the project opens at that
    step, as when a run resumes where the last one left off: one step composed, not two."""
    if step is not None:
        remember_step(str(DEMO_ID), step)
    return CloudprepApp(
        project_path=project,
        default_path=default or Path("cloudprep.json"),
        environ={},
        today=TODAY,
        preload=False,
    )


async def settle(pilot: Pilot[int]) -> None:
    """Let workers finish and their messages land (a worker's message can start another
    worker, e.g. a stored secret re-reads the keyring: loop until none runs)."""
    app = pilot.app
    for _ in range(5):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
    # What a screen does after its first refresh (focusing its first field) lands now.
    await pilot.pause()


async def choose(pilot: Pilot[int], path: str, option_text: str) -> None:
    """Open a select with Enter and move to the option, by keys."""
    select: Select[str] = pilot.app.screen.query_one("#" + widget_id(path), Select)
    select.focus()
    await pilot.pause()
    options = [str(prompt) for prompt, _ in select._options]
    target = options.index(option_text)
    current = [v for _, v in select._options].index(select.value)
    await pilot.press("enter")
    await pilot.pause()
    key = "down" if target > current else "up"
    for _ in range(abs(target - current)):
        await pilot.press(key)
    await pilot.press("enter")
    await pilot.pause()


async def type_text(pilot: Pilot[int], text: str) -> None:
    """Type `text` into the focused widget, key by key."""
    await pilot.press(*("space" if char == " " else char for char in text))


async def paste(pilot: Pilot[int], text: str) -> None:
    """Paste `text` into the focused widget, as a terminal's bracketed paste does."""
    focused = pilot.app.focused
    assert focused is not None
    focused.post_message(events.Paste(text))
    await pilot.pause()


async def fill(pilot: Pilot[int], path: str, text: str) -> Input:
    """Replace the field's text with `text` as a user would: focus it (which selects its
    text) and paste over it, or delete it for an empty `text`. Typing key by key is left
    to the tests about typing (`type_text`): each key is a round trip through the app."""
    widget = pilot.app.screen.query_one("#" + widget_id(path), Input)
    if pilot.app.focused is widget:
        await pilot.press("ctrl+shift+a")  # select all
    else:
        widget.focus()
        await pilot.pause()
    if text:
        await paste(pilot, text)
    else:
        await pilot.press("backspace")
    return widget


@pytest.fixture(autouse=True, scope="session")
def long_lived_objects_out_of_gc() -> None:
    """Move what every wizard test shares (textual, pydantic, the rules, the screens, all
    imported once) out of the garbage collector's view: the oldest generation is then not
    re-scanned for them at each full collection, which the many widgets of each test set
    off. The objects each test makes are collected as usual.

    Full collections are also made rarer (after 100 collections of the middle generation
    instead of 10): what the first tests leave in Textual's caches (some 100,000 objects)
    made each one cost about 0.2 s, and they came twice a test, a fifth of the wizard
    tests' time. Young garbage is still collected as often, and every cycle still is, a
    little later. It lasts for the rest of the session (of this xdist worker)."""
    import gc

    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)
