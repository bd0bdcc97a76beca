"""The wizard's App: navigation between steps, saving, quitting, and the slow work that
runs in workers (keyring, opening and importing projects).

Start-up is kept light. With no project, the first screen (the start screen) needs only
textual and this module; everything else (pydantic, the rules, the step screens) is
imported once it is shown. With a project, the first screen is the project's step: the
project is opened before any screen is drawn, so no other screen is composed or painted
first.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from cloudprep.core.inert_text import terminal_text, textual_text
from cloudprep.tui.launch import resume_collector
from cloudprep.tui.messages import PresenceChecked, ProjectOpened
from cloudprep.tui.screens.start import StartScreen

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.driver import Driver
    from textual.notifications import SeverityLevel

    from cloudprep.core.findings import Finding
    from cloudprep.tui.screens.base import WizardScreen
    from cloudprep.tui.session import ProjectSession
    from cloudprep.tui.step_states import StepState
    from cloudprep.tui.steps import Step

# Actions that need an open project: hidden from the footer and the palette without one.
PROJECT_ACTIONS = frozenset(
    {"next_step", "previous_step", "go_to_step", "save", "export", "refresh_state"}
)
# Imported in a worker once the first screen is shown, so later steps open at once.
_PRELOAD = (
    "cloudprep.tui.session",
    "cloudprep.tui.screens.wizard",
    "cloudprep.tui.screens.cloud",
    "cloudprep.tui.screens.review",
    "cloudprep.tui.screens.export",
    "cloudprep.tui.screens.revalidate",
    "cloudprep.tui.screens.dialogs",
    "cloudprep.core.new_project",
)


class CloudprepApp(App[int]):
    """`cloudprep [PROJECT]`. The return value is the process exit code."""

    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"
    TITLE = "cloudprep"
    # The step navigator is a sidebar from 100 columns, a one-line strip below.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (declared by App as a plain attribute)
        (0, "-narrow"),
        (100, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next_step", "Next", id="next-step", tooltip="Go to the next step"),
        Binding("ctrl+b", "previous_step", "Back", id="previous-step", tooltip="Go back a step"),
        Binding(
            "ctrl+g", "go_to_step", "Go to", id="go-to-step", show=False, tooltip="Pick a step"
        ),
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save the project file now"),
        Binding(
            "ctrl+o", "export", "Export", id="export", show=False, tooltip="Go to the Export step"
        ),
        Binding(
            "ctrl+r",
            "revalidate",
            "Validate",
            id="revalidate",
            show=False,
            tooltip="Open a bundle (folder or zip) and check it",
        ),
        Binding(
            "ctrl+t",
            "toggle_theme",
            "Dark/light",
            id="toggle-theme",
            show=False,
            tooltip="Toggle dark/light",
        ),
        Binding(
            "f5",
            "refresh_state",
            "Refresh",
            id="refresh",
            show=False,
            tooltip="Ask the keyring again which secrets are stored (after `cloudprep secret set`)",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="quit",
            priority=True,
            tooltip="Quit (asks first when there are unsaved changes)",
        ),
    ]

    def __init__(
        self,
        *,
        project_path: Path | None = None,
        default_path: Path = Path("cloudprep.json"),
        environ: Mapping[str, str] | None = None,
        today: date | None = None,
        preload: bool = True,
    ) -> None:
        super().__init__()
        self._open_path = project_path
        self.default_path = default_path
        self.environ = environ
        self.today = today
        self._preload_enabled = preload
        self.session: ProjectSession | None = None
        self.step_key: str | None = None
        self.started = False
        """Whether the app's first screen is shown (Ready was handled)."""
        self._opened: ProjectSession | None = None
        self._open_error: tuple[str, tuple[str, ...]] | None = None

    # --- start-up -------------------------------------------------------------------------
    def on_load(self) -> None:
        # The project given (or ./cloudprep.json) is opened before the first screen is
        # made, so that screen is its step. Opening it in a worker while a first screen
        # said "Opening…" cost more: that screen was composed and painted for nothing,
        # and the worker and the UI thread took turns on the interpreter.
        if self._open_path is None:
            return
        from cloudprep.errors import CloudprepError
        from cloudprep.tui.session import ProjectSession

        try:
            self._opened = ProjectSession.open(
                self._open_path, environ=self.environ, today=self.today
            )
        except CloudprepError as exc:
            self._open_error = (exc.message, tuple(exc.hints))

    def get_default_screen(self) -> Screen[None]:
        # Under the opened project's step the start screen is not seen: it is composed
        # only if it ever is. A project that could not be opened is said on it.
        screen = StartScreen(self.default_path, compose_when_shown=self._opened is not None)
        if self._open_error is not None:
            screen.show_error(*self._open_error)
        return screen

    def on_mount(self) -> None:
        self._handle_stop_signals()
        if self._opened is not None:
            session, self._opened = self._opened, None
            self.start_session(session)

    def _handle_stop_signals(self) -> None:
        """On a real terminal, SIGINT (`kill -INT`: ctrl+c is a key here), SIGTERM and
        SIGHUP end the wizard as ctrl+q would without asking: the terminal is given back
        (SIGTERM and SIGHUP killed the process in raw mode, with mouse reporting on, in the
        alternate screen) and the exit code says so (SIGINT ended it with 0)."""
        import asyncio
        import signal

        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue  # SIGHUP on Windows
            try:
                loop.add_signal_handler(signum, self._stopped_by_signal, name, int(signum))
            except (NotImplementedError, RuntimeError):
                return  # Windows' event loop: Textual's own handling stays

    def _stopped_by_signal(self, name: str, signum: int) -> None:
        from rich.text import Text

        session = self.session
        lines = [f"cloudprep: error: interrupted ({name})"]
        if session is not None:
            lost = "; the changes since then were not saved" if session.dirty else ""
            lines.append(
                f"  the project was last saved to {terminal_text(str(session.path))}{lost}"
            )
        self.exit(128 + signum, message=Text("\n".join(lines)))

    def get_driver_class(self) -> type[Driver]:
        # On Linux and macOS, Textual's driver drawing on stdout and sized by the terminal
        # (see terminal_driver). Windows' driver already draws on stdout; a driver chosen
        # with TEXTUAL_DRIVER is left alone. `run_test` (the tests) uses its headless one.
        import sys

        driver = super().get_driver_class()
        if sys.platform == "win32":
            return driver
        from textual.drivers.linux_driver import LinuxDriver

        if driver is not LinuxDriver:
            return driver
        from cloudprep.tui.terminal_driver import TerminalDriver

        return TerminalDriver

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        # A widget is styled as it is mounted (App._register), with the classes it has
        # then. Textual also styles it each time a class is set before that (Input sets
        # -valid and -textual-compact in its constructor): work done twice, for every
        # field of a step.
        if isinstance(node, Widget) and not self.is_mounted(node):
            return
        super().update_styles(node, animate)

    def on_ready(self) -> None:
        # The first screen is shown, or is being painted. With no project, load what the
        # next screens need: off the UI thread, so the terminal answers at once.
        self.started = True
        if self.session is not None:
            self.screen.call_after_refresh(self._step_painted)
        else:
            resume_collector()
        if self._open_path is None and self._preload_enabled:
            self.set_timer(0.1, self._preload)

    def _step_painted(self) -> None:
        self.check_keyring()
        resume_collector()

    @work(thread=True, exclusive=True, group="preload")
    def _preload(self) -> None:
        for name in _PRELOAD:
            importlib.import_module(name)

    # --- projects ------------------------------------------------------------------------
    def open_project_file(self, path: Path) -> None:
        """Open an existing project file; the start screen says so until it is shown."""
        screen = self.screen
        if isinstance(screen, StartScreen):
            screen.show_status(f"Opening {path}…")
        self._open_in_worker(path)

    @work(thread=True, exclusive=True, group="project")
    def _open_in_worker(self, path: Path) -> None:
        from cloudprep.errors import CloudprepError
        from cloudprep.tui.session import ProjectSession

        try:
            session = ProjectSession.open(path, environ=self.environ, today=self.today)
        except CloudprepError as exc:
            self.post_message(ProjectOpened(None, exc.message, exc.hints))
            return
        self.post_message(ProjectOpened(session, None))

    @work(thread=True, exclusive=True, group="project")
    def create_project(self, how: str, path: Path, folder: Path | None = None) -> None:
        """Make a project (`new`, `demo` or `import` from `folder`) and save it at `path`."""
        from cloudprep.core.new_project import blank_project, demo_project, project_from_connector
        from cloudprep.errors import CloudprepError
        from cloudprep.tui.session import ProjectSession

        findings: tuple[Finding, ...] = ()
        try:
            if how == "import" and folder is not None:
                project, found = project_from_connector(folder, path)
                findings = tuple(found)
            elif how == "demo":
                project = demo_project()
            else:
                project = blank_project()
            session = ProjectSession(
                project, path, saved=False, environ=self.environ, today=self.today
            )
            session.save()
        except CloudprepError as exc:
            self.post_message(ProjectOpened(None, exc.message, exc.hints))
            return
        except OSError as exc:
            self.post_message(ProjectOpened(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(ProjectOpened(session, None, findings=findings))

    def on_project_opened(self, message: ProjectOpened) -> None:
        if message.session is None:
            self._show_start_error(message.error or "the project could not be made", message.hints)
            return
        self.start_session(message.session)
        if message.findings:
            count = len(message.findings)
            self.notify(
                f"Imported with {count} finding(s); Review lists them.",
                title="Import",
                timeout=6,
            )

    def _show_start_error(self, message: str, hints: Iterable[str]) -> None:
        screen = self.screen
        show_failure = getattr(screen, "show_failure", None)
        if callable(show_failure):
            # The dialog that asked stays open with the reason, where it can be fixed.
            show_failure(message, tuple(hints))
            return
        if isinstance(screen, StartScreen):
            screen.show_error(message, tuple(hints))
        else:
            self.notify(message, severity="error", title="cloudprep")

    def start_session(self, session: ProjectSession) -> None:
        from cloudprep.tui.steps import CONNECTOR
        from cloudprep.tui.ui_state import last_step

        self.session = session
        self.title = f"cloudprep · {terminal_text(session.path.name)}"
        resume = last_step(str(session.project.project_id))
        keys = [s.key for s in self.steps()]
        self.goto_step(resume if resume in keys else CONNECTOR)

    # --- steps ----------------------------------------------------------------------------
    def steps(self) -> tuple[Step, ...]:
        from cloudprep.tui.steps import wizard_steps

        return wizard_steps(self.session.project.clouds if self.session else ())

    def step_states(self) -> dict[str, StepState]:
        """Where each step stands, from the project's evaluation (empty if it fails)."""
        from cloudprep.tui.session import EvaluationFailed
        from cloudprep.tui.step_states import awaiting_keyring, step_states

        if self.session is None:
            return {}
        try:
            evaluation = self.session.evaluate()
        except EvaluationFailed:
            return {}
        states = step_states(self.steps(), evaluation, list(self.session.project.clouds))
        return states if self.session.keyring_answered else awaiting_keyring(states)

    def step_caption(self, key: str) -> str:
        steps = self.steps()
        for number, step in enumerate(steps, 1):
            if step.key == key:
                return f"Step {number} of {len(steps)}: {step.short_title}"
        return ""

    def goto_step(self, key: str, *, focus_path: str | None = None) -> None:
        """Save the project (if changed), then show the step `key`. A step that holds
        something typed but not kept (a secret not stored yet) asks first."""
        if self.session is None:
            return
        step = self._wizard_step()
        if step is None:
            self._show_step(key, focus_path)
        else:
            step.confirm_leave(partial(self._show_step, key, focus_path))

    def _wizard_step(self) -> WizardScreen | None:
        """The step screen shown (under any dialog), if any."""
        from cloudprep.tui.screens.base import WizardScreen

        return next((s for s in self.screen_stack if isinstance(s, WizardScreen)), None)

    def _show_step(self, key: str, focus_path: str | None) -> None:
        from cloudprep.tui.screens.factory import screen_for_step
        from cloudprep.tui.ui_state import remember_step

        if self.session is None:
            return
        self.save_project(quiet=True)
        screen = screen_for_step(key, focus_path=focus_path)
        if self.step_key is None or not self._wizard_on_top():
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(screen)
        else:
            self.switch_screen(screen)
        self.step_key = key
        remember_step(str(self.session.project.project_id), key)
        # Secrets can be stored or deleted outside the wizard (`cloudprep secret set` in
        # another terminal): every step shows what the keyring holds now. Asked once the
        # step is shown: loading the keyring (its backends, D-Bus) would otherwise compete
        # with the step's first paint. Meanwhile the step shows the last answer, or that
        # the keyring is being checked. A step shown as the app starts is painted in the
        # app's first batch of updates, when a callback "after refresh" runs before any
        # paint: on_ready asks then.
        if self.started:
            screen.call_after_refresh(self._step_painted)

    def _wizard_on_top(self) -> bool:
        from cloudprep.tui.screens.base import WizardScreen

        return isinstance(self.screen, WizardScreen) and len(self.screen_stack) == 2

    def jump_to(self, path: str) -> None:
        """Show the step that holds the field `path` (a finding's path) and focus it."""
        from cloudprep.tui.steps import step_for_path

        if self.session is None:
            return
        self.goto_step(step_for_path(path, self.session.project.clouds), focus_path=path)

    def _step_offset(self, offset: int) -> None:
        keys = [s.key for s in self.steps()]
        if self.step_key not in keys:
            return
        index = keys.index(self.step_key) + offset
        if 0 <= index < len(keys):
            self.goto_step(keys[index])

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast of the wizard passes here (widgets delegate to the app): untrusted
        text in it is shown inert, controls as escapes and markup neutralised."""
        shown = textual_text(message) if markup else terminal_text(message)
        super().notify(
            shown,
            title=textual_text(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def _fatal_error(self) -> None:
        """An unhandled error: one plain message, never Textual's traceback with local
        variables (they hold the whole project). The app exits with code 1."""
        import sys

        from rich.text import Text

        self.bell()
        error = sys.exc_info()[1]
        self._exit_renderables.append(Text(crash_report(error, self.session)))
        self._close_messages_no_wait()

    def save_project(
        self, *, quiet: bool = False, then: Callable[[], object] | None = None
    ) -> bool:
        """Save if changed. Refused while a field holds a stored secret: then clearing the
        field is offered, and `then` runs once it is cleared and saved."""
        from cloudprep.errors import ProjectChangedOnDisk, ProjectFileError, SecretLeakRefused

        session = self.session
        if session is None:
            return False
        if not session.dirty:
            if not quiet:
                self.notify(f"Saved: {session.path}", timeout=3)
            return True
        try:
            session.save()
        except ProjectChangedOnDisk as exc:
            if quiet and then is None:
                # Saving on a step change: said, not asked; ctrl+s (or quitting) asks.
                self.notify(exc.message, severity="error", title="Not saved", timeout=8)
            else:
                self.call_later(self._ask_about_changed_file, then)
            return False
        except (ProjectFileError, SecretLeakRefused) as exc:
            self.notify(exc.message, severity="error", title="Not saved", timeout=8)
            if isinstance(exc, SecretLeakRefused):
                # After the handler that saved (a step change shows its step first).
                self.call_later(self._offer_to_clear, then)
            return False
        if not quiet:
            self.notify(f"Saved: {session.path}", timeout=3)
        return True

    def _ask_about_changed_file(self, then: Callable[[], object] | None) -> None:
        """The file was changed by another program: overwrite it with the wizard's project
        (then `then` runs), reload the project from it (the wizard's changes are dropped),
        or stay with nothing saved."""
        from cloudprep.errors import CloudprepError
        from cloudprep.tui.screens.dialogs import ChangedOnDisk
        from cloudprep.tui.session import ProjectSession

        session = self.session
        if session is None or any(isinstance(s, ChangedOnDisk) for s in self.screen_stack):
            return

        def answered(choice: str | None) -> None:
            if self.session is not session:
                return
            if choice == "overwrite":
                try:
                    session.save(overwrite=True)
                except CloudprepError as exc:
                    self.notify(exc.message, severity="error", title="Not saved", timeout=8)
                    return
                self.notify(f"Saved: {session.path}", timeout=3)
                if then is not None:
                    then()
            elif choice == "reload":
                try:
                    reloaded = ProjectSession.open(
                        session.path, environ=self.environ, today=self.today
                    )
                except CloudprepError as exc:
                    self.notify(exc.message, severity="error", title="Not reloaded", timeout=8)
                    return
                self.notify(f"Reloaded: {session.path}", timeout=3)
                self.start_session(reloaded)

        self.push_screen(ChangedOnDisk(session.path), answered)

    def _offer_to_clear(self, then: Callable[[], object] | None) -> None:
        """Ask to clear the fields that hold a stored secret, then save (never showing it)."""
        from cloudprep.tui.screens.dialogs import ClearStoredSecrets

        session = self.session
        if session is None or any(isinstance(s, ClearStoredSecrets) for s in self.screen_stack):
            return
        findings = session.stored_secret_findings()
        if not findings:
            return
        paths = [f.path for f in findings]

        def answered(clear: bool | None) -> None:
            if not clear or self.session is not session:
                return  # the refusal stands
            left = session.clear_fields(paths)
            if left:
                self.notify(
                    f"{left[0]} could not be cleared here; edit it yourself (nothing was saved).",
                    severity="error",
                    title="Not saved",
                    timeout=8,
                )
                return
            if not self.save_project(quiet=True):
                return
            cleared = "the field" if len(paths) == 1 else f"{len(paths)} fields"
            self.notify(f"Cleared {cleared}; saved: {session.path}", timeout=4)
            if then is not None:
                then()
            elif self.step_key is not None:
                # Show the step again from the project, so no input still holds the value
                # (a secret typed there and not stored yet is asked about first).
                self.goto_step(self.step_key)

        self.push_screen(ClearStoredSecrets([f.message for f in findings]), answered)

    # --- keyring ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="keyring")
    def check_keyring(self) -> None:
        """Ask the keyring which needed secrets are stored, and read the stored values into
        the leak guard (which never shows them)."""
        from cloudprep.bundle.secret_source import read_keyring
        from cloudprep.core.secret_needs import SecretPresence
        from cloudprep.errors import KeyringUnavailable
        from cloudprep.secrets.diagnosis import problem_text

        session = self.session
        if session is None:
            return
        try:
            view = read_keyring(session.project)
        except KeyringUnavailable as exc:
            unavailable = SecretPresence.unavailable(problem_text(exc))
            self.post_message(PresenceChecked(unavailable, exc.message, exc.hints))
            return
        self.post_message(PresenceChecked(view.presence, None, guard=view.leak_guard()))

    def on_app_focus(self, event: events.AppFocus) -> None:
        # The user may have stored a secret in another window meanwhile.
        if self.session is not None:
            self.check_keyring()

    def on_presence_checked(self, message: PresenceChecked) -> None:
        session = self.session
        if session is None:
            return
        first = not session.keyring_answered
        session.keyring_answered = True
        if not first and (message.presence, message.problem) == (
            session.presence,
            session.keyring_problem,
        ):
            return  # nothing changed: no screen is redrawn
        session.presence = message.presence
        if message.guard is not None:
            session.leak_guard = message.guard
        session.keyring_problem = message.problem
        session.keyring_hints = message.hints
        screen = self.screen
        hook = getattr(screen, "presence_changed", None)
        if callable(hook):
            hook()

    # --- actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in PROJECT_ACTIONS and self.session is None)

    def action_next_step(self) -> None:
        self._step_offset(1)

    def action_previous_step(self) -> None:
        self._step_offset(-1)

    def action_go_step(self, key: str) -> None:
        """Go to the step `key` (the navigator's clicks and Enter)."""
        if self.session is not None and key in {s.key for s in self.steps()}:
            self.goto_step(key)

    def action_go_to_step(self) -> None:
        from cloudprep.tui.screens.dialogs import StepPicker

        def chosen(key: str | None) -> None:
            if key is not None:
                self.goto_step(key)

        states = self.step_states()
        steps = [
            (s.key, " · ".join(filter(None, (self.step_caption(s.key), states[s.key].words))))
            if s.key in states
            else (s.key, self.step_caption(s.key))
            for s in self.steps()
        ]
        self.push_screen(StepPicker(steps, current=self.step_key), chosen)

    def action_save(self) -> None:
        self.save_project()

    def action_refresh_state(self) -> None:
        self.check_keyring()
        self.notify("Asked the keyring again which secrets are stored.", timeout=3)

    def action_export(self) -> None:
        from cloudprep.tui.steps import EXPORT

        self.goto_step(EXPORT)

    def action_revalidate(self) -> None:
        from cloudprep.tui.screens.revalidate import RevalidateScreen

        if isinstance(self.screen, RevalidateScreen):
            return
        self.push_screen(RevalidateScreen())

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        # Textual's own toast for a saved screenshot is written in markup, which `notify`
        # shows inert here ("Saved screenshot to [$text-success]…"): plain words.
        if event.name == "screenshot":
            event.prevent_default()
            where = "" if event.path is None else f" to {event.path}"
            self.notify(f"Saved screenshot{where}", title="Screenshot")

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_help_quit(self) -> None:
        # ctrl+c (copy in a field) elsewhere says how to quit. Textual's own hint is written
        # in markup, which `notify` shows inert here ("Press [b]ctrl+q[/b]…"): plain words.
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    f"Press {key} to quit (it asks first if there are unsaved changes).",
                    title="Do you want to quit?",
                )
                return

    async def action_quit(self) -> None:
        step = self._wizard_step()
        if step is None:
            self._quit()
        else:
            step.confirm_leave(self._quit)

    def _quit(self) -> None:
        session = self.session
        if session is None or not session.dirty:
            self.exit(0)
            return
        from cloudprep.tui.screens.dialogs import ConfirmQuit

        def answered(choice: str | None) -> None:
            if choice == "save":
                if self.save_project(quiet=True, then=partial(self.exit, 0)):
                    self.exit(0)
            elif choice == "discard":
                self.exit(0)

        self.push_screen(ConfirmQuit(session.path), answered)

    # --- the command palette ------------------------------------------------------------
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every binding of the app and its screens (the footer shows the few that fit at
        80 columns), plus one command per step."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description:
                continue
            if not binding.show and binding.id is None:
                continue  # a widget's own keys (cursor moves and the like)
            if binding.action in seen:
                continue
            seen.add(binding.action)
            help_text = binding.tooltip or binding.description
            yield SystemCommand(
                binding.description,
                f"{help_text} (key: {binding.key})",
                partial(self.run_action, binding.action, active.node),
            )
        if self.session is not None:
            for step in self.steps():
                yield SystemCommand(
                    f"Go to: {step.title}",
                    self.step_caption(step.key),
                    partial(self.goto_step, step.key),
                )


def crash_report(error: BaseException | None, session: ProjectSession | None) -> str:
    """What a crash prints: the error's type and where it happened (no values, no locals),
    and where the project was last saved."""
    import traceback

    kind = type(error).__name__ if error is not None else "an unknown error"
    where = ""
    if error is not None and error.__traceback__ is not None:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f" in {Path(frame.filename).name}:{frame.lineno}"
    lines = [f"cloudprep: error: the wizard stopped on an internal error ({kind}{where})"]
    if session is None:
        lines.append("  no project was open")
    else:
        lost = "; the changes since then were not saved" if session.dirty else ""
        lines.append(f"  the project was last saved to {session.path}{lost}")
    lines.append("  please report this at the project's issue tracker, with these lines")
    return "\n".join(lines)
