"""`cloudprep clouds`: the cloud catalog, with a source for each value."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cloudprep.cli.commands.common import add_format
from cloudprep.cli.exit_codes import ExitCode
from cloudprep.cli.output import OutputFormat, to_json


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "clouds", help="list the clouds, their hosts and redirects, with sources"
    )
    add_format(parser, OutputFormat.TEXT, OutputFormat.JSON)


def run(args: argparse.Namespace) -> int:
    from cloudprep.core.catalog import load_catalog

    catalog = load_catalog()
    if args.format == OutputFormat.JSON:
        sys.stdout.write(to_json(catalog.to_dict()))
        return ExitCode.OK
    lines: list[str] = []
    for cloud in catalog.clouds:
        role = "target" if cloud.target else "baseline"
        lines.append(f"{cloud.id} — {cloud.name} ({role})")
        lines.append(f"  directory:        {cloud.directory_name}")
        lines.append(f"  login hosts:      {', '.join(cloud.login_hosts.value)}")
        lines.append(f"  Graph host:       {cloud.graph_host.value}")
        redirect = cloud.consent_redirect.value
        shown = (
            redirect.replace("{connector}", "<connectorName>")
            if redirect
            else "none published: use the one Microsoft gives you (unverified)"
        )
        lines.append(f"  consent redirect: {shown}")
        lines.append(f"  requires:         {cloud.requirement}")
        lines.extend(f"  note:             {note}" for note in cloud.notes)
        sources = {
            s.key: s
            for value in (cloud.login_hosts, cloud.graph_host, cloud.consent_redirect)
            for s in value.sources
        }
        if not cloud.consent_redirect.verified:
            lines.append("  consent redirect source: unverified")
        for source in sources.values():
            lines.append(f"  source: {source.name} <{source.url}>")
        lines.append("")
    sys.stdout.write("\n".join(lines))
    return ExitCode.OK
