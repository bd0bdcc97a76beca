"""The first screen when there is no project: new, import, open, re-validate, demo.

It is the screen start-up waits for, so it imports textual only (no pydantic, no rules).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from cloudprep.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from cloudprep.tui.app import CloudprepApp

INTRO = (
    "cloudprep prepares a Power Platform connector's GA request and its release to the US "
    "government and sovereign clouds (GCC, GCC High, DoD, Azure Government, Mooncake): "
    "checked, with secrets kept in the OS keyring, and safe to send."
)
CHOICES: tuple[tuple[str, str, str], ...] = (
    ("new", "New project", "start from a blank project file"),
    ("import", "Import a connector folder", "read a PowerPlatformConnectors folder"),
    ("open", "Open a project", "continue with an existing cloudprep.json"),
    ("revalidate", "Re-validate a bundle", "check a submission folder or .zip"),
    ("demo", "Open the demo", "a fictional connector with typical mistakes"),
)


class StartScreen(Screen[None]):
    """Choose what to do. Each choice also has a key, shown in the footer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "choose('new')", "New", id="start-new", tooltip="A new project"),
        Binding("i", "choose('import')", "Import", id="start-import", tooltip="Import a connector"),
        Binding("o", "choose('open')", "Open", id="start-open", tooltip="Open a project file"),
        Binding(
            "v",
            "choose('revalidate')",
            "Validate",
            id="start-revalidate",
            tooltip="Re-validate a bundle",
        ),
        Binding("d", "choose('demo')", "Demo", id="start-demo", tooltip="Open the demo"),
    ]

    def __init__(self, default_path: Path, *, compose_when_shown: bool = False) -> None:
        super().__init__()
        self.default_path = default_path
        self._error = ""
        self._unseen = compose_when_shown
        """Its widgets are not made yet: it lies under the step of a project opened at
        start-up, and is made if it is ever shown."""
        self._installed = False

    def compose(self) -> ComposeResult:
        if self._unseen:
            return
        yield Header()
        with VerticalScroll(id="start-body"):
            yield Static(INTRO, id="intro")
            yield OptionList(
                *(Option(f"{title}  [dim]{what}[/]", id=key) for key, title, what in CHOICES),
                id="start-choices",
            )
            yield Static("", id="start-error", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self._unseen:
            self._prepare()

    async def on_screen_resume(self) -> None:
        if self._unseen and not self._installed:
            # Textual resumes the first screen as it installs it, before the app puts the
            # project's step over it: that is not a showing.
            self._installed = True
            return
        if self._unseen and self.is_current:
            self._unseen = False
            await self.recompose()
            self._prepare()

    def _prepare(self) -> None:
        self.sub_title = "Start"
        self.query_one(OptionList).focus()
        self._show_error()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_choose(event.option.id)

    def show_status(self, message: str) -> None:
        """A line of progress (e.g. opening a project) in place of an error."""
        self._error = ""
        if self.is_mounted and not self._unseen:
            status = self.query_one("#start-error", Static)
            status.update(message)
            status.remove_class("-shown")
            status.add_class("-status")

    def show_error(self, message: str, hints: tuple[str, ...] = ()) -> None:
        """Say why a project could not be opened or made (kept until the screen exists)."""
        self._error = "\n".join([message, *(f"  {h}" for h in hints)])
        if self.is_mounted and not self._unseen:
            self._show_error()

    def _show_error(self) -> None:
        if self._error:
            error = self.query_one("#start-error", Static)
            error.update(self._error)
            error.remove_class("-status")
            error.add_class("-shown")

    def action_choose(self, choice: str) -> None:
        app = cast("CloudprepApp", self.app)
        self._error = ""
        self.query_one("#start-error", Static).remove_class("-shown")
        from cloudprep.tui.screens import dialogs

        if choice == "revalidate":
            app.action_revalidate()
        elif choice == "open":
            self.app.push_screen(
                dialogs.PathDialog(
                    "Open a project",
                    "The project file (cloudprep.json), or its folder, to continue with.",
                    self.default_path,
                    must_exist="file",
                    act=app.open_project_file,
                )
            )
        elif choice == "import":

            def import_from(folder: Path, save: Path) -> None:
                app.create_project("import", save, folder)

            self.app.push_screen(dialogs.ImportDialog(self.default_path, act=import_from))
        elif choice in ("new", "demo"):
            what = "the demo project" if choice == "demo" else "the new project"

            def create_at(path: Path) -> None:
                app.create_project(choice, path)

            self.app.push_screen(
                dialogs.PathDialog(
                    "Save as",
                    f"Where to save {what}. It holds no secret, so it is safe to commit.",
                    self.default_path,
                    must_exist="absent",
                    act=create_at,
                )
            )
