"""One URL-problem engine, one policy per field kind: the same problem is a different rule
(or none) in a redirect, an endpoint, a login URI and a resource URI."""

from __future__ import annotations

import pytest

from cloudprep.core.rules.endpoint import ENDPOINT_POLICY, check_endpoint_url
from cloudprep.core.rules.oauth import (
    IDENTIFIER_POLICY,
    LOGIN_POLICY,
    RESOURCE_POLICY,
    check_login_uri,
    check_resource_uri,
)
from cloudprep.core.rules.redirect import REDIRECT_POLICY, check_redirect_url
from cloudprep.core.urls import UrlProblemKind
from tests.unit.conftest import CATALOG

GCCH = CATALOG.get("gcch")


def _rules(kind: str, url: str) -> set[str]:
    if kind == "redirect":
        found = check_redirect_url(url, cloud=GCCH, connector_name="contoso", path="p")
    elif kind == "endpoint":
        found = check_endpoint_url(url, cloud=GCCH, path="p")
    elif kind == "login":
        found = check_login_uri(url, cloud=GCCH, path="p")
    else:
        found = check_resource_uri(url, cloud=GCCH, path="p")
    return {f.rule for f in found}


@pytest.mark.parametrize(
    ("kind", "url", "expected"),
    [
        # A port: redirects match exactly; a backend may listen anywhere; a Microsoft login
        # host has none, a publisher's own sign-in may.
        ("redirect", "https://global.consent.azure-apihub.us:8443/redirect/contoso", {"CP205"}),
        ("endpoint", "https://api.contoso.us:8443/v1", set()),
        ("login", "https://login.microsoftonline.us:8443", {"CP416"}),
        ("login", "https://id.contoso.us:8443/authorize", set()),
        # A query: never in a redirect; a warning on a backend; odd in any resource.
        ("redirect", "https://global.consent.azure-apihub.us/redirect/contoso?x=1", {"CP207"}),
        ("endpoint", "https://api.contoso.us/v1?x=1", {"CP315"}),
        ("resource", "https://api.contoso.us/app?x=1", {"CP416"}),
        # http: each field's own rule.
        ("redirect", "http://global.consent.azure-apihub.us/redirect/contoso", {"CP203"}),
        ("endpoint", "http://api.contoso.us/v1", {"CP305"}),
        ("login", "http://login.microsoftonline.us", {"CP414"}),
    ],
)
def test_one_problem_per_field_kind(kind: str, url: str, expected: set[str]) -> None:
    assert _rules(kind, url) == expected


def test_every_policy_covers_the_fatal_problems() -> None:
    fatal = {UrlProblemKind.EMPTY, UrlProblemKind.UNPARSEABLE, UrlProblemKind.NOT_ABSOLUTE}
    for policy in (REDIRECT_POLICY, ENDPOINT_POLICY, LOGIN_POLICY, RESOURCE_POLICY):
        assert fatal <= set(policy.always), policy.name
    assert set(IDENTIFIER_POLICY.always) == {
        UrlProblemKind.SURROUNDING_WHITESPACE,
        UrlProblemKind.INNER_CONTROL,
    }
