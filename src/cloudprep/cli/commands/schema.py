"""`cloudprep schema {project,bundle}`: JSON Schemas generated from the models."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from typing import Any

from cloudprep.cli.exit_codes import ExitCode
from cloudprep.cli.output import to_json

# Each schema is produced by a function in the module that owns the model.
SCHEMAS: dict[str, tuple[str, str]] = {
    "project": ("cloudprep.core.schemas", "project_schema"),
    "bundle": ("cloudprep.bundle.document", "bundle_schema"),
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("schema", help="print the JSON Schema of a file format")
    parser.add_argument("which", choices=sorted(SCHEMAS), help="which file format")


def run(args: argparse.Namespace) -> int:
    module_name, function_name = SCHEMAS[args.which]
    make: Callable[[], dict[str, Any]] = getattr(
        importlib.import_module(module_name), function_name
    )
    sys.stdout.write(to_json(make()))
    return ExitCode.OK
