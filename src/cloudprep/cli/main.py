"""Entry point: `cloudprep [PROJECT]` opens the wizard; `cloudprep COMMAND …` runs one."""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from cloudprep import __version__
from cloudprep.cli.exit_codes import ExitCode, exit_code_for, report_error
from cloudprep.errors import CloudprepError, UsageError

# Command modules, in help order. Each has `add_parser(subparsers)` and `run(args) -> int`,
# and imports its heavy dependencies inside `run` so that parsing stays fast.
COMMAND_MODULES: dict[str, str] = {
    "init": "cloudprep.cli.commands.init",
    "check": "cloudprep.cli.commands.check",
    "check-url": "cloudprep.cli.commands.check_url",
    "clouds": "cloudprep.cli.commands.clouds",
    "rules": "cloudprep.cli.commands.rules",
    "schema": "cloudprep.cli.commands.schema",
    "bundle": "cloudprep.cli.commands.bundle",
    "request": "cloudprep.cli.commands.request",
    "preflight": "cloudprep.cli.commands.preflight",
    "validate": "cloudprep.cli.commands.validate",
    "scan": "cloudprep.cli.commands.scan",
    "secret": "cloudprep.cli.commands.secret",
    "definition": "cloudprep.cli.commands.definition",
}


# argparse quotes the rejected value in these messages; a pasted secret must not be echoed.
_ECHOED_VALUE = (
    (re.compile(r"invalid choice: .*? \(choose from", re.DOTALL), "invalid choice (choose from"),
    (re.compile(r"(invalid \S+ value): .*\Z", re.DOTALL), r"\1"),
    (re.compile(r"(unrecognized arguments): .*\Z", re.DOTALL), r"\1"),
)


def _without_values(message: str) -> str:
    for pattern, replacement in _ECHOED_VALUE:
        message = pattern.sub(replacement, message)
    return message


class CloudprepArgumentParser(argparse.ArgumentParser):
    """argparse, but errors follow the one error format and exit code, and never echo the
    value that was rejected."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_without_values(message), hints=[f"see: {self.prog} --help"])


def _load(name: str) -> ModuleType:
    return importlib.import_module(COMMAND_MODULES[name])


def build_parser(only: str | None = None) -> CloudprepArgumentParser:
    """The parser; with `only`, just that command's, so a run loads one command module."""
    parser = CloudprepArgumentParser(
        prog="cloudprep",
        description=(
            "Get a Power Platform connector's GA and government/sovereign cloud release "
            "request complete, checked and safe to send. With no command, opens the wizard "
            "on PROJECT (default ./cloudprep.json)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"cloudprep {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        if only is None or name == only:
            _load(name).add_parser(subparsers)
    return parser


def _run(argv: list[str]) -> int:
    if argv and argv[0] in COMMAND_MODULES:
        args = build_parser(only=argv[0]).parse_args(argv)
        module = _load(args.command)
        result: int = module.run(args)
        return result
    if argv and argv[0] in ("-h", "--help", "--version"):
        build_parser().parse_args(argv)
        return ExitCode.OK
    if argv and argv[0].startswith("-"):
        raise UsageError("unknown option before the command", hints=["see: cloudprep --help"])
    if len(argv) > 1:
        raise UsageError(
            "unknown command (the first argument names none)",
            hints=["commands: " + ", ".join(COMMAND_MODULES), "see: cloudprep --help"],
        )
    from cloudprep.cli.commands import wizard

    return wizard.run_wizard(argv[0] if argv else None)


def _opens_wizard(argv: list[str]) -> bool:
    return len(argv) <= 1 and not (argv and (argv[0] in COMMAND_MODULES or argv[0][:1] == "-"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run cloudprep with `argv` (default: the process arguments); return the exit code.

    Every command writes through the leak guard's streams (`cli.guarded_output`); the
    wizard's terminal driver does not."""
    args = list(sys.argv[1:] if argv is None else argv)
    if _opens_wizard(args):
        return _main(args)
    from cloudprep.cli.guarded_output import guarded_standard_streams

    with guarded_standard_streams():
        return _main(args)


def _main(args: list[str]) -> int:
    try:
        return _run(args)
    except CloudprepError as exc:
        report_error(exc.message, exc.hints)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        report_error("interrupted")
        return ExitCode.INTERRUPTED
    except SystemExit as exc:  # argparse --help/--version
        return int(exc.code) if isinstance(exc.code, int) else ExitCode.OK
    except BrokenPipeError:
        # stdout closed early (e.g. `| head`): not an error worth a traceback.
        sys.stderr.close()
        return ExitCode.OK


def run() -> NoReturn:
    """The console-script entry point."""
    sys.exit(main())
