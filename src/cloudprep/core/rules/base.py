"""What a rule is. Rule modules declare `Rule` objects and pure check functions."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding, Severity


class Scope(StrEnum):
    CONNECTOR = "connector"
    """About the connector's own files: the same for every cloud (used by `scan`)."""
    CLOUD = "cloud"
    """About one target cloud's configuration."""
    PROJECT = "project"
    """About the project as a whole (GA readiness, the request)."""
    BUNDLE = "bundle"
    """About a submission bundle's integrity."""
    PREFLIGHT = "preflight"
    """What the opt-in online preflight observed for one target cloud."""


class RuleDoc(NamedTuple):
    """What docs/rules.md says about a rule beyond its title, hint and example (Markdown).
    Declared with the rule, so the page is generated and cannot drift."""

    location: str = ""
    """Where a finding points, e.g. `clouds.<cloud>.endpoint.url`."""
    checks: str = ""
    """What exactly is checked."""
    why: str = ""
    """Why it matters, with the source it rests on."""
    fix: str = ""
    """How to fix it, when the page says more than the hint."""
    example: str = ""
    """The triggering example as the page shows it (defaults to the rule's example)."""
    severity_note: str = ""
    """When the severity differs (e.g. "info once `endpoint.confirmed` is set")."""
    scope_note: str = ""
    """E.g. "import": only the import of a connector folder reports it."""


NO_DOC = RuleDoc()


class Rule(NamedTuple):
    id: str
    severity: Severity
    scope: Scope
    title: str
    """A short name, e.g. 'Redirect is not https'."""
    hint: str
    """The default fix hint."""
    example: str
    """An input that triggers the rule, as a user would write it."""
    doc: RuleDoc = NO_DOC
    """Its explanation for docs/rules.md."""

    def finding(
        self,
        message: str,
        *,
        path: str | FieldPath,
        cloud: str | None = None,
        hint: str | None = None,
        severity: Severity | None = None,
        more: str = "",
    ) -> Finding:
        """A finding of this rule. `severity` overrides the rule's own where a fact the
        publisher settled makes it weaker (a confirmed endpoint: warning → info); `more` is a
        long remedy, shown only where there is room."""
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            cloud=cloud,
            path=FieldPath.parse(path),
            message=message,
            hint=hint if hint is not None else self.hint,
            more=more,
        )
