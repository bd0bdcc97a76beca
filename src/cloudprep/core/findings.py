"""Findings: what a rule reports, and the severities they carry."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

from cloudprep.core.field_path import FieldPath

MESSAGE_LIMIT = 160
"""A finding's message is one sentence of at most this many characters (PRODUCT §7)."""


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


class Finding(NamedTuple):
    """One problem (or note) at one place. `cloud` is None for connector- or project-level
    findings; `path` is the field path in the project file as typed segments, which is also
    its dotted string (`clouds.gcch.oauth_app.redirect_urls[0]`): the checklist and the
    wizard read its segments, JSON and SARIF its string.

    Findings compare and sort field by field, in this order."""

    rule: str
    severity: Severity
    cloud: str | None
    path: FieldPath
    message: str
    """One sentence naming the field and the fact (at most `MESSAGE_LIMIT` characters)."""
    hint: str
    """The fix, short."""
    more: str = ""
    """A long remedy (e.g. keyring set-up per OS), shown in full only where there is room:
    `check`'s text output and the wizard's help. Empty for most findings."""

    @property
    def field(self) -> FieldPath:
        """The path as typed segments."""
        return FieldPath.parse(self.path)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "cloud": self.cloud,
            "path": str(self.path),
            "message": self.message,
            "hint": self.hint,
        }
        if self.more:
            data["more"] = self.more
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            rule=str(data["rule"]),
            severity=Severity(data["severity"]),
            cloud=data["cloud"],
            path=FieldPath.parse(str(data["path"])),
            message=str(data["message"]),
            hint=str(data["hint"]),
            more=str(data.get("more") or ""),
        )


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by cloud (connector-level first), rule and path: a stable order
    for output and for the bundle's byte-for-byte determinism."""
    return sorted(
        set(findings),
        key=lambda f: (-f.severity.rank, f.cloud or "", f.rule, f.path, f.message),
    )
