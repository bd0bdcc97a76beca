"""CP501–CP549: the GA criteria as findings. Expectations are written by hand."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.models import Project
from cloudprep.core.rules import ga as ga_rules
from cloudprep.core.rules.base import Scope
from cloudprep.core.rules.registry import all_rules
from tests.unit.conftest import project_context

REF = date(2025, 6, 1)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

PASSING: dict[str, Any] = {
    "as_of": "2025-05-31",
    "preview_start": "2024-09-15",
    "customer_requires_production": None,
    "backend_in_production": True,
    "support_matches_backend": True,
    "availability_pct": 99.97,
    "slo_pct": 99.62,
    "responses": {"1xx": 0, "2xx": 918000, "3xx": 12000, "4xx": 61000, "5xx": 9000},
    "weekly_active_users": [612, 587, 530],
    "monthly_active_connections": 74,
}
# R4 at 65 % (fails), but a customer requires production and 6 months are reached on
# 2025-02-28: eligible through the exception.
BY_EXCEPTION: dict[str, Any] = {
    **PASSING,
    "responses": None,
    "success_rate_pct": 65,
    "customer_requires_production": True,
    "preview_start": "2024-08-31",
    "as_of": "2025-02-28",
}


def run(ga: dict[str, Any], reference_date: date = REF) -> list[Finding]:
    project = Project.model_validate({"ga": ga})
    ctx = project_context(project, reference_date=reference_date)
    return list(ga_rules.check(ctx))


def ids(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def only(findings: list[Finding], rule: str) -> Finding:
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, ids(findings)
    return matching[0]


# --- a passing project fires nothing ---------------------------------------------------------


def test_passing_project_has_no_findings() -> None:
    assert run(PASSING) == []


def test_passing_with_a_given_rate_has_no_findings() -> None:
    assert run({**PASSING, "responses": None, "success_rate_pct": 80.01}) == []


def test_boundary_values_that_pass_fire_nothing() -> None:
    ga = {**PASSING, "availability_pct": 99.95, "slo_pct": 99.5}
    ga |= {"weekly_active_users": [500, 500, 500], "monthly_active_connections": 50}
    assert run(ga) == []


# --- CP501–CP505: a required criterion fails ---------------------------------------------------


@pytest.mark.parametrize(
    ("change", "rule", "path", "shown"),
    [
        ({"backend_in_production": False}, "CP501", "ga.backend_in_production", "not in"),
        ({"availability_pct": 99.9}, "CP502", "ga.availability_pct", "99.9 % is below 99.95 %"),
        ({"slo_pct": 99.2}, "CP503", "ga.slo_pct", "SLO 99.2 % is below 99.5 %"),
        (
            {"responses": None, "success_rate_pct": 80, "customer_requires_production": False},
            "CP504",
            "ga.success_rate_pct",
            "Success rate 80 % is not above 80 %",
        ),
        (
            {
                "responses": {"2xx": 70, "4xx": 20, "5xx": 10, "throttled": 99},
                "customer_requires_production": False,
            },
            "CP504",
            "ga.responses",
            "Success rate 70 % (70 of 100 responses in 1xx–3xx, 99 throttled left out)",
        ),
        ({"support_matches_backend": False}, "CP505", "ga.support_matches_backend", "does not"),
    ],
)
def test_failing_required_criterion_is_an_error(
    change: dict[str, Any], rule: str, path: str, shown: str
) -> None:
    findings = run({**PASSING, **change})
    finding = only(findings, rule)
    assert ids(findings) == [rule]
    assert finding.severity is Severity.ERROR
    assert finding.path == path
    assert finding.cloud is None
    assert shown in finding.message


def test_several_failures_give_one_finding_each() -> None:
    ga = {**PASSING, "availability_pct": 99.0, "slo_pct": 98.0, "backend_in_production": False}
    assert sorted(ids(run(ga))) == ["CP501", "CP502", "CP503"]


# --- CP506, CP507: a recommended criterion fails -----------------------------------------------


def test_cp506_a_week_below_500_points_at_that_week() -> None:
    finding = only(run({**PASSING, "weekly_active_users": [620, 480, 910]}), "CP506")
    assert finding.severity is Severity.WARNING
    assert finding.path == "ga.weekly_active_users[1]"
    assert "620, 480, 910" in finding.message


def test_cp506_fails_even_with_another_week_unknown() -> None:
    findings = run({**PASSING, "weekly_active_users": [None, 499, None]})
    assert ids(findings) == ["CP506"]
    assert findings[0].path == "ga.weekly_active_users[1]"


def test_cp507_mac_below_50() -> None:
    finding = only(run({**PASSING, "monthly_active_connections": 49}), "CP507")
    assert finding.severity is Severity.WARNING
    assert finding.path == "ga.monthly_active_connections"
    assert "49 monthly active connections (MAC) is below 50" in finding.message


# --- CP510, CP511: unknown criteria -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "path", "where"),
    [
        ("backend_in_production", "ga.backend_in_production", "Your own statement"),
        ("availability_pct", "ga.availability_pct", "not in the ISV portal"),
        ("slo_pct", "ga.slo_pct", "not in the ISV portal"),
        ("responses", "ga.success_rate_pct", "connector telemetry in the ISV portal"),
        ("support_matches_backend", "ga.support_matches_backend", "Your own statement"),
    ],
)
def test_cp510_required_unknown_says_where_the_number_comes_from(
    field: str, path: str, where: str
) -> None:
    findings = run({**PASSING, field: None})
    finding = only(findings, "CP510")
    assert ids(findings) == ["CP510"]
    assert finding.severity is Severity.WARNING
    assert finding.path == path
    # The message names the field and the fact; where the number comes from is the hint's.
    assert finding.message.startswith(f"{path}: ")
    assert where in finding.hint
    assert path in finding.hint


def test_cp510_names_both_page_versions_for_metrics() -> None:
    hint = only(run({**PASSING, "slo_pct": None}), "CP510").hint
    assert "undated version" in hint
    assert "dated 04/05/2025: contact the Microsoft team" in hint


def test_cp510_only_throttled_responses() -> None:
    finding = only(run({**PASSING, "responses": {"throttled": 12}}), "CP510")
    assert finding.path == "ga.responses"
    assert "12 throttled" in finding.message


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"weekly_active_users": None}, "ga.weekly_active_users"),
        ({"weekly_active_users": [600, None, 700]}, "ga.weekly_active_users[1]"),
        ({"monthly_active_connections": None}, "ga.monthly_active_connections"),
    ],
)
def test_cp511_recommended_unknown_is_info(change: dict[str, Any], path: str) -> None:
    findings = run({**PASSING, **change})
    finding = only(findings, "CP511")
    assert ids(findings) == ["CP511"]
    assert finding.severity is Severity.INFO
    assert finding.path == path


def test_empty_ga_section_warns_for_each_required_criterion() -> None:
    findings = run({})
    assert sorted(ids(findings)) == ["CP510"] * 5 + ["CP511"] * 2
    assert not any(f.severity is Severity.ERROR for f in findings)


# --- CP520, CP521: the exception -----------------------------------------------------------------


def test_cp520_eligible_through_exception_replaces_the_r4_error() -> None:
    findings = run(BY_EXCEPTION)
    assert ids(findings) == ["CP520"]
    finding = findings[0]
    assert finding.severity is Severity.INFO
    assert finding.path == "ga.success_rate_pct"
    assert "R4 (Success rate) fails" in finding.message
    assert "through the 6-month exception" in finding.message
    assert "Success rate 65 % is not above 80 %" in finding.hint


def test_cp520_exactly_50_percent_still_counts() -> None:
    assert ids(run({**BY_EXCEPTION, "success_rate_pct": 50})) == ["CP520"]


def test_cp520_uses_the_reference_date_without_as_of() -> None:
    ga = {**BY_EXCEPTION, "as_of": None}
    assert ids(run(ga, date(2025, 2, 28))) == ["CP520"]
    assert sorted(ids(run(ga, date(2025, 2, 27)))) == ["CP504", "CP521"]


def test_cp521_customer_requirement_not_stated() -> None:
    findings = run({**BY_EXCEPTION, "customer_requires_production": None})
    assert sorted(ids(findings)) == ["CP504", "CP521"]
    finding = only(findings, "CP521")
    assert finding.severity is Severity.INFO
    assert finding.path == "ga.customer_requires_production"
    assert "whether a customer requires production is not shown" in finding.message


def test_cp521_six_months_not_reached_yet_gives_the_date() -> None:
    finding = only(run({**BY_EXCEPTION, "as_of": "2025-01-31"}), "CP521")
    assert finding.path == "ga.preview_start"
    assert "6 are reached on 2025-02-28" in finding.message


def test_cp521_preview_start_missing() -> None:
    finding = only(run({**BY_EXCEPTION, "preview_start": None}), "CP521")
    assert finding.path == "ga.preview_start"


@pytest.mark.parametrize(
    "change",
    [
        {"customer_requires_production": False},  # the exception does not apply
        {"success_rate_pct": 49.99},  # below the exception's 50 %
        {"availability_pct": 99.0},  # the exception needs R2 too
    ],
)
def test_cp521_not_when_the_exception_is_ruled_out(change: dict[str, Any]) -> None:
    findings = run({**BY_EXCEPTION, **change})
    assert "CP521" not in ids(findings)
    assert "CP520" not in ids(findings)
    assert "CP504" in ids(findings)


def test_exception_rules_do_not_fire_when_r4_passes() -> None:
    findings = run({**PASSING, "customer_requires_production": True, "preview_start": None})
    assert findings == []


# --- the rule declarations ------------------------------------------------------------------------


def test_rule_declarations() -> None:
    assert len({r.id for r in ga_rules.RULES}) == len(ga_rules.RULES)
    for rule in ga_rules.RULES:
        assert re.fullmatch(r"CP5\d\d", rule.id)
        assert 501 <= int(rule.id[2:]) <= 549
        assert rule.scope is Scope.PROJECT
        assert rule.title and rule.hint and rule.example
    assert set(ga_rules.RULES) <= set(all_rules())


def test_findings_carry_their_rules_severity() -> None:
    by_id = {r.id: r for r in ga_rules.RULES}
    samples = [
        run({}),
        run(BY_EXCEPTION),
        run({**BY_EXCEPTION, "customer_requires_production": None}),
        run({**PASSING, "backend_in_production": False, "weekly_active_users": [1, 1, 1]}),
    ]
    for findings in samples:
        for finding in findings:
            assert finding.severity is by_id[finding.rule].severity


def test_every_rule_is_documented() -> None:
    text = DOCS.read_text("utf-8")
    for rule in ga_rules.RULES:
        assert f"### {rule.id} — " in text, rule.id
