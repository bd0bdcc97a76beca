"""The leak matcher's false-positive corpus: ordinary project text must stay silent, with
the patterns alone and with realistic stored values (docs/leak-patterns.md)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from cloudprep.core.catalog import load_catalog
from cloudprep.core.connector_import import import_connector
from cloudprep.core.leak_guard import LeakGuard
from cloudprep.core.leaks import KnownSecret, SecretMatcher, scan_text
from cloudprep.core.new_project import demo_project
from cloudprep.core.project_text import project_text_fields

STORED = (
    KnownSecret("gcc", "client-secret", "Kq7~9fX3zP1wLm8Rt.vB2nQ0Ys5DhJ4uTe6"),
    KnownSecret("gcch", "test-password", "Vw9!rT2#kQ6$mZ1pGc4"),
    KnownSecret("gcc", "test-username", "zq.tester7x@contosotasks.onmicrosoft.us"),
    KnownSecret("dod", "api-key", "0f3c9e2a7b1d4c6e8a5f"),
)
ORDINARY_NOTES = (
    "The client secret is stored in Key Vault kv-contoso-prod and rotated every 12 months.",
    "API key is handed over in ISV Studio activity control; the test password by Teams.",
    "Token lifetime is 60 minutes; refresh tokens last 90 days.",
    "Users sign in at https://login.microsoftonline.us/organizations/oauth2/v2.0/authorize.",
    "Password reset: https://contosotasks.com/account/reset?lang=en-US#top",
    "secret_expires is 2027-06-30; the app id is 2f0c5a7e-1b9d-4e3a-8c6f-0a1b2c3d4e5f.",
    "Key points: 99.95% availability, 1,250 users, 3 tenants (incl. GCC High and DoD).",
)


def silent(texts: list[str], matcher: SecretMatcher) -> list[tuple[str, str]]:
    return [(text[:60], hit.rule_id) for text in texts for hit in scan_text(text, matcher)]


@pytest.fixture(scope="module", params=["patterns only", "with stored values"])
def matcher(request: pytest.FixtureRequest) -> SecretMatcher:
    return SecretMatcher(STORED if request.param == "with stored values" else ())


def test_guids_are_silent(matcher: SecretMatcher) -> None:
    ids = [str(uuid.UUID(int=(n * 0x9E3779B97F4A7C15) % 2**128)) for n in range(1, 300)]
    assert silent([*ids, " ".join(ids), json.dumps({"client_id": ids[0]})], matcher) == []


def test_the_catalogs_hosts_and_redirects_are_silent(matcher: SecretMatcher) -> None:
    catalog = load_catalog()
    texts: list[str] = []
    for cloud in catalog.clouds:
        texts.extend(cloud.login_hosts.value)
        texts.append(cloud.graph_host.value)
        texts.extend(cloud.known_consent_redirects.value)
        texts.append(cloud.redirect_for("contosotasks") or "")
        texts.append(cloud.name)
    assert silent(texts, matcher) == []


def test_ordinary_notes_are_silent(matcher: SecretMatcher) -> None:
    assert silent(list(ORDINARY_NOTES), matcher) == []


def test_the_demo_project_is_silent() -> None:
    guard = LeakGuard(STORED)
    assert len(project_text_fields(demo_project())) > 10
    assert guard.project_findings(demo_project()) == []


def test_the_corpus_connectors_names_and_urls_are_silent(
    corpus_dir: Path, matcher: SecretMatcher
) -> None:
    texts: list[str] = []
    for folder in sorted(p for p in corpus_dir.iterdir() if p.is_dir()):
        connector = import_connector(folder).connector
        document = connector.model_dump(mode="json")
        texts.extend(strings_of(document))
    assert len(texts) > 40
    assert silent(texts, matcher) == []


def strings_of(document: object) -> list[str]:
    """The strings of a connector section (its names, hosts and URLs)."""
    out: list[str] = []
    stack: list[object] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out
