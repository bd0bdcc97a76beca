"""The project file's models (PRODUCT §5). It holds no secret and nothing derived from one.

Every model read from disk forbids unknown keys and hides input values from its error text,
so a stray secret pasted into the wrong field never reaches a message.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    field_validator,
    model_validator,
)

from cloudprep.core.attribute_docs import describe_fields
from cloudprep.core.catalog import TARGET_CLOUD_IDS, TargetCloudId
from cloudprep.core.field_defaults import empty_dict, empty_list
from cloudprep.core.model_kinds import (
    AAD_PROVIDERS,
    IDENTITY_PROVIDERS,
    MAX_CONNECTOR_NAME,
    AuthKind,
    ConnectorAuthKinds,
    EndpointMode,
    HostMode,
    RedirectMode,
)

# The plain kinds are defined without pydantic (core/model_kinds) and re-exported here.
__all__ = [
    "AAD_PROVIDERS",
    "IDENTITY_PROVIDERS",
    "MAX_CONNECTOR_NAME",
    "AuthKind",
    "EndpointMode",
    "HostMode",
    "RedirectMode",
]

SCHEMA_VERSION: Literal[2] = 2
SUPPORTED_SCHEMA_VERSIONS = (1, 2)
"""Version 2 added `connector.source`, `ga.telemetry_period`, `clouds.<id>.endpoint.confirmed`,
`clouds.<id>.oauth_app.tenant_id`, `request.contact` and `request.reference`. A version-1 file
loads as it is, with those fields empty, and is saved as version 2."""
# The file is JSON written by hand: a number must be a JSON number and a flag true or false.
# Lax validation would read "99", true or "yes" as numbers and flags, and an integer such as
# 20260101 as a date.
Percent = Annotated[StrictFloat, Field(ge=0, le=100, allow_inf_nan=False)]
MAX_COUNT = 10**15
"""The largest count (users, connections, responses): far above any connector's telemetry,
and exact as a float, which the GA margins are (10**400 is a JSON integer no float holds)."""
Count = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT)]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_text(value: Any) -> Any:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date written as YYYY-MM-DD")


FileDate = Annotated[date, BeforeValidator(_date_text)]


class FileModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        hide_input_in_errors=True,
        # The attribute docstrings become the schemas' field descriptions only when a schema
        # is made (core.attribute_docs), not when each class is.
        json_schema_extra=describe_fields,
        validate_assignment=True,
        populate_by_name=True,
        defer_build=True,
    )


class ConnectorOAuth(FileModel):
    """The commercial OAuth settings, as published today (the baseline)."""

    login_uri: str | None = None
    """The sign-in authority, e.g. https://login.microsoftonline.com (AAD connectors)."""
    resource_uri: str | None = None
    """The resource the token is for, e.g. https://graph.microsoft.com (AAD connectors)."""
    tenant_id: str | None = None
    """The tenant the app signs users into, usually `common`."""
    scopes: list[str] = Field(default_factory=empty_list)
    """The OAuth scopes the connector asks for."""
    redirect_mode: RedirectMode | None = None
    """Global, GlobalPerConnector (required for OAuth 2.0 since February 2024) or Direct."""
    redirect_urls: list[str] = Field(default_factory=empty_list)
    """The redirect URL(s) registered on the commercial app."""
    client_id: str | None = None
    """The commercial app's client id (public, not a secret)."""


class ConnectorEndpoint(FileModel):
    url: str | None = None
    """The commercial backend base URL, e.g. https://api.contoso.com/v1."""
    host_mode: HostMode = HostMode.FIXED
    """`fixed`, or `per_connection` when each connection supplies its own host."""


class SourceFile(FileModel):
    """One file read by the import, with its hash at that time."""

    path: str
    """The file's path, relative to the connector folder (forward slashes)."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """The SHA-256 of the file's bytes when it was imported (lowercase hex)."""


class ConnectorSource(FileModel):
    """Where an imported connector came from; per-cloud definitions are generated from it."""

    folder: str
    """The connector folder, relative to the project file's folder (forward slashes)."""
    files: list[SourceFile] = Field(default_factory=empty_list)
    """Every file the import read, with its SHA-256; a later change is a warning."""


