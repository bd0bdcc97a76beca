"""Re-validate a bundle (a folder or a zip): open it safely in a worker and show its
findings, integrity problems first."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from cloudprep.bundle.validate import LocatedFinding
from cloudprep.core.findings import Severity
from cloudprep.errors import CloudprepError
from cloudprep.tui.messages import BundleValidated
from cloudprep.tui.screens.dialogs import PathValidator, user_path
from cloudprep.tui.widgets.field import FieldRow
from cloudprep.tui.widgets.footer import KeyFooter

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class RevalidateScreen(Screen[None]):
    """Reachable from the start screen, ctrl+r and the command palette."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "close", "Close", id="revalidate-close", tooltip="Back to where you were"
        ),
    ]

    def __init__(self, source: Path | None = None) -> None:
        super().__init__()
        self._source = source
        self._results: list[LocatedFinding] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(
                "Re-derive a bundle's findings, GA evaluation, checklist and SUBMISSION.md "
                "from its embedded project, and compare them with what it stores. Secret "
                "presence is trusted as declared.",
                classes="intro",
            )
            yield FieldRow(
                "Bundle (a folder or a .zip)",
                Input(
                    "" if self._source is None else str(self._source),
                    id="bundle-path",
                    placeholder="e.g. cloudprep-submission.zip",
                    compact=True,
                    validators=[PathValidator("file_or_dir")],
                    valid_empty=False,
                ),
                "Enter validates it.",
            )
            yield Static("", id="validate-result", classes="result", markup=False)
            yield OptionList(id="bundle-findings")
            yield Static("", id="bundle-finding-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Re-validate a bundle"
        self.query_one("#bundle-findings").display = False
        self.query_one("#bundle-path", Input).focus()
        if self._source is not None:
            self._start(self._source)

    def on_input_changed(self, event: Input.Changed) -> None:
        row = event.input.parent
        if isinstance(row, FieldRow):
            row.show_result(event.validation_result)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.validation_result is not None and not event.validation_result.is_valid:
            return
        self._start(user_path(event.value))

    def _start(self, path: Path) -> None:
        self._show("opening and checking the bundle…", error=False)
        self.query_one("#bundle-findings").display = False
        self.validate_bundle(path)

    @work(thread=True, exclusive=True, group="validate")
    def validate_bundle(self, path: Path) -> None:
        from cloudprep.bundle.validate import validate_bundle

        try:
            report = validate_bundle(path)
        except CloudprepError as exc:
            self.post_message(BundleValidated(path, None, exc.message, exc.hints))
            return
        except (OSError, ArithmeticError, ValueError) as exc:
            self.post_message(BundleValidated(path, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(BundleValidated(path, report, None))

    def on_bundle_validated(self, message: BundleValidated) -> None:
        if message.error is not None:
            lines = [f"Cannot validate: {message.error}", *(f"  {h}" for h in message.hints)]
            self._show("\n".join(lines), error=True)
            return
        report = message.result
        self._results = list(report.results)
        findings = [r.finding for r in self._results]
        counts = ", ".join(
            f"{sum(1 for f in findings if f.severity is s)} {s.value}(s)" for s in SEVERITIES
        )
        made_by = f" made by cloudprep {report.made_by};" if report.made_by else ""
        integrity = [f for f in findings if f.rule.startswith("CP6")]
        verdict = (
            "the bundle is NOT intact"
            if any(f.severity is Severity.ERROR for f in integrity)
            else "the bundle is intact"
        )
        self._show(
            f"{report.source} ({report.kind}):{made_by} {verdict}. Findings: {counts}.",
            error=bool(integrity) and verdict.endswith("NOT intact"),
        )
        options = self.query_one("#bundle-findings", OptionList)
        options.clear_options()
        for severity in SEVERITIES:
            group = [(i, r) for i, r in enumerate(self._results) if r.finding.severity is severity]
            if not group:
                continue
            options.add_option(Option(f"[b]{severity.value}s ({len(group)})[/b]", disabled=True))
            for index, located in group:
                options.add_option(Option(_prompt(located), id=f"result-{index}"))
        options.display = bool(self._results)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("result-"):
            located = self._results[int(option_id.removeprefix("result-"))]
            finding = located.finding
            where = located.file + (f":{located.line}" if located.line else "")
            self.query_one("#bundle-finding-detail", Static).update(
                f"{finding.rule} {finding.severity.value} in {where} at {finding.path}\n"
                f"{finding.message}\nFix: {finding.hint}"
            )

    def _show(self, text: str, *, error: bool) -> None:
        result = self.query_one("#validate-result", Static)
        result.update(text)
        result.set_class(error, "-error")

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


def _prompt(located: LocatedFinding) -> str:
    finding = located.finding
    return f"  {finding.rule} {escape(finding.message)}"
