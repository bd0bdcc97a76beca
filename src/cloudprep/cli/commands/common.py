"""Arguments and steps several commands share."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from cloudprep.cli.output import OutputFormat
from cloudprep.core.findings import Severity
from cloudprep.core.project_path import DEFAULT_PROJECT_FILE
from cloudprep.errors import ProjectFileError

if TYPE_CHECKING:
    from datetime import date

    from cloudprep.core.models import Project


def add_format(parser: argparse.ArgumentParser, *formats: OutputFormat) -> None:
    parser.add_argument(
        "--format",
        choices=[f.value for f in formats],
        default=OutputFormat.TEXT.value,
        help="output format (default: text)",
    )


def add_fail_on(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fail-on",
        choices=[Severity.ERROR.value, Severity.WARNING.value],
        default=Severity.ERROR.value,
        help="exit 1 when a finding is at or above this severity (default: error)",
    )


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project",
        nargs="?",
        type=Path,
        metavar="PROJECT",
        help=f"the project file (default: ./{DEFAULT_PROJECT_FILE})",
    )


def load_project_argument(
    path: Path | None, *, command: str, option: str = ""
) -> tuple[Path, Project]:
    """Load PROJECT, or ./cloudprep.json when none is named. `command` and `option` (e.g.
    "--project ") say in the hint how this command names a project."""
    from cloudprep.core.project_file import load_project

    target = path or DEFAULT_PROJECT_FILE
    if path is None and not target.exists():
        raise ProjectFileError(
            f"no project file given and ./{DEFAULT_PROJECT_FILE} does not exist",
            hints=[
                f"name one: cloudprep {command} {option}path/to/cloudprep.json",
                "or create one: cloudprep init (or cloudprep init --demo)",
            ],
        )
    return target, load_project(target)


def today() -> date:
    """The real UTC date, or SOURCE_DATE_EPOCH's: secret expiry counts from it."""
    from cloudprep.core.reference_date import reference_date, utc_today

    return reference_date(os.environ, utc_today())
