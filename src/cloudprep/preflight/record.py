"""A preflight result, as the per-user state file holds it and a bundle embeds it.

It holds each check, its outcome and UTC time, the findings and the tool version: never a
token, never a secret. It is derived from secrets, so it never goes into the project file.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from cloudprep.core.catalog import TargetCloudId
from cloudprep.core.field_defaults import empty_list
from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding, Severity


class PreflightModel(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, frozen=True)


class CheckName(StrEnum):
    TENANT = "tenant"
    APP = "app"
    SIGNIN = "signin"
    ENDPOINT = "endpoint"


class Outcome(StrEnum):
    PASSED = "passed"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"


class CheckRecord(PreflightModel):
    check: CheckName
    outcome: Outcome
    summary: str = Field(description="What was observed, in a phrase.")
    # Aware: a time without its zone could not be ordered beside the others (a bundle is
    # read back from a file anyone can edit).
    checked_at: AwareDatetime = Field(description="When the check ran (UTC).")
    host: str | None = Field(None, description="The host contacted, if any.")
    directory: str | None = Field(
        None, description="The directory the tenant or app was proven in (its name)."
    )
    certificate_not_after: date | None = Field(
        None, description="The endpoint certificate's expiry date (UTC)."
    )


class PreflightFinding(PreflightModel):
    rule: str
    severity: Severity
    cloud: str | None
    path: str
    message: str
    hint: str
    checked_at: AwareDatetime = Field(description="When the check that found it ran (UTC).")

    @classmethod
    def of(cls, finding: Finding, at: datetime) -> PreflightFinding:
        return cls(**finding.to_dict(), checked_at=at)

    def to_finding(self) -> Finding:
        return Finding(
            rule=self.rule,
            severity=self.severity,
            cloud=self.cloud,
            path=FieldPath.parse(self.path),
            message=self.message,
            hint=self.hint,
        )


class CloudResult(PreflightModel):
    cloud: TargetCloudId
    tool_version: str = Field(description="The cloudprep version that ran the checks.")
    inputs_sha256: str = Field(
        description="SHA-256 of the inputs checked (client id, tenant, endpoint)."
    )
    checks: list[CheckRecord]
    findings: list[PreflightFinding]


class PreflightResult(PreflightModel):
    """The latest preflight result of each cloud checked, and the run's own findings."""

    project_id: uuid.UUID
    clouds: dict[TargetCloudId, CloudResult]
    findings: list[PreflightFinding] = Field(
        default_factory=empty_list, description="Findings about the run, not one cloud (CP740)."
    )

    def all_findings(self) -> list[PreflightFinding]:
        return [*self.findings, *(f for c in self.clouds.values() for f in c.findings)]


class EmbeddedPreflight(PreflightModel):
    """The latest preflight result in submission.json: only the clouds whose checked inputs
    still match the project; the others are named as stale."""

    clouds: dict[TargetCloudId, CloudResult]
    stale: list[TargetCloudId] = Field(
        default_factory=empty_list,
        description="Clouds whose saved result no longer matches the project's inputs.",
    )
