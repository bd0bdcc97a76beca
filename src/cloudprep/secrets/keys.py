"""Where a secret lives in the keyring: service `cloudprep`, username
`<project_id>/<cloud>/<kind>` (PRODUCT §6)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from cloudprep.core.catalog import TargetCloudId, load_catalog
from cloudprep.core.secret_needs import SecretKind

SERVICE = "cloudprep"
"""The keyring service name every cloudprep secret is stored under."""


@dataclass(frozen=True)
class SecretKey:
    """One secret of one project for one target cloud."""

    project_id: uuid.UUID
    cloud: TargetCloudId
    kind: SecretKind

    @property
    def service(self) -> str:
        return SERVICE

    @property
    def username(self) -> str:
        """The keyring user name: `<project_id>/<cloud>/<kind>`."""
        return f"{self.project_id}/{self.cloud}/{self.kind.value}"

    @property
    def short(self) -> str:
        """`cloud/kind`, as the commands show it."""
        return f"{self.cloud}/{self.kind.value}"

    def describe(self) -> str:
        """E.g. `the OAuth client secret for GCC High (gcch/client-secret)`."""
        cloud_name = load_catalog().get(self.cloud).name
        return f"the {self.kind.label} for {cloud_name} ({self.short})"
