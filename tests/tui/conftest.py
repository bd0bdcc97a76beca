"""Wizard test fixtures: an in-memory keyring, no cursor blink, a fixed date, and helpers
that drive the app like a user (keys by name, at a fixed size)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from cloudprep.core.models import Project
from cloudprep.core.new_project import demo_project
from cloudprep.core.project_file import save_project
from cloudprep.tui.app import CloudprepApp

SIZE = (80, 24)
TODAY = date(2026, 11, 1)
DEMO_ID = uuid.UUID("00000000-0000-4000-8000-00000000d3e0")


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in this process only (never on disk)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.items[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Every wizard test gets a fresh in-memory keyring; no test reaches the real one."""
    backend = MemoryKeyring()
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    yield backend


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


def make_app(project: Path | None = None, *, default: Path | None = None) -> CloudprepApp:
    return CloudprepApp(
        project_path=project,
        default_path=default or Path("cloudprep.json"),
        environ={},
        today=TODAY,
        preload=False,
    )


async def settle(pilot: Pilot[int]) -> None:
    """Let workers finish and their messages land."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
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
