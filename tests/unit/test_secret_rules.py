"""CP420–CP424: needed secrets per auth kind (PRODUCT §6), presence and expiry."""

from __future__ import annotations

from datetime import date

import pytest

from cloudprep.core.models import AuthKind, CloudConfig, Connector, Project
from cloudprep.core.rules import secrets as secret_rules
from cloudprep.core.secret_needs import (
    PresenceState,
    SecretKind,
    SecretPresence,
    needed_secrets,
    needs_oauth_app,
)
from tests.unit.conftest import project_context

TODAY = date(2026, 11, 1)
ALL = tuple(SecretKind)


def project(connector: Connector, **clouds: CloudConfig) -> Project:
    return Project(connector=connector, clouds=clouds or {"gcch": CloudConfig()})


def run(p: Project, presence: SecretPresence) -> list[str]:
    ctx = project_context(p, presence=presence, reference_date=TODAY)
    return [f"{f.rule}:{f.cloud}:{f.path}" for f in secret_rules.check(ctx)]


@pytest.mark.parametrize(
    ("connector", "needs_test_account", "expected"),
    [
        (
            Connector(auth=AuthKind.OAUTH2, identity_provider="aad"),
            False,
            {SecretKind.CLIENT_SECRET, SecretKind.TEST_USERNAME, SecretKind.TEST_PASSWORD},
        ),
        (
            Connector(auth=AuthKind.OAUTH2, identity_provider="oauth2generic"),
            False,
            {SecretKind.CLIENT_SECRET, SecretKind.TEST_USERNAME, SecretKind.TEST_PASSWORD},
        ),
        (Connector(auth=AuthKind.OAUTH2, identity_provider="aadcertificate"), False, set()),
        (Connector(auth=AuthKind.API_KEY), False, {SecretKind.API_KEY}),
        (
            Connector(auth=AuthKind.API_KEY),
            True,
            {SecretKind.API_KEY, SecretKind.TEST_USERNAME, SecretKind.TEST_PASSWORD},
        ),
        (
            Connector(auth=AuthKind.BASIC),
            False,
            {SecretKind.TEST_USERNAME, SecretKind.TEST_PASSWORD},
        ),
        (Connector(auth=AuthKind.NONE), False, set()),
        (
            Connector(
                auth=AuthKind.OAUTH2,
                auth_options=[AuthKind.OAUTH2, AuthKind.API_KEY],
                identity_provider="aad",
            ),
            False,
            set(ALL),
        ),
    ],
)
def test_needed_secrets_follow_the_auth_table(
    connector: Connector, needs_test_account: bool, expected: set[SecretKind]
) -> None:
    config = CloudConfig(needs_test_account=needs_test_account)
    assert set(needed_secrets(connector, config)) == expected


def test_certificate_auth_needs_no_app() -> None:
    assert not needs_oauth_app(Connector(auth=AuthKind.OAUTH2, identity_provider="aadcertificate"))
    assert needs_oauth_app(Connector(auth=AuthKind.OAUTH2, identity_provider="aad"))
    assert not needs_oauth_app(Connector(auth=AuthKind.API_KEY))


def test_cp420_missing_secret_per_cloud_and_kind() -> None:
    p = project(Connector(auth=AuthKind.API_KEY), gcc=CloudConfig(), mooncake=CloudConfig())
    presence = SecretPresence(
        state=PresenceState.CHECKED, present={("gcc", SecretKind.API_KEY): True}
    )
    assert run(p, presence) == ["CP420:mooncake:clouds.mooncake.secrets.api-key"]


def test_all_present_gives_no_finding() -> None:
    p = project(Connector(auth=AuthKind.BASIC))
    presence = SecretPresence(
        state=PresenceState.CHECKED,
        present={
            ("gcch", SecretKind.TEST_USERNAME): True,
            ("gcch", SecretKind.TEST_PASSWORD): True,
        },
    )
    assert run(p, presence) == []


def test_cp421_keyring_unavailable_is_one_project_finding() -> None:
    p = project(Connector(auth=AuthKind.BASIC), gcc=CloudConfig(), dod=CloudConfig())
    assert run(p, SecretPresence.unavailable("no backend")) == ["CP421:None:clouds"]


def test_cp422_not_checked() -> None:
    p = project(Connector(auth=AuthKind.API_KEY))
    assert run(p, SecretPresence.not_checked()) == ["CP422:None:clouds"]


def test_nothing_needed_nothing_reported() -> None:
    p = project(Connector(auth=AuthKind.NONE))
    assert run(p, SecretPresence.unavailable("no backend")) == []


@pytest.mark.parametrize(
    ("expires", "expected"),
    [
        (date(2026, 10, 31), ["CP424:gcch:clouds.gcch.secret_expires"]),
        (date(2026, 11, 1), ["CP423:gcch:clouds.gcch.secret_expires"]),
        (date(2027, 1, 30), ["CP423:gcch:clouds.gcch.secret_expires"]),
        (date(2027, 1, 31), []),
    ],
)
def test_cp423_cp424_expiry_against_the_reference_date(expires: date, expected: list[str]) -> None:
    p = project(
        Connector(auth=AuthKind.OAUTH2, identity_provider="aad"),
        gcch=CloudConfig(secret_expires=expires),
    )
    presence = SecretPresence(
        state=PresenceState.CHECKED,
        present={("gcch", k): True for k in ALL},
    )
    assert run(p, presence) == expected


def test_expiry_is_ignored_when_no_client_secret_is_needed() -> None:
    p = project(Connector(auth=AuthKind.API_KEY), gcch=CloudConfig(secret_expires=date(2020, 1, 1)))
    presence = SecretPresence(
        state=PresenceState.CHECKED, present={("gcch", SecretKind.API_KEY): True}
    )
    assert run(p, presence) == []


@pytest.mark.parametrize(
    ("reference", "expires", "expected"),
    [
        (date(9999, 12, 31), date(9999, 12, 31), ["CP423:gcch:clouds.gcch.secret_expires"]),
        (date(9999, 12, 1), date(1, 1, 1), ["CP424:gcch:clouds.gcch.secret_expires"]),
        (date(1, 1, 1), date(9999, 12, 31), []),
    ],
)
def test_expiry_at_the_ends_of_the_calendar(
    reference: date, expires: date, expected: list[str]
) -> None:
    p = project(
        Connector(auth=AuthKind.OAUTH2, identity_provider="aad"),
        gcch=CloudConfig(secret_expires=expires),
    )
    presence = SecretPresence(state=PresenceState.CHECKED, present={("gcch", k): True for k in ALL})
    ctx = project_context(p, presence=presence, reference_date=reference)
    assert [f"{f.rule}:{f.cloud}:{f.path}" for f in secret_rules.check(ctx)] == expected
