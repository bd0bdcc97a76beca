"""The step navigator: every step with where it stands. A sidebar from 100 columns, a
one-line strip below that; a click (or Enter in the sidebar) goes to the step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.markup import escape
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cloudprep.tui.step_states import StepState
from cloudprep.tui.steps import Step

Shown = tuple[tuple[str, str, str], ...]


def _shown(steps: Sequence[Step], states: Mapping[str, StepState]) -> Shown:
    return tuple((s.key, s.short_title, states[s.key].mark) for s in steps)


class StepNavigator(OptionList):
    """The sidebar: one line per step, its state mark first (✔ done, ✘3 errors,
    !2 warnings, – not applicable), the current step highlighted."""

    DEFAULT_CSS = """
    StepNavigator {
        width: 24;
        height: 1fr;
        border: none;
        border-right: vkey $panel;
        padding: 0;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="step-nav", compact=True)
        self._shown: Shown = ()
        self._current: str | None = None

    def show_steps(
        self, steps: Sequence[Step], states: Mapping[str, StepState], current: str
    ) -> None:
        shown = _shown(steps, states)
        if shown != self._shown:
            self._shown = shown
            self.set_options(
                Option(f"{mark:<4}{escape(title)}", id=key) for key, title, mark in shown
            )
        if current != self._current or self.highlighted is None:
            self._current = current
            keys = [key for key, _, _ in shown]
            if current in keys:
                self.highlighted = keys.index(current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id != self._current:
            self.app.call_later(self.app.run_action, f"go_step({event.option.id!r})")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()


class StepStrip(Static):
    """Below 100 columns: the steps on one line by number and mark, each clickable; ctrl+g
    lists them by name."""

    DEFAULT_CSS = """
    StepStrip {
        height: 1;
        padding: 0 1;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="step-strip")
        self._text = ""

    def show_steps(
        self, steps: Sequence[Step], states: Mapping[str, StepState], current: str
    ) -> None:
        parts = []
        for number, (key, _title, mark) in enumerate(_shown(steps, states), 1):
            label = f"{number}{mark}"
            style = "reverse bold" if key == current else "underline"
            parts.append(f"[{style} @click=app.go_step({key!r})]{label}[/]")
        text = "Steps " + " ".join(parts)
        if text != self._text:
            self._text = text
            self.update(text)
