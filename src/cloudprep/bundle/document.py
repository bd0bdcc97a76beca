"""The bundle's file formats: `submission.json` and `manifest.json` (PRODUCT §9).

The models are the single source of their JSON Schema (`cloudprep schema bundle`) and read
both files back on `validate`. Everything read from disk forbids unknown keys and hides its
input from error text. `build_document` is the one way a document is made from a project's
evaluation, so export and re-validation derive the same thing.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cloudprep.core.catalog import TargetCloudId
from cloudprep.core.checklist import ItemState
from cloudprep.core.evaluation import ProjectEvaluation
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.ga import Eligibility, Verdict
from cloudprep.core.models import Project
from cloudprep.core.secret_needs import PresenceState, SecretKind, SecretPresence, needed_secrets
from cloudprep.preflight.record import EmbeddedPreflight

BUNDLE_SCHEMA_VERSION = 1
"""The version of submission.json and manifest.json this cloudprep writes and reads."""

SUBMISSION_JSON = "submission.json"
SUBMISSION_MD = "SUBMISSION.md"
MANIFEST_JSON = "manifest.json"
BUNDLE_FILES = (SUBMISSION_MD, MANIFEST_JSON, SUBMISSION_JSON)
"""Every file of a bundle, in the (byte-sorted) order they are written."""


class BundleModel(BaseModel):
    # Descriptions are given with Field(description=…), not attribute docstrings: reading
    # the docstrings means parsing this module's source at import, which `validate` (a CI
    # step) would pay on every run.
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, frozen=True)


class ToolInfo(BundleModel):
    name: Literal["cloudprep"] = "cloudprep"
    version: str = Field(description="The cloudprep version that exported the bundle.")


class FindingRecord(BundleModel):
    """One finding, as `cloudprep check --format json` shows it."""

    rule: str
    severity: Severity
    cloud: str | None
    path: str = Field(
        description="The dotted field path in the project (under `project` in this file)."
    )
    message: str
    hint: str

    @classmethod
    def from_finding(cls, finding: Finding) -> FindingRecord:
        return cls.model_validate(finding.to_dict())


class CriterionRecord(BundleModel):
    """One GA criterion's verdict (R1–R5, U1, U2) or the 6-month exception (EX)."""

    id: str
    title: str
    required: bool
    verdict: Verdict
    value: bool | int | float | list[int | None] | None = Field(
        description=(
            "The measured value: a bool, a percentage, three weekly numbers, a count or months."
        )
    )
    threshold: str
    margin: float | None
    detail: str
    source: str = Field(description="Where the value comes from, per each version of the GA page.")


class ExceptionPartRecord(BundleModel):
    """One condition of the 6-month exception, with its own verdict."""

    key: str
    verdict: Verdict
    text: str
    path: str = Field(description="The project field to look at.")


class GaRecord(BundleModel):
    """The GA evaluation at export time (`GaEvaluation.to_dict()`)."""

    eligibility: Eligibility
    summary: str
    criteria: list[CriterionRecord]
    exception: CriterionRecord
    exception_parts: list[ExceptionPartRecord]
    success_rate_pct: float | None
    exception_applies: bool | None
    preview_months: int | None
    six_months_on: date | None
    counted_until: date


class ChecklistItemRecord(BundleModel):
    id: str = Field(
        description="A stable checklist id: R1–R5, U1, U2, EX, C1–C7 (per cloud), Q1, Q2."
    )
    cloud: str | None
    title: str
    state: ItemState
    detail: str


class DeclaredSecret(BundleModel):
    """A secret a target cloud needs. Only its presence is recorded, never its value."""

    label: str
    present: bool | None = Field(
        description=(
            "Whether it was in the keyring at export time (null: not checked or unavailable)."
        )
    )
    handover: str = Field(description="How it reaches Microsoft: never in this bundle.")


class SecretsRecord(BundleModel):
    """The presence of every needed secret, declared at export time (it cannot be derived
    later) and trusted on `validate` unless `--check-keyring` verifies it."""

    state: PresenceState = Field(
        description="checked, not_checked or unavailable (the keyring could not be used)."
    )
    problem: str | None = Field(None, description="Why the keyring was unavailable.")
    clouds: dict[TargetCloudId, dict[SecretKind, DeclaredSecret]] = Field(
        description="Per target cloud, every secret it needs, in a stable order."
    )

    def to_presence(self) -> SecretPresence:
        present: dict[tuple[str, SecretKind], bool] = {
            (cloud, kind): entry.present is True
            for cloud, entries in self.clouds.items()
            for kind, entry in entries.items()
        }
        return SecretPresence(state=self.state, present=present, problem=self.problem)


