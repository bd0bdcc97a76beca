"""Review: every finding, grouped by cloud and severity (each jumps to its field), and the
checklist with the state of each item."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from cloudprep.core.catalog import load_catalog
from cloudprep.core.checklist import Checklist, ItemState
from cloudprep.core.evaluation import ProjectEvaluation
from cloudprep.core.findings import Finding, Severity
from cloudprep.tui.screens.base import WizardScreen
from cloudprep.tui.session import EvaluationFailed
from cloudprep.tui.steps import REVIEW

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
STATE_MARK = {
    ItemState.DONE: "✔ done",
    ItemState.MISSING: "✘ missing",
    ItemState.NOT_APPLICABLE: "– n/a",
    ItemState.UNVERIFIED: "? unverified",
}


def cloud_title(cloud: str | None) -> str:
    if cloud is None:
        return "Connector and project"
    try:
        return load_catalog().get(cloud).name
    except KeyError:
        return cloud


def grouped_options(findings: Sequence[Finding]) -> list[Option]:
    """Headers (disabled) per cloud and severity, then one option per finding, whose id is
    its index in `findings`."""
    clouds: list[str | None] = []
    for finding in findings:
        if finding.cloud not in clouds:
            clouds.append(finding.cloud)
    ordered = sorted(clouds, key=lambda c: (c is not None, _cloud_rank(c)))
    options: list[Option] = []
    for cloud in ordered:
        for severity in SEVERITY_ORDER:
            group = [
                (i, f)
                for i, f in enumerate(findings)
                if f.cloud == cloud and f.severity is severity
            ]
            if not group:
                continue
            options.append(
                Option(
                    f"[b]{cloud_title(cloud)} · {severity.value}s ({len(group)})[/b]",
                    disabled=True,
                )
            )
            for index, finding in group:
                options.append(Option(finding_prompt(finding), id=f"finding-{index}"))
    return options


def _cloud_rank(cloud: str | None) -> int:
    ids = [c.id for c in load_catalog().clouds]
    return ids.index(cloud) if cloud in ids else len(ids)


def finding_prompt(finding: Finding) -> str:
    """A finding's rule and whole message: the list wraps it to the width it has. The
    highlighted one's field and fix show in the detail pane below."""
    from rich.markup import escape

    return f"  {finding.rule} {escape(finding.message)}"


def finding_detail(finding: Finding) -> str:
    return (
        f"{finding.rule} {finding.severity.value} at {finding.path}\n"
        f"{finding.message}\nFix: {finding.hint}"
    )


def evaluation_summary(evaluation: ProjectEvaluation) -> str:
    """One line Review and Export both show, from the same evaluation of the project."""
    findings = evaluation.findings
    counts = {s: sum(1 for f in findings if f.severity is s) for s in SEVERITY_ORDER}
    summary = ", ".join(f"{counts[s]} {s.value}(s)" for s in SEVERITY_ORDER)
    missing = sum(1 for i in evaluation.checklist.items if i.state is ItemState.MISSING)
    return f"{summary}. Checklist: {missing} item(s) missing. GA: {evaluation.ga.summary}."


def checklist_options(checklist: Checklist) -> Iterable[Option]:
    """One wrapped entry per checklist item: its state first (in words, not colour), then
    its id, cloud, title and detail, at whatever width the terminal has."""
    from rich.markup import escape

    for item in checklist.items:
        where = f" {short_cloud_title(item.cloud)}" if item.cloud else ""
        text = f"{item.title}: {item.detail}" if item.detail else item.title
        yield Option(f"{STATE_MARK[item.state]:<12} {item.id}{where} · {escape(text)}")


def short_cloud_title(cloud: str) -> str:
    try:
        return load_catalog().get(cloud).short_name
    except KeyError:
        return cloud


class ReviewScreen(WizardScreen):
    step_key = REVIEW
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+l",
            "show_tab('checklist')",
            "Checklist",
            id="review-checklist",
            show=False,
            tooltip="Show the checklist",
        ),
        Binding(
            "ctrl+k",
            "show_tab('findings')",
            "Findings",
            id="review-findings",
            show=False,
            tooltip="Show the findings",
        ),
        Binding(
            "f6",
            "preflight",
            # Shorter than the cloud steps' "Preflight": Review's footer has two more keys,
            # and at 80 columns "Save" would be cut.
            "Online",
            id="review-preflight",
            tooltip="Preflight: prove every cloud's tenant, app, secret and endpoint online",
        ),
    ]

    def __init__(self, *, focus_path: str | None = None) -> None:
        super().__init__(focus_path=focus_path)
        self._findings: list[Finding] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="review-summary", markup=False)
        with TabbedContent(initial="findings"):
            with TabPane("Findings", id="findings"):
                yield Static("Enter on a finding jumps to its field.", classes="field-help")
                yield OptionList(id="finding-list")
                yield Static("", id="finding-detail", markup=False)
            with TabPane("Checklist", id="checklist"):
                yield OptionList(id="checklist-list")

    def after_mount(self) -> None:
        self.refresh_review()
        if not self._focus_path:
            # After the tabs have mounted, so the list (not the tab bar) keeps the focus.
            self.call_after_refresh(self.query_one("#finding-list", OptionList).focus)

    def presence_changed(self) -> None:
        super().presence_changed()
        self.refresh_review()

    def refresh_review(self) -> None:
        try:
            evaluation = self.session.evaluate()
        except EvaluationFailed as exc:
            self._findings = []
            self.query_one("#review-summary", Static).update(str(exc))
            self.query_one("#finding-list", OptionList).clear_options()
            return
        self._findings = list(evaluation.findings)
        self.query_one("#review-summary", Static).update(evaluation_summary(evaluation))
        options = self.query_one("#finding-list", OptionList)
        options.clear_options()
        if self._findings:
            options.add_options(grouped_options(self._findings))
        else:
            options.add_option(Option("No findings.", disabled=True))
        checklist = self.query_one("#checklist-list", OptionList)
        checklist.set_options(checklist_options(evaluation.checklist))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("finding-"):
            finding = self._findings[int(option_id.removeprefix("finding-"))]
            self.query_one("#finding-detail", Static).update(finding_detail(finding))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if not option_id.startswith("finding-"):
            return
        finding = self._findings[int(option_id.removeprefix("finding-"))]
        self.wizard.jump_to(finding.path)

    def action_preflight(self) -> None:
        from cloudprep.tui.screens.preflight import open_preflight

        open_preflight(self, self.session.project, (), guard=self.session.leak_guard)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target = "#finding-list" if tab == "findings" else "#checklist-list"
        self.query_one(target).focus()


__all__ = ["ReviewScreen"]
