"""What a rule is. Rule modules declare `Rule` objects and pure check functions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    scope: Scope
    title: str
    """A short name, e.g. 'Redirect is not https'."""
    hint: str
    """The default fix hint."""
    example: str
    """An input that triggers the rule, as a user would write it."""

    def finding(
        self,
        message: str,
        *,
        path: str,
        cloud: str | None = None,
        hint: str | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            severity=self.severity,
            cloud=cloud,
            path=path,
            message=message,
            hint=hint if hint is not None else self.hint,
        )
