"""CP104–CP105: control and bidi characters typed or pasted into a project field.

Such a character is invisible or reorders what a reader sees (U+202E turns `gpj.exe` into
what looks like `exe.jpg`), and ESC sequences act on a terminal. Every output shows them as
escapes (`core.inert_text`); these rules say where they came from, so they can be removed.
"""

from __future__ import annotations

from collections.abc import Iterable

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.inert_text import has_unsafe_characters
from cloudprep.core.project_text import field_cloud, project_text_fields
from cloudprep.core.rules.base import Rule, RuleDoc, Scope
from cloudprep.core.rules.context import RuleContext

CONTROL_IN_VALUE = Rule(
    id="CP104",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    title="A URL, name or id holds a control or bidi character",
    hint="retype the value: a control or bidi character is invisible or reorders the text",
    example='"display_name": "Contoso\\u202eexe.jpg"',
    doc=RuleDoc(
        location="the field (any string of the project but notes)",
        checks=(
            "a C0 or C1 control character (other than tab and new line), DEL, ESC, a bidi "
            "control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), a line or "
            "paragraph separator, or a lone surrogate."
        ),
        why=(
            "such a character is invisible, reorders what a reviewer sees (U+202E), or acts on "
            "a terminal (`ESC ] 52` sets the clipboard, `ESC [ 8 m` hides text). Every output "
            "shows it as a visible escape (`\\x1b`, `\\u202e`; PRODUCT §7); this rule says "
            "where it came from."
        ),
        fix="retype the value.",
    ),
)
CONTROL_IN_NOTES = Rule(
    id="CP105",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    title="Notes hold a control or bidi character",
    hint="remove it from the notes; every output shows it as an escape such as \\x1b",
    example='"notes": "see \\u001b[8m hidden text"',
    doc=RuleDoc(
        location="`clouds.<cloud>.notes`",
        checks="as CP104, in notes (free text, where a stray character is less harmful).",
        fix="remove it from the notes.",
    ),
)

DOC_SECTIONS: dict[str, str] = {
    "CP104": """\
CP104–CP105 (`cloudprep.core.rules.text_controls`) look at every string of the project for
control and bidi characters, which every output shows as visible escapes.
""",
}
"""docs/rules.md text shown before the rule with that id."""

RULES: tuple[Rule, ...] = (CONTROL_IN_VALUE, CONTROL_IN_NOTES)
_FREE_TEXT_FIELDS = ("notes",)


def check(ctx: RuleContext) -> Iterable[Finding]:
    for path, value in project_text_fields(ctx.project):
        if not has_unsafe_characters(value):
            continue
        free_text = path.rsplit(".", 1)[-1] in _FREE_TEXT_FIELDS
        rule = CONTROL_IN_NOTES if free_text else CONTROL_IN_VALUE
        yield rule.finding(
            f"{path} holds a control or bidi character (shown escaped, e.g. \\x1b or \\u202e)",
            path=path,
            cloud=field_cloud(path),
        )
