"""The GA evaluation (PRODUCT §2, §5): each criterion's verdict, the 6-month exception, and
the connector's eligibility.

Three-valued throughout: an unknown input gives an UNKNOWN verdict, never a pass or a fail,
and the eligibility is UNKNOWN whenever the known values do not decide it.

Numbers are compared exactly. A percentage is read as the decimal the user wrote: the
shortest `repr` of a float round-trips (it is what JSON gave us), so `Decimal(repr(99.95))`
is exactly 99.95, where the float itself is 99.9500000000000028…. Computed rates are exact
fractions. No epsilon is needed, so no value near a boundary is waved through by one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, NamedTuple

from cloudprep.core.ga_facts import (
    EXCEPTION,
    EXCEPTION_PREVIEW_MONTHS,
    EXCEPTION_REQUIRED_IDS,
    EXCEPTION_SUCCESS_MINIMUM,
    GA_CRITERIA,
    MAC_NOTE,
    R1,
    R2,
    R3,
    R4,
    R5,
    U1,
    U2,
    WEEKLY_USERS_INTERPRETATION,
    CriterionFacts,
    criterion_facts,
)
from cloudprep.core.models import GaInputs, ResponseCounts

__all__ = [
    "GA_CRITERIA",
    "MAC_NOTE",
    "CriterionResult",
    "Eligibility",
    "ExceptionPart",
    "GaEvaluation",
    "Verdict",
    "add_calendar_months",
    "evaluate_ga",
    "full_calendar_months",
    "success_rate_from_responses",
    "success_rate_path",
]


class Verdict(StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"
    """The 6-month exception only, when no customer requires the connector in production:
    it is not open, so it neither passes nor fails and has no margin."""


class Eligibility(StrEnum):
    ELIGIBLE = "eligible"
    ELIGIBLE_BY_EXCEPTION = "eligible_by_exception"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


Value = bool | int | float | tuple[int | None, ...] | None


class CriterionResult(NamedTuple):
    id: str
    """"R1".."R5", "U1", "U2", or "EX" for the exception: the checklist's stable ids."""
    title: str
    required: bool
    verdict: Verdict
    value: Value
    """The measured value shown to the user: a bool (R1, R5), a percentage (R2–R4), the
    three weekly numbers oldest first (U1, with None for a week not given), a count (U2), or
    the full calendar months of preview (EX). None when nothing is known."""
    threshold: str
    margin: float | None
    """The value minus the threshold in the criterion's unit (points, users, months); for U1
    the lowest week's. None when unknown or not numeric."""
    detail: str
    source: str
    source_brief: str
    """`source` in a few words."""

    def to_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "id": self.id,
            "title": self.title,
            "required": self.required,
            "verdict": self.verdict.value,
            "value": value,
            "threshold": self.threshold,
            "margin": self.margin,
            "detail": self.detail,
            "source": self.source,
            "source_brief": self.source_brief,
        }


class ExceptionPart(NamedTuple):
    """One condition of the 6-month exception, with its own verdict."""

    key: str
    """"customer", "preview", "R1", "R2", "R3", "R5" or "success_rate"."""
    verdict: Verdict
    text: str
    path: str
    """The project-file field to look at."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "verdict": self.verdict.value,
            "text": self.text,
            "path": self.path,
        }


class GaEvaluation(NamedTuple):
    criteria: tuple[CriterionResult, ...]
    """R1..R5, U1, U2 in that order."""
    exception: CriterionResult
    exception_parts: tuple[ExceptionPart, ...]
    """The exception's conditions one by one (its verdict is their Kleene AND)."""
    eligibility: Eligibility
    success_rate_pct: float | None
    """The R4 value, given or computed from the response counts."""
    exception_applies: bool | None
    """Whether a customer requires the connector in production (None: not stated). When
    False the exception's verdict is NOT_APPLICABLE, with no value and no margin."""
    preview_months: int | None
    """Full calendar months of preview up to `counted_until` (None: no preview start)."""
    six_months_on: date | None
    """The day the 6 months of preview are reached (None: no preview start)."""
    counted_until: date
    """`ga.as_of`, or today when it is not given."""
    summary: str

    def criterion(self, criterion_id: str) -> CriterionResult:
        for result in (*self.criteria, self.exception):
            if result.id == criterion_id:
                return result
        raise KeyError(criterion_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "eligibility": self.eligibility.value,
            "summary": self.summary,
            "criteria": [c.to_dict() for c in self.criteria],
            "exception": self.exception.to_dict(),
            "exception_parts": [p.to_dict() for p in self.exception_parts],
            "success_rate_pct": self.success_rate_pct,
            "exception_applies": self.exception_applies,
            "preview_months": self.preview_months,
            "six_months_on": self.six_months_on.isoformat() if self.six_months_on else None,
            "counted_until": self.counted_until.isoformat(),
        }


