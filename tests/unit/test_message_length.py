"""Every finding message is one sentence of at most 160 characters naming the field and the
fact; the fix goes in the hint (PRODUCT §7; issue 11, item 5).

The findings come from every rule's trigger in the rule tests, the demo project, the corpus
imports and the cloud-knowledge cases. CP421 (the keyring set-up text) is owned elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cloudprep.cli.commands.check_url import check_url
from cloudprep.core.connector_import import import_connector
from cloudprep.core.evaluation import evaluate_project
from cloudprep.core.findings import Finding
from cloudprep.core.new_project import demo_project
from cloudprep.core.secret_needs import SecretPresence
from tests.cli.test_check_url_cloud_knowledge import CASES
from tests.unit import test_endpoint_rules, test_oauth_rules, test_redirect_rules

MAX_MESSAGE = 160
EXEMPT = {"CP421"}


def _triggered() -> Iterator[Finding]:
    for module in (test_redirect_rules, test_endpoint_rules, test_oauth_rules):
        for trigger in module.TRIGGERS.values():
            yield from trigger()
    for kind, url, cloud, _, _ in CASES:
        yield from check_url(kind, url, cloud, "contosotasks")
    demo = evaluate_project(
        demo_project(), presence=SecretPresence.not_checked(), reference_date=date(2026, 12, 1)
    )
    yield from demo.findings


def _too_long(findings: Iterator[Finding]) -> list[str]:
    return sorted(
        {
            f"{f.rule} ({len(f.message)}): {f.message}"
            for f in findings
            if f.rule not in EXEMPT and len(f.message) > MAX_MESSAGE
        }
    )


def test_rule_messages_are_short() -> None:
    assert _too_long(_triggered()) == []


@pytest.mark.corpus
def test_corpus_import_messages_are_short(corpus_dir: Path) -> None:
    def findings() -> Iterator[Finding]:
        for folder in sorted(p for p in corpus_dir.iterdir() if p.is_dir()):
            yield from import_connector(folder).findings

    assert _too_long(findings()) == []
