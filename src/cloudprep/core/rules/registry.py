"""The one registry of rules, and the engine that runs them over a project."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from types import ModuleType

from cloudprep.core.findings import Finding, sort_findings
from cloudprep.core.rules import (
    bundle,
    connector,
    definitions,
    endpoint,
    ga,
    oauth,
    preflight,
    redirect,
    secrets,
    text_controls,
)
from cloudprep.core.rules.base import Rule
from cloudprep.core.rules.context import RuleContext

_CHECKED = (
    connector,
    text_controls,
    redirect,
    endpoint,
    oauth,
    secrets,
    ga,
    bundle,
    preflight,
    definitions,
)
"""Rule modules whose `check` runs over a project."""
_CHECKS: tuple[Callable[[RuleContext], Iterable[Finding]], ...] = tuple(m.check for m in _CHECKED)


def _modules() -> tuple[ModuleType, ...]:
    """Every module that declares rules: the import's own (CP110–CP128) are raised by it,
    and loaded only when the rules are listed (running them over a project never needs
    the importer)."""
    from cloudprep.core import connector_import

    return (*_CHECKED, connector_import)


@cache
def all_rules() -> tuple[Rule, ...]:
    rules = sorted((r for m in _modules() for r in m.RULES), key=lambda r: r.id)
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate rule ids: {sorted(duplicates)}")
    return tuple(rules)


def doc_sections() -> dict[str, str]:
    """Every module's docs/rules.md section text, keyed by the rule id it precedes."""
    found: dict[str, str] = {}
    for module in _modules():
        found.update(getattr(module, "DOC_SECTIONS", {}))
    return found


def rule_by_id(rule_id: str) -> Rule:
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def run_rules(ctx: RuleContext) -> list[Finding]:
    """Every finding for the project, in the stable order of `sort_findings`."""
    findings: list[Finding] = []
    for check in _CHECKS:
        findings.extend(check(ctx))
    return sort_findings(findings)
