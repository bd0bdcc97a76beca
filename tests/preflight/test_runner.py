"""The runner's rules of the road, with a table-driven network: the total budget, cancel,
and the plan naming only the project's hosts and the catalog's login hosts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import count

import pytest
from pydantic import SecretStr

from cloudprep.core.catalog import load_catalog
from cloudprep.core.models import Project
from cloudprep.preflight.answers import HttpAnswer
from cloudprep.preflight.plan import plan_preflight
from cloudprep.preflight.record import PreflightResult
from cloudprep.preflight.runner import PreflightCancelled, PreflightSettings, run_preflight
from tests.preflight.conftest import GCCH_TENANT, cloud, project_data
from tests.preflight.fake_network import FakeNetwork

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def three_clouds() -> Project:
    clouds = {c: cloud(endpoint=f"https://api.{c}.contoso.com/v1") for c in ("gcc", "gcch", "dod")}
    return Project.model_validate(project_data(clouds=clouds))


def run_on_a_clock(
    project: Project, network: FakeNetwork, monotonic: Callable[[], float]
) -> PreflightResult:
    """A run with a 10 s budget on the given clock."""
    return run_preflight(
        project.project_id,
        plan_preflight(project),
        network,
        {},
        tool_version="test",
        settings=PreflightSettings(timeout=5, budget=10),
        now=lambda: NOW,
        monotonic=monotonic,
    )


def test_the_plan_contacts_only_catalog_login_hosts_and_the_projects_own_hosts() -> None:
    project = three_clouds()
    hosts = plan_preflight(project).hosts()
    login = load_catalog().all_login_hosts()
    own = {f"api.{c}.contoso.com" for c in ("gcc", "gcch", "dod")}
    assert set(hosts) == {"login.microsoftonline.com", "login.microsoftonline.us"} | own
    assert set(hosts) <= login | own


def test_checks_after_the_total_budget_are_skipped_with_cp741() -> None:
    network = FakeNetwork()
    ticks = count(0, 4)  # every look at the clock costs 4 s of a 10 s budget
    result = run_on_a_clock(three_clouds(), network, lambda: float(next(ticks)))
    rules = [f.rule for f in result.all_findings()]
    assert "CP741" in rules
    skipped = [c for r in result.clouds.values() for c in r.checks if "budget" in c.summary]
    assert skipped
    assert len(network.requested) < 6


def test_a_cancelled_run_stops_and_returns_nothing() -> None:
    project = three_clouds()
    network = FakeNetwork()
    with pytest.raises(PreflightCancelled):
        run_preflight(
            project.project_id,
            plan_preflight(project),
            network,
            {},
            tool_version="test",
            cancelled=lambda: len(network.requested) >= 1,
        )
    assert len(network.requested) == 1


def test_the_secret_reaches_only_the_token_request_and_is_cleared_after() -> None:
    project = Project.model_validate(project_data(clouds={"gcch": cloud()}))
    plan = plan_preflight(project)
    seen: list[dict[str, str]] = []

    class Recording(FakeNetwork):
        def post_form(self, url: str, form: object, *, timeout: float) -> HttpAnswer:
            assert isinstance(form, dict)
            seen.append(form)
            assert form["client_secret"] == "s3cret-value-long-enough"
            return HttpAnswer(status=200, token_issued=True)

    network = Recording(
        answers={plan.clouds[0].discovery_url: HttpAnswer(status=200, body={"x": 1})}
    )
    result = run_preflight(
        uuid.uuid4(),
        plan,
        network,
        {"gcch": SecretStr("s3cret-value-long-enough")},
        tool_version="test",
    )
    assert seen == [{}]  # the form was emptied once the request was made
    assert [c.outcome.value for c in result.clouds["gcch"].checks][:2] == ["passed", "passed"]
    assert GCCH_TENANT in network.requested[0]


def test_an_endpoint_whose_get_the_budget_cut_off_is_not_passed() -> None:
    project = Project.model_validate(
        project_data(clouds={"gcch": cloud(tenant=None, endpoint="https://api.contoso.com/v1")})
    )
    network = FakeNetwork()
    clock = iter([0.0, 0.0, 11.0])  # the start, the DNS step; the GET step is past the budget
    result = run_on_a_clock(project, network, lambda: next(clock))
    endpoint = result.clouds["gcch"].checks[-1]
    assert (endpoint.check.value, endpoint.outcome.value) == ("endpoint", "skipped")
    assert endpoint.summary == "not run: the time budget ran out"
    assert [f.rule for f in result.clouds["gcch"].findings if f.rule.startswith("CP74")] == [
        "CP741"
    ]
    assert network.requested == []
