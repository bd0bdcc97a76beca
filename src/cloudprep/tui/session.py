"""The project the wizard is editing: the model, its file, and what is derived from it.

No textual here: the screens read and write the project through a `ProjectSession`, and
every rule runs in `cloudprep.core` (the session only calls `run_rules`/`evaluate_project`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cloudprep.core.catalog import load_catalog
from cloudprep.core.evaluation import ProjectEvaluation, evaluate_project
from cloudprep.core.findings import Finding, Severity, sort_findings
from cloudprep.core.leak_guard import LeakGuard
from cloudprep.core.models import CloudConfig, Project
from cloudprep.core.project_file import (
    MAX_PROJECT_BYTES,
    parse_project,
    project_to_json,
    read_project_file,
    save_project,
)
from cloudprep.core.reference_date import (
    export_moment,
    reference_date,
    source_date_epoch,
    utc_now,
    utc_today,
)
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.rules.registry import run_rules
from cloudprep.core.rules.secrets import PRESENCE_NOT_CHECKED
from cloudprep.core.secret_needs import SecretPresence
from cloudprep.errors import ProjectChangedOnDisk, SecretLeakRefused, UsageError
from cloudprep.tui.project_paths import FieldValueError, get_value, path_matches, set_value

_CACHE_SIZE = 32
NOT_SAVED = "not saved: the field counts as unknown until it is fixed"


class EvaluationFailed(FieldValueError):
    """The rules could not evaluate a value (e.g. a date so far out that date arithmetic
    overflows). The wizard treats the value as invalid instead of stopping."""


class ProjectSession:
    """One open project. `dirty` compares the file text with what was last saved."""

    def __init__(
        self,
        project: Project,
        path: Path,
        *,
        saved: bool,
        environ: Mapping[str, str] | None = None,
        today: date | None = None,
    ) -> None:
        self.project = project
        self.path = path
        self._saved_text: str | None = project_to_json(project) if saved else None
        self._file_digest: str | None = None
        """The SHA-256 of the file as this session last read or wrote it: a file that no
        longer matches was changed by another program, and a save would overwrite that."""
        self._environ = dict(os.environ if environ is None else environ)
        self._today = today
        self._presence: SecretPresence = SecretPresence.not_checked()
        self.keyring_answered = False
        """Whether the keyring has answered once (until then, `presence` is a placeholder:
        not looked up yet)."""
        self.keyring_problem: str | None = None
        self.keyring_hints: tuple[str, ...] = ()
        self._parked_clouds: dict[str, CloudConfig] = {}
        self._findings_cache: dict[tuple[str, date], list[Finding]] = {}
        self._evaluation: tuple[tuple[str, date], ProjectEvaluation] | None = None
        self._leak_guard = LeakGuard.patterns_only()

    @property
    def leak_guard(self) -> LeakGuard:
        """The stored values (once the keyring was read) and the secret patterns."""
        return self._leak_guard

    @leak_guard.setter
    def leak_guard(self, guard: LeakGuard) -> None:
        self._leak_guard = guard
        self._findings_cache.clear()

    @classmethod
    def open(
        cls, path: Path, *, environ: Mapping[str, str] | None = None, today: date | None = None
    ) -> ProjectSession:
        """Load a project file; a bad file raises `ProjectFileError` with the reason."""
        data = read_project_file(path)  # read once: what is parsed is what is compared later
        session = cls(
            parse_project(data, source=str(path)), path, saved=True, environ=environ, today=today
        )
        session._file_digest = hashlib.sha256(data).hexdigest()
        return session

    # --- the file ---------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return project_to_json(self.project) != self._saved_text

    def save(self, *, overwrite: bool = False) -> None:
        """Save atomically (the old file survives any failure); `ProjectFileError` if not,
        and `SecretLeakRefused` while a stored secret is in a field: the file is meant to be
        safe to commit. `ProjectChangedOnDisk` when another program changed the file since
        this session read or saved it, unless `overwrite`."""
        stored = self.stored_secret_findings()
        if stored:
            raise SecretLeakRefused(
                f"{stored[0].message}; clear that field first (nothing was saved)",
                hints=[stored[0].hint],
            )
        if not overwrite and self.changed_on_disk():
            raise ProjectChangedOnDisk(
                f"{self.path} was changed by another program since the wizard read or saved "
                "it (nothing was saved)",
                hints=[
                    "ctrl+s asks whether to overwrite it with the wizard's project or to "
                    "reload it from the file"
                ],
            )
        self._saved_text = save_project(self.project, self.path)
        self._file_digest = hashlib.sha256(self._saved_text.encode("utf-8")).hexdigest()

    def changed_on_disk(self) -> bool:
        """Whether the file holds something other than what this session last read or
        wrote (a file that is gone holds nothing to lose)."""
        if self._file_digest is None:
            return False
        now = _digest_of_file(self.path)
        return now is not None and now != self._file_digest

    def stored_secret_findings(self) -> list[Finding]:
        """CP425: each field holding a stored secret (the messages name it, never the value)."""
        return [f for f in self.leak_guard.project_findings(self.project) if f.rule == "CP425"]

    def clear_fields(self, paths: Sequence[str]) -> list[str]:
        """Empty each field at `paths` (a finding's path): a list item is removed, other
        fields become unknown (or empty text, where the model needs a string). Returns the
        paths that could not be cleared so."""
        left: list[str] = []
        # Later items first, so the earlier indexes of the same list stay right.
        for path in sorted(paths, key=_item_index, reverse=True):
            try:
                self._clear_field(path)
            except (FieldValueError, KeyError):
                left.append(path)
        return left

    def _clear_field(self, path: str) -> None:
        index = _item_index(path)
        if index >= 0:
            parent = path.rpartition("[")[0]
            items = list(get_value(self.project, parent) or [])
            if index < len(items):
                del items[index]
                set_value(self.project, parent, items)
            return
        try:
            set_value(self.project, path, None)
        except FieldValueError:
            set_value(self.project, path, "")

    @property
    def presence(self) -> SecretPresence:
        """Which needed secrets the keyring holds, as last looked up (never the values)."""
        return self._presence

    @presence.setter
    def presence(self, presence: SecretPresence) -> None:
        self._presence = presence
        self._findings_cache.clear()
        self._evaluation = None

    # --- derived ----------------------------------------------------------------------------
    def reference_date(self) -> date:
        try:
            return reference_date(self._environ, self._today or utc_today())
        except UsageError:
            # A broken SOURCE_DATE_EPOCH is reported by the CLI; the wizard uses the date.
            return self._today or utc_today()

    def export_time(self) -> datetime:
        """When an export made now is dated: SOURCE_DATE_EPOCH, else the clock (UTC); a
        session opened with a fixed `today` (tests) exports at midnight UTC of that day."""
        try:
            if source_date_epoch(self._environ) is not None:
                return export_moment(self._environ, utc_now())
        except UsageError:
            pass  # a broken SOURCE_DATE_EPOCH is reported by the CLI; the wizard uses the clock
        if self._today is not None:
            return datetime(self._today.year, self._today.month, self._today.day, tzinfo=UTC)
        return utc_now()

    def evaluate(self) -> ProjectEvaluation:
        """The project's evaluation (findings, GA, checklist), kept for the project state:
        the navigator, Review and Export share one run. Its findings are `findings()`'s, as
        `check` shows them: with the leak guard's (CP425, CP426) and every message that
        echoes a stored secret redacted."""
        try:
            evaluation = self._evaluation_for(
                (self.project.model_dump_json(), self.reference_date())
            )
        except (ArithmeticError, ValueError) as exc:
            raise EvaluationFailed(f"the project cannot be evaluated ({exc})") from exc
        return evaluation._replace(findings=self.findings())

    def _evaluation_for(self, key: tuple[str, date]) -> ProjectEvaluation:
        """`evaluate` for the open project in the state `key` (its JSON, the reference
        date); raises what the core raises."""
        if self._evaluation is not None and self._evaluation[0] == key:
            return self._evaluation[1]
        evaluation = evaluate_project(self.project, presence=self.presence, reference_date=key[1])
        self._evaluation = (key, evaluation)
        return evaluation

    def apply(self, path: str, value: Any) -> None:
        """Set a field from the UI. A value the model refuses, or that the rules cannot
        evaluate, leaves the field unknown and raises FieldValueError: what the screen
        shows is stored, or not stored at all, never a stale value."""
        try:
            set_value(self.project, path, value)
            self.findings()
        except FieldValueError:
            with contextlib.suppress(FieldValueError):
                set_value(self.project, path, None)
            raise

    def findings(self, project: Project | None = None) -> list[Finding]:
        """Every finding for `project` (default: the open one). Results are kept per
        project state, so the many fields of one screen share one run of the rules."""
        target = project or self.project
        reference = self.reference_date()
        key = (target.model_dump_json(), reference)
        cached = self._findings_cache.get(key)
        if cached is not None:
            return cached
        try:
            findings = self._rule_findings(target, key)
            # The leak guard marks a field holding a stored secret (CP425) at once, and
            # every other message that echoes it is redacted.
            guard = self.leak_guard
            findings = guard.redact_findings(
                sort_findings([*findings, *guard.project_findings(target)])
            )
        except (ArithmeticError, ValueError) as exc:
            # A rule that cannot handle an extreme value must not stop the wizard; the
            # value is refused where it was entered, with the reason.
            raise EvaluationFailed(f"this value cannot be evaluated ({exc})") from exc
        if not self.keyring_answered:
            # Until the keyring's first answer, presence is a placeholder, not a choice
            # made with --no-keyring: CP422 ("run without --no-keyring") would be wrong.
            # What depends on the answer says "checking the keyring…" meanwhile; the
            # presence setter empties this cache when the answer lands.
            findings = [f for f in findings if f.rule != PRESENCE_NOT_CHECKED.id]
        if len(self._findings_cache) >= _CACHE_SIZE:
            self._findings_cache.pop(next(iter(self._findings_cache)))
        self._findings_cache[key] = findings
        return findings

    def _rule_findings(self, target: Project, key: tuple[str, date]) -> list[Finding]:
        """`run_rules` for `target` in the state `key`. For the open project, the rules'
        findings of its evaluation (the navigator's): the same inputs, so the same
        findings, and the rules run once per project state instead of twice."""
        if target is self.project:
            try:
                return self._evaluation_for(key).findings
            except (ArithmeticError, ValueError):
                pass  # the rules alone decide, below, whether this state can be evaluated
        ctx = RuleContext(
            project=target, catalog=load_catalog(), presence=self.presence, reference_date=key[1]
        )
        return run_rules(ctx)

    def field_problems(
        self, path: str, value: Any, *, finding_path: str | None = None
    ) -> list[str]:
        """What is wrong with `value` at the field `path`, as failure descriptions: the
        model's own checks, then every rule's error and warning findings at that field
        (or at `finding_path`, for one item of a list), computed on a copy of the project
        holding the value. Info findings are left out."""
        try:
            if _holds_already(self.project, path, value):
                # The project with this value is the project as it is (a step showing its
                # fields validates each one's stored value): no copy to make.
                findings = self.findings()
            else:
                candidate = self.project.model_copy(deep=True)
                set_value(candidate, path, value)
                findings = self.findings(candidate)
        except FieldValueError as exc:
            return [f"{exc} ({NOT_SAVED})"]
        where = finding_path or path
        return [
            describe_finding(f)
            for f in findings
            if path_matches(f.path, where) and f.severity is not Severity.INFO
        ]

    # --- target clouds --------------------------------------------------------------------
    def set_target(self, cloud_id: str, wanted: bool) -> None:
        """Add or drop a target cloud. A dropped cloud's settings are kept for this run,
        so ticking it again brings them back."""
        clouds: dict[str, CloudConfig] = {str(k): v for k, v in self.project.clouds.items()}
        if wanted and cloud_id not in clouds:
            parked = self._parked_clouds.pop(cloud_id, None)
            clouds[cloud_id] = parked or CloudConfig()
        elif not wanted and cloud_id in clouds:
            self._parked_clouds[cloud_id] = clouds.pop(cloud_id)
        else:
            return
        # Validated on assignment: the ids are checked and put in catalog order.
        set_value(self.project, "clouds", clouds)


def _digest_of_file(path: Path) -> str | None:
    """The SHA-256 of a project file's bytes, or None when it cannot be read. A file larger
    than a project file can be is not read: it is not the one this session wrote."""
    try:
        if path.stat().st_size > MAX_PROJECT_BYTES:
            return "larger than a project file"
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _holds_already(project: Project, path: str, value: Any) -> bool:
    """Whether setting `value` at `path` would leave `project` as it is: the field holds
    an equal value of the same type. Not for None, which can create a section or a list
    item (`set_value`)."""
    if value is None:
        return False
    current = get_value(project, path)
    return type(current) is type(value) and bool(current == value)


def _item_index(path: str) -> int:
    """The list index a path ends with (`…redirect_urls[2]` → 2), else -1."""
    last = path.rpartition("[")[2]
    return int(last[:-1]) if last.endswith("]") and last[:-1].isdigit() else -1


def describe_finding(finding: Finding) -> str:
    return f"{finding.rule} {finding.severity.value}: {finding.message}"
