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
from cloudprep.core.rules.base import Rule, RuleDoc, Scope
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
    doc=RuleDoc(
        location="`ga.backend_in_production`",
        checks=(
            '`backend_in_production` is false. Required criterion R1: "the backend service '
            'APIs the connector uses are in production".'
        ),
        why=(
            "a connector on a non-production backend cannot go to GA, and the exception does "
            "not relax R1."
        ),
        fix=(
            "move the backend APIs to production first, then set `backend_in_production` to true."
        ),
        example='`"ga": {"backend_in_production": false}`.',
    ),
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
    doc=RuleDoc(
        location="`ga.availability_pct`",
        checks=(
            "`availability_pct` < 99.95 (99.95 exactly passes). The message gives the value "
            "and the margin in percentage points."
        ),
        why=(
            "required criterion R2. Only connector-caused issues count; backend issues are "
            "excluded. The exception does not relax R2."
        ),
        fix=(
            "make sure the figure leaves out backend outages; fix what makes the connector "
            "fail. Where the number comes from: the undated version says reliability is not "
            "in the ISV portal (ask your Microsoft contact); the version dated 04/05/2025 "
            "says to contact the Microsoft team."
        ),
        example=(
            '`"ga": {"availability_pct": 99.9}` ("Availability 99.9 % is below 99.95 % (-0.05 '
            'points)").'
        ),
    ),
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
    doc=RuleDoc(
        location="`ga.slo_pct`",
        checks=(
            "`slo_pct` < 99.5 (99.5 exactly passes): the share of connections that meet the "
            "SLA bar."
        ),
        why="required criterion R3; the exception does not relax it.",
        fix=(
            "raise the share of connections meeting the SLA bar. Where the number comes from: "
            "as for CP502 (not in the ISV portal per the undated version; the Microsoft team "
            "per the version dated 04/05/2025)."
        ),
        example='`"ga": {"slo_pct": 99.2}`.',
    ),
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
    doc=RuleDoc(
        location=(
            "`ga.success_rate_pct`, or `ga.responses` when the rate is computed from response "
            "counts"
        ),
        checks=(
            'the success rate ≤ 80 (80 exactly fails: the criterion is "greater than 80 %"). '
            "The rate is `success_rate_pct` when given; otherwise it is computed from "
            "`responses` as (1xx + 2xx + 3xx) / (1xx + 2xx + 3xx + 4xx + 5xx). Throttled "
            "responses are their own count (usually the 429s), not part of 4xx, and are left "
            'out entirely. The source says "the percentage of responses in the 100s, '
            "responses in the 200s, responses in the 300s, and so on… doesn't include "
            "failures due to throttling\"; the formula is cloudprep's **interpretation**, and "
            "the message says so. Not reported when the connector is eligible through the "
            "6-month exception: CP520 replaces it."
        ),
        fix=(
            "reduce the 4xx and 5xx responses; or, if a customer requires the connector in "
            "production, see CP521. Where the number comes from: connector telemetry in the "
            "ISV portal (the undated version); the Microsoft team (the version dated "
            "04/05/2025)."
        ),
        example=(
            '`"ga": {"success_rate_pct": 80}`, or `"ga": {"responses": {"2xx": 70, "4xx": 20, '
            '"5xx": 10, "throttled": 99}}` (70 %).'
        ),
    ),
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
    doc=RuleDoc(
        location="`ga.support_matches_backend`",
        checks=(
            "`support_matches_backend` is false. Required criterion R5: support availability "
            "for the connector matches the backend service's support model (e.g. 5 days a "
            "week, 8am–5pm PT)."
        ),
        fix="offer connector support on the backend's terms, then set the field to true.",
        example='`"ga": {"support_matches_backend": false}`.',
    ),
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
    doc=RuleDoc(
        location="`ga.weekly_active_users[i]`, the first week below 500",
        checks=(
            'recommended criterion U1, at least 500 weekly active users "over the last three '
            'weeks". **Interpretation** (shown as one): each of the three weeks must reach '
            "500. A week below 500 fails U1 even when another week is not given. The message "
            "shows the three numbers, oldest first."
        ),
        why="Why a warning: U1 is recommended, not required; it never blocks eligibility.",
        fix="none is required to request GA; expect the question.",
        example=(
            '`"ga": {"weekly_active_users": [620, 480, 910]}` (path `ga.weekly_active_users[1]`).'
        ),
    ),
)
MAC_TOO_LOW = Rule(
    id="CP507",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="U2: fewer than 50 monthly active connections (MAC)",
    hint="recommended, not required: GA can still be requested, but expect the question",
    example='"ga": {"monthly_active_connections": 30}',
    doc=RuleDoc(
        location="`ga.monthly_active_connections`",
        checks=(
            "recommended criterion U2, at least 50 monthly active connections at any given "
            'time. In the criteria list MAC means "monthly active connections"; both pages '
            'also expand MAC as "maximum allowable cost" in their "Find your connector '
            'criteria" section.'
        ),
        fix=(
            "none is required to request GA. Where the number comes from: connector telemetry "
            "in the ISV portal (the undated version); the Microsoft team (the version dated "
            "04/05/2025)."
        ),
        example='`"ga": {"monthly_active_connections": 30}`.',
    ),
)
REQUIRED_NOT_SHOWN = Rule(
    id="CP510",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="A required GA criterion is not shown",
    hint="get the value from where the message says and enter it in the project's ga section",
    example='"ga": {"availability_pct": null}',
    doc=RuleDoc(
        location=(
            "the criterion's field (`ga.backend_in_production`, `ga.availability_pct`, "
            "`ga.slo_pct`, `ga.success_rate_pct` or `ga.responses`, "
            "`ga.support_matches_backend`)"
        ),
        checks=(
            "one finding per required criterion (R1–R5) whose value is null, or cannot be "
            "computed (response counts that are all zero apart from the throttled ones). The "
            "message says where the number comes from, per both versions of the page."
        ),
        why="an unknown criterion is never a pass; the GA request needs all five.",
        fix="get the value from the source the message names and enter it.",
        example='`"ga": {"availability_pct": null}`.',
    ),
)
RECOMMENDED_NOT_SHOWN = Rule(
    id="CP511",
    severity=Severity.INFO,
    scope=Scope.PROJECT,
    title="A recommended GA criterion is not shown",
    hint="get the value from where the message says and enter it in the project's ga section",
    example='"ga": {"monthly_active_connections": null}',
    doc=RuleDoc(
        location=(
            "`ga.weekly_active_users` (or the first missing week, "
            "`ga.weekly_active_users[i]`, when U1 is otherwise undecided), or "
            "`ga.monthly_active_connections`"
        ),
        checks="U1 or U2 is unknown. The message says where the number comes from.",
        example='`"ga": {"monthly_active_connections": null}`.',
    ),
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
    doc=RuleDoc(
        location="R4's field (`ga.success_rate_pct` or `ga.responses`)",
        checks=(
            "R4 fails, and the exception holds (see above), so the connector is eligible by "
            "exception. This replaces CP504: the R4 failure is not an error then."
        ),
        fix=(
            "nothing to fix; say in the GA request that a customer requires the connector in "
            "production and that the preview has lasted at least 6 months."
        ),
        example=(
            '`"ga": {"customer_requires_production": true, "preview_start": "2024-08-31", '
            '"as_of": "2025-02-28", "success_rate_pct": 65}`, with R1, R2, R3 and R5 passing.'
        ),
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
    doc=RuleDoc(
        location=(
            "the first open condition's field (`ga.customer_requires_production`, "
            "`ga.preview_start`, or a criterion's field)"
        ),
        checks=(
            "R4 fails, the success rate is at least 50 %, and nothing rules the exception "
            "out: `customer_requires_production` is not false and none of R1, R2, R3, R5 "
            "fails. What is still open is listed: an unanswered customer requirement, a "
            "missing preview start, a criterion not shown yet, or the date the 6 months are "
            "reached. CP504 stays an error meanwhile."
        ),
        fix=(
            "if a customer requires the connector in production, fill in what the message "
            "names, or wait for the date it gives."
        ),
        example=(
            '`"ga": {"success_rate_pct": 65, "customer_requires_production": null}`, with R1, '
            "R2, R3 and R5 passing."
        ),
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

DOC_SECTIONS: dict[str, str] = {
    "CP501": """\
## CP5xx: GA criteria

All CP5xx rules read the GA evaluation (`evaluate_ga`, in `cloudprep.core.ga`): the same
verdicts the wizard shows beside each input and the checklist shows as R1–R5, U1, U2 and EX.
The facts come from both versions of Microsoft Learn's "Move your connector from preview to
GA" (PRODUCT §2); where the two versions differ on where a number comes from, the message
names both ("the undated version" and "the version dated 04/05/2025").

Common to all of them:
- An unknown value (null in the project file) is never a pass and never a fail: it is "not
  shown" (CP510, CP511), and the eligibility stays unknown until the known values decide it.
- Boundaries are exact. A percentage is read as the decimal you wrote (99.95 is 99.95, not the
  float 99.9500000000000028…), and a rate computed from response counts is an exact fraction.
- Eligibility: **eligible** when R1–R5 all pass (U1 and U2 are recommended and never block);
  else **eligible by exception** when the 6-month exception holds; else **not eligible** when
  a required criterion fails and the exception definitely does not hold; else **unknown**.
- The 6-month exception (EX) holds when a customer requires the connector in production
  (`ga.customer_requires_production`), the preview has lasted at least 6 calendar months from
  `ga.preview_start` to `ga.as_of` (or today when `as_of` is null; the 31st plus
  6 months clamps to the month's end, so Aug 31 reaches 6 months on Feb 28, or Feb 29 in a
  leap year), R1, R2, R3 and R5 pass, and the success rate is at least 50 % (50 exactly
  holds). When `customer_requires_production` is false the exception's verdict is "fail" with
  the detail "Does not apply", and the checklist shows EX as not applicable.
""",
}
"""docs/rules.md text shown before the rule with that id (section headings, intros)."""


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


def _first_sentence(text: str) -> str:
    """The fact, for the message; the rest (interpretation, source) goes to the hint."""
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def _rest(text: str) -> str:
    return text.partition(". ")[2]


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
                f"{path}: {_label(result)}: {_first_sentence(result.detail)}",
                path=path,
                hint=f"enter it as {path}. Where it comes from: {result.source}",
            )
        elif result.verdict is Verdict.FAIL:
            if result.id == "R4" and by_exception:
                yield ELIGIBLE_THROUGH_EXCEPTION.finding(
                    f"{path}: {_label(result)} fails, but the connector is eligible for GA "
                    "through the 6-month exception.",
                    path=path,
                    hint=f"{ELIGIBLE_THROUGH_EXCEPTION.hint}. {result.detail} "
                    f"{evaluation.exception.detail}",
                )
                continue
            rule = _FAILING[result.id]
            yield rule.finding(
                f"{path}: {_label(result)}: {_first_sentence(result.detail)}",
                path=path,
                hint=f"{rule.hint}. {_rest(result.detail)}".rstrip(". ") + ".",
            )
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
