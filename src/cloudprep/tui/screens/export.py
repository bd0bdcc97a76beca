"""Export: the output path, the export through the bundle functions (in a worker), the
result, and a preview of SUBMISSION.md."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Input, Label, Markdown, Static

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.secret_needs import PresenceState
from cloudprep.errors import CloudprepError, KeyringUnavailable
from cloudprep.tui.messages import ExportFinished, PresenceChecked
from cloudprep.tui.screens.base import WizardScreen
from cloudprep.tui.screens.dialogs import (
    ConfirmNoKeyring,
    ConfirmOverwrite,
    PathValidator,
    user_path,
)
from cloudprep.tui.session import EvaluationFailed
from cloudprep.tui.steps import EXPORT
from cloudprep.tui.widgets.field import FieldRow, TickCheckbox

DEFAULT_BUNDLE_NAME = "cloudprep-submission.zip"
NO_SOURCE = "Needs connector.source: import with `cloudprep init --from-connector DIR`."


def severity_counts(findings: list[object]) -> str:
    counts = {s: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    for finding in findings:
        severity = getattr(finding, "severity", None)
        if isinstance(severity, Severity):
            counts[severity] += 1
    return ", ".join(f"{n} {s.value}(s)" for s, n in counts.items())


class ExportScreen(WizardScreen):
    step_key = EXPORT
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+o",
            "export_now",
            "Export now",
            id="export-now",
            tooltip="Write the bundle to the output path",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        default = self.session.path.parent / DEFAULT_BUNDLE_NAME
        yield Static(
            "The bundle holds submission.json, SUBMISSION.md and manifest.json: the "
            "project, the findings, the GA evaluation, the checklist and which secrets are "
            "stored, never a secret itself. Nothing is written if a secret would end up "
            "in it. Error findings do not block the export.",
            classes="intro",
        )
        yield Static("", id="export-summary", markup=False)
        yield FieldRow(
            "Output (a folder, or a .zip when the name ends in .zip)",
            Input(
                str(default),
                id="output",
                compact=True,
                validators=[PathValidator("any")],
            ),
            "Enter or ctrl+o exports.",
        )
        has_source = self.session.project.connector.source is not None
        yield TickCheckbox(
            "Include the connector files (clouds/<id>/apiProperties.json and swagger)",
            value=False,
            id="include-definitions",
            disabled=not has_source,
        )
        if not has_source:
            yield Static(NO_SOURCE, id="include-definitions-reason", classes="fact", markup=False)
        yield Button("Export", id="export", variant="primary", compact=True)
        yield Static("", id="export-result", classes="result", markup=False)
        yield Label("SUBMISSION.md", classes="section-title", id="preview-title")
        yield Markdown("", id="preview")

    def after_mount(self) -> None:
        self.query_one("#preview-title").display = False
        self.query_one("#preview").display = False
        self.refresh_summary()

    def presence_changed(self) -> None:
        super().presence_changed()
        self.refresh_summary()

    def refresh_summary(self) -> None:
        """What the bundle would say now: the line Review shows, from the same evaluation."""
        from cloudprep.tui.screens.review import evaluation_summary

        try:
            text = "Now: " + evaluation_summary(self.session.evaluate())
        except EvaluationFailed as exc:
            text = str(exc)
        self.query_one("#export-summary", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "output":
            self.action_export_now()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export_now()

    def action_export_now(self, force: bool = False) -> None:
        text = self.query_one("#output", Input).value
        if not text.strip():
            self._show_result("enter where to write the bundle", error=True)
            return
        self.wizard.save_project(quiet=True)
        self._show_result("exporting…", error=False)
        # Once the user agreed to export without the keyring, it stays so on this screen.
        without = getattr(self, "_without_keyring", False)
        definitions = self.query_one("#include-definitions", TickCheckbox).value
        self.export(
            user_path(text), force=force, use_keyring=not without, with_definitions=definitions
        )

    @work(thread=True, exclusive=True, group="export")
    def export(
        self, out: Path, *, force: bool, use_keyring: bool = True, with_definitions: bool = False
    ) -> None:
        """Build, scan and write the bundle; the keyring is read here, off the UI thread."""
        from cloudprep.bundle.export import export_bundle
        from cloudprep.bundle.secret_source import read_keyring_for_guard
        from cloudprep.preflight.state import current_for, load_result

        session = self.session
        project = session.project.model_copy(deep=True)
        definitions: dict[str, bytes] = {}
        definition_findings: list[Finding] = []
        if with_definitions:
            # What `bundle --with-definitions` passes, made by the same function.
            from cloudprep.bundle.definitions import definition_files

            try:
                definitions, definition_findings = definition_files(project, session.path)
            except CloudprepError as exc:
                hint = "untick “Include the connector files”, or import the connector folder again"
                self.post_message(ExportFinished(out, None, exc.message, (hint,)))
                return
        try:
            # Fail closed, as `bundle` does: no export while a pasted secret cannot be ruled
            # out (the error says how to fix the keyring).
            view = read_keyring_for_guard(project, use_keyring=use_keyring, fail_closed=True)
            if view.presence.state is PresenceState.CHECKED:
                # What the bundle records is what every step shows from now on.
                self.app.post_message(PresenceChecked(view.presence, None))
            result = export_bundle(
                project,
                out,
                presence=view.presence,
                created=session.export_time(),
                known_secrets=view.secrets,
                force=force,
                definitions=definitions,
                preflight=current_for(project, load_result(project.project_id)),
                stored_values_scanned=view.stored_values_checked,
            )
        except KeyringUnavailable as exc:
            # Asked on the UI thread: export without the stored-value scan, or not at all.
            self.post_message(
                ExportFinished(out, None, exc.message.split(";")[0], keyring_unavailable=True)
            )
            return
        except CloudprepError as exc:
            exists = not force and (out.exists() or out.is_symlink())
            self.post_message(ExportFinished(out, None, exc.message, exc.hints, exists=exists))
            return
        except (OSError, ArithmeticError, ValueError) as exc:
            # Anything the bundle functions do not map (a path the OS refuses, a value the
            # rules cannot evaluate) is said in place; the wizard keeps running.
            self.post_message(ExportFinished(out, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(
            ExportFinished(out, result, None, definition_findings=tuple(definition_findings))
        )

    def on_export_finished(self, message: ExportFinished) -> None:
        if message.error is not None and message.keyring_unavailable:

            def go_on(without: bool | None) -> None:
                if without:
                    self._without_keyring = True
                    self.action_export_now()
                else:
                    self._show_result(
                        "not exported: the keyring cannot be read (see the banner)", error=True
                    )

            self.app.push_screen(ConfirmNoKeyring(message.error), go_on)
            return
        if message.error is not None:
            if message.exists:

                def answered(replace: bool | None) -> None:
                    if replace:
                        self.action_export_now(force=True)
                    else:
                        self._show_result("not exported: the bundle exists", error=True)

                self.app.push_screen(ConfirmOverwrite(message.output), answered)
                return
            lines = [f"Not exported: {message.error}", *(f"  {h}" for h in message.hints)]
            self._show_result("\n".join(lines), error=True)
            return
        from cloudprep.bundle.render import render_submission_md

        result = message.result
        verb = "Replaced" if result.replaced else "Wrote"
        self._show_result(
            f"{verb} the {result.kind} bundle {result.path}: {', '.join(result.files)}\n"
            f"Findings: {severity_counts([*result.findings, *message.definition_findings])}. "
            f"GA: {result.evaluation.ga.summary}.",
            error=False,
        )
        preview = self.query_one("#preview", Markdown)
        preview.update(render_submission_md(result.document))
        preview.display = True
        self.query_one("#preview-title").display = True

    def _show_result(self, text: str, *, error: bool) -> None:
        result = self.query_one("#export-result", Static)
        result.update(text)
        result.set_class(error, "-error")
