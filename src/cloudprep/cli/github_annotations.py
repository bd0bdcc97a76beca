"""`--format github`: findings as GitHub Actions workflow commands, so that each one shows
as an annotation on its file and line in the run and the pull request.

One line per finding, `::error file=F,line=N,title=T::message`, then a plain count line.
Values are escaped as GitHub's runner decodes them: in the message `%`, CR and LF; in a
property also `:` and `,`. Escaping CR and LF also means that a value quoted in a message
(a URL from the project file, say) can never start a workflow command of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cloudprep.cli.output import severity_counts
from cloudprep.core.findings import Finding, Severity

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


@dataclass(frozen=True)
class Annotated:
    """A finding and the file (a path as the workflow sees it) and line it belongs to."""

    finding: Finding
    file: str | None
    line: int | None = None


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(item: Annotated, rule_title: str | None) -> str:
    finding = item.finding
    where = f" [{finding.cloud}]" if finding.cloud else ""
    title = f"{finding.rule}{where}" + (f" {rule_title}" if rule_title else "")
    properties = []
    if item.file:
        properties.append(f"file={escape_property(item.file)}")
        if item.line is not None:
            properties.append(f"line={item.line}")
    properties.append(f"title={escape_property(title)}")
    message = finding.message  # it names the field itself
    if finding.hint:
        message += f"\nFix: {finding.hint}"
    return f"::{_COMMANDS[finding.severity]} {','.join(properties)}::{escape_data(message)}"


def annotations_text(items: Iterable[Annotated]) -> str:
    from cloudprep.core.rules.registry import all_rules

    titles = {rule.id: rule.title for rule in all_rules()}
    listed = list(items)
    lines = [annotation(item, titles.get(item.finding.rule)) for item in listed]
    findings = [item.finding for item in listed]
    lines.append(
        f"cloudprep: {severity_counts(findings)}" if findings else "cloudprep: no findings"
    )
    return "\n".join(lines) + "\n"
