"""Helpers the unit tests of the domain rules share: the catalog, a rule context, rule ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from cloudprep.core.catalog import load_catalog
from cloudprep.core.findings import Finding
from cloudprep.core.models import CloudConfig, Connector, Project
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.secret_needs import SecretPresence

CATALOG = load_catalog()
"""The shipped cloud catalog, loaded once for every unit test."""
RULES_DATE = date(2025, 6, 1)
"""The reference date of a rule context unless a test needs its own."""


def rules(findings: Iterable[Finding]) -> set[str]:
    """The rule ids among `findings`."""
    return {f.rule for f in findings}


def project_context(
    project: Project,
    *,
    presence: SecretPresence | None = None,
    reference_date: date = RULES_DATE,
) -> RuleContext:
    """What the rules are given for `project` (secret presence not checked by default)."""
    return RuleContext(project, CATALOG, presence or SecretPresence.not_checked(), reference_date)


def context(
    connector: Connector,
    clouds: Mapping[str, CloudConfig],
    *,
    presence: SecretPresence | None = None,
    reference_date: date = RULES_DATE,
) -> RuleContext:
    """The rule context of a project made of `connector` and `clouds`."""
    project = Project(connector=connector, clouds=dict(clouds))
    return project_context(project, presence=presence, reference_date=reference_date)
