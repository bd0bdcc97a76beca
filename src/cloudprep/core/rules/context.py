"""What every rule is given: the project and everything the core cannot know itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cloudprep.core.catalog import CloudCatalog
from cloudprep.core.models import Project
from cloudprep.core.secret_needs import SecretPresence


@dataclass(frozen=True)
class RuleContext:
    project: Project
    catalog: CloudCatalog
    presence: SecretPresence
    reference_date: date
    """The date every date-dependent rule uses (PRODUCT §9)."""
