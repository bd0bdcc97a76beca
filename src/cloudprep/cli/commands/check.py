"""`cloudprep check`: every finding for a project, the GA verdict and the checklist."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from cloudprep.cli.commands.common import (
    add_fail_on,
    add_format,
    add_project_argument,
    load_project_argument,
    today,
)
from cloudprep.cli.exit_codes import exit_for_findings
from cloudprep.cli.output import OutputFormat, findings_json, findings_text, text_line
from cloudprep.core.findings import Finding, Severity
from cloudprep.errors import UsageError

if TYPE_CHECKING:
    from cloudprep.core.evaluation import ProjectEvaluation


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check", help="check a project: findings, GA verdict and checklist"
    )
    add_project_argument(parser)
    add_format(parser, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.GITHUB)
    add_fail_on(parser)
    parser.add_argument(
        "--no-keyring",
        action="store_true",
        help="do not look up secret presence in the OS keyring (reported as not checked)",
    )


def run(args: argparse.Namespace) -> int:
    from cloudprep.bundle.secret_source import read_keyring_for_guard
    from cloudprep.cli.guarded_output import use_leak_guard
    from cloudprep.core.evaluation import evaluate_project
    from cloudprep.core.findings import sort_findings

    path, project = load_project_argument(args.project, command="check")
    # An unusable keyring is CP421, not an error: check still reports everything else.
    view = read_keyring_for_guard(project, use_keyring=not args.no_keyring, fail_closed=False)
    guard = view.leak_guard()
    leak_findings = guard.project_findings(project)
    use_leak_guard(guard)
    evaluation = evaluate_project(project, presence=view.presence, reference_date=today())
    # A stored secret in a field is an error of its own; every other message that would
    # echo it is redacted (and stdout is guarded again, as a last boundary).
    findings = guard.redact_findings(sort_findings([*evaluation.findings, *leak_findings]))
    output = OutputFormat(args.format)
    match output:
        case OutputFormat.TEXT:
            sys.stdout.write(_text(evaluation, findings))
        case OutputFormat.JSON:
            sys.stdout.write(findings_json(findings))
        case OutputFormat.GITHUB:
            sys.stdout.write(_github(path, findings))
        case OutputFormat.SARIF | OutputFormat.CSV:  # argparse does not offer them
            raise UsageError(f"check has no {output} format", hints=["use --format json"])
        case _:
            assert_never(output)
    return exit_for_findings(findings, Severity(args.fail_on))


def _text(evaluation: ProjectEvaluation, findings: list[Finding]) -> str:
    """What to do next, in order; then the findings (long remedies in full; the leak
    guard's included and redacted), the GA verdict and the checklist."""
    from cloudprep.cli.checklist_text import checklist_text
    from cloudprep.core.next_steps import next_steps

    steps = next_steps(findings, evaluation.checklist)
    if steps:
        lead = "Next, in order:\n" + "".join(
            f"  {i}. {text_line(s)}\n" for i, s in enumerate(steps, 1)
        )
    else:
        lead = "Next: nothing open; export the bundle with cloudprep bundle.\n"
    return (
        lead
        + "\n"
        + findings_text(findings, with_more=True)
        + f"\nGA: {evaluation.ga.summary}\n"
        + checklist_text(evaluation.checklist)
    )


def _github(path: Path, findings: list[Finding]) -> str:
    """Annotations on the project file, at the line of each finding's field (or of its
    nearest parent that is written in the file)."""
    from cloudprep.bundle.json_locator import JsonLocator
    from cloudprep.cli.github_annotations import Annotated, annotations_text

    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:  # gone since it was loaded: annotate the file without lines
        text = ""
    locator = JsonLocator(text)
    return annotations_text(
        Annotated(f, path.as_posix(), locator.nearest_line(f.path) if f.path else None)
        for f in findings
    )
