"""The wizard's online preflight: the same checks as `cloudprep preflight`, in a modal.

It lists the hosts first and connects only when the user presses Enter; progress goes to a
log, Escape cancels a run in progress (nothing is saved) and closes the dialog otherwise.
The checks run in a thread worker that posts messages back; the network stack is loaded
only then, through `open_network` (the tests replace it with a fake).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Log, Static
from textual.worker import Worker, get_current_worker

from cloudprep.core.findings import sort_findings
from cloudprep.errors import CloudprepError

if TYPE_CHECKING:
    from cloudprep.core.leak_guard import LeakGuard
    from cloudprep.core.models import Project
    from cloudprep.preflight.answers import PreflightNetwork
    from cloudprep.preflight.plan import PreflightPlan
    from cloudprep.preflight.record import PreflightResult


def open_network() -> PreflightNetwork:
    """The real network adapter (httpx, the OS trust store, the environment's proxies)."""
    from cloudprep.preflight.network import HttpxNetwork

    return HttpxNetwork()


class PreflightStep(Message):
    """The worker started a step (cloud id, what is being checked)."""

    def __init__(self, cloud: str, step: str) -> None:
        super().__init__()
        self.cloud = cloud
        self.step = step


class PreflightFinished(Message):
    """The run ended: a result (saved, unless `error` says why not), or why there is none
    (`error`; `cancelled`)."""

    def __init__(
        self, result: PreflightResult | None, error: str | None, *, cancelled: bool = False
    ) -> None:
        super().__init__()
        self.result = result
        self.error = error
        self.cancelled = cancelled


class PreflightDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "run", "Run", id="preflight-run", tooltip="Connect and run the checks"),
        Binding(
            "escape",
            "cancel",
            "Cancel/close",
            id="preflight-cancel",
            tooltip="Cancel a run in progress (nothing is saved), or close",
        ),
    ]

    def __init__(
        self, project: Project, cloud_ids: tuple[str, ...], guard: LeakGuard | None = None
    ) -> None:
        from cloudprep.preflight.plan import plan_preflight

        super().__init__()
        self._project = project
        self._guard = guard
        self._plan: PreflightPlan = plan_preflight(project, cloud_ids)
        self._worker: Worker[None] | None = None
        self._unusable: str | None = None
        """Why nothing can be run (a proxy variable that is not a URL), shown instead."""

    def _hosts_text(self) -> str:
        from cloudprep.preflight.hosts import hosts_text

        try:
            return hosts_text(self._plan, os.environ)
        except CloudprepError as exc:
            self._unusable = exc.message
            return "\n".join((exc.message, *exc.hints))

    def compose(self) -> ComposeResult:
        clouds = ", ".join(c.cloud_name for c in self._plan.clouds) or "no cloud"
        with Vertical(classes="dialog"):
            yield Label(f"Online preflight: {clouds}", classes="dialog-title")
            yield Static(self._hosts_text(), markup=False, id="preflight-hosts")
            yield Static(
                "Enter connects and runs the checks; Esc cancels or closes. The result stays "
                "on this computer (never in the project file).",
                markup=False,
                classes="field-help",
            )
            yield Log(id="preflight-log", auto_scroll=True)

    def _log(self, line: str) -> None:
        self.query_one("#preflight-log", Log).write_line(line)

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.is_running

    def action_run(self) -> None:
        if self.running or not self._plan.clouds:
            return
        if self._unusable is not None:
            self._log(self._unusable)
            return
        self.query_one("#preflight-log", Log).clear()
        self._log("connecting…")
        self._worker = self.run_checks()

    def action_cancel(self) -> None:
        if self.running and self._worker is not None:
            self._worker.cancel()
            self._log("cancelling after the current request…")
            return
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="preflight", description="online preflight")
    def run_checks(self) -> None:
        from cloudprep import __version__
        from cloudprep.preflight.client_secrets import read_client_secrets
        from cloudprep.preflight.runner import PreflightCancelled, run_preflight
        from cloudprep.preflight.state import save_result

        worker = get_current_worker()
        try:
            secrets = read_client_secrets(self._project, self._plan)
            network = open_network()
            try:
                result = run_preflight(
                    self._project.project_id,
                    self._plan,
                    network,
                    secrets,
                    tool_version=__version__,
                    progress=self._progress,
                    cancelled=lambda: worker.is_cancelled,
                    guard=self._guard,
                )
            finally:
                network.close()
                secrets.clear()
        except PreflightCancelled:
            self.post_message(PreflightFinished(None, "cancelled: nothing saved", cancelled=True))
            return
        except CloudprepError as exc:
            self.post_message(PreflightFinished(None, exc.message))
            return
        try:
            save_result(result)
        except CloudprepError as exc:
            self.post_message(PreflightFinished(result, exc.message))
            return
        self.post_message(PreflightFinished(result, None))

    def _progress(self, cloud: str, step: str) -> None:
        self.post_message(PreflightStep(cloud, step))

    def on_preflight_step(self, message: PreflightStep) -> None:
        self._log(f"{message.cloud}: checking {message.step}")

    def on_preflight_finished(self, message: PreflightFinished) -> None:
        if message.result is None:
            self._log(message.error or "not run")
            return
        for cloud in self._plan.clouds:
            saved = message.result.clouds[cloud.cloud_id]
            for check in saved.checks:
                self._log(
                    f"{cloud.cloud_id}: {check.check.value} {check.outcome.value}: {check.summary}"
                )
        findings = sort_findings([f.to_finding() for f in message.result.all_findings()])
        for finding in findings:
            where = f"[{finding.cloud}] " if finding.cloud else ""
            self._log(f"{finding.severity.value} {finding.rule} {where}{finding.message}")
        self._log(message.error or "done; saved for bundle export")


def open_preflight(
    screen: Screen[None],
    project: Project,
    cloud_ids: tuple[str, ...],
    *,
    guard: LeakGuard | None = None,
) -> None:
    """Show the preflight dialog for these clouds (every cloud when empty); `guard` (the
    session's leak guard) redacts every stored value from the result, not only the secrets
    the checks send."""
    screen.app.push_screen(PreflightDialog(project.model_copy(deep=True), cloud_ids, guard))
