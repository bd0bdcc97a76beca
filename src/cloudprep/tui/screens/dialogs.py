"""Small modal dialogs, each dismissed with a typed result."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar, NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.button import ButtonVariant
from textual.widgets.option_list import Option

from cloudprep.core.inert_text import terminal_text
from cloudprep.tui.widgets.field import FieldRow
from cloudprep.tui.widgets.path_input import PathInput

PROJECT_FILE = "cloudprep.json"


def project_file_in(path: Path) -> Path:
    """A folder stands for the project file it holds; anything else for itself."""
    if path.is_dir() and (path / PROJECT_FILE).is_file():
        return path / PROJECT_FILE
    return path


def user_path(text: str) -> Path:
    """The path a user typed, with `~` expanded (left as typed when it cannot be)."""
    path = Path(text.strip())
    try:
        return path.expanduser()
    except RuntimeError:  # ~user that does not exist
        return path


class PathValidator(Validator):
    """`file`, `dir`, `file_or_dir` must exist; `absent` must not; `any` is anything."""

    def __init__(self, must: str) -> None:
        super().__init__()
        self.must = must

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.failure("enter a path")
        try:
            return self._check(user_path(value))
        except (OSError, ValueError) as exc:  # e.g. a NUL byte, a name too long
            return self.failure(f"not a usable path: {exc}")

    def _check(self, path: Path) -> ValidationResult:
        if self.must == "absent" and path.exists():
            return self.failure(f"{path} already exists: open it instead, or choose another name")
        if self.must == "file" and not project_file_in(path).is_file():
            if path.is_dir():
                return self.failure(f"{path} is a folder without a {PROJECT_FILE}")
            return self.failure(f"{path}: no such file")
        if self.must == "dir" and not path.is_dir():
            return self.failure(f"{path}: no such folder")
        if self.must == "file_or_dir" and not path.exists():
            return self.failure(f"{path}: no such folder or file")
        if self.must == "absent" and not path.parent.expanduser().is_dir():
            return self.failure(f"{path.parent}: no such folder")
        return self.success()


class PathDialog(ModalScreen[Path | None]):
    """Ask for one path, checked as it is typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel", tooltip="Close without acting"),
    ]

    def __init__(
        self,
        title: str,
        explain: str,
        default: Path | None,
        *,
        must_exist: str,
        act: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._explain = explain
        self._default = "" if default is None else str(default)
        self._must = must_exist
        self._act = act

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield FieldRow(
                self._explain,
                PathInput(self._default, validators=[PathValidator(self._must)], id="path"),
                "Tab completes · Enter: OK · Escape: cancel",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        field = self.query_one("#path", Input)
        field.focus()
        self._check(field)

    def _check(self, field: Input) -> bool:
        result = field.validate(field.value)
        row = field.parent
        if isinstance(row, FieldRow):
            row.show_result(result)
        return result is None or result.is_valid

    def on_input_changed(self, event: Input.Changed) -> None:
        row = event.input.parent
        if isinstance(row, FieldRow):
            row.show_result(event.validation_result)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._finish()
        else:
            self.dismiss(None)

    def _finish(self) -> None:
        field = self.query_one("#path", Input)
        if not self._check(field):
            return
        path = user_path(field.value)
        if self._must == "file":
            path = project_file_in(path)
        if self._act is None:
            self.dismiss(path)
            return
        # The dialog stays until the work is done: the wizard replaces it on success,
        # and a failure is said here (show_failure), where the path can be fixed.
        self._act(path)

    def show_failure(self, message: str, hints: Sequence[str] = ()) -> None:
        row = self.query_one("#path", Input).parent
        if isinstance(row, FieldRow):
            row.show_errors([message, *hints])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ImportDialog(ModalScreen[tuple[Path, Path] | None]):
    """Ask for the connector folder to import and where to save the new project."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel", tooltip="Close without acting"),
    ]

    def __init__(
        self, default_save: Path, *, act: Callable[[Path, Path], None] | None = None
    ) -> None:
        super().__init__()
        self._default_save = default_save
        self._act = act

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Import a connector folder", classes="dialog-title")
            yield FieldRow(
                "Connector folder",
                PathInput(
                    placeholder="e.g. PowerPlatformConnectors/certified-connectors/Team Forms",
                    validators=[PathValidator("dir")],
                    id="folder",
                ),
                "The folder with apiDefinition.swagger.json and apiProperties.json.",
            )
            yield FieldRow(
                "Save the project as",
                PathInput(str(self._default_save), validators=[PathValidator("absent")], id="save"),
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#folder", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        row = event.input.parent
        if isinstance(row, FieldRow):
            row.show_result(event.validation_result)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "folder":
            self.query_one("#save", Input).focus()
        else:
            self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._finish()
        else:
            self.dismiss(None)

    def _finish(self) -> None:
        fields = [self.query_one("#folder", Input), self.query_one("#save", Input)]
        ok = True
        for field in fields:
            result = field.validate(field.value)
            row = field.parent
            if isinstance(row, FieldRow):
                row.show_result(result)
            ok = ok and (result is None or result.is_valid)
        if not ok:
            return
        folder, save = user_path(fields[0].value), user_path(fields[1].value)
        if self._act is None:
            self.dismiss((folder, save))
            return
        self._act(folder, save)

    def show_failure(self, message: str, hints: Sequence[str] = ()) -> None:
        """The import failed: say why under the folder, where it can be fixed."""
        row = self.query_one("#folder", Input).parent
        if isinstance(row, FieldRow):
            row.show_errors([message, *hints])

    def action_cancel(self) -> None:
        self.dismiss(None)


class Choice(NamedTuple):
    """One button of a `ChoiceDialog`: its id (what the dialog returns), label and look."""

    id: str
    label: str
    variant: ButtonVariant = "default"


STAY = Choice("stay", "Stay (Esc)")


class ChoiceDialog(ModalScreen[str | None]):
    """A question answered by one of a few buttons; dismissed with the chosen button's id
    (each subclass binds a key to each choice, with ids of its own)."""

    FOCUSED: ClassVar[str] = ""
    """The id of the button the dialog opens on."""

    def __init__(self, title: str, body: str, choices: Sequence[Choice]) -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield Static(self._body, markup=False)
            with Horizontal(classes="dialog-buttons"):
                for choice in self._choices:
                    yield Button(choice.label, variant=choice.variant, id=choice.id)

    def on_mount(self) -> None:
        self.query_one(f"#{self.FOCUSED}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, choice: str) -> None:
        self.dismiss(choice)


class ConfirmQuit(ChoiceDialog):
    """Unsaved changes: save and quit, quit without saving, or stay."""

    FOCUSED = "save"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer('save')", "Save and quit", id="quit-save"),
        Binding("d", "answer('discard')", "Quit without saving", id="quit-discard"),
        Binding("escape", "answer('stay')", "Stay", id="quit-stay"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__(
            "Unsaved changes",
            f"{path} has changes that are not saved yet.",
            [
                Choice("save", "Save and quit (s)", "primary"),
                Choice("discard", "Quit without saving (d)", "error"),
                STAY,
            ],
        )


class ChangedOnDisk(ChoiceDialog):
    """The project file was changed by another program: overwrite it, reload it, or stay
    (nothing is saved)."""

    FOCUSED = "stay"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "answer('overwrite')", "Overwrite", id="changed-overwrite"),
        Binding("r", "answer('reload')", "Reload", id="changed-reload"),
        Binding("escape", "answer('stay')", "Stay", id="changed-stay"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__(
            "Changed by another program",
            f"{terminal_text(str(path))} was changed since the wizard read or saved it. "
            "Overwrite it with the project as the wizard has it (that change is lost), or "
            "reload the project from the file (the wizard's unsaved changes are lost)?",
            [
                Choice("overwrite", "Overwrite (o)", "warning"),
                Choice("reload", "Reload (r)", "primary"),
                STAY,
            ],
        )


class YesNoDialog(ModalScreen[bool]):
    """A question answered with y (the action) or n/Escape (cancel). Subclasses give the
    bindings (each with its own id), the action's label and the text."""

    YES_LABEL: ClassVar[str] = "Yes"
    FOCUS_CANCEL: ClassVar[bool] = False
    """Start on Cancel, for an action that is hard to take back."""

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self._title = title
        self._body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield Static(self._body, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.YES_LABEL} (y)", variant="warning", id="yes")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        if self.FOCUS_CANCEL:
            self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class CopyWarning(YesNoDialog):
    """Confirm before a secret goes to the terminal's clipboard (OSC 52)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Copy", id="copy-yes"),
        Binding("escape,n", "answer(False)", "Cancel", id="copy-no"),
    ]
    YES_LABEL = "Copy"
    FOCUS_CANCEL = True

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Copy the {what} to the clipboard?",
            "The value is sent to your terminal as an OSC 52 clipboard request; it is "
            "never shown. Under tmux or over SSH, the multiplexer or the remote side may "
            "keep a copy of it (tmux keeps a paste buffer). Clear the clipboard after "
            "pasting it into the secure channel.",
        )


class ConfirmOverwrite(YesNoDialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Replace", id="overwrite-yes"),
        Binding("escape,n", "answer(False)", "Cancel", id="overwrite-no"),
    ]
    YES_LABEL = "Replace"

    def __init__(self, path: Path) -> None:
        super().__init__("Replace the bundle?", f"{path} already exists.")


class ConfirmNoKeyring(YesNoDialog):
    """The wizard's `bundle --no-keyring`: export although the stored values could not be
    matched (the secret patterns still are)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Export anyway", id="no-keyring-yes"),
        Binding("escape,n", "answer(False)", "Cancel", id="no-keyring-no"),
    ]
    YES_LABEL = "Export anyway"
    FOCUS_CANCEL = True

    def __init__(self, problem: str) -> None:
        super().__init__(
            "Export without the keyring?",
            f"{problem}.\n\nWithout it, cloudprep cannot rule out that a stored secret was "
            "pasted into a field. The secret patterns are still checked, and the bundle "
            "records that the stored values were not.",
        )


class ClearStoredSecrets(YesNoDialog):
    """Saving was refused because fields hold a stored secret: clear them and save? The
    messages name the secret and the field, never the value."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Clear and save", id="clear-secret-yes"),
        Binding("escape,n", "answer(False)", "Keep (not saved)", id="clear-secret-no"),
    ]
    YES_LABEL = "Clear and save"

    def __init__(self, messages: Sequence[str]) -> None:
        fields = "the field" if len(messages) == 1 else f"these {len(messages)} fields"
        super().__init__(
            "A stored secret is in the project",
            "\n".join(f"• {m}" for m in messages)
            + f"\n\nThe project file is meant to be safe to commit, so it is not saved "
            f"while a stored secret is in it. Clear {fields} and save?",
        )


class UnstoredSecret(ChoiceDialog):
    """A secret was typed but not stored (Enter stores it): store it, discard it, or stay.
    The value is never shown."""

    FOCUSED = "store"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer('store')", "Store", id="unstored-store"),
        Binding("d", "answer('discard')", "Discard", id="unstored-discard"),
        Binding("escape", "answer('stay')", "Stay", id="unstored-stay"),
    ]

    def __init__(self, labels: Sequence[str]) -> None:
        what = " and the ".join(labels)
        it, verb = ("it", "is") if len(labels) == 1 else ("them", "are")
        super().__init__(
            "A typed secret is not stored",
            f"The {what} you typed {verb} not in the keyring yet (Enter in the field stores "
            f"{it}). Leaving now would drop {it}.",
            [
                Choice("store", f"Store {it} (s)", "primary"),
                Choice("discard", f"Discard {it} (d)", "error"),
                STAY,
            ],
        )


class StepPicker(ModalScreen[str | None]):
    """Pick a step to go to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker-cancel"),
    ]

    def __init__(self, steps: Sequence[tuple[str, str]], *, current: str | None) -> None:
        super().__init__()
        self._steps = steps
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Go to a step", classes="dialog-title")
            yield OptionList(*(Option(caption, id=key) for key, caption in self._steps))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [key for key, _ in self._steps]
        if self._current in keys:
            options.highlighted = keys.index(self._current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class KeyringHelp(ModalScreen[None]):
    """The keyring problem in full, with the fix for each operating system."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "close", "Close", id="keyring-help-close"),
    ]

    def __init__(self, problem: str, hints: Sequence[str]) -> None:
        super().__init__()
        self._problem = problem
        self._hints = hints

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label("The keyring is unavailable", classes="dialog-title")
            yield Static(self._problem, markup=False)
            for hint in self._hints:
                yield Static(f"• {hint}", markup=False, classes="fact")
            yield Static(
                "Until it is fixed, secret fields are disabled and missing secrets are "
                "findings; everything else works, export included. cloudprep never falls "
                "back to a plaintext file.",
                markup=False,
                classes="intro",
            )
            yield Button("Close (Esc)", id="close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