class SubmissionDocument(BundleModel):
    """submission.json: the project (no secrets) and what was derived from it at export."""

    format: Literal["cloudprep-submission"] = "cloudprep-submission"
    schema_version: Literal[1] = Field(1, description="The version of this file's format.")
    tool: ToolInfo
    created: datetime = Field(
        description="SOURCE_DATE_EPOCH when set, else midnight UTC of the reference date."
    )
    reference_date: date = Field(
        description=(
            "The date every date-dependent rule used: SOURCE_DATE_EPOCH's, else ga.as_of, "
            "else the export day."
        )
    )
    project: Project = Field(description="The project file's content; it holds no secret.")
    secrets: SecretsRecord
    findings: list[FindingRecord]
    ga: GaRecord
    checklist: list[ChecklistItemRecord]
    preflight: EmbeddedPreflight | None = Field(
        None,
        description=(
            "The latest online preflight result (cloudprep preflight) of each cloud whose "
            "checked inputs still match the project; declared, never re-derived. Absent when "
            "none was run."
        ),
    )


class ManifestDocument(BundleModel):
    """manifest.json: the SHA-256 of every other file of the bundle."""

    format: Literal["cloudprep-manifest"] = "cloudprep-manifest"
    schema_version: Literal[1] = 1
    algorithm: Literal["sha256"] = "sha256"
    files: dict[str, str] = Field(
        default_factory=dict, description="File name → lowercase hex SHA-256 of its bytes."
    )


def created_timestamp(epoch: datetime | None, reference_date: date) -> datetime:
    """The bundle's one timestamp: never the clock, so exports are reproducible."""
    if epoch is not None:
        return epoch.astimezone(UTC).replace(microsecond=0)
    return datetime(reference_date.year, reference_date.month, reference_date.day, tzinfo=UTC)


def secrets_record(project: Project, presence: SecretPresence) -> SecretsRecord:
    clouds: dict[TargetCloudId, dict[SecretKind, DeclaredSecret]] = {}
    for cloud_id, config in project.clouds.items():
        clouds[cloud_id] = {
            kind: DeclaredSecret(
                label=kind.label,
                present=presence.is_present(cloud_id, kind),
                handover=kind.handover,
            )
            for kind in needed_secrets(project.connector, config)
        }
    problem = presence.problem if presence.state is PresenceState.UNAVAILABLE else None
    return SecretsRecord(state=presence.state, problem=problem, clouds=clouds)


def build_document(
    project: Project,
    evaluation: ProjectEvaluation,
    presence: SecretPresence,
    *,
    tool_version: str,
    created: datetime,
    preflight: EmbeddedPreflight | None = None,
) -> SubmissionDocument:
    """The submission document for a project and its evaluation."""
    embedded = project.model_copy(update={"schema_ref": None})
    return SubmissionDocument(
        tool=ToolInfo(version=tool_version),
        created=created,
        reference_date=evaluation.reference_date,
        project=embedded,
        secrets=secrets_record(project, presence),
        findings=[FindingRecord.from_finding(f) for f in evaluation.findings],
        ga=GaRecord.model_validate(evaluation.ga.to_dict()),
        checklist=[
            ChecklistItemRecord.model_validate(i.to_dict()) for i in evaluation.checklist.items
        ],
        preflight=preflight,
    )


def document_data(document: SubmissionDocument) -> dict[str, Any]:
    """The JSON-ready form of a document, exactly as submission.json holds it."""
    data = document.model_dump(mode="json", by_alias=True)
    data["project"].pop("$schema", None)
    if data.get("preflight") is None:  # bundles without a preflight keep their exact bytes
        data.pop("preflight", None)
    return data


def dumps(data: Any) -> bytes:
    """The one JSON serialisation of bundle files: stable, readable, UTF-8, final newline."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def bundle_schema() -> dict[str, Any]:
    """The JSON Schema of submission.json, generated from the models."""
    schema = SubmissionDocument.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
