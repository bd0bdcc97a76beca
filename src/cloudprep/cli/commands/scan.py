"""`cloudprep scan DIR`: the readiness of every connector folder under a tree (PRODUCT §12)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, assert_never

from cloudprep.cli.commands.common import add_fail_on, add_format
from cloudprep.cli.exit_codes import ExitCode, report_error, report_warning
from cloudprep.cli.guarded_output import unguarded
from cloudprep.cli.output import OutputFormat
from cloudprep.core.findings import Severity
from cloudprep.errors import UsageError

_DESCRIPTION = """\
Import every connector folder under DIR (at any depth; a folder holding apiProperties.json
and/or a swagger file) with the same code as `init --from-connector`, run the connector-level
rules, and print one row per folder (auth, identity provider, redirect mode, internal name,
host mode, parse problems, findings by severity) and a summary.

A folder that cannot be imported is a row with its error, never a stop. Exit codes: 0 no
finding at or above --fail-on (a folder that cannot be imported counts as an error), 1 some,
2 DIR cannot be read, 130 interrupted (the partial result is printed first)."""

_EPILOG = """\
formats:
  text  a table and a summary (a progress bar on stderr when it is a terminal)
  json  {"schema_version", "root", "partial", "found", "scanned", "connectors": [one
        object per folder, with its "findings" as in `check --format json`], "notices",
        "summary"}
  csv   one line per folder: folder, name, display_name, auth, auth_options,
        identity_provider, redirect_mode, no_per_connector_redirect, host_mode, problems,
        errors, warnings, infos, error"""


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        # Not echoed: no usage error repeats the value it rejected (a paste can be a secret).
        raise argparse.ArgumentTypeError("expected a whole number of processes >= 1")
    return number


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="scan a tree of connector folders: one row each, and a summary",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "dir",
        type=Path,
        metavar="DIR",
        help="the tree to scan, e.g. a PowerPlatformConnectors checkout",
    )
    add_format(parser, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.CSV)
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help=(
            "worker processes (default: one per CPU, up to 8, for large trees; "
            "1 runs in this process); the result is the same for any N"
        ),
    )
    add_fail_on(parser)


def run(args: argparse.Namespace) -> int:
    from cloudprep.scan.progress import progress_for
    from cloudprep.scan.report import fails
    from cloudprep.scan.runner import scan_tree

    fmt = OutputFormat(args.format)
    progress = progress_for(unguarded(sys.stderr), wanted=fmt is OutputFormat.TEXT)
    result = scan_tree(args.dir, jobs=args.jobs, progress=progress)
    sys.stdout.write(_render(result, fmt))
    sys.stdout.flush()
    if fmt is OutputFormat.CSV:
        for notice in result.notices:
            report_warning(f"not scanned: {notice.folder}: {notice.reason}")
    if result.interrupted:
        report_error(
            f"interrupted: partial result, {len(result.rows)} of {result.found} "
            "connector folders scanned"
        )
        return ExitCode.INTERRUPTED
    if not result.rows:
        report_warning(f"no connector folders found under {args.dir}")
    return ExitCode.FINDINGS if fails(result, Severity(args.fail_on)) else ExitCode.OK


def _render(result: Any, fmt: OutputFormat) -> str:
    from cloudprep.scan import render

    match fmt:
        case OutputFormat.TEXT:
            return render.render_text(result)
        case OutputFormat.JSON:
            return render.render_json(result)
        case OutputFormat.CSV:
            return render.render_csv(result)
        case OutputFormat.SARIF | OutputFormat.GITHUB:
            raise UsageError(f"scan writes text, json or csv, not {fmt.value}")
        case _:
            assert_never(fmt)
