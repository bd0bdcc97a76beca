"""The session's short cuts give what the long way gives: a field validated with the value
it already holds (no copy of the project), and the open project's findings taken from its
evaluation (the rules run once per project state)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudprep.core.catalog import load_catalog
from cloudprep.core.findings import sort_findings
from cloudprep.core.rules.context import RuleContext
from cloudprep.core.rules.registry import run_rules
from cloudprep.tui import session as session_module
from cloudprep.tui.project_paths import get_value
from cloudprep.tui.session import ProjectSession

from .conftest import TODAY, fixed_demo

# Fields of every kind the steps show: text, optional text, percent, count, date, list
# items (a week, a redirect), in the connector, GA and a cloud.
PATHS = (
    "connector.name",
    "connector.display_name",
    "connector.oauth.login_uri",
    "connector.oauth.client_id",
    "connector.endpoint.url",
    "ga.availability_pct",
    "ga.slo_pct",
    "ga.responses.2xx",
    "ga.weekly_active_users[1]",
    "ga.preview_start",
    "ga.as_of",
    "clouds.gcch.oauth_app.login_uri",
    "clouds.gcch.oauth_app.redirect_urls[0]",
    "request.contact.email",
)


def open_demo(tmp_path: Path) -> ProjectSession:
    return ProjectSession(fixed_demo(), tmp_path / "cloudprep.json", saved=False, today=TODAY)


@pytest.mark.parametrize("path", PATHS)
def test_a_field_holding_its_value_validates_as_a_copy_holding_it_would(
    tmp_path: Path, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_demo(tmp_path)
    value = get_value(session.project, path)
    assert value is not None, "the demo fills every field listed here"
    assert session_module._holds_already(session.project, path, value)
    short = session.field_problems(path, value)

    monkeypatch.setattr(session_module, "_holds_already", lambda *_: False)
    long = open_demo(tmp_path).field_problems(path, value)
    assert short == long


def test_a_changed_value_is_still_checked_on_a_copy(tmp_path: Path) -> None:
    session = open_demo(tmp_path)
    before = session.project.model_dump_json()
    problems = session.field_problems(
        "clouds.gcch.oauth_app.login_uri", "https://login.microsoftonline.com"
    )
    assert problems, "the commercial login host is wrong for GCC High"
    assert session.project.model_dump_json() == before


def test_the_open_projects_findings_are_the_rules_findings(tmp_path: Path) -> None:
    session = open_demo(tmp_path)
    # As after the keyring's first answer (before it, CP422 is left out: see
    # test_keyring_pending.py).
    session.keyring_answered = True
    ctx = RuleContext(
        project=session.project,
        catalog=load_catalog(),
        presence=session.presence,
        reference_date=session.reference_date(),
    )
    guard = session.leak_guard
    expected = guard.redact_findings(
        sort_findings([*run_rules(ctx), *guard.project_findings(session.project)])
    )
    assert session.findings() == expected
    assert session.evaluate().findings == run_rules(ctx)
