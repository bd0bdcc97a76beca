"""`cloudprep rules`: every rule id with its severity, scope, title and fix hint."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cloudprep.cli.commands.common import add_format
from cloudprep.cli.exit_codes import ExitCode
from cloudprep.cli.output import OutputFormat, to_json


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("rules", help="list the rules (documented in docs/rules.md)")
    add_format(parser, OutputFormat.TEXT, OutputFormat.JSON)


def run(args: argparse.Namespace) -> int:
    from cloudprep.core.rules.registry import all_rules

    rules = all_rules()
    if args.format == OutputFormat.JSON:
        document = {
            "rules": [
                {
                    "id": r.id,
                    "severity": r.severity.value,
                    "scope": r.scope.value,
                    "title": r.title,
                    "hint": r.hint,
                    "example": r.example,
                }
                for r in rules
            ]
        }
        sys.stdout.write(to_json(document))
        return ExitCode.OK
    for r in rules:
        sys.stdout.write(f"{r.id}  {r.severity.value:<7} {r.scope.value:<9} {r.title}\n")
    return ExitCode.OK
