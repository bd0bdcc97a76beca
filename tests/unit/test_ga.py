"""The GA evaluation (PRODUCT §2, §5): boundaries, the exception, eligibility.

Every expected value here is worked out by hand from the spec, never produced by the code.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest

from cloudprep.core.ga import (
    CriterionResult,
    Eligibility,
    GaEvaluation,
    Verdict,
    add_calendar_months,
    evaluate_ga,
    full_calendar_months,
    success_rate_from_responses,
)
from cloudprep.core.ga_facts import (
    EXCEPTION,
    GA_CRITERIA,
    GA_MOVE_DURATION,
    GA_REQUEST_EMAIL_NOTE,
    GA_REQUEST_ROUTES,
    MAC_NOTE,
    criterion_facts,
    facts_for_field,
)
from cloudprep.core.models import GaInputs, ResponseCounts

REF = date(2025, 6, 1)

# Every required criterion passes with room to spare; the recommended ones too.
PASSING: dict[str, Any] = {
    "as_of": "2025-05-31",
    "preview_start": "2024-09-15",
    "customer_requires_production": None,
    "backend_in_production": True,
    "support_matches_backend": True,
    "availability_pct": 99.99,
    "slo_pct": 99.9,
    "success_rate_pct": 97.5,
    "weekly_active_users": [720, 810, 905],
    "monthly_active_connections": 130,
}

# The exception's shape: R4 is below 80 but at least 50, a customer requires production and
# the preview started 2024-08-31, so the 6 months are reached on 2025-02-28.
BY_EXCEPTION: dict[str, Any] = {
    **PASSING,
    "customer_requires_production": True,
    "preview_start": "2024-08-31",
    "as_of": "2025-02-28",
    "success_rate_pct": 65.0,
}


def ga(base: dict[str, Any] | None = None, **changes: Any) -> GaInputs:
    return GaInputs.model_validate({**(base or {}), **changes})


def evaluate(inputs: GaInputs, reference_date: date = REF) -> GaEvaluation:
    return evaluate_ga(inputs, reference_date=reference_date)


def crit(evaluation: GaEvaluation, cid: str) -> CriterionResult:
    return evaluation.criterion(cid)


# --- calendar months ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 8, 31), 6, date(2025, 2, 28)),  # clamps to the month's end
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2024, 8, 30), 6, date(2025, 2, 28)),
        (date(2024, 8, 28), 6, date(2025, 2, 28)),
        (date(2024, 3, 15), 6, date(2024, 9, 15)),
        (date(2024, 10, 31), 6, date(2025, 4, 30)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),
        (date(2024, 7, 1), 6, date(2025, 1, 1)),  # crosses the year
        (date(2024, 5, 31), 0, date(2024, 5, 31)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 1, 31), 12, date(2025, 1, 31)),
    ],
)
def test_add_calendar_months(start: date, months: int, expected: date) -> None:
    assert add_calendar_months(start, months) == expected


def test_add_calendar_months_outside_the_calendar_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="outside the calendar"):
        add_calendar_months(date(9999, 12, 1), 1)
    with pytest.raises(ValueError, match="outside the calendar"):
        add_calendar_months(date(1, 1, 1), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 8, 31), date(2025, 2, 28), 6),
        (date(2024, 8, 31), date(2025, 2, 27), 5),
        (date(2024, 2, 28), date(2024, 8, 27), 5),
        (date(2024, 2, 28), date(2024, 8, 28), 6),
        (date(2024, 1, 15), date(2024, 1, 20), 0),
        (date(2024, 5, 1), date(2024, 4, 1), 0),  # end before start
        (date(2023, 8, 31), date(2024, 2, 28), 5),
        (date(2023, 8, 31), date(2024, 2, 29), 6),
    ],
)
def test_full_calendar_months(start: date, end: date, expected: int) -> None:
    assert full_calendar_months(start, end) == expected


# --- success rate from responses -------------------------------------------------------------


def test_success_rate_leaves_throttled_out_entirely() -> None:
    # 1700 successes of 1700 + 200 + 100 = 2000 counted; the 120 throttled do not count.
    r = ResponseCounts.model_validate(
        {"1xx": 0, "2xx": 1700, "3xx": 0, "4xx": 200, "5xx": 100, "throttled": 120}
    )
    assert success_rate_from_responses(r) == 85.0


def test_success_rate_counts_1xx_2xx_and_3xx_as_success() -> None:
    # (10 + 60 + 10) / (10 + 60 + 10 + 15 + 5) = 80 / 100.
    r = ResponseCounts.model_validate({"1xx": 10, "2xx": 60, "3xx": 10, "4xx": 15, "5xx": 5})
    assert success_rate_from_responses(r) == 80.0


@pytest.mark.parametrize(
    "counts",
    [
        {},
        {"throttled": 500},
        {"1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, "throttled": 0},
    ],
)
def test_success_rate_with_nothing_to_divide_by_is_none(counts: dict[str, int]) -> None:
    assert success_rate_from_responses(ResponseCounts.model_validate(counts)) is None


def test_success_rate_with_only_failures_is_zero() -> None:
    r = ResponseCounts.model_validate({"4xx": 3, "5xx": 1, "throttled": 7})
    assert success_rate_from_responses(r) == 0.0


def test_success_rate_bad_counts_built_without_validation_are_none() -> None:
    r = ResponseCounts.model_construct(c2xx=-5, c4xx=1)
    assert success_rate_from_responses(r) is None


# --- R1, R5: statements ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "cid"), [("backend_in_production", "R1"), ("support_matches_backend", "R5")]
)
@pytest.mark.parametrize(
    ("value", "verdict"),
    [(True, Verdict.PASS), (False, Verdict.FAIL), (None, Verdict.UNKNOWN)],
)
def test_yes_no_criteria(field: str, cid: str, value: bool | None, verdict: Verdict) -> None:
    result = crit(evaluate(ga(PASSING, **{field: value})), cid)
    assert result.verdict is verdict
    assert result.value is value
    assert result.margin is None
    assert result.required is True


# --- R2, R3: percentages with exact boundaries ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "verdict", "margin"),
    [
        (99.95, Verdict.PASS, 0.0),
        (99.97, Verdict.PASS, 0.02),
        (100, Verdict.PASS, 0.05),
        (99.94, Verdict.FAIL, -0.01),
        (99.9499999, Verdict.FAIL, -0.0000001),
        (99.9, Verdict.FAIL, -0.05),
        (0, Verdict.FAIL, -99.95),
    ],
)
def test_r2_availability_boundary(value: float, verdict: Verdict, margin: float) -> None:
    result = crit(evaluate(ga(PASSING, availability_pct=value)), "R2")
    assert result.verdict is verdict
    assert result.margin == margin
    assert result.value == value
    assert result.threshold == ">= 99.95 %"


def test_r2_computed_float_at_the_boundary_passes() -> None:
    # 99.95 typed into JSON is the float 99.9500000000000028…; it must read as 99.95.
    result = crit(evaluate(ga(PASSING, availability_pct=float("99.95"))), "R2")
    assert result.verdict is Verdict.PASS
    assert "99.95 % is at least 99.95 %" in result.detail


@pytest.mark.parametrize(
    ("value", "verdict", "margin"),
    [(99.5, Verdict.PASS, 0.0), (99.51, Verdict.PASS, 0.01), (99.49, Verdict.FAIL, -0.01)],
)
def test_r3_slo_boundary(value: float, verdict: Verdict, margin: float) -> None:
    result = crit(evaluate(ga(PASSING, slo_pct=value)), "R3")
    assert result.verdict is verdict
    assert result.margin == margin
    assert result.threshold == ">= 99.5 %"


def test_r2_r3_unknown_say_so() -> None:
    evaluation = evaluate(ga(PASSING, availability_pct=None, slo_pct=None))
    for cid in ("R2", "R3"):
        result = crit(evaluation, cid)
        assert result.verdict is Verdict.UNKNOWN
        assert result.value is None
        assert result.margin is None
        assert result.detail.startswith("Not shown yet")
    assert "enter the SLO" in crit(evaluation, "R3").detail


def test_r2_failure_detail_names_the_value_and_margin() -> None:
    detail = crit(evaluate(ga(PASSING, availability_pct=99.9)), "R2").detail
    assert detail.startswith("Availability 99.9 % is below 99.95 % (-0.05 points).")
    assert "backend issues are excluded" in detail


# --- R4: success rate -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "verdict", "margin"),
    [
        (80, Verdict.FAIL, 0.0),  # 80 exactly fails: "greater than 80 %"
        (80.01, Verdict.PASS, 0.01),
        (79.99, Verdict.FAIL, -0.01),
        (100, Verdict.PASS, 20.0),
    ],
)
def test_r4_given_rate_boundary(value: float, verdict: Verdict, margin: float) -> None:
    evaluation = evaluate(ga(PASSING, success_rate_pct=value))
    result = crit(evaluation, "R4")
    assert result.verdict is verdict
    assert result.margin == margin
    assert result.threshold == "> 80 %"
    assert evaluation.success_rate_pct == value


def test_r4_exactly_80_from_responses_fails() -> None:
    counts = {"2xx": 4, "4xx": 1}  # 4 / 5 = 80 %
    result = crit(evaluate(ga(PASSING, success_rate_pct=None, responses=counts)), "R4")
    assert result.verdict is Verdict.FAIL
    assert result.value == 80.0
    assert result.margin == 0.0
    assert "is not above 80 %" in result.detail


def test_r4_just_above_80_from_responses_passes_and_shows_enough_digits() -> None:
    # 400001 / 500001 = 80.0000399999…%: above 80, and not shown as "80.00".
    counts = {"2xx": 400001, "4xx": 100000}
    result = crit(evaluate(ga(PASSING, success_rate_pct=None, responses=counts)), "R4")
    assert result.verdict is Verdict.PASS
    assert "Success rate 80.00004 %" in result.detail


def test_r4_throttled_are_excluded_not_failures() -> None:
    # 85 / (85 + 15) = 85 %; counting the 1000 throttled as failures would give 7.4 %.
    counts = {"2xx": 85, "4xx": 15, "throttled": 1000}
    evaluation = evaluate(ga(PASSING, success_rate_pct=None, responses=counts))
    result = crit(evaluation, "R4")
    assert result.verdict is Verdict.PASS
    assert result.value == 85.0
    assert evaluation.success_rate_pct == 85.0
    assert "85 of 100 responses in 1xx–3xx, 1000 throttled left out" in result.detail


def test_r4_computed_rate_marks_the_interpretation() -> None:
    counts = {"1xx": 1, "2xx": 8, "3xx": 1, "5xx": 1}
    result = crit(evaluate(ga(PASSING, success_rate_pct=None, responses=counts)), "R4")
    assert "Interpretation: success means the classes 1xx–3xx" in result.detail
    assert "throttled" in result.detail


def test_r4_given_rate_has_no_interpretation() -> None:
    result = crit(evaluate(ga(PASSING, success_rate_pct=90)), "R4")
    assert "Interpretation" not in result.detail
    assert result.detail == "Success rate 90 % is above 80 % (+10 points)."


def test_r4_only_throttled_is_unknown() -> None:
    evaluation = evaluate(ga(PASSING, success_rate_pct=None, responses={"throttled": 40}))
    result = crit(evaluation, "R4")
    assert result.verdict is Verdict.UNKNOWN
    assert result.value is None
    assert "40 throttled" in result.detail
    assert evaluation.success_rate_pct is None


def test_r4_nothing_given_is_unknown() -> None:
    result = crit(evaluate(ga(PASSING, success_rate_pct=None)), "R4")
    assert result.verdict is Verdict.UNKNOWN
    assert "response counts" in result.detail


# --- U1, U2 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "verdict", "margin"),
    [
        ([500, 500, 500], Verdict.PASS, 0.0),
        ([720, 810, 905], Verdict.PASS, 220.0),
        ([499, 800, 900], Verdict.FAIL, -1.0),
        ([900, 800, 499], Verdict.FAIL, -1.0),
        ([499, None, None], Verdict.FAIL, -1.0),  # one week already fails
        ([600, None, 700], Verdict.UNKNOWN, None),
        ([None, None, None], Verdict.UNKNOWN, None),
        (None, Verdict.UNKNOWN, None),
    ],
)
def test_u1_each_week(weeks: list[int | None] | None, verdict: Verdict, margin: float) -> None:
    result = crit(evaluate(ga(PASSING, weekly_active_users=weeks)), "U1")
    assert result.verdict is verdict
    assert result.margin == margin
    assert result.required is False
    assert result.threshold == ">= 500 each week"


def test_u1_shows_the_weekly_numbers() -> None:
    result = crit(evaluate(ga(PASSING, weekly_active_users=[620, 480, None])), "U1")
    assert result.value == (620, 480, None)
    assert result.to_dict()["value"] == [620, 480, None]
    assert "Weekly active users 620, 480, not shown (oldest first): week 2 is below 500" in (
        result.detail
    )
    assert "Interpretation:" in result.detail


@pytest.mark.parametrize(
    ("mac", "verdict", "margin"),
    [(50, Verdict.PASS, 0.0), (49, Verdict.FAIL, -1.0), (0, Verdict.FAIL, -50.0)],
)
def test_u2_monthly_active_connections(mac: int, verdict: Verdict, margin: float) -> None:
    result = crit(evaluate(ga(PASSING, monthly_active_connections=mac)), "U2")
    assert result.verdict is verdict
    assert result.margin == margin
    assert result.value == mac
    assert result.threshold == ">= 50"


def test_recommended_criteria_do_not_block_eligibility() -> None:
    inputs = ga(PASSING, weekly_active_users=[10, 10, 10], monthly_active_connections=3)
    evaluation = evaluate(inputs)
    assert evaluation.eligibility is Eligibility.ELIGIBLE
    assert evaluation.summary == (
        "Eligible for GA: every required criterion passes (recommended: U1 and U2 not met)"
    )


# --- the exception ----------------------------------------------------------------------------


def test_exception_holds_at_its_boundaries() -> None:
    # 6 months reached exactly on as_of (Aug 31 + 6 = Feb 28), success rate exactly 50 %.
    evaluation = evaluate(ga(BY_EXCEPTION, success_rate_pct=50))
    ex = evaluation.exception
    assert ex.verdict is Verdict.PASS
    assert ex.id == "EX"
    assert ex.value == 6
    assert ex.margin == 0.0
    assert crit(evaluation, "R4").verdict is Verdict.FAIL
    assert evaluation.eligibility is Eligibility.ELIGIBLE_BY_EXCEPTION
    assert evaluation.summary == (
        "Eligible for GA through the 6-month exception (success rate 50 %)"
    )
    assert evaluation.six_months_on == date(2025, 2, 28)
    assert evaluation.preview_months == 6


def test_exception_success_rate_below_50_fails() -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, success_rate_pct=49.99))
    assert evaluation.exception.verdict is Verdict.FAIL
    assert "49.99 % is below 50 %" in evaluation.exception.detail
    assert evaluation.eligibility is Eligibility.NOT_ELIGIBLE


def test_exception_one_day_short_of_six_months_fails() -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, as_of="2025-02-27"))
    assert evaluation.exception.verdict is Verdict.FAIL
    assert evaluation.exception.value == 5
    assert evaluation.exception.margin == -1.0
    assert "6 are reached on 2025-02-28" in evaluation.exception.detail
    assert evaluation.eligibility is Eligibility.NOT_ELIGIBLE


@pytest.mark.parametrize(
    ("as_of", "verdict"), [("2024-02-28", Verdict.FAIL), ("2024-02-29", Verdict.PASS)]
)
def test_exception_leap_year(as_of: str, verdict: Verdict) -> None:
    inputs = ga(BY_EXCEPTION, preview_start="2023-08-31", as_of=as_of)
    assert evaluate(inputs).exception.verdict is verdict


def test_exception_counts_to_the_reference_date_without_as_of() -> None:
    inputs = ga(BY_EXCEPTION, as_of=None)
    assert evaluate(inputs, date(2025, 2, 27)).exception.verdict is Verdict.FAIL
    reached = evaluate(inputs, date(2025, 2, 28))
    assert reached.exception.verdict is Verdict.PASS
    assert reached.counted_until == date(2025, 2, 28)


def test_exception_preview_starting_after_the_reference_date() -> None:
    inputs = ga(BY_EXCEPTION, as_of=None, preview_start="2025-07-01")
    evaluation = evaluate(inputs, date(2025, 6, 1))
    assert evaluation.preview_months == 0
    assert evaluation.exception.verdict is Verdict.FAIL


def test_exception_is_not_applicable_without_a_customer_requirement() -> None:
    # Not a failed exception with a margin (it read "FAIL · margin +7 — Does not apply"):
    # a closed one, with neither value nor margin.
    evaluation = evaluate(ga(BY_EXCEPTION, customer_requires_production=False))
    assert evaluation.exception.verdict is Verdict.NOT_APPLICABLE
    assert evaluation.exception.margin is None
    assert evaluation.exception.value is None
    assert evaluation.exception.detail.startswith("Not applicable")
    assert evaluation.exception_applies is False
    assert evaluation.eligibility is Eligibility.NOT_ELIGIBLE
    assert evaluation.summary.endswith("and the 6-month exception does not apply")


def test_exception_unknown_customer_requirement() -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, customer_requires_production=None))
    assert evaluation.exception.verdict is Verdict.UNKNOWN
    assert "whether a customer requires production is not shown" in evaluation.exception.detail
    assert evaluation.eligibility is Eligibility.UNKNOWN


def test_exception_unknown_preview_start() -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, preview_start=None))
    assert evaluation.exception.verdict is Verdict.UNKNOWN
    assert evaluation.exception.value is None
    assert evaluation.exception.margin is None
    assert evaluation.preview_months is None
    assert evaluation.six_months_on is None
    assert evaluation.eligibility is Eligibility.UNKNOWN


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("backend_in_production", False),
        ("availability_pct", 99.0),
        ("slo_pct", 99.0),
        ("support_matches_backend", False),
    ],
)
def test_exception_needs_the_other_required_criteria(field: str, value: Any) -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, **{field: value}))
    assert evaluation.exception.verdict is Verdict.FAIL
    assert evaluation.eligibility is Eligibility.NOT_ELIGIBLE


def test_exception_detail_lists_what_holds() -> None:
    detail = evaluate(ga(BY_EXCEPTION)).exception.detail
    assert detail == (
        "Holds: a customer requires the connector in production, the preview has lasted 6 "
        "full calendar months by 2025-02-28 (6 reached on 2025-02-28), R1, R2, R3 and R5 "
        "pass and the success rate 65 % is at least 50 %."
    )


# --- eligibility: the mixed cases -------------------------------------------------------------


def test_all_required_pass_is_eligible_whatever_the_exception() -> None:
    evaluation = evaluate(ga(PASSING))
    assert evaluation.eligibility is Eligibility.ELIGIBLE
    assert evaluation.exception.verdict is Verdict.UNKNOWN  # customer requirement not stated
    assert evaluation.summary == "Eligible for GA: every required criterion passes"


def test_r4_fails_and_exception_unknown_is_unknown() -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, customer_requires_production=None))
    assert crit(evaluation, "R4").verdict is Verdict.FAIL
    assert evaluation.eligibility is Eligibility.UNKNOWN
    assert evaluation.summary == (
        "GA eligibility unknown: R4 fails and the 6-month exception is undecided"
    )


def test_r4_fails_and_other_required_unknown_is_unknown() -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, availability_pct=None))
    assert evaluation.exception.verdict is Verdict.UNKNOWN
    assert evaluation.eligibility is Eligibility.UNKNOWN
    assert evaluation.summary == (
        "GA eligibility unknown: R4 fails and the 6-month exception is undecided; R2 not shown"
    )


def test_r4_unknown_and_r2_fails_is_not_eligible() -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, success_rate_pct=None, availability_pct=99.0))
    assert evaluation.exception.verdict is Verdict.FAIL
    assert evaluation.eligibility is Eligibility.NOT_ELIGIBLE
    assert evaluation.summary == (
        "Not eligible for GA: R2 fails, and the 6-month exception does not hold"
    )


def test_r4_unknown_rest_passing_is_unknown() -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, success_rate_pct=None))
    assert evaluation.exception.verdict is Verdict.UNKNOWN
    assert evaluation.eligibility is Eligibility.UNKNOWN


def test_r4_below_50_is_not_eligible_even_with_others_unknown() -> None:
    evaluation = evaluate(ga({"success_rate_pct": 40}))
    assert evaluation.exception.verdict is Verdict.FAIL
    assert evaluation.eligibility is Eligibility.NOT_ELIGIBLE


def test_r2_fails_with_exception_unknown_is_not_eligible() -> None:
    # The exception needs R2 too, so it cannot hold: a definite "no".
    evaluation = evaluate(ga(PASSING, availability_pct=99.0, customer_requires_production=None))
    assert evaluation.exception.verdict is Verdict.FAIL
    assert evaluation.eligibility is Eligibility.NOT_ELIGIBLE


def test_one_required_unknown_rest_passing_is_unknown() -> None:
    evaluation = evaluate(ga(PASSING, support_matches_backend=None))
    assert evaluation.eligibility is Eligibility.UNKNOWN
    assert evaluation.summary == "GA eligibility unknown: R5 not shown"


def test_nothing_known_is_all_unknown_never_pass() -> None:
    evaluation = evaluate(GaInputs())
    assert [c.verdict for c in evaluation.criteria] == [Verdict.UNKNOWN] * 7
    assert evaluation.exception.verdict is Verdict.UNKNOWN
    assert evaluation.eligibility is Eligibility.UNKNOWN
    assert evaluation.success_rate_pct is None
    assert all(c.value is None and c.margin is None for c in evaluation.criteria)


# --- structure and serialisation -------------------------------------------------------------


def test_criteria_order_and_required_flags() -> None:
    evaluation = evaluate(ga(PASSING))
    assert [c.id for c in evaluation.criteria] == ["R1", "R2", "R3", "R4", "R5", "U1", "U2"]
    assert [c.required for c in evaluation.criteria] == [True] * 5 + [False] * 2


def test_to_dict_is_json_ready_and_deterministic() -> None:
    first = evaluate(ga(BY_EXCEPTION)).to_dict()
    second = evaluate(ga(BY_EXCEPTION)).to_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["eligibility"] == "eligible_by_exception"
    assert first["six_months_on"] == "2025-02-28"
    assert first["counted_until"] == "2025-02-28"
    assert first["exception"]["id"] == "EX"
    assert first["criteria"][1] == {
        "id": "R2",
        "title": "Connector availability",
        "required": True,
        "verdict": "pass",
        "value": 99.99,
        "threshold": ">= 99.95 %",
        "margin": 0.04,
        "detail": (
            "Availability 99.99 % is at least 99.95 % (+0.04 points). Only connector-caused "
            "issues count; backend issues are excluded."
        ),
        "source": (
            "Per the undated version of the page: reliability is not in the ISV portal; ask "
            "your Microsoft contact. Per the version dated 04/05/2025: contact the Microsoft "
            "team."
        ),
        "source_brief": "Microsoft team",
    }


def test_sources_name_both_page_versions_and_neither_newer() -> None:
    evaluation = evaluate(ga(PASSING))
    for result in (*evaluation.criteria, evaluation.exception):
        assert result.source
        assert "newer" not in result.source.lower()
    for cid in ("R2", "R3", "R4", "U1", "U2"):
        source = crit(evaluation, cid).source
        assert "undated version" in source
        assert "dated 04/05/2025" in source
    assert "ISV portal" in crit(evaluation, "R4").source
    assert "ISV portal" in crit(evaluation, "U2").source


# --- bad input built without validation never raises ------------------------------------------


@pytest.mark.parametrize("bad", [math.nan, math.inf, 150.0, -1.0])
def test_bad_percentages_are_unknown_not_a_crash(bad: float) -> None:
    inputs = GaInputs.model_construct(
        availability_pct=bad, slo_pct=bad, success_rate_pct=bad, responses=None
    )
    evaluation = evaluate(inputs)
    for cid in ("R2", "R3", "R4"):
        assert crit(evaluation, cid).verdict is Verdict.UNKNOWN
    json.dumps(evaluation.to_dict(), allow_nan=False)


def test_bad_counts_are_unknown_not_a_crash() -> None:
    inputs = GaInputs.model_construct(
        success_rate_pct=None,
        responses=ResponseCounts.model_construct(c2xx=-1),
        weekly_active_users=(600, 700),  # type: ignore[arg-type]  # deliberately wrong
        monthly_active_connections=-4,
    )
    evaluation = evaluate(inputs)
    for cid in ("R4", "U1", "U2"):
        assert crit(evaluation, cid).verdict is Verdict.UNKNOWN


def test_preview_start_at_the_end_of_the_calendar_does_not_crash() -> None:
    inputs = GaInputs.model_construct(
        customer_requires_production=True, preview_start=date(9999, 12, 31), as_of=None
    )
    evaluation = evaluate(inputs, date(9999, 12, 31))
    assert evaluation.exception.verdict is Verdict.FAIL
    assert evaluation.six_months_on is None


# --- the facts the wizard shows ---------------------------------------------------------------


def test_criteria_facts_match_the_evaluation() -> None:
    evaluation = evaluate(ga(PASSING))
    assert [f.id for f in GA_CRITERIA] == [c.id for c in evaluation.criteria]
    for facts, result in zip(GA_CRITERIA, evaluation.criteria, strict=True):
        assert facts.title == result.title
        assert facts.threshold == result.threshold
        assert facts.source == result.source
        assert facts.required is result.required
    assert criterion_facts("EX") is EXCEPTION
    assert EXCEPTION.threshold == evaluation.exception.threshold


def test_facts_for_field() -> None:
    assert facts_for_field("ga.responses") is criterion_facts("R4")
    assert facts_for_field("ga.success_rate_pct") is criterion_facts("R4")
    assert facts_for_field("ga.preview_start") is EXCEPTION
    assert facts_for_field("connector.name") is None
    with pytest.raises(KeyError):
        criterion_facts("R9")


def test_mac_note_gives_both_meanings() -> None:
    assert "monthly active connections" in MAC_NOTE
    assert "maximum allowable cost" in MAC_NOTE
    assert "Find your connector criteria" in MAC_NOTE
    assert criterion_facts("U2").note == MAC_NOTE


def test_request_routes_and_no_invented_address() -> None:
    routes = {r.page_version: r.how for r in GA_REQUEST_ROUTES}
    assert "ISV Studio activity control" in routes["the undated version"]
    assert "ISV Studio was retired on 2024-05-31" in routes["the undated version"]
    assert "Microsoft team" in routes["the version dated 04/05/2025"]
    assert "the email in the Request the move to GA section" in GA_REQUEST_EMAIL_NOTE
    texts = [GA_REQUEST_EMAIL_NOTE, GA_MOVE_DURATION, *routes.values()]
    assert not any("@" in t for t in texts)
    assert "about a month" in GA_MOVE_DURATION


def test_exception_parts_one_by_one() -> None:
    evaluation = evaluate(ga(BY_EXCEPTION, as_of="2025-01-31", availability_pct=None))
    parts = {p.key: (p.verdict, p.path) for p in evaluation.exception_parts}
    assert parts == {
        "customer": (Verdict.PASS, "ga.customer_requires_production"),
        "preview": (Verdict.FAIL, "ga.preview_start"),
        "R1": (Verdict.PASS, "ga.backend_in_production"),
        "R2": (Verdict.UNKNOWN, "ga.availability_pct"),
        "R3": (Verdict.PASS, "ga.slo_pct"),
        "R5": (Verdict.PASS, "ga.support_matches_backend"),
        "success_rate": (Verdict.PASS, "ga.success_rate_pct"),
    }
    # A failing part decides, even with another part unknown.
    assert evaluation.exception.verdict is Verdict.FAIL
    assert evaluation.exception.detail == (
        "Does not hold: the preview has lasted 5 full calendar months by 2025-01-31; "
        "6 are reached on 2025-02-28."
    )


def test_exception_parts_success_rate_path_follows_the_responses() -> None:
    inputs = ga(BY_EXCEPTION, success_rate_pct=None, responses={"2xx": 6, "5xx": 4})
    parts = {p.key: p for p in evaluate(inputs).exception_parts}
    assert parts["success_rate"].path == "ga.responses"
    assert parts["success_rate"].verdict is Verdict.PASS  # 60 % >= 50 %


def test_exception_unknown_detail_groups_the_required_criteria() -> None:
    inputs = ga(BY_EXCEPTION, availability_pct=None, slo_pct=None)
    assert evaluate(inputs).exception.detail == "Cannot be decided yet: R2 and R3 are unknown."
