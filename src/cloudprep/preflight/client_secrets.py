"""The client secrets a plan needs, read from the keyring into memory for one run.

`keyring` is reached through `cloudprep.secrets`, lazily, and only when some cloud's app
check needs a secret. A keyring that cannot be used then raises `KeyringUnavailable`
(exit 3); a secret that is simply not stored only skips that cloud's app check (CP715).
"""

from __future__ import annotations

from pydantic import SecretStr

from cloudprep.core.models import Project
from cloudprep.core.secret_needs import SecretKind
from cloudprep.errors import SecretNotFound
from cloudprep.preflight.plan import PreflightPlan


def read_client_secrets(project: Project, plan: PreflightPlan) -> dict[str, SecretStr]:
    if not plan.needs_secret():
        return {}
    from cloudprep.secrets.keys import SecretKey
    from cloudprep.secrets.store import open_store

    store = open_store()
    secrets: dict[str, SecretStr] = {}
    for cloud in plan.clouds:
        if not cloud.checks_app:
            continue
        try:
            key = SecretKey(project.project_id, cloud.cloud_id, SecretKind.CLIENT_SECRET)
            secrets[cloud.cloud_id] = store.get(key)
        except SecretNotFound:
            continue
    return secrets
