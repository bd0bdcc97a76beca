"""This project's secrets as the bundle needs them: presence, and the values to scan for.

The only bridge from `cloudprep.bundle` to the keyring; `keyring` itself is imported by
`cloudprep.secrets`, and only when these functions run. Values live in `KnownSecret`s for
the length of one scan and are never written, logged or shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cloudprep.core.catalog import TARGET_CLOUD_IDS
from cloudprep.core.leak_guard import LeakGuard
from cloudprep.core.leaks import KnownSecret
from cloudprep.core.models import Project
from cloudprep.core.secret_needs import SECRET_KIND_ORDER, PresenceState, SecretPresence
from cloudprep.errors import KeyringUnavailable, SecretNotFound


@dataclass(frozen=True)
class KeyringView:
    """What the keyring holds for one project: presence of the needed secrets, and every
    stored value of the project (any cloud, any kind) for the leak scan."""

    presence: SecretPresence
    secrets: tuple[KnownSecret, ...] = field(default=(), repr=False)

    @property
    def stored_values_checked(self) -> bool:
        """Whether the stored values were read, so the leak guard matches them too."""
        return self.presence.state is PresenceState.CHECKED

    def leak_guard(self) -> LeakGuard:
        """The leak guard for this project: stored values (when read) and patterns."""
        return LeakGuard(self.secrets, stored_values_checked=self.stored_values_checked)


KeyringReader = Callable[[Project], KeyringView]
"""How export and validate reach the keyring; tests and the wizard may pass their own."""


def read_keyring(project: Project) -> KeyringView:
    """Presence and stored values; raises `KeyringUnavailable` (validate --check-keyring)."""
    from cloudprep.secrets.keys import SecretKey
    from cloudprep.secrets.presence import read_presence
    from cloudprep.secrets.store import open_store

    store = open_store()
    presence = read_presence(project, store)
    secrets: list[KnownSecret] = []
    for cloud_id in TARGET_CLOUD_IDS:
        for kind in SECRET_KIND_ORDER:
            try:
                value = store.get(SecretKey(project.project_id, cloud_id, kind))
            except SecretNotFound:
                continue
            secrets.append(KnownSecret(cloud_id, kind.value, value.get_secret_value()))
    return KeyringView(presence, tuple(secrets))


def read_keyring_if_available(project: Project) -> KeyringView:
    """Like `read_keyring`, but an unusable keyring gives unavailable presence (reported as
    CP421 by the rules) and nothing to scan for, never an error (`bundle`)."""
    try:
        return read_keyring(project)
    except KeyringUnavailable as exc:
        return KeyringView(SecretPresence.unavailable(exc.message, exc.hints))


NO_KEYRING_HINT = (
    "or pass --no-keyring to go on without it: the secret patterns are still checked, and "
    "the bundle records that stored secrets were not"
)


def read_keyring_for_guard(
    project: Project, *, use_keyring: bool, fail_closed: bool
) -> KeyringView:
    """The keyring as a command that guards its output needs it (`check`, `bundle`,
    `request`, `preflight`): nothing read with `use_keyring` False (`--no-keyring`); an
    unusable keyring raises `KeyringUnavailable` (exit 3) when `fail_closed`, else gives
    unavailable presence (CP421) and a pattern-only guard."""
    if not use_keyring:
        return KeyringView(SecretPresence.not_checked())
    if not fail_closed:
        return read_keyring_if_available(project)
    try:
        return read_keyring(project)
    except KeyringUnavailable as exc:
        raise KeyringUnavailable(
            f"{exc.message}; nothing was written, because a secret pasted into the project "
            "could not be ruled out",
            hints=[*exc.hints, NO_KEYRING_HINT],
        ) from None
