"""(being written)"""

from __future__ import annotations

from collections.abc import Iterable

from cloudprep.core.findings import Finding
from cloudprep.core.rules.base import Rule
from cloudprep.core.rules.context import RuleContext

RULES: tuple[Rule, ...] = ()


def check(ctx: RuleContext) -> Iterable[Finding]:
    return ()
