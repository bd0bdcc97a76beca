"""`cloudprep validate`: re-validate a bundle (integrity, re-derivation, leaks)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from cloudprep.cli.commands.common import add_fail_on, add_format
from cloudprep.cli.exit_codes import exit_for_findings
from cloudprep.cli.output import OutputFormat, findings_text, text_line, to_json
from cloudprep.core.findings import Severity
from cloudprep.errors import UsageError

if TYPE_CHECKING:
    from cloudprep.bundle.validate import ValidationReport


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="re-validate a submission bundle (a folder or a .zip)",
        description=(
            "Check a bundle's manifest, re-derive its findings, GA evaluation, checklist and "
            "SUBMISSION.md from the embedded project, and scan every file for secrets. A "
            "bundle that can be read is always answered with findings; exit 2 is only for "
            "unsafe or unreadable input."
        ),
    )
    parser.add_argument("bundle", type=Path, metavar="BUNDLE", help="the bundle folder or .zip")
    add_format(
        parser, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.SARIF, OutputFormat.GITHUB
    )
    add_fail_on(parser)
    parser.add_argument(
        "--check-keyring",
        action="store_true",
        help=(
            "also check that every secret the bundle declares present is in this machine's "
            "keyring, and scan for their values (exit 3 when the keyring is unavailable)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    from cloudprep.bundle.secret_source import KeyringView
    from cloudprep.bundle.validate import validate_bundle
    from cloudprep.cli.guarded_output import use_leak_guard
    from cloudprep.core.leak_guard import LeakGuard
    from cloudprep.core.models import Project
    from cloudprep.core.project_text import project_text_fields

    views: list[KeyringView] = []

    def read_and_keep(project: Project) -> KeyringView:
        from cloudprep.bundle.secret_source import read_keyring

        views.append(read_keyring(project))
        return views[-1]

    report = validate_bundle(
        args.bundle, check_keyring=read_and_keep if args.check_keyring else None
    )
    # The leak guard of every output format: stored values with --check-keyring, else the
    # patterns only. A field that leaks is redacted wherever another finding echoes it.
    guard = views[-1].leak_guard() if views else LeakGuard.patterns_only()
    if report.document is not None:
        guard.field_leaks(project_text_fields(report.document.project))
    use_leak_guard(guard)
    output = OutputFormat(args.format)
    match output:
        case OutputFormat.TEXT:
            sys.stdout.write(_text(report))
        case OutputFormat.JSON:
            sys.stdout.write(to_json(_json(report)))
        case OutputFormat.SARIF:
            from cloudprep.bundle.sarif import sarif_report

            sys.stdout.write(to_json(sarif_report(report)))
        case OutputFormat.GITHUB:
            sys.stdout.write(_github(report))
        case OutputFormat.CSV:  # argparse does not offer it; a table of findings is `check`'s
            raise UsageError("validate has no csv format", hints=["use --format json"])
        case _:
            assert_never(output)
    return exit_for_findings(report.findings, Severity(args.fail_on))


def _github(report: ValidationReport) -> str:
    """Annotations on the bundle's files and lines. A zip's members cannot be annotated, so
    those go on the zip, with the member named in the message."""

    from cloudprep.cli.github_annotations import Annotated, annotations_text

    items = []
    for located in report.results:
        if report.kind == "folder":
            file = (report.source / located.file).as_posix()
            items.append(Annotated(located.finding, file, located.line))
        else:
            finding = located.finding._replace(message=f"{located.file}: {located.finding.message}")
            items.append(Annotated(finding, report.source.as_posix()))
    return annotations_text(items)


def _summary(report: ValidationReport) -> dict[str, Any]:
    document = report.document
    return {
        "path": str(report.source),
        "kind": report.kind,
        "files": list(report.files),
        "made_by": report.made_by,
        "validated_by": report.validated_by,
        "export_date": document.export_date.isoformat() if document else None,
        "ga_as_of": document.ga_as_of.isoformat() if document and document.ga_as_of else None,
        "ga": report.evaluation.ga.summary if report.evaluation else None,
    }


def _json(report: ValidationReport) -> dict[str, Any]:
    return {"findings": [f.to_dict() for f in report.findings], "bundle": _summary(report)}


def _text(report: ValidationReport) -> str:
    made = f"made by cloudprep {report.made_by}" if report.made_by else "made by an unknown tool"
    lines = [f"bundle {report.source} ({report.kind}: {', '.join(report.files)}), {made}"]
    document = report.document
    integrity = [f for f in report.findings if f.rule.startswith("CP6")]
    lines.append(
        f"integrity: {len(integrity)} bundle finding(s) (CP6xx)"
        if integrity
        else "integrity: intact (manifest, re-derivation and leak scan agree)"
    )
    if report.evaluation is not None:
        lines.append(f"GA: {report.evaluation.ga.summary}")
    if document is not None and document.preflight is not None:
        from cloudprep.core.reference_date import utc_today
        from cloudprep.preflight.summary import age_text

        lines.append(age_text(document.preflight, utc_today()))
    # File names and the claimed tool version come from the bundle: one line each.
    return "\n".join(map(text_line, lines)) + "\n\n" + findings_text(report.findings)
