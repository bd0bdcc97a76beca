"""`cloudprep init`: a new project file, blank, imported from a connector folder, or the demo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cloudprep.cli.exit_codes import exit_for_findings
from cloudprep.cli.output import findings_text
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.project_path import DEFAULT_PROJECT_FILE
from cloudprep.errors import OutputExistsError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create a project file (blank, from a connector folder, or the demo)",
        description=(
            "Create a project file. A blank project targets all five clouds; remove the ones "
            "you do not want. The project id it makes keys this project's secrets."
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_PROJECT_FILE,
        metavar="PROJECT",
        help=f"where to write it (default: ./{DEFAULT_PROJECT_FILE})",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--from-connector",
        type=Path,
        metavar="DIR",
        help="import a connector folder (apiProperties.json + apiDefinition.swagger.json)",
    )
    source.add_argument("--demo", action="store_true", help="the embedded demo project")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args: argparse.Namespace) -> int:
    from cloudprep.core.new_project import blank_project, demo_project, project_from_connector
    from cloudprep.core.project_file import save_project

    output: Path = args.output
    if output.is_dir():
        raise OutputExistsError(
            f"{output}: is a folder",
            hints=[f"name a file, e.g. -o {output / DEFAULT_PROJECT_FILE}"],
        )
    if output.exists() and not args.force:
        raise OutputExistsError(
            f"{output}: already exists; not overwritten",
            hints=["pass --force to replace it (its project id, and so its secrets, are lost)"],
        )
    findings: list[Finding] = []
    if args.demo:
        project = demo_project()
    elif args.from_connector is not None:
        project, findings = project_from_connector(args.from_connector, output)
    else:
        project = blank_project()
    save_project(project, output)
    if findings:
        sys.stdout.write(findings_text(findings))
    sys.stderr.write(f"cloudprep: wrote {output} (project {project.project_id})\n")
    return exit_for_findings(findings, Severity.ERROR)
