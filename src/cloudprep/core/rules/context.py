"""What every rule is given: the project and everything the core cannot know itself."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from cloudprep.core.catalog import CloudCatalog
from cloudprep.core.requirements import CloudRequirements, requirements_for
from cloudprep.core.secret_needs import SecretPresence

if TYPE_CHECKING:
    from datetime import date

    from cloudprep.core.ga import GaEvaluation
    from cloudprep.core.models import Project


class RuleContext:
    """Read-only by convention: the rules only read it, and what it computes is cached."""

    def __init__(
        self,
        project: Project,
        catalog: CloudCatalog,
        presence: SecretPresence,
        reference_date: date,
    ) -> None:
        self.project = project
        self.catalog = catalog
        self.presence = presence
        self.reference_date = reference_date
        """The date every date-dependent rule uses (PRODUCT §9)."""

    @cached_property
    def ga(self) -> GaEvaluation:
        """The GA evaluation (its 6-month window ends on `ga.as_of`, else today), computed
        once for the rules and the checklist alike."""
        from cloudprep.core.ga import evaluate_ga

        return evaluate_ga(self.project.ga, reference_date=self.reference_date)

    def requirements(self, cloud_id: str) -> CloudRequirements:
        """What `cloud_id` requires of the project (`core.requirements`), computed once."""
        cached = self._requirements.get(cloud_id)
        if cached is None:
            cached = requirements_for(self.project, cloud_id, catalog=self.catalog)
            self._requirements[cloud_id] = cached
        return cached

    @cached_property
    def _requirements(self) -> dict[str, CloudRequirements]:
        return {}
