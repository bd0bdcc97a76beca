"""The keyring is asked once a step is shown, never before its first paint. Until its first
answer, what depends on it says it is being checked (never a count that is about to change);
a later re-read keeps showing the last answer until the new one lands."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Label

from cloudprep.tui.app import CloudprepApp
from cloudprep.tui.screens.start import StartScreen
from cloudprep.tui.ui_state import remember_step
from cloudprep.tui.widgets.navigator import StepNavigator
from tests.secrets.memory_keyring import MemoryKeyring

from .conftest import DEMO_ID, SIZE, TODAY, settle
from .test_navigator import WIDE, sidebar_lines


class HeldKeyring:
    """Holds every keyring read until `release`, and logs when the first one came."""

    def __init__(
        self, keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, log: list[str]
    ) -> None:
        self._gate = threading.Event()
        self.asked = threading.Event()
        real = keyring.get_password

        def held(service: str, username: str) -> str | None:
            if not self.asked.is_set():
                log.append("keyring asked")
                self.asked.set()
            # Bounded, so a broken test fails instead of hanging the suite.
            self._gate.wait(timeout=20)
            return real(service, username)

        monkeypatch.setattr(keyring, "get_password", held)

    def hold(self) -> None:
        self._gate.clear()
        self.asked.clear()

    def release(self) -> None:
        self._gate.set()


@pytest.fixture
def log() -> list[str]:
    return []


@pytest.fixture
def keyring(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, log: list[str]
) -> HeldKeyring:
    return HeldKeyring(memory_keyring, monkeypatch, log)


class PaintLog(CloudprepApp):
    """The wizard, logging each step screen's first paint."""

    def __init__(self, log: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.paint_log = log

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(screen, Screen) and not isinstance(screen, StartScreen):
            painted: list[bool] = []

            def first_paint(shown: Screen[Any]) -> None:
                if not painted:
                    painted.append(True)
                    self.paint_log.append(f"painted {type(shown).__name__}")

            screen.screen_layout_refresh_signal.subscribe(self, first_paint, immediate=True)
        return super().push_screen(screen, *args, **kwargs)


def logged_app(log: list[str], project: Path, step: str) -> PaintLog:
    remember_step(str(DEMO_ID), step)  # the project opens at this step
    return PaintLog(
        log,
        project_path=project,
        default_path=project,
        environ={},
        today=TODAY,
        preload=False,
    )


async def wait_for(pilot: Pilot[int], event: threading.Event) -> None:
    for _ in range(400):
        if event.is_set():
            return
        await pilot.pause(0.01)
    raise AssertionError("the keyring was never asked")


@asynccontextmanager
async def held_at_first_ask(
    app: CloudprepApp, keyring: HeldKeyring, size: tuple[int, int]
) -> AsyncIterator[Pilot[int]]:
    """The app running, stopped where the keyring was first asked (that read held open).
    The read is released on the way out, so a failed check never leaves it held."""
    async with app.run_test(size=size) as pilot:
        try:
            await wait_for(pilot, keyring.asked)
            await pilot.pause()
            yield pilot
        finally:
            keyring.release()


def marks(app: CloudprepApp) -> dict[str, str]:
    """Each step's mark in the sidebar, by its title."""
    lines = sidebar_lines(app.screen.query_one(StepNavigator))
    return {line[4:]: line[:4].strip() for line in lines}


async def test_until_the_keyring_answers_the_steps_that_depend_on_it_show_checking(
    demo_file: Path, keyring: HeldKeyring, log: list[str]
) -> None:

    app = logged_app(log, demo_file, "connector")
    async with held_at_first_ask(app, keyring, WIDE) as pilot:
        # Asked only once the step was painted.
        assert log[:2] == ["painted ConnectorScreen", "keyring asked"]
        waiting = marks(app)
        assert waiting["Connector"] == "✔" and waiting["GA readiness"] != "…"
        assert waiting["Export"] == "·"
        # The target clouds, each cloud and Review.
        checking = {title for title, mark in waiting.items() if mark == "…"}
        assert checking == set(waiting) - {"Connector", "GA readiness", "Export"}
        assert {"Target clouds", "GCC High", "Review"} <= checking

        keyring.release()
        await settle(pilot)
        answered = marks(app)
        # The demo stores no secret: GCC High counts them as missing now.
        assert answered["GCC High"].startswith("✘")
        assert "…" not in answered.values()
        assert answered["Connector"] == waiting["Connector"]
        assert answered["GA readiness"] == waiting["GA readiness"]

        # A later read (F5) keeps the last answer on show until the new one lands.
        keyring.hold()
        await pilot.press("f5")
        await wait_for(pilot, keyring.asked)
        await pilot.pause()
        assert marks(app) == answered
        keyring.release()
        await settle(pilot)
        assert marks(app) == answered


async def test_a_cloud_step_shows_its_secrets_as_checking_until_the_keyring_answers(
    demo_file: Path, keyring: HeldKeyring, log: list[str]
) -> None:

    app = logged_app(log, demo_file, "cloud:gcch")
    async with held_at_first_ask(app, keyring, SIZE) as pilot:
        assert log[:2] == ["painted CloudScreen", "keyring asked"]
        status = app.screen.query_one("#status-client-secret", Label)
        assert "checking" in str(status.render())

        keyring.release()
        await settle(pilot)
        assert "missing" in str(status.render())


async def test_review_never_says_the_keyring_was_skipped_while_it_is_being_asked(
    demo_file: Path, keyring: HeldKeyring, log: list[str]
) -> None:
    # Before the first answer, presence is a placeholder: CP422's "run without
    # --no-keyring" would send the user after an option the wizard never took.
    app = logged_app(log, demo_file, "review")
    async with held_at_first_ask(app, keyring, WIDE) as pilot:
        session = app.session
        assert session is not None and not session.keyring_answered
        assert "CP422" not in {f.rule for f in session.evaluate().findings}
        assert marks(app)["Review"] == "…"

        keyring.release()
        await settle(pilot)
        assert session.keyring_answered
        rules = {f.rule for f in session.evaluate().findings}
        # The demo stores no secret: the answer brings the missing ones, and still no
        # CP422, as the keyring was asked.
        assert "CP420" in rules and "CP422" not in rules
