"""docs/rules.md, generated from the rule declarations (each `Rule` and its `RuleDoc`).

`render_rules_page()` is pure: the page for every registered rule, in id order, with each
module's `DOC_SECTIONS` (section headings and intros) before the rule they precede. Write
the page with `python -m cloudprep.core.rules.docs [PATH]` (default `docs/rules.md`); a test
fails when the committed page differs from the rendering, so it cannot drift.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from cloudprep.core.rules.base import Rule
from cloudprep.core.rules.registry import all_rules, doc_sections

WIDTH = 96

PREAMBLE = """\
# cloudprep rules

Every finding cloudprep reports comes from one of these rules. Each rule has a stable id,
a severity (`error`, `warning` or `info`), a scope, what it checks and why, how to fix it,
and an example that triggers it. `cloudprep rules` lists the same ids. This page is generated
from the rule declarations (`python -m cloudprep.core.rules.docs`); a test fails when it is
stale, so edit the rule, not the page.

Scopes: **connector** rules look at the connector's own files and are the same for every
cloud (they are what `cloudprep scan` runs); **cloud** rules look at one target cloud's
configuration; **project** rules look at the project as a whole; **bundle** rules look at a
submission bundle; **preflight** rules say what the opt-in online check saw.
"""

_VALUE_STARTS = ("http", "{", '"', "'", " ", "<", "[", "clouds.", "connector.", "ga.")


def _bullet(label: str, text: str) -> str:
    return textwrap.fill(
        f"- {label}: {text}",
        width=WIDTH,
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def _example(rule: Rule) -> str:
    if rule.doc.example:
        return rule.doc.example
    example = rule.example
    looks_like_a_value = example.startswith(_VALUE_STARTS) and "`" not in example
    return f"`{example}`." if looks_like_a_value else _sentence(example)


def render_rule(rule: Rule) -> str:
    """One rule's section: heading, severity and scope, checks, why, fix, example."""
    doc = rule.doc
    severity = rule.severity.value + (f" ({doc.severity_note})" if doc.severity_note else "")
    scope = rule.scope.value + (f" ({doc.scope_note})" if doc.scope_note else "")
    head = f"Severity: {severity}. Scope: {scope}."
    if doc.location:
        head += f" Location: {doc.location}."
    lines = [f"### {rule.id} — {rule.title}", _bullet(*head.split(": ", 1))]
    if doc.checks:
        lines.append(_bullet("Checks", doc.checks))
    if doc.why:
        lines.append(_bullet("Why", doc.why))
    lines.append(_bullet("Fix", doc.fix or _sentence(rule.hint)))
    lines.append(_bullet("Example", _example(rule)))
    return "\n".join(lines) + "\n"


def render_rules_page() -> str:
    sections = doc_sections()
    parts = [PREAMBLE]
    for rule in all_rules():
        intro = sections.get(rule.id)
        if intro:
            parts.append(intro.strip("\n") + "\n")
        parts.append(render_rule(rule))
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    from cloudprep.core.atomic_write import write_atomically

    path = Path(argv[0]) if argv else Path("docs") / "rules.md"
    write_atomically(path, render_rules_page().encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
