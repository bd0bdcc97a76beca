"""`cloudprep bundle`: export the submission bundle (a folder, or a .zip)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cloudprep.cli.commands.common import add_fail_on, add_project_argument, load_project_argument
from cloudprep.cli.exit_codes import exit_for_findings
from cloudprep.cli.output import findings_text
from cloudprep.core.findings import Finding, Severity

if TYPE_CHECKING:
    from cloudprep.core.models import Project
    from cloudprep.preflight.record import EmbeddedPreflight


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "bundle",
        help="export the submission bundle: submission.json, SUBMISSION.md, manifest.json",
        description=(
            "Export the submission bundle to OUT: a folder, or a zip when OUT ends in .zip. "
            "Nothing is written if a secret would end up in it (exit 4), or if the keyring "
            "cannot be read to rule that out (exit 3; --no-keyring goes on with the secret "
            "patterns only). Error findings do not block the export (exit 1). Prints where "
            "SUBMISSION.md, the request to send, is, and a subject line for it."
        ),
    )
    add_project_argument(parser)
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help="the folder or .zip"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing bundle at OUT")
    parser.add_argument(
        "--with-definitions",
        action="store_true",
        help="add each target cloud's apiProperties.json and swagger (clouds/<id>/), made "
        "from connector.source as `cloudprep definition` makes them",
    )
    add_fail_on(parser)
    parser.add_argument(
        "--no-keyring",
        action="store_true",
        help=(
            "export without the keyring: secret presence is not checked, only the secret "
            "patterns are scanned for, and submission.json records that stored secrets were not"
        ),
    )


def run(args: argparse.Namespace) -> int:

    from cloudprep.bundle.document import SUBMISSION_MD
    from cloudprep.bundle.export import export_bundle
    from cloudprep.bundle.render import subject_line
    from cloudprep.bundle.secret_source import read_keyring_for_guard
    from cloudprep.cli.guarded_output import use_leak_guard
    from cloudprep.core.reference_date import export_moment, utc_now

    project_file, project = load_project_argument(args.project, command="bundle")
    definitions: dict[str, bytes] = {}
    definition_findings: list[Finding] = []
    if args.with_definitions:
        from cloudprep.bundle.definitions import definition_files

        definitions, definition_findings = definition_files(project, project_file)
    created = export_moment(os.environ, utc_now())
    # Fail closed: without the stored values a pasted secret cannot be ruled out (exit 3),
    # unless --no-keyring says to go on with the patterns alone.
    view = read_keyring_for_guard(project, use_keyring=not args.no_keyring, fail_closed=True)
    use_leak_guard(view.leak_guard())
    preflight = _latest_preflight(project)
    result = export_bundle(
        project,
        args.output,
        presence=view.presence,
        created=created,
        known_secrets=view.secrets,
        force=args.force,
        definitions=definitions,
        preflight=preflight,
        stored_values_scanned=view.stored_values_checked,
    )
    findings = [*result.findings, *definition_findings]
    sys.stdout.write(findings_text(findings))
    sys.stdout.write(f"\nGA: {result.evaluation.ga.summary}\n")
    if preflight is not None and preflight.clouds:
        sys.stdout.write(f"preflight: embedded for {', '.join(preflight.clouds)}\n")
    if preflight is not None and preflight.stale:
        sys.stdout.write(
            f"preflight: the result for {', '.join(preflight.stale)} is stale (the client id, "
            "tenant or endpoint changed since); not embedded: run cloudprep preflight again\n"
        )
    verb = "replaced" if result.replaced else "wrote"
    sys.stdout.write(f"{verb} {result.kind} bundle {result.path}: {', '.join(result.files)}\n")
    inside = result.kind == "zip"
    where = f"{SUBMISSION_MD} in {result.path}" if inside else str(result.path / SUBMISSION_MD)
    sys.stdout.write(f"the request to send: {where}\n")
    sys.stdout.write(f"subject: {subject_line(result.document)}\n")
    return exit_for_findings(findings, Severity(args.fail_on))


def _latest_preflight(project: Project) -> EmbeddedPreflight | None:
    """The saved preflight result that still matches the project (PRODUCT §13)."""
    from cloudprep.preflight.state import current_for, load_result

    return current_for(project, load_result(project.project_id))
