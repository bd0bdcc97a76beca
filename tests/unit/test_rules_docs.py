"""docs/rules.md is generated from the rule declarations and must be current."""

from __future__ import annotations

from pathlib import Path

from cloudprep.core.rules.docs import main, render_rule, render_rules_page
from cloudprep.core.rules.registry import all_rules, rule_by_id

PAGE = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_the_committed_page_is_the_rendering_of_the_rules() -> None:
    assert PAGE.read_text("utf-8") == render_rules_page(), (
        "docs/rules.md is stale: run `python -m cloudprep.core.rules.docs`"
    )


def test_every_rule_has_a_section_with_its_declared_severity() -> None:
    page = render_rules_page()
    for rule in all_rules():
        section = render_rule(rule)
        assert section in page
        assert f"- Severity: {rule.severity.value}" in section


def test_a_rule_without_a_page_text_still_shows_its_hint_and_example() -> None:
    rule = rule_by_id("CP201")
    bare = render_rule(type(rule)(rule.id, rule.severity, rule.scope, rule.title, "Fix it", "x y"))
    assert "- Fix: Fix it." in bare
    assert "- Example: x y." in bare


def test_main_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "rules.md"
    assert main([str(out)]) == 0
    assert out.read_text("utf-8") == render_rules_page()
