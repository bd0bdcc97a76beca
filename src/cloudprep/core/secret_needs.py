"""Which secrets a target cloud needs (PRODUCT §6), and their presence as passed in.

Presence is data handed to the rules by an adapter (the keyring store); the core never
looks it up itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from cloudprep.core.model_kinds import AuthKind

TYPE_CHECKING = False  # the models (pydantic) are not loaded for their names alone
if TYPE_CHECKING:
    from cloudprep.core.connector_section import ConnectorSection
    from cloudprep.core.models import CloudConfig, Connector


class SecretKind(StrEnum):
    CLIENT_SECRET = "client-secret"  # noqa: S105 (a key name, not a secret)
    API_KEY = "api-key"
    TEST_USERNAME = "test-username"
    TEST_PASSWORD = "test-password"  # noqa: S105 (a key name, not a secret)

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def handover(self) -> str:
        """How this kind of secret reaches Microsoft (never in the bundle itself)."""
        if self is SecretKind.API_KEY:
            return API_KEY_HANDOVER
        return "the secure channel Microsoft provides"


API_KEY_HANDOVER = (
    "the channel your Microsoft contact provides (the undated page names ISV Studio "
    "activity control, since retired)"
)
"""PRODUCT §2, §3: the undated page says ISV Studio activity control; ISV Studio was removed
on 2024-05-31."""

_LABELS = {
    SecretKind.CLIENT_SECRET: "OAuth client secret",
    SecretKind.API_KEY: "API key",
    SecretKind.TEST_USERNAME: "test account user name",
    SecretKind.TEST_PASSWORD: "test account password",
}

SECRET_KIND_ORDER: tuple[SecretKind, ...] = tuple(SecretKind)


def needs_oauth_app(connector: Connector | ConnectorSection) -> bool:
    """An OAuth app per cloud is needed for every OAuth connector except certificate auth,
    which is first-party only."""
    return AuthKind.OAUTH2 in connector.all_auth_kinds and not connector.is_aad_certificate


def needed_secrets(connector: Connector, config: CloudConfig) -> tuple[SecretKind, ...]:
    """The union over the connector's auth kinds, in a stable order."""
    needed: set[SecretKind] = set()
    for kind in connector.all_auth_kinds:
        if kind is AuthKind.OAUTH2:
            if not connector.is_aad_certificate:
                needed |= {
                    SecretKind.CLIENT_SECRET,
                    SecretKind.TEST_USERNAME,
                    SecretKind.TEST_PASSWORD,
                }
        elif kind is AuthKind.API_KEY:
            needed.add(SecretKind.API_KEY)
            if config.needs_test_account:
                needed |= {SecretKind.TEST_USERNAME, SecretKind.TEST_PASSWORD}
        elif kind is AuthKind.BASIC:
            needed |= {SecretKind.TEST_USERNAME, SecretKind.TEST_PASSWORD}
    return tuple(k for k in SECRET_KIND_ORDER if k in needed)


class PresenceState(StrEnum):
    CHECKED = "checked"
    """Looked up in the keyring (or declared in a bundle)."""
    NOT_CHECKED = "not_checked"
    """Deliberately not looked up (`--no-keyring`)."""
    UNAVAILABLE = "unavailable"
    """The keyring could not be used; `problem` says why."""


class SecretPresence(NamedTuple):
    state: PresenceState
    present: Mapping[tuple[str, SecretKind], bool] = MappingProxyType({})
    problem: str | None = None
    """Why the keyring is unavailable, in one short sentence."""
    remedy: tuple[str, ...] = ()
    """How to fix it, one line per OS (shown only where there is room)."""

    def is_present(self, cloud: str, kind: SecretKind) -> bool | None:
        """True or False when checked; None when presence is unknown."""
        if self.state is not PresenceState.CHECKED:
            return None
        return self.present.get((cloud, kind), False)

    @classmethod
    def not_checked(cls) -> SecretPresence:
        return cls(state=PresenceState.NOT_CHECKED)

    @classmethod
    def unavailable(cls, problem: str, remedy: tuple[str, ...] = ()) -> SecretPresence:
        return cls(state=PresenceState.UNAVAILABLE, problem=problem, remedy=remedy)
