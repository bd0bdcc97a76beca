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
    from cloudprep.core.catalog import CONNECTOR_PLACEHOLDER, Source, load_catalog

    catalog = load_catalog()
    if args.format == OutputFormat.JSON:
        sys.stdout.write(to_json(catalog.to_dict()))
        return ExitCode.OK
    numbers = {source.key: n for n, source in enumerate(catalog.sources, start=1)}

    def cite(sources: tuple[Source, ...]) -> str:
        if not sources:
            return "  [unverified]"
        return "  [" + ", ".join(str(numbers[s.key]) for s in sources) + "]"

    lines: list[str] = []
    for cloud in catalog.clouds:
        role = "target" if cloud.target else "baseline, not a target"
        lines.append(f"{cloud.id}: {cloud.name} ({role})")
        lines.append(f"  directory:        {cloud.directory_name}{cite(cloud.directory_sources)}")
        hosts = ", ".join(cloud.login_hosts.value)
        lines.append(f"  login hosts:      {hosts}{cite(cloud.login_hosts.sources)}")
        if cloud.login_aliases.value:
            aliases = ", ".join(cloud.login_aliases.value)
            lines.append(f"  login aliases:    {aliases}{cite(cloud.login_aliases.sources)}")
        if cloud.issuer_hosts.value:
            issuers = ", ".join(cloud.issuer_hosts.value) + " (not sign-in URIs)"
            lines.append(f"  issuer hosts:     {issuers}{cite(cloud.issuer_hosts.sources)}")
        lines.append(
            f"  Azure column:     {cloud.azure_column.value}{cite(cloud.azure_column.sources)}"
        )
        lines.append("  Microsoft services in this cloud:")
        for family in catalog.services:
            found = family.hosts[cloud.id]
            value = found.value
            if value is None:
                shown_host = "not known"
            elif family.match == "suffix":
                shown_host = f"*.{value}"
            else:
                shown_host = value + (family.resource_path or "")
            lines.append(f"    {family.name:<36}{shown_host}{cite(found.sources)}")
        redirect = cloud.consent_redirect.value
        shown = (
            redirect.replace(CONNECTOR_PLACEHOLDER, "<connectorName>")
            if redirect
            else "none published: use the one Microsoft gives you"
        )
        lines.append(f"  consent redirect: {shown}{cite(cloud.consent_redirect.sources)}")
        for known in cloud.known_consent_redirects.value:
            lines.append(f"  also known (legacy or regional, not required): {known}")
        portals = cloud.portals
        for label, item in (
            ("Azure portal", portals.azure),
            ("Power Apps", portals.power_apps),
            ("Power Automate", portals.power_automate),
            ("admin centre", portals.admin),
            ("pac --cloud", portals.pac_cloud),
            ("backend network", portals.backend_network),
        ):
            if item.value is not None:
                lines.append(f"  {label + ':':<17} {item.value}{cite(item.sources)}")
        for guess in cloud.consent_host_guesses.value:
            lines.append(f"  consent host guess (unverified): {guess}")
        lines.append(f"  requires:         {cloud.requirement}")
        lines.extend(
            f"  note:             {note}{cite(cloud.notes_sources)}" for note in cloud.notes
        )
        lines.append("")
    lines.extend(f"Note: {note}" for note in catalog.service_notes)
    lines.append("")
    lines.append("Sources:")
    lines.extend(f"  [{numbers[s.key]}] {s.name} <{s.url}>" for s in catalog.sources)
    sys.stdout.write("\n".join(lines) + "\n")
    return ExitCode.OK
