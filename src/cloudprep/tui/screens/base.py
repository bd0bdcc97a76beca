"""What every step screen shares: the header, the keyring banner, a scrolling body, the
footer, live field validation, and jumping to a field by its project path."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Header, Input, Select

from cloudprep.tui.project_paths import FieldValueError, parse_text
from cloudprep.tui.widgets.banner import KeyringBanner
from cloudprep.tui.widgets.field import FieldInput, FieldRow, FieldSelect, bound_path
from cloudprep.tui.widgets.footer import KeyFooter
from cloudprep.tui.widgets.navigator import StepNavigator, StepStrip

if TYPE_CHECKING:
    from cloudprep.tui.app import CloudprepApp
    from cloudprep.tui.session import ProjectSession


class WizardScreen(Screen[None]):
    """A step of the wizard. Subclasses yield their fields from `compose_body`."""

    step_key = ""
    # The first field takes the focus when a step opens (see on_mount), without
    # scrolling the step's explanation away.
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f1",
            "keyring_help",
            "Keyring help",
            id="keyring-help",
            tooltip="Why the keyring is unavailable, and how to fix it",
        ),
    ]

    def __init__(self, *, focus_path: str | None = None) -> None:
        super().__init__()
        self._focus_path = focus_path
        self._resumed = False
        self._resized_once = False
        # Textual gives a pushed screen its breakpoint class (-narrow, -wide) on its first
        # resize, after its first paint: that frame showed the sidebar and the strip
        # together at 80 columns, and adding the class then restyled every widget. Known
        # now, the first frame is laid out as it stays.
        width = self.app.size.width
        for minimum, name in sorted(self.app.HORIZONTAL_BREAKPOINTS or (), reverse=True):
            if width >= minimum:
                self.add_class(name, update=False)
                break

    @property
    def wizard(self) -> CloudprepApp:
        return cast("CloudprepApp", self.app)

    @property
    def session(self) -> ProjectSession:
        session = self.wizard.session
        if session is None:
            raise RuntimeError("a step screen needs an open project")  # a programming error
        return session

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepStrip()
        yield KeyringBanner()
        with Horizontal(id="frame"):
            yield StepNavigator()
            with VerticalScroll(id="body"):
                yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.sub_title = self.wizard.step_caption(self.step_key)
        self.refresh_banner()
        self.refresh_navigation()
        for field in self.query(FieldInput):
            self._show_validation(field)
        self.after_mount()
        if self._focus_path:
            self.call_after_refresh(self.focus_path, self._focus_path)
        else:
            self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        """Focus the first field holding an error of this step, else the first field,
        else the first control of the step: a step is never entered with no focus."""
        focused = self.focused
        if focused is not None and focused.id not in ("body", "step-nav"):
            return  # the user (or a jump) has already put the focus somewhere
        fields = [w for w in self.query("*") if bound_path(w) is not None and w.focusable]
        problems = self._error_paths()
        for widget in fields:
            path = bound_path(widget) or ""
            if any(_holds(path, problem) for problem in problems):
                self.focus_path(path)
                return
        if fields:
            fields[0].focus(scroll_visible=False)
            return
        body = self.query_one("#body")
        first = next((w for w in body.query("*") if w.focusable and w.display), None)
        if first is not None:
            first.focus(scroll_visible=False)

    def _error_paths(self) -> list[str]:
        from cloudprep.core.findings import Severity
        from cloudprep.tui.session import EvaluationFailed
        from cloudprep.tui.steps import step_for_path

        session = self.wizard.session
        if session is None:
            return []
        try:
            findings = session.findings()
        except EvaluationFailed:
            return []
        clouds = list(session.project.clouds)
        return [
            f.path
            for f in findings
            if f.severity is Severity.ERROR and step_for_path(f.path, clouds) == self.step_key
        ]

    def after_mount(self) -> None:
        """Fill what depends on derived data (verdicts, findings)."""

    def confirm_leave(self, leave: Callable[[], object]) -> None:
        """Call `leave` once this step may be left: at once, unless the step holds
        something typed that leaving would drop (a step asks first, then)."""
        leave()

    def refresh_navigation(self) -> None:
        """Show every step's state in the navigator (sidebar or strip)."""
        steps = self.wizard.steps()
        states = self.wizard.step_states()
        if len(states) != len(steps):
            return  # the project cannot be evaluated; the step says why
        for navigator in (self.query_one(StepNavigator), self.query_one(StepStrip)):
            navigator.show_steps(steps, states, self.step_key)

    def _compositor_refresh(self) -> None:
        # Textual 8.2 renders a screen while the app is in a batch of updates and then
        # writes nothing (App._display), yet counts the regions as painted. The app's
        # start-up is such a batch: the step opened then was rendered twice, and its
        # first frame on the terminal lacked the header's icon and the step strip, written
        # only by a later frame. Left to be rendered after the batch, it is rendered once,
        # whole.
        if self.app._batch_count and not self.wizard.started:
            return
        super()._compositor_refresh()

    def _screen_resized(self, size: Size) -> None:
        # A step's first layout gives the screen its size, and Textual then sends the
        # screen a Resize of its own, which laid the whole step out again, at the size it
        # had just been laid out at, before its first frame (some 20 ms, and a Resize to
        # every widget). That one is skipped. Any later Resize lays the step out as usual,
        # even at an unchanged size: it is how the screen is drawn again when the terminal
        # comes back after a suspend (SIGTSTP, then fg).
        if not self._resized_once:
            self._resized_once = True
            if size == self.outer_size:
                return
        super()._screen_resized(size)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed:
            # Shown for the first time: every widget was styled as it was mounted, just
            # before, and Textual would style them all again before the first paint. This
            # handler runs before Screen's own, which reads the flag. A step shown again
            # (after a dialog) is restyled as usual.
            self._resumed = True
            event.refresh_styles = False
        self.refresh_banner()

    def refresh_banner(self) -> None:
        session = self.wizard.session
        banner = self.query_one(KeyringBanner)
        if session is None:
            banner.show_problem(None)
        else:
            banner.show_problem(session.keyring_problem, session.keyring_hints)

    def presence_changed(self) -> None:
        """The keyring's answer arrived (or changed); refresh what shows it."""
        self.refresh_banner()
        self.refresh_bindings()
        self.refresh_navigation()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "keyring_help":
            session = self.wizard.session
            return session is not None and session.keyring_problem is not None
        return True

    def action_keyring_help(self) -> None:
        from cloudprep.tui.screens.dialogs import KeyringHelp

        session = self.wizard.session
        if session is not None and session.keyring_problem is not None:
            self.app.push_screen(KeyringHelp(session.keyring_problem, session.keyring_hints))

    # --- fields ---------------------------------------------------------------------------
    def _show_validation(self, field: FieldInput) -> None:
        row = field.parent
        if isinstance(row, FieldRow):
            row.show_result(field.validate(field.value))

    # Textual calls an `on_…` handler of every class in the MRO, so subclasses override
    # the `handle_…` methods instead.
    def on_input_changed(self, event: Input.Changed) -> None:
        self.handle_input_changed(event)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.handle_select_changed(event)

    def handle_input_changed(self, event: Input.Changed) -> None:
        field = event.input
        if not isinstance(field, FieldInput) or field.password:
            return
        if event.value == field.applied_text:
            return
        field.applied_text = event.value
        row = field.parent
        if isinstance(row, FieldRow):
            row.show_result(event.validation_result)
        # The error label says why a value is refused; a refused value leaves the field
        # unknown (see ProjectSession.apply).
        try:
            value = parse_text(field.kind, event.value)
        except FieldValueError:
            value = None  # text that is not a value leaves the field unknown, not stale
        with contextlib.suppress(FieldValueError):
            self.session.apply(field.field_path, value)
        self.project_changed(field.field_path)

    def handle_select_changed(self, event: Select.Changed) -> None:
        path = bound_path(event.select)
        if path is None or event.value is Select.NULL:
            return
        if isinstance(event.select, FieldSelect):
            if event.value == event.select.applied_value:
                return
            event.select.applied_value = str(event.value)
        value = self.select_value(path, str(event.value))
        try:
            self.session.apply(path, value)
        except FieldValueError as exc:
            row = event.select.parent
            if isinstance(row, FieldRow):
                row.show_errors([str(exc)])
            return
        row = event.select.parent
        if isinstance(row, FieldRow):
            row.show_errors([])
        self.project_changed(path)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        path = bound_path(event.checkbox)
        if path is None:
            return
        try:
            self.session.apply(path, event.value)
        except FieldValueError as exc:
            row = event.checkbox.parent
            if isinstance(row, FieldRow):
                row.show_errors([str(exc)])
            return
        self.project_changed(path)

    def select_value(self, path: str, text: str) -> object:
        """The project value for a select's option (tri-state booleans by default)."""
        return TRI_STATE_VALUES.get(text, text)

    def project_changed(self, path: str) -> None:
        """A field was changed by the user; refresh what depends on it."""
        self.refresh_navigation()

    # --- jumping to a field ---------------------------------------------------------------
    def focus_path(self, path: str) -> bool:
        """Focus the input that holds `path` (a finding's path), or the closest one."""
        best: Widget | None = None
        best_score = (0, 0)
        wanted = _parts(path)
        for widget in self.query("*"):
            field_path = bound_path(widget)
            if field_path is None or not widget.focusable:
                continue
            # The field itself or the one holding it wins; else the first field that
            # shares the longest leading part of the path (its section).
            holds = _holds(field_path, path)
            shared = _shared(wanted, _parts(field_path))
            score = (1 if holds else 0, shared)
            if score > best_score:
                best, best_score = widget, score
        if best is None:
            return False
        best.focus(scroll_visible=False)
        # Show the whole field (label, input, help and its error), not just the input.
        row = best.parent if isinstance(best.parent, FieldRow) else best
        row.scroll_visible(animate=False, top=True)
        return True


def _holds(field_path: str, path: str) -> bool:
    """The field at `field_path` is the one `path` (a finding's) points at, or holds it."""
    return path == field_path or path.startswith((field_path + ".", field_path + "["))


def _parts(path: str) -> list[str]:
    return path.replace("[", ".[").split(".")


def _shared(a: list[str], b: list[str]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


TRI_STATE_OPTIONS: tuple[tuple[str, str], ...] = (
    ("Unknown (not stated yet)", "unknown"),
    ("Yes", "yes"),
    ("No", "no"),
)
TRI_STATE_VALUES: dict[str, object] = {"unknown": None, "yes": True, "no": False}


def tri_state_text(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")
