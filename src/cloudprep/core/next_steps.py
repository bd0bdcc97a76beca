"""What the publisher does next, in order: the publisher's side of the request.

Derived from the findings and the checklist (never from SUBMISSION.md, which is the
reviewer's). `check` leads with it; the wizard may show the same list.
"""

from __future__ import annotations

import re

from cloudprep.core.checklist import Checklist, ItemState
from cloudprep.core.findings import Finding, Severity

_FROM_A_FINDING = re.compile(r"CP\d{3}: ")
"""A checklist item whose detail quotes a finding: the finding already makes it a step."""
_GA_ITEMS = frozenset({"R1", "R2", "R3", "R4", "R5", "U1", "U2", "EX"})


def next_steps(findings: list[Finding], checklist: Checklist) -> list[str]:
    """One line per thing to do, errors first, then warnings, then open checklist items that
    no finding covers (e.g. raising the GA request). Repeated fixes are listed once."""
    steps: list[str] = []
    seen: set[tuple[str, str]] = set()
    for severity in (Severity.ERROR, Severity.WARNING):
        for finding in findings:
            if finding.severity is not severity:
                continue
            where = f"[{finding.cloud}] " if finding.cloud else ""
            fix = finding.hint or finding.message
            step = f"{where}{fix[:1].upper()}{fix[1:]} ({finding.rule}, {finding.path})"
            if (where, fix) not in seen:
                seen.add((where, fix))
                steps.append(step)
    for item in checklist.items:
        if item.state is not ItemState.MISSING or _FROM_A_FINDING.match(item.detail):
            continue
        if item.id in _GA_ITEMS:
            continue  # a failing criterion is a CP5xx finding already
        endpoints_open = any(i.id == "C1" and i.state is ItemState.MISSING for i in checklist.items)
        if item.id == "Q1" and endpoints_open:
            continue  # Q1 only repeats the clouds whose endpoint (C1) is open
        where = f"[{item.cloud}] " if item.cloud else ""
        steps.append(f"{where}{item.id} {item.title}: {item.detail}")
    return steps
