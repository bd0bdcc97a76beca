"""`cloudprep check`: every finding for a project, the GA verdict and the checklist."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cloudprep.cli.commands.common import (
    add_fail_on,
    add_format,
    add_project_argument,
    load_project_argument,
    project_reference_date,
)
from cloudprep.cli.exit_codes import exit_for_findings
from cloudprep.cli.output import OutputFormat, findings_json, findings_text
from cloudprep.core.findings import Severity


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check", help="check a project: findings, GA verdict and checklist"
    )
    add_project_argument(parser)
    add_format(parser, OutputFormat.TEXT, OutputFormat.JSON)
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

    _, project = load_project_argument(args.project, command="check")
    # An unusable keyring is CP421, not an error: check still reports everything else.
    view = read_keyring_for_guard(project, use_keyring=not args.no_keyring, fail_closed=False)
    guard = view.leak_guard()
    leak_findings = guard.project_findings(project)
    use_leak_guard(guard)
    evaluation = evaluate_project(
        project, presence=view.presence, reference_date=project_reference_date(project)
    )
    findings = [
        guard.redact_finding(f) for f in sort_findings([*evaluation.findings, *leak_findings])
    ]
    if args.format == OutputFormat.JSON:
        sys.stdout.write(findings_json(findings))
    else:
        from cloudprep.cli.checklist_text import checklist_text

        sys.stdout.write(findings_text(findings))
        sys.stdout.write(f"\nGA: {guard.redact(evaluation.ga.summary)}\n")
        sys.stdout.write(guard.redact(checklist_text(evaluation.checklist)))
    return exit_for_findings(findings, Severity(args.fail_on))
