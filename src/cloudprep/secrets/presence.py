"""Live secret presence for the rules (`lookup_presence`) and the inventory that
`cloudprep secret list` shows. Values are read only to tell whether they exist, and are
dropped at once."""

from __future__ import annotations

from dataclasses import dataclass

from cloudprep.core.catalog import TARGET_CLOUD_IDS, TargetCloudId
from cloudprep.core.models import Project
from cloudprep.core.secret_needs import (
    SECRET_KIND_ORDER,
    PresenceState,
    SecretKind,
    SecretPresence,
    needed_secrets,
)
from cloudprep.errors import KeyringUnavailable
from cloudprep.secrets.keys import SecretKey
from cloudprep.secrets.store import SecretStore, open_store


def needed_keys(project: Project) -> tuple[SecretKey, ...]:
    """Every secret the project's target clouds need, in catalog and kind order."""
    return tuple(
        SecretKey(project.project_id, cloud_id, kind)
        for cloud_id, config in project.clouds.items()
        for kind in needed_secrets(project.connector, config)
    )


def read_presence(project: Project, store: SecretStore | None = None) -> SecretPresence:
    """Presence of every needed secret; raises `KeyringUnavailable` (for callers that must
    fail, such as `validate --check-keyring`). A project that needs no secret never
    touches the keyring."""
    keys = needed_keys(project)
    if not keys:
        return SecretPresence(state=PresenceState.CHECKED, present={})
    store = store or open_store()
    present: dict[tuple[str, SecretKind], bool] = {
        (key.cloud, key.kind): store.has(key) for key in keys
    }
    return SecretPresence(state=PresenceState.CHECKED, present=present)


def lookup_presence(project: Project, store: SecretStore | None = None) -> SecretPresence:
    """Presence of every needed secret. Never raises for a keyring problem: it returns
    `SecretPresence.unavailable(problem)`, which `check` and `bundle` report as CP421."""
    try:
        return read_presence(project, store)
    except KeyringUnavailable as exc:
        return SecretPresence.unavailable(exc.message, exc.hints)


@dataclass(frozen=True)
class InventoryRow:
    """One secret `cloudprep secret list` shows: needed by the project, stored, or both."""

    cloud: TargetCloudId
    kind: SecretKind
    needed: bool
    stored: bool
    in_project: bool
    """Whether the cloud is one of the project's target clouds."""


def secret_inventory(project: Project, store: SecretStore) -> tuple[InventoryRow, ...]:
    """Every needed secret (stored or not), plus every stored one the project does not need
    (another auth kind, or a cloud removed from the project). Keys are a closed set (five
    clouds, four kinds), so each is looked up; keyring cannot list items."""
    needed = set(needed_keys(project))
    rows = []
    for cloud_id in TARGET_CLOUD_IDS:
        for kind in SECRET_KIND_ORDER:
            key = SecretKey(project.project_id, cloud_id, kind)
            stored = store.has(key)
            if key in needed or stored:
                rows.append(
                    InventoryRow(
                        cloud=cloud_id,
                        kind=kind,
                        needed=key in needed,
                        stored=stored,
                        in_project=cloud_id in project.clouds,
                    )
                )
    return tuple(rows)
