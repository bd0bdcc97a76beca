"""The pre-commit hooks' entry point (`.pre-commit-hooks.yaml`): pre-commit passes the
changed files; this finds the projects, bundles or connector folders they belong to and runs
the matching cloudprep command once for each.

    python -m cloudprep.cli.precommit_hooks check [--fail-on S] FILE...
    python -m cloudprep.cli.precommit_hooks validate [--fail-on S] FILE...
    python -m cloudprep.cli.precommit_hooks definition --cloud ID [--cloud ID…] FILE...

`check` never touches the keyring (`--no-keyring`): a commit hook must not prompt for one.
The exit code is the worst of the runs (2 over 1 over 0), so the hook fails when any does.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NoReturn

from cloudprep.cli.exit_codes import ExitCode, report_error
from cloudprep.cli.main import CloudprepArgumentParser, main
from cloudprep.errors import UsageError

BUNDLE_FILES = frozenset({"submission.json", "manifest.json", "SUBMISSION.md"})


def bundles_of(files: Iterable[Path]) -> list[Path]:
    """The bundles the changed files belong to: a bundle folder (for any of its three files)
    or a .zip that holds a bundle. Other zips are not bundles and are left alone."""
    found: dict[Path, None] = {}
    for file in files:
        if file.name in BUNDLE_FILES:
            found[file.parent] = None
        elif file.suffix.lower() == ".zip" and _zip_holds_a_bundle(file):
            found[file] = None
    return list(found)


def _zip_holds_a_bundle(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return True  # looks like a zip but does not read: `validate` says why
    return bool(names & BUNDLE_FILES)


def folders_of(files: Iterable[Path]) -> list[Path]:
    return list(dict.fromkeys(file.parent for file in files))


def _parser() -> argparse.ArgumentParser:
    parser = CloudprepArgumentParser(prog="python -m cloudprep.cli.precommit_hooks")
    hooks = parser.add_subparsers(dest="hook", required=True, metavar="HOOK")
    for name, help_text in (
        ("check", "check each changed cloudprep.json (never the keyring)"),
        ("validate", "validate each bundle a changed file belongs to"),
    ):
        hook = hooks.add_parser(name, help=help_text)
        hook.add_argument("--fail-on", choices=["error", "warning"], default="error")
        hook.add_argument("files", nargs="*", type=Path, metavar="FILE")
    definition = hooks.add_parser("definition", help="lint each changed connector folder")
    definition.add_argument("--cloud", action="append", required=True, metavar="ID")
    definition.add_argument("files", nargs="*", type=Path, metavar="FILE")
    return parser


def _runs(args: argparse.Namespace) -> list[list[str]]:
    files: list[Path] = args.files
    match args.hook:
        case "check":
            return [
                ["check", str(p), "--no-keyring", "--fail-on", args.fail_on]
                for p in dict.fromkeys(files)
            ]
        case "validate":
            return [["validate", str(b), "--fail-on", args.fail_on] for b in bundles_of(files)]
        case _:
            return [
                ["definition", "--cloud", cloud, "--check", str(folder)]
                for folder in folders_of(files)
                for cloud in args.cloud
            ]


def run_hooks(argv: Sequence[str]) -> int:
    try:
        args = _parser().parse_args(list(argv))
    except UsageError as exc:
        report_error(exc.message, exc.hints)
        return ExitCode.USAGE
    except SystemExit as exc:  # --help
        return int(exc.code) if isinstance(exc.code, int) else ExitCode.OK
    worst = 0
    for command in _runs(args):
        sys.stdout.write(f"cloudprep {' '.join(command)}\n")
        sys.stdout.flush()
        code = main(command)
        if code == ExitCode.INTERRUPTED:
            return code
        worst = max(worst, code)
    return worst


def run() -> NoReturn:
    sys.exit(run_hooks(sys.argv[1:]))


if __name__ == "__main__":
    run()
