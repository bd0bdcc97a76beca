"""`cloudprep definition`: write, diff or lint one cloud's connector files (PRODUCT §14)."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path
from typing import Any

from cloudprep.cli.commands.common import (
    add_fail_on,
    add_format,
    add_project_argument,
    load_project_argument,
)
from cloudprep.cli.exit_codes import exit_for_findings
from cloudprep.cli.output import OutputFormat, findings_text, text_line, to_json
from cloudprep.core.findings import Finding, Severity
from cloudprep.errors import OutputExistsError, UsageError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "definition",
        help="write (or lint) a cloud's apiProperties.json and apiDefinition.swagger.json",
        description=(
            "Write a cloud's apiProperties.json and apiDefinition.swagger.json from the "
            "imported connector files, changing only what the cloud requires (client id, "
            "login and resource URIs, scopes, redirect, host, security and policy URLs); "
            "copy the folder's other files unchanged. With --check DIR, lint files already "
            "written (or edited by hand) instead. No secret is written."
        ),
    )
    add_project_argument(parser)
    parser.add_argument("--cloud", required=True, metavar="ID", help="the target cloud id")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("-o", "--output", type=Path, metavar="DIR", help="where to write")
    action.add_argument(
        "--check", type=Path, metavar="DIR", help="lint the connector files in DIR only"
    )
    parser.add_argument(
        "--from",
        dest="from_dir",
        type=Path,
        metavar="DIR",
        help="the commercial connector folder (default: connector.source of the project)",
    )
    parser.add_argument(
        "--diff", action="store_true", help="print a unified diff against the commercial files"
    )
    parser.add_argument("--force", action="store_true", help="overwrite files in DIR")
    add_fail_on(parser)
    add_format(parser, OutputFormat.TEXT, OutputFormat.JSON)


def run(args: argparse.Namespace) -> int:
    from cloudprep.core.catalog import load_catalog

    project_file, project = load_project_argument(args.project, command="definition")
    known = [c.id for c in load_catalog().clouds]
    if args.cloud not in known:
        raise UsageError(
            f"--cloud {args.cloud!r}: not a cloud id", hints=["known: " + ", ".join(known)]
        )
    if args.check is not None:
        if args.diff:
            raise UsageError("--diff writes nothing to compare with --check; drop one")
        return _check(args, project_file, project)
    return _write(args, project_file, project)


def _check(args: argparse.Namespace, project_file: Path, project: Any) -> int:
    from cloudprep.core.definitions.check import check_folder

    findings = check_folder(project, project_file, args.cloud, args.check, args.from_dir)
    _print(args.format, findings, {"cloud": args.cloud, "checked": str(args.check)})
    return exit_for_findings(findings, Severity(args.fail_on))


def _write(args: argparse.Namespace, project_file: Path, project: Any) -> int:
    from cloudprep.bundle.export import find_leaks
    from cloudprep.core.atomic_write import write_files_atomically
    from cloudprep.core.definitions.cloud_values import cloud_name, definition_values
    from cloudprep.core.definitions.files import ConnectorFile
    from cloudprep.core.definitions.generate import definition_diff, generate_definition
    from cloudprep.core.definitions.pac import pac_commands
    from cloudprep.core.definitions.source import other_files, read_source
    from cloudprep.errors import SecretLeakRefused

    out: Path = args.output
    source = read_source(project.connector.source, project_file, args.from_dir)
    if out.is_dir() and out.samefile(source.folder):
        # Even with --force: the commercial files are what every cloud's files are made from.
        raise UsageError(
            f"-o {out}: is the commercial connector folder; its files would be replaced",
            hints=["write each cloud's files to a folder of their own"],
        )
    definition = generate_definition(project, args.cloud, source)
    extras = other_files(source.folder, source.names)
    written = {kind.value: data for kind, data in definition.files.items()}
    for extra in extras:
        written.setdefault(extra.name, extra.read_bytes())
    by_name = {e.name: out / e.name for e in extras}
    commands = pac_commands(
        definition_values(project, args.cloud).pac_cloud,
        cloud_name(args.cloud),
        out / ConnectorFile.API_PROPERTIES.value,
        out / ConnectorFile.SWAGGER.value,
        icon=next((p for n, p in by_name.items() if n.lower().endswith(".png")), None),
        script=next((p for n, p in by_name.items() if n.lower().endswith(".csx")), None),
    )
    findings = list(definition.findings)
    diff = definition_diff(source, definition) if args.diff else None
    if args.format == OutputFormat.JSON.value:
        summary: dict[str, Any] = {
            "cloud": args.cloud,
            "output": str(out),
            "files": sorted(written),
            "changes": [
                {"file": c.file.value, "pointer": c.pointer, "old": c.old, "new": c.new}
                for c in definition.changes
            ],
            "pac": commands,
        }
        if diff is not None:
            summary["diff"] = diff
        shown = to_json({**summary, "findings": [f.to_dict() for f in findings]})
    else:
        shown = "".join(
            [
                _inert(diff or ""),
                findings_text(findings),
                # The names of the folder's other files are the publisher's: one line each.
                text_line(f"wrote {', '.join(sorted(written))} to {out}") + "\n\n",
                "Test it in your own tenant of this cloud:\n",
                *(f"  {text_line(line)}\n" for line in commands),
            ]
        )
    # The files leave the process here: the leak guard's pattern scan sees them first. What
    # it finds in the commercial file too is the publisher's own published text (e.g. a
    # description that reads like `password: …`), not something cloudprep adds; anything
    # else refuses. The printed text holds nothing the files do not (the secret is masked).
    texts = {name: data for name, data in written.items() if _is_text(data)}
    before: dict[str, bytes] = {
        kind.value: source.documents[kind].to_bytes()
        for kind in source.documents
        if kind.value in texts
    }
    known = {(x.rule_id, x.file, x.field, x.what) for x in find_leaks(before, ())}
    leaks = [x for x in find_leaks(texts, ()) if (x.rule_id, x.file, x.field, x.what) not in known]
    if leaks:
        raise SecretLeakRefused(
            f"refused: {leaks[0].what} at {leaks[0].where}; nothing was written or printed",
            hints=[leaks[0].finding().hint],
        )
    if out.exists() and not out.is_dir():
        raise OutputExistsError(f"{out}: is a file, not a folder")
    clashes = [name for name in written if (out / name).exists()]
    if clashes and not args.force:
        raise OutputExistsError(
            f"{out / clashes[0]}: already exists; not overwritten",
            hints=["pass --force to replace the files cloudprep writes there"],
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        # All or none: a failure part-way must not leave a mix of old and new files.
        write_files_atomically(out, written)
    except OSError as exc:
        raise UsageError(
            f"{out}: cannot be written: {exc.strerror or exc} (no file was changed)"
        ) from None
    sys.stdout.write(shown)
    return exit_for_findings(findings, Severity(args.fail_on))


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False  # an icon: nothing a secret scan can read
    return True


_KEPT = frozenset("\n\r\t")


def _inert(text: str) -> str:
    """File text for the terminal: control, format (bidi, zero-width) and line-separator
    characters shown as visible escapes, so a file cannot drive the terminal."""
    return "".join(
        ch
        if ch in _KEPT or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")
        else f"\\u{ord(ch):04x}"
        for ch in text
    )


def _print(fmt: str, findings: list[Finding], extra: dict[str, Any]) -> None:
    if fmt == OutputFormat.JSON.value:
        sys.stdout.write(to_json({**extra, "findings": [f.to_dict() for f in findings]}))
    else:
        sys.stdout.write(findings_text(findings))
