"""A labelled project field: its input, where the value comes from, and one error label."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.expand_tabs import expand_tabs_inline
from textual.strip import Strip
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.option_list import OptionDoesNotExist

from cloudprep.core.inert_text import has_unsafe_characters, one_cell_text, terminal_text


class FieldInput(Input):
    """An Input bound to a project field by its dotted path; `kind` says how its text is
    read (text, optional_text, percent, count, date)."""

    def __init__(
        self,
        field_path: str,
        kind: str,
        *,
        value: str = "",
        placeholder: str = "",
        validators: Validator | Iterable[Validator] | None = None,
        password: bool = False,
        disabled: bool = False,
        input_type: str = "text",
    ) -> None:
        super().__init__(
            value=value,
            placeholder=placeholder,
            validators=validators,
            password=password,
            disabled=disabled,
            id=widget_id(field_path),
            type=input_type,  # type: ignore[arg-type]
            valid_empty=False,
            compact=True,
        )
        self.field_path = field_path
        self.kind = kind
        # The text last put into the project. An Input posts Changed for the value it is
        # built with; that one is already in the project and need not be applied again.
        self.applied_text = value

    # Input draws its value as it is, and Rich removes only C0 controls: a DEL, a C1 control
    # (U+009B starts a control sequence in some terminals) or a bidi override (U+202E
    # reorders the line) typed or pasted into a field reached the terminal. Each is drawn
    # as one visible symbol instead (the value itself is kept, and CP104 flags it), and
    # the cursor is placed by what is drawn.
    @property
    def _value(self) -> Text:
        if self.password or not has_unsafe_characters(self.value):
            return super()._value
        return Text(one_cell_text(self.value), no_wrap=True, overflow="ignore", end="")

    def _position_to_cell(self, position: int) -> int:
        return cell_len(expand_tabs_inline(one_cell_text(self.value[:position]), 4))


class FieldSelect(Select[str]):
    """A Select bound to a project field; the option values are the stored texts."""

    def __init__(
        self,
        field_path: str,
        options: Sequence[tuple[str, str]],
        *,
        value: str,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            options,
            value=value,
            allow_blank=False,
            id=widget_id(field_path),
            disabled=disabled,
            compact=True,
        )
        self.field_path = field_path
        # The option last put into the project. A Select posts Changed for the value it
        # is built with, once mounted; that one is already in the project.
        self.applied_value = value

    def compose(self) -> ComposeResult:
        # The pop-up list takes `compact` from this Select, and the current value its
        # -has-value class, only once mounted, after each was styled: both (and the value's
        # three parts) were styled twice before the first frame. Set now, they are styled
        # once, and mounting changes nothing. A field always has a value (no blank).
        for widget in super().compose():
            if isinstance(widget, SelectOverlay):
                widget.compact = self.compact
            elif isinstance(widget, SelectCurrent):
                widget.set_reactive(SelectCurrent.has_value, True)
                widget.add_class("-has-value")
            yield widget


TICKED = "✔"
UNTICKED = " "


class TickCheckbox(Checkbox):
    """A checkbox whose box reads ticked (✔) or empty without relying on colour."""

    def __init__(self, label: str, *, value: bool, id: str, disabled: bool = False) -> None:
        super().__init__(label, value, id=id, compact=True, disabled=disabled)
        self.BUTTON_INNER = TICKED if value else UNTICKED

    def watch_value(self) -> None:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        super().watch_value()


class FieldCheckbox(TickCheckbox):
    """A tick box bound to a project field."""

    def __init__(self, field_path: str, label: str, *, value: bool) -> None:
        super().__init__(label, value=value, id=widget_id(field_path))
        self.field_path = field_path


class TickList(SelectionList[str]):
    """A SelectionList whose boxes read ticked (✔) or empty without relying on colour
    (Textual draws the same X in both, told apart by colour only)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        ticked = option.value in self.selected
        segments[1] = Segment(TICKED if ticked else UNTICKED, segments[1].style)
        return Strip(segments, strip.cell_length)


class FieldRow(Vertical):
    """Label, control, help lines and the field's one error label."""

    DEFAULT_CSS = """
    FieldRow {
        height: auto;
        margin: 0 0 1 0;
    }
    FieldRow > .field-label {
        text-style: bold;
        width: 1fr;
    }
    FieldRow > Input, FieldRow > Select {
        width: 1fr;
        margin: 0 1 0 0;
    }
    FieldRow > .field-help {
        color: $text-muted;
    }
    FieldRow > .field-error {
        color: $text-error;
        width: 1fr;
        display: none;
    }
    FieldRow > .field-error.-shown {
        display: block;
    }
    """

    def __init__(
        self, label: str, control: Widget, *help_lines: str, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._label = label
        self.control = control
        self._help = [h for h in help_lines if h]
        self.under_control: list[Widget] = []
        """Widgets shown right under the control (e.g. a suggestion line)."""
        self._error: Label | None = None
        """The error label, last in the row: made when there is first something to say.
        Most fields never have an error, and a step shows dozens of them, so many
        widgets fewer to make and lay out before a step is shown."""

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield self.control
        yield from self.under_control
        for line in self._help:
            yield Static(line, classes="field-help", markup=False)

    @property
    def error_text(self) -> str:
        """What the error label says ("" when there is no error)."""
        return "" if self._error is None else str(self._error.render())

    def show_result(self, result: ValidationResult | None) -> None:
        self.show_errors(result.failure_descriptions if result is not None else [])

    def show_errors(self, messages: Sequence[str]) -> None:
        # Messages quote what was typed or pasted: controls are shown as escapes.
        text = "\n".join(terminal_text(m) for m in messages)
        if self._error is None:
            if messages:
                self._error = Label(text, classes="field-error -shown", markup=False)
                self.mount(self._error)
            return
        self._error.update(text)
        self._error.set_class(bool(messages), "-shown")


def widget_id(field_path: str) -> str:
    """A widget id for a field path: `clouds.gcch.oauth_app.redirect_urls[0]` becomes
    `f--clouds--gcch--oauth_app--redirect_urls-0`."""
    text = field_path.replace(".", "--").replace("[", "-").replace("]", "")
    return "f--" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def bound_path(widget: Any) -> str | None:
    path = getattr(widget, "field_path", None)
    return path if isinstance(path, str) else None