class Connector(ConnectorAuthKinds, FileModel):
    name: str | None = Field(None, max_length=MAX_CONNECTOR_NAME)
    """The internal API name Microsoft assigned (lowercase, no `shared_` prefix), or null
    until known. Find it in the connector's URL in the maker portal, or ask your Microsoft
    contact (ISV Studio, where older requests showed it, was retired)."""
    display_name: str = ""
    """The name users see."""
    publisher: str = ""
    """The publisher as shown on the connector."""
    auth: AuthKind = AuthKind.NONE
    """The connector's authentication kind (the first set of a multi-auth connector)."""
    auth_options: list[AuthKind] = Field(default_factory=empty_list)
    """Every kind a multi-auth connector offers; empty for a single kind."""
    identity_provider: str | None = None
    """The OAuth identity provider: aad, aadcertificate, oauth2, oauth2generic, or another."""
    oauth: ConnectorOAuth | None = None
    """The commercial OAuth baseline, for OAuth connectors."""
    endpoint: ConnectorEndpoint = Field(default_factory=ConnectorEndpoint)
    """The commercial backend."""
    source: ConnectorSource | None = None
    """Set by `init --from-connector`: the connector folder and the hash of each file read."""


class ResponseCounts(FileModel):
    """Response counts by status class over the measured period. Throttled responses
    (usually the 429s) are counted on their own and are not part of `4xx`."""

    c1xx: Count = Field(0, alias="1xx")
    c2xx: Count = Field(0, alias="2xx")
    c3xx: Count = Field(0, alias="3xx")
    c4xx: Count = Field(0, alias="4xx")
    c5xx: Count = Field(0, alias="5xx")
    throttled: Count = 0


class TelemetryPeriod(FileModel):
    """The period the GA numbers cover, shown to the reviewer."""

    from_: FileDate | None = Field(None, alias="from")
    """The first day the numbers cover."""
    to: FileDate | None = None
    """The last day the numbers cover."""

    @model_validator(mode="after")
    def _in_order(self) -> TelemetryPeriod:
        if self.from_ and self.to and self.from_ > self.to:
            raise ValueError("from is after to; the period cannot end before it starts")
        return self


class GaInputs(FileModel):
    as_of: FileDate | None = None
    """The date the numbers were taken; the 6 months of preview are counted up to it."""
    preview_start: FileDate | None = None
    """The date the connector entered preview."""
    customer_requires_production: StrictBool | None = None
    """A customer requires the connector in production (opens the 6-month exception)."""
    backend_in_production: StrictBool | None = None
    """R1: the backend service APIs the connector uses are in production."""
    support_matches_backend: StrictBool | None = None
    """R5: support for the connector matches the backend's support model."""
    availability_pct: Percent | None = None
    """R2: connector availability in percent (connector-caused issues only)."""
    slo_pct: Percent | None = None
    """R3: the share of connections that meet the SLA bar, in percent."""
    success_rate_pct: Percent | None = None
    """R4: the success rate in percent, when known directly (else give `responses`)."""
    responses: ResponseCounts | None = None
    """R4: response counts by class, from which the success rate is computed."""
    weekly_active_users: tuple[Count | None, Count | None, Count | None] | None = None
    """U1: weekly active users over the last three weeks, oldest first."""
    monthly_active_connections: Count | None = None
    """U2: monthly active connections (MAC)."""
    telemetry_period: TelemetryPeriod | None = None
    """The period the numbers cover (`from`, `to`), shown to the reviewer."""

    @model_validator(mode="after")
    def _one_success_source(self) -> GaInputs:
        if self.success_rate_pct is not None and self.responses is not None:
            raise ValueError(
                "give either success_rate_pct or responses, not both "
                "(the rate is computed from the responses)"
            )
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> GaInputs:
        if self.as_of and self.preview_start and self.preview_start > self.as_of:
            raise ValueError("preview_start is after as_of; the preview cannot start later")
        return self


