"""The bundle's file formats: `submission.json` and `manifest.json` (PRODUCT §9).

The models are the single source of their JSON Schema (`cloudprep schema bundle`) and read
both files back on `validate`. Everything read from disk forbids unknown keys and hides its
input from error text. `build_document` is the one way a document is made from a project's
evaluation, so export and re-validation derive the same thing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cloudprep.core.catalog import CloudCatalog, TargetCloudId, load_catalog
from cloudprep.core.checklist import ItemState
from cloudprep.core.evaluation import ProjectEvaluation
from cloudprep.core.field_defaults import empty_dict, empty_list
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.ga import Eligibility, Verdict
from cloudprep.core.models import CloudConfig, EndpointMode, Project
from cloudprep.core.requirements import CloudRequirements, requirements_for
from cloudprep.core.secret_needs import (
    PresenceState,
    SecretKind,
    SecretPresence,
    needed_secrets,
)
from cloudprep.preflight.record import EmbeddedPreflight

BUNDLE_FORMAT_VERSION: Literal[2] = 2
"""The bundle format this cloudprep writes: the layout of submission.json and the rendering
of SUBMISSION.md from it. A change to either bumps it. Version 2 records each cloud's
requirements and names, the export date beside `ga.as_of`, and a SUBMISSION.md addressed to
the reviewer."""
RENDERABLE_FORMATS: frozenset[int] = frozenset({BUNDLE_FORMAT_VERSION})
"""The formats whose SUBMISSION.md this cloudprep renders, so can verify."""
MANIFEST_SCHEMA_VERSION: Literal[1] = 1
"""The version of manifest.json this cloudprep writes and reads."""

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
    more: str | None = Field(
        None,
        description="A long remedy (e.g. keyring set-up per OS); absent for most findings.",
        exclude_if=lambda value: value is None,
    )

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
    source_brief: str = Field(description="The same, in a few words, for the reviewer's table.")


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
    remedy: list[str] = Field(
        default_factory=empty_list, description="How to fix the keyring, one line per OS."
    )
    clouds: dict[TargetCloudId, dict[SecretKind, DeclaredSecret]] = Field(
        description="Per target cloud, every secret it needs, in a stable order."
    )

    def to_presence(self) -> SecretPresence:
        present: dict[tuple[str, SecretKind], bool] = {
            (cloud, kind): entry.present is True
            for cloud, entries in self.clouds.items()
            for kind, entry in entries.items()
        }
        return SecretPresence(
            state=self.state, present=present, problem=self.problem, remedy=tuple(self.remedy)
        )


class EndpointRecord(BundleModel):
    """How this cloud reaches the backend, as decided in the project."""

    mode: EndpointMode | None = Field(description="null: not decided yet.")
    url: str | None = Field(
        description=(
            "The URL this cloud uses: the specific one, or the commercial one when "
            "same_as_commercial; null per connection or while undecided."
        )
    )
    confirmed: bool = Field(
        description=(
            "The publisher confirms a same-as-commercial endpoint is reachable from, and "
            "compliant for, this cloud."
        )
    )
    needs_confirmation: bool = Field(
        description="same_as_commercial with a fixed commercial host, not confirmed yet."
    )


class RedirectRecord(BundleModel):
    """The consent redirect this cloud requires on its OAuth app."""

    url: str | None = Field(
        description="null: unknown (the internal name is missing, or none is published)."
    )
    verified: bool = Field(
        description="From a published source; false when given by Microsoft and typed in."
    )
    published: bool = Field(description="Whether a consent redirect is published for the cloud.")
    registered: bool = Field(description="Whether `url` is registered on this cloud's app.")


class CloudRecord(BundleModel):
    """What this cloud requires (`core.requirements`), recorded at export so that an older
    bundle renders the same under a newer cloud catalog."""

    name: str = Field(description="The cloud's name, e.g. GCC High.")
    login_hosts: list[str] = Field(description="The sign-in hosts this cloud accepts.")
    login_expected: bool = Field(
        description="Whether this cloud's app must name a login and resource URI (Entra ID)."
    )
    endpoint: EndpointRecord
    redirect: RedirectRecord | None = Field(
        description="null when the connector needs no OAuth app in this cloud."
    )


class SubmissionDocument(BundleModel):
    """submission.json: the project (no secrets) and what was derived from it at export."""

    format: Literal["cloudprep-submission"] = "cloudprep-submission"
    schema_version: Literal[2] = Field(
        BUNDLE_FORMAT_VERSION,
        description=(
            "The bundle format version: the layout of this file and the rendering of "
            "SUBMISSION.md from it."
        ),
    )
    tool: ToolInfo
    created: datetime = Field(
        description="When the bundle was made (UTC): SOURCE_DATE_EPOCH when set, else the clock."
    )
    export_date: date = Field(
        description=(
            "Today at export (the date of `created`): secret expiry counts from it, and "
            "`validate` re-derives with it, never with the clock."
        )
    )
    ga_as_of: date | None = Field(
        description=(
            "ga.as_of: the date of the GA numbers; the 6-month preview window ends on it "
            "(on export_date when null)."
        )
    )
    project: Project = Field(description="The project file's content; it holds no secret.")
    clouds: dict[TargetCloudId, CloudRecord] = Field(
        description="Per target cloud, what it requires and its name."
    )
    secrets: SecretsRecord
    findings: list[FindingRecord]
    ga: GaRecord
    checklist: list[ChecklistItemRecord]
    stored_secret_scan: Literal["not_run"] | None = Field(
        None,
        description=(
            "`not_run` when the export could not match the keyring's stored values (bundle "
            "--no-keyring): only the secret patterns were checked. Absent when it ran."
        ),
    )
    preflight: EmbeddedPreflight | None = Field(
        None,
        description=(
            "The latest online preflight result (cloudprep preflight) of each cloud whose "
            "checked inputs still match the project; declared, never re-derived. Absent when "
            "none was run."
        ),
    )

    @model_validator(mode="after")
    def _export_date_is_the_day_created(self) -> SubmissionDocument:
        if self.export_date != self.created.astimezone(UTC).date():
            raise ValueError("export_date is not the UTC date of created")
        return self

    @model_validator(mode="after")
    def _clouds_agree(self) -> SubmissionDocument:
        # Export writes a record and the secrets of each of the project's target clouds, and
        # SUBMISSION.md is rendered from the three cloud by cloud.
        targets = set(self.project.clouds)
        for name, listed in (("clouds", self.clouds), ("secrets.clouds", self.secrets.clouds)):
            if set(listed) != targets:
                raise ValueError(
                    f"{name} lists {_ids(listed)}, but the project targets {_ids(targets)}"
                )
        return self


def _ids(clouds: Iterable[str]) -> str:
    return ", ".join(sorted(clouds)) or "no cloud"


class ManifestDocument(BundleModel):
    """manifest.json: the SHA-256 of every other file of the bundle."""

    format: Literal["cloudprep-manifest"] = "cloudprep-manifest"
    schema_version: Literal[1] = MANIFEST_SCHEMA_VERSION
    algorithm: Literal["sha256"] = "sha256"
    files: dict[str, str] = Field(
        default_factory=empty_dict, description="File name → lowercase hex SHA-256 of its bytes."
    )


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
    unavailable = presence.state is PresenceState.UNAVAILABLE
    return SecretsRecord(
        state=presence.state,
        problem=presence.problem if unavailable else None,
        remedy=list(presence.remedy) if unavailable else [],
        clouds=clouds,
    )


def cloud_record(requirements: CloudRequirements, config: CloudConfig) -> CloudRecord:
    """What the renderer needs of one cloud's requirements: the one place the bundle reads
    them, so SUBMISSION.md never looks at the live catalog."""
    endpoint = requirements.endpoint
    redirect: RedirectRecord | None = None
    wanted = requirements.redirect
    if wanted.needed:
        url = wanted.exact.value
        redirect = RedirectRecord(
            url=url,
            verified=wanted.exact.verified,
            published=wanted.template.value is not None,
            registered=url is not None and url in config.oauth_app.redirect_urls,
        )
    return CloudRecord(
        name=requirements.cloud.name,
        login_hosts=list(requirements.login.accepted.value),
        login_expected=requirements.login.applies and requirements.identity.oauth_app_needed,
        endpoint=EndpointRecord(
            mode=endpoint.mode,
            url=endpoint.url,
            confirmed=endpoint.confirmed,
            needs_confirmation=endpoint.needs_confirmation,
        ),
        redirect=redirect,
    )


def cloud_records(project: Project, catalog: CloudCatalog) -> dict[TargetCloudId, CloudRecord]:
    return {
        cloud_id: cloud_record(requirements_for(project, cloud_id, catalog=catalog), config)
        for cloud_id, config in project.clouds.items()
    }


def build_document(
    project: Project,
    evaluation: ProjectEvaluation,
    presence: SecretPresence,
    *,
    tool_version: str,
    created: datetime,
    catalog: CloudCatalog | None = None,
    preflight: EmbeddedPreflight | None = None,
    stored_values_scanned: bool = True,
) -> SubmissionDocument:
    """The submission document for a project and its evaluation (made on `created`, whose
    date is the evaluation's reference date)."""
    embedded = project.model_copy(update={"schema_ref": None})
    return SubmissionDocument(
        tool=ToolInfo(version=tool_version),
        created=created,
        export_date=evaluation.reference_date,
        ga_as_of=project.ga.as_of,
        project=embedded,
        clouds=cloud_records(project, catalog or load_catalog()),
        secrets=secrets_record(project, presence),
        findings=[FindingRecord.from_finding(f) for f in evaluation.findings],
        ga=GaRecord.model_validate(evaluation.ga.to_dict()),
        checklist=[
            ChecklistItemRecord.model_validate(i.to_dict()) for i in evaluation.checklist.items
        ],
        preflight=preflight,
        stored_secret_scan=None if stored_values_scanned else "not_run",
    )


def document_data(document: SubmissionDocument) -> dict[str, Any]:
    """The JSON-ready form of a document, exactly as submission.json holds it."""
    data = document.model_dump(mode="json", by_alias=True)
    data["project"].pop("$schema", None)
    if data.get("preflight") is None:  # bundles without a preflight keep their exact bytes
        data.pop("preflight", None)
    if data.get("stored_secret_scan") is None:
        data.pop("stored_secret_scan", None)  # the usual case: bundles stay as they were
    return data


def dumps(data: Any) -> bytes:
    """The one JSON serialisation of bundle files: stable, readable, UTF-8, final newline."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def bundle_schema() -> dict[str, Any]:
    """The JSON Schema of submission.json, generated from the models."""
    schema = SubmissionDocument.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
