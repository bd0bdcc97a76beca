"""A cloud's definition preview: the unified diff of its generated apiProperties.json and
swagger against the commercial files, and their lint (CP8xx), as `cloudprep definition
--diff` shows them. Computed in a worker with the core's functions; nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from cloudprep.core.findings import Finding
from cloudprep.core.inert_text import terminal_text
from cloudprep.core.models import Project
from cloudprep.core.rules import definitions as rules
from cloudprep.errors import CloudprepError

MAX_DIFF_LINES = 2000
"""More is not drawn (a widget with a whole swagger's diff would be slow); the rest is
for `cloudprep definition --diff`."""

_LINE_STYLES = (("+++", "bold"), ("---", "bold"), ("@@", "$text-accent"))
_SIGN_STYLES = {"+": "$text-success", "-": "$text-error"}


@dataclass(frozen=True)
class PreviewResult:
    diff: str
    findings: tuple[Finding, ...]
    """The CP8xx findings: the source's, the transform's and the lint's."""


def preview_definition(project: Project, project_file: Path, cloud_id: str) -> PreviewResult:
    """The diff and lint `definition --diff` would print. Raises `ConnectorSourceError`
    when the recorded source cannot be read."""
    from cloudprep.core.definitions.generate import definition_diff, generate_definition
    from cloudprep.core.definitions.source import read_source

    source = read_source(project.connector.source, project_file, None)
    definition = generate_definition(project, cloud_id, source)
    findings = tuple(f for f in definition.findings if f.rule.startswith("CP8"))
    return PreviewResult(definition_diff(source, definition), findings)


def no_source_line(problem: str, cloud_id: str) -> str:
    """One line: why there is no preview, and the two ways to fix it."""
    return (
        f"No preview: {problem.rstrip('.')}. Import the connector folder with `cloudprep init "
        f"--from-connector DIR`, or run `cloudprep definition --cloud {cloud_id} --from DIR -o "
        "OUT --diff`."
    )


def diff_content(diff: str) -> Content:
    """The diff, coloured by line kind. Never parsed as markup (`Content.assemble` takes the
    text as it is); controls and bidi characters are made visible escapes."""
    lines = diff.splitlines()
    parts: list[str | tuple[str, str]] = []
    for line in lines[:MAX_DIFF_LINES]:
        shown = terminal_text(line, one_line=True)
        style = next((s for prefix, s in _LINE_STYLES if line.startswith(prefix)), None)
        style = style or _SIGN_STYLES.get(line[:1], "")
        parts.append((shown, style) if style else shown)
        parts.append("\n")
    if len(lines) > MAX_DIFF_LINES:
        parts.append(
            f"… {len(lines) - MAX_DIFF_LINES} more lines: see `cloudprep definition --diff`"
        )
    return Content.assemble(*parts)


class DefinitionPreviewed(Message):
    def __init__(self, result: PreviewResult | None, error: str | None) -> None:
        super().__init__()
        self.result = result
        self.error = error


class DefinitionPreview(ModalScreen[None]):
    """The preview of one cloud's connector files; Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="definition-preview-close"),
    ]

    def __init__(self, project: Project, project_file: Path, cloud_id: str, cloud_name: str):
        super().__init__()
        self._project = project
        self._project_file = project_file
        self._cloud_id = cloud_id
        self._cloud_name = cloud_name

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="definition-preview"):
            yield Label(
                f"Definition preview: {terminal_text(self._cloud_name, one_line=True)}",
                classes="dialog-title",
                markup=False,
            )
            yield Static("Making the connector files…", id="preview-status", markup=False)
            yield Static("", id="preview-diff")
            yield Label("Lint (CP8xx)", classes="section-title", id="preview-lint-title")
            yield Static("", id="preview-findings", markup=False)
            yield Button("Close (Esc)", id="close", compact=True)

    def on_mount(self) -> None:
        for part in ("#preview-lint-title", "#preview-findings"):
            self.query_one(part).display = False
        self.query_one("#definition-preview").focus()  # arrows and page keys scroll
        self.make_preview()

    @work(thread=True, exclusive=True, group="definition-preview")
    def make_preview(self) -> None:
        try:
            result = preview_definition(self._project, self._project_file, self._cloud_id)
        except CloudprepError as exc:
            self.post_message(
                DefinitionPreviewed(None, no_source_line(exc.message, self._cloud_id))
            )
            return
        except (OSError, ArithmeticError, ValueError) as exc:
            self.post_message(DefinitionPreviewed(None, f"No preview: {type(exc).__name__}: {exc}"))
            return
        self.post_message(DefinitionPreviewed(result, None))

    def on_definition_previewed(self, message: DefinitionPreviewed) -> None:
        status = self.query_one("#preview-status", Static)
        result = message.result
        if result is None:
            status.update(terminal_text(message.error or "", one_line=True))
            status.add_class("-error")
            return
        changed = any(f.rule == rules.SOURCE_CHANGED.id for f in result.findings)
        status.update(
            (
                "The connector files changed since the import (shown as they are now); "
                "import the folder again with `cloudprep init --from-connector DIR` to "
                "record them."
            )
            if changed
            else (
                f"What changes from the commercial files for {self._cloud_name}:"
                if result.diff
                else f"Nothing changes from the commercial files for {self._cloud_name}."
            )
        )
        self.query_one("#preview-diff", Static).update(diff_content(result.diff))
        findings = self.query_one("#preview-findings", Static)
        findings.update(
            "\n".join(
                terminal_text(f"{f.severity.value} {f.rule} {f.path}: {f.message}", one_line=True)
                for f in result.findings
            )
            or "No findings."
        )
        findings.display = True
        self.query_one("#preview-lint-title").display = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
