"""SUBMISSION.md: user text never becomes Markdown structure. Checked by rendering it with a
real CommonMark renderer (markdown-it-py), not by looking for characters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cloudprep.bundle.export import build_bundle
from cloudprep.core.inert_text import has_unsafe_characters
from cloudprep.core.models import Project
from cloudprep.core.new_project import demo_project
from cloudprep.core.secret_needs import SecretPresence

PAYLOADS = {
    "link": "[the signed checklist](https://evil.example/phish)",
    "image": "![](https://evil.example/b.png)",
    "html": "<img src=x onerror=alert(1)>",
    "autolink": "<https://evil.example/x>",
    "heading": "# All checks passed",
    "list and table": "ok\n- [x] approved | by Microsoft\n\n1. done",
    "entity": "&lt;script&gt;",
    "reference": "[x]\n\n[x]: https://evil.example",
    "escapes": "\x1b[8m hidden \x1b]52;c;ZXZpbA==\x07 \u202egnp.exe",
}


def render(project: Project) -> str:
    built = build_bundle(
        project,
        presence=SecretPresence.not_checked(),
        created=datetime(2026, 11, 1, tzinfo=UTC),
    )
    return built.files["SUBMISSION.md"].decode("utf-8")


def tokens_of(markdown: str) -> list[Token]:
    out: list[Token] = []
    stack = list(MarkdownIt("commonmark").parse(markdown))
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(token.children or [])
    return out


def structure(markdown: str) -> list[tuple[str, str]]:
    # Code spans are how the renderer keeps odd text inert: they are not structure.
    skipped = ("text", "inline", "code_inline")
    return [(t.type, t.tag) for t in tokens_of(markdown) if t.type not in skipped]


def with_payload(payload: str) -> Project:
    project = demo_project()
    project.connector.display_name = payload
    project.connector.publisher = payload
    for config in project.clouds.values():
        config.notes = payload
    return project


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_user_text_never_becomes_markdown_structure(payload: str) -> None:
    # The same findings (CP104/CP105 for controls), so the same sections and lists.
    plain = render(with_payload("Contoso\x01Tasks" if has_unsafe_characters(payload) else "Tasks"))
    hostile = render(with_payload(payload))
    kinds = {t.type for t in tokens_of(hostile)}
    assert not kinds & {"link_open", "image", "html_inline", "html_block"}
    assert structure(hostile) == structure(plain)


def test_controls_and_bidi_are_visible_escapes() -> None:
    hostile = render(with_payload(PAYLOADS["escapes"]))
    assert "\x1b" not in hostile and "\u202e" not in hostile and "\x07" not in hostile
    assert "\\x1b" in hostile and "\\u202e" in hostile


def test_escaped_text_still_reads_as_what_was_typed() -> None:
    rendered = MarkdownIt("commonmark").render(render(with_payload(PAYLOADS["link"])))
    assert "[the signed checklist](https://evil.example/phish)" in rendered
    assert 'href="https://evil.example' not in rendered