# --- calendar months ------------------------------------------------------------------------


def add_calendar_months(start: date, months: int) -> date:
    """`start` moved by `months` calendar months; a day past the target month's end clamps
    to it (Aug 31 + 6 months = Feb 28, or Feb 29 in a leap year). Raises ValueError when the
    result is outside the range of `date`."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"{start.isoformat()} + {months} months is outside the calendar")
    return date(year, month0 + 1, min(start.day, _days_in_month(year, month0 + 1)))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def full_calendar_months(start: date, end: date) -> int:
    """The largest n >= 0 such that `add_calendar_months(start, n) <= end` (0 when `end`
    is before `start`)."""
    n = (end.year - start.year) * 12 + (end.month - start.month)
    if n > 0 and add_calendar_months(start, n) > end:
        n -= 1
    return max(n, 0)


# --- numbers --------------------------------------------------------------------------------


def _exact(value: object) -> Fraction | None:
    """The exact decimal a user's number stands for; None for anything that is not a finite
    int or float (a bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _success_fraction(r: ResponseCounts) -> tuple[int, int] | None:
    """(successes, counted responses), or None when a count is not a non-negative int."""
    counts: list[int] = []
    for name in ("c1xx", "c2xx", "c3xx", "c4xx", "c5xx"):
        count = _count(getattr(r, name, None))
        if count is None:
            return None
        counts.append(count)
    return sum(counts[:3]), sum(counts)


def success_rate_from_responses(r: ResponseCounts) -> float | None:
    """The success rate in percent: (1xx + 2xx + 3xx) / (1xx + 2xx + 3xx + 4xx + 5xx).
    Throttled responses are their own count and are left out entirely. None when nothing
    is left to divide by."""
    parts = _success_fraction(r)
    if parts is None or parts[1] == 0:
        return None
    return float(Fraction(100 * parts[0], parts[1]))


def _text(x: Fraction, *, avoid: Fraction | None = None) -> str:
    """A number for people: exact when it has at most 6 decimals (99.95, 85), else 2
    decimals, with more when 2 would make it look equal to `avoid` (a threshold it is not
    equal to)."""
    for places in range(7):
        if round(x, places) == x:
            return _fixed(x, places)
    places = 2
    while places < 12 and avoid is not None and round(x, places) == avoid:
        places += 1
    return _fixed(round(x, places), places)


def _fixed(x: Fraction, places: int) -> str:
    scaled = round(x * 10**places)
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(places + 1, "0")
    if places == 0:
        return sign + digits
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _signed(x: Fraction) -> str:
    if x == 0:
        return "0"
    return ("+" if x > 0 else "-") + _text(abs(x))


def _minimum(facts: CriterionFacts) -> Fraction:
    if facts.minimum is None:
        raise TypeError(f"{facts.id} has no numeric threshold")  # a programming error
    return Fraction(facts.minimum)


def _margin(value: Fraction, facts: CriterionFacts) -> tuple[Verdict, Fraction]:
    """The verdict of a numeric criterion, and the value minus its threshold."""
    minimum = _minimum(facts)
    met = value >= minimum if facts.inclusive else value > minimum
    return (Verdict.PASS if met else Verdict.FAIL), value - minimum


# --- criteria -------------------------------------------------------------------------------


def _result(
    facts: CriterionFacts,
    verdict: Verdict,
    value: Value,
    detail: str,
    margin: Fraction | None = None,
) -> CriterionResult:
    return CriterionResult(
        id=facts.id,
        title=facts.title,
        required=facts.required,
        verdict=verdict,
        value=value,
        threshold=facts.threshold,
        margin=None if margin is None else float(margin),
        detail=detail,
        source=facts.source,
        source_brief=facts.source_brief,
    )


def _not_shown(facts: CriterionFacts, what: str) -> CriterionResult:
    return _result(
        facts,
        Verdict.UNKNOWN,
        None,
        f"Not shown yet: {what}. An unknown criterion never passes.",
    )


def _statement(
    facts: CriterionFacts, value: bool | None, yes: str, no: str, ask: str
) -> CriterionResult:
    if value is True:
        return _result(facts, Verdict.PASS, True, yes)
    if value is False:
        return _result(facts, Verdict.FAIL, False, no)
    return _not_shown(facts, ask)


def _percent_criterion(
    facts: CriterionFacts, raw: float | None, label: str, explain: str
) -> CriterionResult:
    """`label` names the value at the start of a sentence ("Availability", "SLO")."""
    noun = label if label.isupper() else label.lower()
    if raw is None:
        return _not_shown(facts, f"enter the {noun}")
    value = _exact(raw)
    if value is None or not 0 <= value <= 100:
        return _not_shown(facts, f"the {noun} is not a percentage from 0 to 100")
    verdict, margin = _margin(value, facts)
    relation = "is at least" if verdict is Verdict.PASS else "is below"
    detail = (
        f"{label} {_text(value, avoid=_minimum(facts))} % {relation} {facts.minimum} % "
        f"({_signed(margin)} points). {explain}"
    )
    return _result(facts, verdict, float(raw), detail, margin)


class _Rate(NamedTuple):
    value: Fraction | None
    basis: str
    """How the rate was obtained, for the detail; empty when given directly."""
    problem: str
    """Why it is unknown."""


def _success_rate(inputs: GaInputs) -> _Rate:
    if inputs.success_rate_pct is not None:
        value = _exact(inputs.success_rate_pct)
        if value is None or not 0 <= value <= 100:
            return _Rate(None, "", "the success rate is not a percentage from 0 to 100")
        return _Rate(value, "", "")
    r = inputs.responses
    if r is None:
        return _Rate(None, "", "enter the success rate, or the response counts by class")
    parts = _success_fraction(r)
    if parts is None:
        return _Rate(None, "", "a response count is not a whole number of at least 0")
    success, counted = parts
    throttled = _count(r.throttled) or 0
    if counted == 0:
        return _Rate(
            None,
            "",
            f"no response counts apart from {throttled} throttled, so the rate cannot be computed",
        )
    basis = f"{success} of {counted} responses in 1xx–3xx, {throttled} throttled left out"
    return _Rate(Fraction(100 * success, counted), basis, "")


def _r4(rate: _Rate) -> CriterionResult:
    if rate.value is None:
        return _not_shown(R4, rate.problem)
    verdict, margin = _margin(rate.value, R4)
    relation = "is above" if verdict is Verdict.PASS else "is not above"
    basis = f" ({rate.basis})" if rate.basis else ""
    detail = (
        f"Success rate {_text(rate.value, avoid=_minimum(R4))} %{basis} {relation} "
        f"{R4.minimum} % ({_signed(margin)} points)."
    )
    if rate.basis:
        detail += f" {R4.interpretation}"
    return _result(R4, verdict, float(rate.value), detail, margin)


def _weekly_users(raw: Sequence[object] | None) -> CriterionResult:
    ask = "enter the weekly active users of the last three weeks"
    if raw is None:
        return _not_shown(U1, ask)
    weeks = tuple(_count(w) for w in raw)
    known = [w for w in weeks if w is not None]
    if len(weeks) != 3 or not known:
        return _not_shown(U1, ask)
    minimum = _minimum(U1)
    short = [f"week {i}" for i, w in enumerate(weeks, 1) if w is not None and w < minimum]
    missing = [f"week {i}" for i, w in enumerate(weeks, 1) if w is None]
    margin: Fraction | None = min(known) - minimum
    if short:
        verdict = Verdict.FAIL
        result = f"{_join(short)} {'is' if len(short) == 1 else 'are'} below {U1.minimum}"
    elif missing:
        verdict, margin = Verdict.UNKNOWN, None
        result = f"{_join(missing)} not shown yet, and no week is below {U1.minimum}"
    else:
        verdict = Verdict.PASS
        result = f"each week reaches {U1.minimum}"
    shown = ", ".join("not shown" if w is None else str(w) for w in weeks)
    lowest = "" if margin is None else f" (lowest {_signed(margin)})"
    detail = (
        f"Weekly active users {shown} (oldest first): {result}{lowest}. "
        f"{WEEKLY_USERS_INTERPRETATION}"
    )
    return _result(U1, verdict, weeks, detail, margin)


def _monthly_connections(raw: int | None) -> CriterionResult:
    if raw is None:
        return _not_shown(U2, "enter the monthly active connections (MAC)")
    value = _count(raw)
    if value is None:
        return _not_shown(U2, "the monthly active connections are not a whole number")
    verdict, margin = _margin(Fraction(value), U2)
    relation = "is at least" if verdict is Verdict.PASS else "is below"
    detail = (
        f"{value} monthly active connections (MAC) {relation} {U2.minimum} "
        f"({_signed(margin)}). MAC here means monthly active connections, as in the "
        "criteria list."
    )
    return _result(U2, verdict, value, detail, margin)


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _all(verdicts: Iterable[Verdict]) -> Verdict:
    """Kleene AND: one FAIL decides, else one UNKNOWN leaves it open."""
    seen = set(verdicts)
    if Verdict.FAIL in seen:
        return Verdict.FAIL
    if Verdict.UNKNOWN in seen:
        return Verdict.UNKNOWN
    return Verdict.PASS


# --- the exception --------------------------------------------------------------------------


class _Preview(NamedTuple):
    months: int | None
    six_months_on: date | None
    reached: Verdict
    text: str


def _preview(start: date | None, end: date) -> _Preview:
    if start is None:
        return _Preview(None, None, Verdict.UNKNOWN, "the preview start date is not shown")
    months = full_calendar_months(start, end)
    try:
        on: date | None = add_calendar_months(start, EXCEPTION_PREVIEW_MONTHS)
    except ValueError:
        on = None  # past the end of the calendar: never reached
    plural = "month" if months == 1 else "months"
    lasted = f"the preview has lasted {months} full calendar {plural} by {end.isoformat()}"
    if on is not None and on <= end:
        return _Preview(months, on, Verdict.PASS, f"{lasted} (6 reached on {on.isoformat()})")
    when = f"; 6 are reached on {on.isoformat()}" if on else ""
    return _Preview(months, on, Verdict.FAIL, lasted + when)


_VERB = {
    Verdict.PASS: ("passes", "pass"),
    Verdict.FAIL: ("fails", "fail"),
    Verdict.UNKNOWN: ("is unknown", "are unknown"),
}


def success_rate_path(inputs: GaInputs) -> str:
    """Where R4's value is in the project file: the responses when given, else the rate."""
    return "ga.responses" if inputs.responses is not None else "ga.success_rate_pct"


def _exception_parts(
    inputs: GaInputs,
    required: dict[str, CriterionResult],
    rate: Fraction | None,
    preview: _Preview,
) -> tuple[ExceptionPart, ...]:
    applies = inputs.customer_requires_production
    customer = {
        True: (Verdict.PASS, "a customer requires the connector in production"),
        False: (Verdict.FAIL, "no customer requires the connector in production"),
        None: (Verdict.UNKNOWN, "whether a customer requires production is not shown"),
    }[applies]
    minimum = Fraction(EXCEPTION_SUCCESS_MINIMUM)
    if rate is None:
        rate_check = (Verdict.UNKNOWN, "the success rate is not shown")
    else:
        shown = f"the success rate {_text(rate, avoid=minimum)} %"
        rate_check = (
            (Verdict.PASS, f"{shown} is at least {minimum} %")
            if rate >= minimum
            else (Verdict.FAIL, f"{shown} is below {minimum} %")
        )
    return (
        ExceptionPart("customer", *customer, "ga.customer_requires_production"),
        ExceptionPart("preview", preview.reached, preview.text, "ga.preview_start"),
        *(
            ExceptionPart(
                cid,
                required[cid].verdict,
                f"{cid} {_VERB[required[cid].verdict][0]}",
                criterion_facts(cid).fields[0],
            )
            for cid in EXCEPTION_REQUIRED_IDS
        ),
        ExceptionPart("success_rate", *rate_check, success_rate_path(inputs)),
    )


def _exception(parts: tuple[ExceptionPart, ...], preview: _Preview) -> CriterionResult:
    if any(p.key == "customer" and p.verdict is Verdict.FAIL for p in parts):
        # Not a failed exception but a closed one: one state everywhere (the checklist, the
        # wizard, SUBMISSION.md), and no margin that would read as a near miss.
        detail = (
            "Not applicable: no customer requires the connector in production, so the "
            "6-month exception is not open."
        )
        return _result(EXCEPTION, Verdict.NOT_APPLICABLE, None, detail)
    value = preview.months
    margin = None if value is None else Fraction(value - EXCEPTION_PREVIEW_MONTHS)
    verdict = _all(p.verdict for p in parts)
    # Show what decides the verdict: everything when it holds, else the failing (or the
    # undecided) parts; the required criteria among them read as one phrase.
    shown = [p for p in parts if verdict is Verdict.PASS or p.verdict is verdict]
    ids = [p.key for p in shown if p.key in EXCEPTION_REQUIRED_IDS]
    texts: list[str] = []
    for part in shown:
        if part.key not in EXCEPTION_REQUIRED_IDS:
            texts.append(part.text)
        elif part.key == ids[0]:
            one, many = _VERB[part.verdict]
            texts.append(f"{_join(ids)} {one if len(ids) == 1 else many}")
    lead = {
        Verdict.PASS: "Holds",
        Verdict.FAIL: "Does not hold",
        Verdict.UNKNOWN: "Cannot be decided yet",
    }[verdict]
    return _result(EXCEPTION, verdict, value, f"{lead}: {_join(texts)}.", margin)


# --- eligibility ----------------------------------------------------------------------------


def _eligibility(required: Sequence[CriterionResult], exception: CriterionResult) -> Eligibility:
    overall = _all(c.verdict for c in required)
    if overall is Verdict.PASS:
        return Eligibility.ELIGIBLE
    if exception.verdict is Verdict.PASS:
        return Eligibility.ELIGIBLE_BY_EXCEPTION
    if overall is Verdict.FAIL and exception.verdict in (Verdict.FAIL, Verdict.NOT_APPLICABLE):
        return Eligibility.NOT_ELIGIBLE
    return Eligibility.UNKNOWN


def _ids(results: Iterable[CriterionResult], verdict: Verdict) -> list[str]:
    return [r.id for r in results if r.verdict is verdict]


def _summary(
    eligibility: Eligibility,
    criteria: Sequence[CriterionResult],
    exception: CriterionResult,
    rate: Fraction | None,
) -> str:
    required = [c for c in criteria if c.required]
    failing = _ids(required, Verdict.FAIL)
    fail_verb = "fails" if len(failing) == 1 else "fail"
    if eligibility is Eligibility.ELIGIBLE:
        recommended = [c for c in criteria if not c.required]
        notes = []
        if short := _ids(recommended, Verdict.FAIL):
            notes.append(f"{_join(short)} not met")
        if open_ := _ids(recommended, Verdict.UNKNOWN):
            notes.append(f"{_join(open_)} not shown")
        tail = f" (recommended: {'; '.join(notes)})" if notes else ""
        return f"Eligible for GA: every required criterion passes{tail}"
    if eligibility is Eligibility.ELIGIBLE_BY_EXCEPTION:
        shown = "" if rate is None else f" (success rate {_text(rate)} %)"
        return f"Eligible for GA through the 6-month exception{shown}"
    if eligibility is Eligibility.NOT_ELIGIBLE:
        closed = (
            "does not apply" if exception.verdict is Verdict.NOT_APPLICABLE else "does not hold"
        )
        return (
            f"Not eligible for GA: {_join(failing)} {fail_verb}, and the 6-month exception {closed}"
        )
    parts = []
    if failing:
        parts.append(f"{_join(failing)} {fail_verb} and the 6-month exception is undecided")
    if unknown := _ids(required, Verdict.UNKNOWN):
        parts.append(f"{_join(unknown)} not shown")
    return f"GA eligibility unknown: {'; '.join(parts)}"


def evaluate_ga(inputs: GaInputs, *, reference_date: date) -> GaEvaluation:
    """Evaluate the GA criteria and the 6-month exception. The 6 months are counted up to
    `inputs.as_of`, or `reference_date` when it is not given (PRODUCT §9)."""
    rate = _success_rate(inputs)
    criteria = (
        _statement(
            R1,
            inputs.backend_in_production,
            yes="The backend service APIs the connector uses are in production.",
            no="The backend service APIs the connector uses are not in production yet.",
            ask="say whether the backend service APIs the connector uses are in production",
        ),
        _percent_criterion(
            R2,
            inputs.availability_pct,
            "Availability",
            "Only connector-caused issues count; backend issues are excluded.",
        ),
        _percent_criterion(
            R3,
            inputs.slo_pct,
            "SLO",
            "It is the share of connections that meet the SLA bar.",
        ),
        _r4(rate),
        _statement(
            R5,
            inputs.support_matches_backend,
            yes="Support for the connector matches the backend service's support model.",
            no=(
                "Support for the connector does not match the backend service's support "
                "model (e.g. 5 days a week, 8am–5pm PT)."
            ),
            ask="say whether support for the connector matches the backend's support model",
        ),
        _weekly_users(inputs.weekly_active_users),
        _monthly_connections(inputs.monthly_active_connections),
    )
    required = {c.id: c for c in criteria if c.required}
    end = inputs.as_of or reference_date
    preview = _preview(inputs.preview_start, end)
    parts = _exception_parts(inputs, required, rate.value, preview)
    exception = _exception(parts, preview)
    eligibility = _eligibility(list(required.values()), exception)
    return GaEvaluation(
        criteria=criteria,
        exception=exception,
        exception_parts=parts,
        eligibility=eligibility,
        success_rate_pct=None if rate.value is None else float(rate.value),
        exception_applies=inputs.customer_requires_production,
        preview_months=preview.months,
        six_months_on=preview.six_months_on,
        counted_until=end,
        summary=_summary(eligibility, criteria, exception, rate.value),
    )