class CloudEndpoint(FileModel):
    mode: EndpointMode | None = None
    """same_as_commercial, specific (give `url`) or per_connection; null until decided."""
    url: str | None = None
    """The cloud-specific backend base URL, when `mode` is `specific`."""
    confirmed: StrictBool = False
    """same_as_commercial only: the publisher confirms the commercial endpoint is reachable
    from, and compliant for, this cloud."""


class OAuthApp(FileModel):
    """The OAuth app created for this cloud. Its secret lives in the OS keyring only."""

    client_id: str | None = None
    """This cloud's own app's client id (public, not a secret)."""
    tenant_id: str | None = None
    """The app's directory in this cloud: a tenant GUID or a verified domain (used by
    `preflight`); empty, `common` or `organizations` skip the online tenant check."""
    login_uri: str | None = None
    """The sign-in authority for this cloud, e.g. https://login.microsoftonline.us."""
    resource_uri: str | None = None
    """The resource URI for this cloud, e.g. https://graph.microsoft.us."""
    redirect_urls: list[str] = Field(default_factory=empty_list)
    """The redirect URLs registered on this cloud's app."""


class CloudConfig(FileModel):
    endpoint: CloudEndpoint = Field(default_factory=CloudEndpoint)
    oauth_app: OAuthApp = Field(default_factory=OAuthApp)
    expected_redirect: str | None = None
    """Mooncake only: the redirect Microsoft gave you (unverified). The US clouds' comes
    from the catalog."""
    needs_test_account: StrictBool = False
    """api_key connectors: a test account must be handed over with the key."""
    secret_expires: FileDate | None = None
    """When the client secret expires (not secret; warns within 90 days)."""
    notes: str = ""
    """Free notes for this cloud, shown in the request."""


class Contact(FileModel):
    """Who the reviewer contacts about this request."""

    name: str = ""
    """The contact's name."""
    email: str = ""
    """The contact's e-mail address."""


class RequestState(FileModel):
    ga_request_raised: StrictBool | None = None
    """Q2: the GA request has been raised (ticked by the user)."""
    contact: Contact = Field(default_factory=Contact)
    """Who the reviewer contacts, shown at the top of the request."""
    reference: str = ""
    """The reference Microsoft gave for the request or case (older requests have an ISV
    Studio activity id), shown to the reviewer."""


class Project(FileModel):
    schema_ref: str | None = Field(None, alias="$schema")
    """Optional: a path to a saved copy of `cloudprep schema project`, for editors."""
    schema_version: Literal[1, 2] = SCHEMA_VERSION
    """The project file's format version (1 is read as it is; files are written as 2)."""
    project_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    """Made by `init`; keys this project's secrets in the keyring."""
    connector: Connector = Field(default_factory=Connector)
    ga: GaInputs = Field(default_factory=GaInputs)
    clouds: dict[TargetCloudId, CloudConfig] = Field(default_factory=empty_dict)
    """One entry per target cloud: gcc, gcch, dod, azgov, mooncake."""
    request: RequestState = Field(default_factory=RequestState)

    @field_validator("schema_version", mode="before")
    @classmethod
    def _version_is_an_integer(cls, value: Any) -> Any:
        # Literal[1] alone accepts true and 1.0, which equal 1 in Python.
        if type(value) is not int or value not in SUPPORTED_SCHEMA_VERSIONS:
            raise ValueError(f"must be the integer {SCHEMA_VERSION} (version-1 files are read too)")
        return value

    @model_validator(mode="after")
    def _written_as_current(self) -> Project:
        # An older file loads with the new fields empty and is saved in the current format.
        if self.schema_version != SCHEMA_VERSION:
            object.__setattr__(self, "schema_version", SCHEMA_VERSION)
        return self

    @model_validator(mode="after")
    def _clouds_in_catalog_order(self) -> Project:
        # Deterministic output: the file and the bundle list clouds in catalog order.
        ordered = {cid: self.clouds[cid] for cid in TARGET_CLOUD_IDS if cid in self.clouds}
        if list(ordered) != list(self.clouds):
            object.__setattr__(self, "clouds", ordered)
        return self

    def target_cloud_ids(self) -> tuple[TargetCloudId, ...]:
        return tuple(self.clouds)
