"""The project file's plain kinds and limits: enums and constants the models use, kept apart
from the pydantic models (core/models re-exports them) so that the rules and `check-url` can
name them without loading pydantic."""

from __future__ import annotations

from enum import StrEnum

TYPE_CHECKING = False  # typing is not imported: check-url and scan load this module

MAX_CONNECTOR_NAME = 128
"""Internal names are short (the longest seen, with a 35-character id suffix, is 65): a
longer value is a paste mistake, and it would be echoed in every redirect message."""


class AuthKind(StrEnum):
    OAUTH2 = "oauth2"
    API_KEY = "api_key"
    BASIC = "basic"
    NONE = "none"


class RedirectMode(StrEnum):
    GLOBAL = "Global"
    GLOBAL_PER_CONNECTOR = "GlobalPerConnector"
    DIRECT = "Direct"


class HostMode(StrEnum):
    FIXED = "fixed"
    PER_CONNECTION = "per_connection"


class EndpointMode(StrEnum):
    SAME_AS_COMMERCIAL = "same_as_commercial"
    SPECIFIC = "specific"
    PER_CONNECTION = "per_connection"


IDENTITY_PROVIDERS = ("aad", "aadcertificate", "oauth2", "oauth2generic")
"""The identity providers Power Platform names (lower case); another value is kept as written."""
AAD_PROVIDERS = frozenset({"aad", "aadcertificate"})
"""The providers that sign in with Microsoft Entra ID, so through a cloud's login host."""


class ConnectorAuthKinds:
    """What the rules ask of a connector's authentication, shared by the project's model
    (`models.Connector`) and the import's plain section (`connector_section.ConnectorSection`),
    so the two cannot answer differently."""

    __slots__ = ()

    if TYPE_CHECKING:  # declared by the classes that mix this in
        auth: AuthKind
        auth_options: list[AuthKind]
        identity_provider: str | None

    @property
    def all_auth_kinds(self) -> tuple[AuthKind, ...]:
        kinds = [self.auth, *self.auth_options]
        return tuple(dict.fromkeys(kinds))

    @property
    def is_aad(self) -> bool:
        return (self.identity_provider or "").lower() == "aad"

    @property
    def is_aad_certificate(self) -> bool:
        return (self.identity_provider or "").lower() == "aadcertificate"
