"""Docs and set-up stay true: the rules page matches the registry, every rule is tested,
and CI runs exactly the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

from cloudprep.core.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]
RULE_HEADING = re.compile(r"^### (CP\d{3})\b", re.MULTILINE)


def test_rules_page_and_registry_hold_the_same_ids() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    documented = RULE_HEADING.findall(page)
    assert len(documented) == len(set(documented)), "a rule is documented twice"
    assert sorted(documented) == sorted(r.id for r in all_rules())


def test_rule_ids_are_in_their_family_range() -> None:
    families = {
        "1": "connector",
        "2": "redirect",
        "3": "endpoint",
        "4": "oauth",
        "5": "ga",
        "6": "bundle",
        "7": "preflight",
        "8": "definitions",
    }
    for rule in all_rules():
        assert re.fullmatch(r"CP[1-8]\d\d", rule.id), rule.id
        assert rule.id[2] in families


def test_every_rule_is_named_in_a_test_other_than_this_one() -> None:
    here = Path(__file__).resolve()
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py") if p.resolve() != here
    )
    untested = [r.id for r in all_rules() if r.id not in text]
    assert untested == []


def test_ci_runs_exactly_the_readme_test_command_and_the_gated_checks() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.DOTALL)
    test_commands = [b.strip() for b in blocks if "pytest" in b]
    assert test_commands, "README.md has no test command"
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_lines.count(test_commands[0]) == 1
    for check in (
        "ruff check .",
        "ruff format --check .",
        "mypy --strict src tests",
        "lint-imports",
    ):
        assert any(line.endswith(check) for line in ci_lines), check
