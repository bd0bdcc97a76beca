"""Findings: what a rule reports, and the severities they carry."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem (or note) at one place. `cloud` is None for connector- or project-level
    findings; `path` is the dotted field path in the project file (e.g.
    `clouds.gcch.oauth_app.redirect_urls[0]`), which the wizard uses to jump to the field."""

    rule: str
    severity: Severity
    cloud: str | None
    path: str
    message: str
    hint: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "cloud": self.cloud,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            rule=str(data["rule"]),
            severity=Severity(data["severity"]),
            cloud=data["cloud"],
            path=str(data["path"]),
            message=str(data["message"]),
            hint=str(data["hint"]),
        )


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by cloud (connector-level first), rule and path: a stable order
    for output and for the bundle's byte-for-byte determinism."""
    return sorted(
        set(findings),
        key=lambda f: (-f.severity.rank, f.cloud or "", f.rule, f.path, f.message),
    )
