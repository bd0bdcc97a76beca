"""Reading `--format github` output back: GitHub's workflow-command syntax, unescaped."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMAND = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")
_UNESCAPE = (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def unescape(text: str) -> str:
    for escaped, char in _UNESCAPE:
        text = text.replace(escaped, char)
    return text


@dataclass(frozen=True)
class ParsedAnnotation:
    level: str
    properties: dict[str, str]
    message: str


def parse_annotations(output: str) -> tuple[list[ParsedAnnotation], str]:
    """The annotation lines, and the one plain summary line that must end the output."""
    *lines, summary = output.splitlines()
    parsed = []
    for line in lines:
        match = _COMMAND.fullmatch(line)
        assert match is not None, line
        level, properties, message = match.groups()
        pairs = (p.split("=", 1) for p in properties.split(","))
        parsed.append(
            ParsedAnnotation(level, {k: unescape(v) for k, v in pairs}, unescape(message))
        )
    assert summary.startswith("cloudprep: ") and not summary.startswith("::"), summary
    return parsed, summary
