"""Output formats and the renderers the commands share. Each command offers only some
formats (argparse limits `--format` to them) and picks its renderer from those."""

from __future__ import annotations

import json
from collections import Counter
from enum import StrEnum
from typing import Any

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.inert_text import terminal_text


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    CSV = "csv"
    GITHUB = "github"
    """GitHub Actions workflow commands: one annotation per finding (cli/github_annotations)."""


def to_json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def findings_json(findings: list[Finding]) -> str:
    return to_json({"findings": [f.to_dict() for f in findings]})


def severity_counts(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    parts = []
    for severity, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "info"),
    ):
        n = counts.get(severity, 0)
        plural = "s" if n != 1 and severity is not Severity.INFO else ""
        parts.append(f"{n} {word}{plural}")
    return ", ".join(parts)


def text_line(text: str) -> str:
    """`text` kept on one line of a text report: a new line in a value quoted from a file
    (a connector name, a URL) shows as `\\x0a` instead of starting a line of its own, which
    a reader or a CI log (`::error …` is a workflow command) would take for the tool's."""
    return terminal_text(text, one_line=True)


def findings_text(findings: list[Finding], *, with_more: bool = False) -> str:
    """One line per finding, its hint indented below, then a count. `with_more` adds each
    long remedy (`Finding.more`) in full, line by line: only `check` has the room."""
    lines: list[str] = []
    for f in findings:
        where = f"[{f.cloud}] " if f.cloud else ""
        message = f.message
        if f.path and message.startswith((f"{f.path} ", f"{f.path}: ")):
            # The line names the field already.
            message = message[len(f.path) :].removeprefix(":").lstrip()
        lines.append(text_line(f"{f.severity.value:<7} {f.rule} {where}{f.path}: {message}"))
        if f.hint:
            lines.append(text_line(f"        fix: {f.hint}"))
        if with_more and f.more:
            lines += [f"          {line}" for line in f.more.splitlines() if line.strip()]
    lines.append(severity_counts(findings) if findings else "no findings")
    return "\n".join(lines) + "\n"
