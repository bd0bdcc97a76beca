"""CP501–CP549: the GA criteria (PRODUCT §2), read from the GA evaluation.

The rules only turn `evaluate_ga`'s verdicts into findings, so `cloudprep check`, the
wizard's live verdicts and the checklist can never disagree about a criterion.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.ga import (
    CriterionResult,
    Eligibility,
    GaEvaluation,
    Verdict,
    success_rate_path,
)
from cloudprep.core.ga_facts import criterion_facts
from cloudprep.core.models import GaInputs
from cloudprep.core.rules.base import Rule, Scope
from cloudprep.core.rules.context import RuleContext

BACKEND_NOT_IN_PRODUCTION = Rule(
    id="CP501",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="R1: the backend service is not in production",
    hint=(
        "GA requires the backend service APIs the connector uses to be in production; "
        "move them there first, then set ga.backend_in_production to true"
    ),
    example='"ga": {"backend_in_production": false}',
)
AVAILABILITY_TOO_LOW = Rule(
    id="CP502",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="R2: connector availability is below 99.95 %",
    hint=(
        "count only connector-caused issues (backend issues are excluded), and fix what "
        "makes the connector fail before you request GA"
    ),
    example='"ga": {"availability_pct": 99.9}',
)
SLO_TOO_LOW = Rule(
    id="CP503",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="R3: the SLO is below 99.5 %",
    hint=(
        "raise the share of connections that meet the SLA bar to at least 99.5 % before "
        "you request GA"
    ),
    example='"ga": {"slo_pct": 99.2}',
)
SUCCESS_RATE_TOO_LOW = Rule(
    id="CP504",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="R4: the success rate is not above 80 %",
    hint=(
        "reduce the 4xx and 5xx responses (throttled responses do not count), or, if a "
        "customer requires the connector in production, check the 6-month exception"
    ),
    example='"ga": {"success_rate_pct": 80}',
)
SUPPORT_MISMATCH = Rule(
    id="CP505",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="R5: support does not match the backend's support model",
    hint=(
        "offer support for the connector on the backend service's terms (e.g. 5 days a "
        "week, 8am–5pm PT), then set ga.support_matches_backend to true"
    ),
    example='"ga": {"support_matches_backend": false}',
)
WEEKLY_USERS_TOO_LOW = Rule(
    id="CP506",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="U1: fewer than 500 weekly active users in one of the last three weeks",
    hint=(
        "recommended, not required: GA can still be requested, but expect the question; "
        "each of the three weeks should reach 500"
    ),
    example='"ga": {"weekly_active_users": [620, 480, 910]}',
)
MAC_TOO_LOW = Rule(
    id="CP507",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="U2: fewer than 50 monthly active connections (MAC)",
    hint="recommended, not required: GA can still be requested, but expect the question",
    example='"ga": {"monthly_active_connections": 30}',
)
REQUIRED_NOT_SHOWN = Rule(
    id="CP510",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="A required GA criterion is not shown",
    hint="get the value from where the message says and enter it in the project's ga section",
    example='"ga": {"availability_pct": null}',
)
RECOMMENDED_NOT_SHOWN = Rule(
    id="CP511",
    severity=Severity.INFO,
    scope=Scope.PROJECT,
    title="A recommended GA criterion is not shown",
    hint="get the value from where the message says and enter it in the project's ga section",
    example='"ga": {"monthly_active_connections": null}',
)
ELIGIBLE_THROUGH_EXCEPTION = Rule(
    id="CP520",
    severity=Severity.INFO,
    scope=Scope.PROJECT,
    title="GA eligibility rests on the 6-month exception",
    hint=(
        "say in the GA request that a customer requires the connector in production and "
        "that the preview has lasted at least 6 months"
    ),
    example=(
        '"ga": {"customer_requires_production": true, "preview_start": "2024-08-31", '
        '"as_of": "2025-03-01", "success_rate_pct": 65, ...R1, R2, R3, R5 passing}'
    ),
)
EXCEPTION_WITHIN_REACH = Rule(
    id="CP521",
    severity=Severity.INFO,
    scope=Scope.PROJECT,
    title="The 6-month exception could make the connector eligible",
    hint=(
        "if a customer requires the connector in production, fill in what the message "
        "names; the exception needs at least 6 calendar months of preview"
    ),
    example=(
        '"ga": {"success_rate_pct": 65, "customer_requires_production": null, '
        "...R1, R2, R3, R5 passing}"
    ),
)

RULES: tuple[Rule, ...] = (
    BACKEND_NOT_IN_PRODUCTION,
    AVAILABILITY_TOO_LOW,
    SLO_TOO_LOW,
    SUCCESS_RATE_TOO_LOW,
    SUPPORT_MISMATCH,
    WEEKLY_USERS_TOO_LOW,
    MAC_TOO_LOW,
    REQUIRED_NOT_SHOWN,
    RECOMMENDED_NOT_SHOWN,
    ELIGIBLE_THROUGH_EXCEPTION,
    EXCEPTION_WITHIN_REACH,
)

_FAILING: dict[str, Rule] = {
    "R1": BACKEND_NOT_IN_PRODUCTION,
    "R2": AVAILABILITY_TOO_LOW,
    "R3": SLO_TOO_LOW,
    "R4": SUCCESS_RATE_TOO_LOW,
    "R5": SUPPORT_MISMATCH,
    "U1": WEEKLY_USERS_TOO_LOW,
    "U2": MAC_TOO_LOW,
}


def _path(result: CriterionResult, inputs: GaInputs) -> str:
    """The field to look at: R4's is where its value came from; U1 points at the first
    week that fails (or, when undecided, the first one missing)."""
    if result.id == "R4":
        return success_rate_path(inputs)
    if result.id == "U1" and isinstance(result.value, tuple):
        minimum = criterion_facts("U1").minimum or 0
        for i, week in enumerate(result.value):
            missing = week is None
            short = week is not None and week < minimum
            if short or (missing and result.verdict is Verdict.UNKNOWN):
                return f"ga.weekly_active_users[{i}]"
    return criterion_facts(result.id).fields[0]


def _label(result: CriterionResult) -> str:
    return f"{result.id} ({result.title})"


def check(ctx: RuleContext) -> Iterable[Finding]:
    return list(_findings(ctx.ga, ctx))


def _findings(evaluation: GaEvaluation, ctx: RuleContext) -> Iterator[Finding]:
    inputs = ctx.project.ga
    by_exception = evaluation.eligibility is Eligibility.ELIGIBLE_BY_EXCEPTION
    for result in evaluation.criteria:
        path = _path(result, inputs)
        if result.verdict is Verdict.UNKNOWN:
            rule = REQUIRED_NOT_SHOWN if result.required else RECOMMENDED_NOT_SHOWN
            yield rule.finding(
                f"{_label(result)}: {result.detail} Where it comes from: {result.source}",
                path=path,
                hint=f"get the value from where the message says and enter it as {path}",
            )
        elif result.verdict is Verdict.FAIL:
            if result.id == "R4" and by_exception:
                yield ELIGIBLE_THROUGH_EXCEPTION.finding(
                    f"{_label(result)}: {result.detail} The connector is eligible for GA "
                    f"through the 6-month exception instead. {evaluation.exception.detail}",
                    path=path,
                )
                continue
            yield _FAILING[result.id].finding(f"{_label(result)}: {result.detail}", path=path)
    yield from _exception_within_reach(evaluation)


def _exception_within_reach(evaluation: GaEvaluation) -> Iterator[Finding]:
    """R4 fails, yet nothing rules the exception out: only missing answers or time stand
    between the connector and GA through the exception."""
    r4 = evaluation.criterion("R4")
    if r4.verdict is not Verdict.FAIL or evaluation.exception.verdict is Verdict.PASS:
        return
    parts = evaluation.exception_parts
    if any(p.verdict is Verdict.FAIL for p in parts if p.key != "preview"):
        return
    pending = [p for p in parts if p.verdict is not Verdict.PASS]
    yield EXCEPTION_WITHIN_REACH.finding(
        "R4 fails, but the success rate reaches the exception's 50 %: the 6-month "
        "exception could make the connector eligible for GA. Still open: "
        f"{'; '.join(p.text for p in pending)}.",
        path=pending[0].path,
    )
