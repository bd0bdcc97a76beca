"""One call that derives everything from a project: findings, GA evaluation, checklist.

The CLI, the wizard and the bundle (export and re-validation) all use `evaluate_project`,
so they can never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from cloudprep.core.catalog import CloudCatalog, load_catalog
from cloudprep.core.checklist import Checklist, build_checklist
from cloudprep.core.findings import Finding
from cloudprep.core.ga import GaEvaluation
from cloudprep.core.models import Project
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.rules.registry import run_rules
from cloudprep.core.secret_needs import SecretPresence


class ProjectEvaluation(NamedTuple):
    findings: list[Finding]
    ga: GaEvaluation
    checklist: Checklist
    reference_date: date


def evaluate_project(
    project: Project,
    *,
    presence: SecretPresence,
    reference_date: date,
    catalog: CloudCatalog | None = None,
) -> ProjectEvaluation:
    catalog = catalog or load_catalog()
    ctx = RuleContext(
        project=project, catalog=catalog, presence=presence, reference_date=reference_date
    )
    findings = run_rules(ctx)
    ga = ctx.ga
    checklist = build_checklist(
        project, findings=findings, ga=ga, presence=presence, catalog=catalog
    )
    return ProjectEvaluation(
        findings=findings, ga=ga, checklist=checklist, reference_date=reference_date
    )
