"""Where each step stands, for the step navigator: read from the project's evaluation
(the core's findings and checklist), never decided here.

A step's findings are those whose field the step holds (`step_for_path`). A step is
*not applicable* when every checklist item it carries is not applicable; else it shows
its error count, its warning count, or *done* when it has neither. Review counts every
finding; Export has no state of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cloudprep.core.checklist import ItemState
from cloudprep.core.evaluation import ProjectEvaluation
from cloudprep.core.findings import Severity
from cloudprep.tui.steps import CLOUD_PREFIX, CLOUDS, EXPORT, REVIEW, Step, step_for_path


@dataclass(frozen=True)
class StepState:
    errors: int = 0
    warnings: int = 0
    not_applicable: bool = False
    stateless: bool = False
    checking: bool = False
    """The keyring has not answered yet, and this step's state depends on it."""

    @property
    def mark(self) -> str:
        """A short mark that reads without colour: ✘3 (errors), !2 (warnings), ✔, –, and
        … while the keyring is being asked."""
        if self.stateless:
            return "·"
        if self.checking:
            return "…"
        if self.not_applicable:
            return "–"
        if self.errors:
            return f"✘{self.errors}"
        if self.warnings:
            return f"!{self.warnings}"
        return "✔"

    @property
    def words(self) -> str:
        if self.stateless:
            return ""
        if self.checking:
            return "checking the keyring…"
        if self.not_applicable:
            return "not applicable"
        if self.errors:
            return f"{self.errors} error{'s' if self.errors != 1 else ''}"
        if self.warnings:
            return f"{self.warnings} warning{'s' if self.warnings != 1 else ''}"
        return "done"

    @property
    def level(self) -> str:
        """`error`, `warning`, `done` or `none`: a CSS class for colour on top."""
        if self.stateless or self.not_applicable or self.checking:
            return "none"
        return "error" if self.errors else "warning" if self.warnings else "done"


def step_states(
    steps: Sequence[Step], evaluation: ProjectEvaluation, cloud_ids: Sequence[str]
) -> dict[str, StepState]:
    errors: dict[str, int] = {}
    warnings: dict[str, int] = {}
    for finding in evaluation.findings:
        key = step_for_path(finding.path, cloud_ids)
        if finding.severity is Severity.ERROR:
            errors[key] = errors.get(key, 0) + 1
        elif finding.severity is Severity.WARNING:
            warnings[key] = warnings.get(key, 0) + 1
    states: dict[str, StepState] = {}
    for step in steps:
        if step.key == EXPORT:
            states[step.key] = StepState(stateless=True)
        elif step.key == REVIEW:
            states[step.key] = StepState(
                errors=sum(errors.values()), warnings=sum(warnings.values())
            )
        else:
            items = (
                evaluation.checklist.for_cloud(step.key.removeprefix(CLOUD_PREFIX))
                if step.key.startswith(CLOUD_PREFIX)
                else ()
            )
            idle = bool(items) and all(i.state is ItemState.NOT_APPLICABLE for i in items)
            states[step.key] = StepState(
                errors=errors.get(step.key, 0),
                warnings=warnings.get(step.key, 0),
                not_applicable=idle and not errors.get(step.key) and not warnings.get(step.key),
            )
    return states


def awaiting_keyring(states: dict[str, StepState]) -> dict[str, StepState]:
    """`states` as shown before the keyring's first answer: the target clouds (CP421, the
    keyring unavailable), each cloud (its missing secrets and checklist items C5-C7) and
    Review (every finding) are being checked; the other steps do not depend on it."""
    return {
        key: StepState(checking=True)
        if key in (CLOUDS, REVIEW) or key.startswith(CLOUD_PREFIX)
        else state
        for key, state in states.items()
    }
