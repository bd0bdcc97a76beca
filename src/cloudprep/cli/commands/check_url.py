"""`cloudprep check-url`: check one redirect, endpoint, login or resource URL for one cloud."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cloudprep.cli.commands.common import add_format
from cloudprep.cli.exit_codes import exit_for_findings
from cloudprep.cli.output import OutputFormat, findings_json, findings_text
from cloudprep.core.catalog import TARGET_CLOUD_IDS
from cloudprep.core.findings import Finding, Severity

KINDS = ("redirect", "endpoint", "login", "resource")
CLOUD_CHOICES = ("commercial", *TARGET_CLOUD_IDS)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-url", help="check a redirect, endpoint, login or resource URL for a cloud"
    )
    parser.add_argument("kind", choices=KINDS, help="what the URL is")
    parser.add_argument("url", metavar="URL")
    parser.add_argument("--cloud", required=True, choices=CLOUD_CHOICES, help="the cloud")
    parser.add_argument(
        "--connector",
        metavar="NAME",
        help="the connector's internal name (checks a redirect's connector name)",
    )
    add_format(parser, OutputFormat.TEXT, OutputFormat.JSON)


def check_url(kind: str, url: str, cloud_id: str, connector: str | None) -> list[Finding]:
    from cloudprep.core.catalog import load_catalog
    from cloudprep.core.findings import sort_findings

    cloud = load_catalog().get(cloud_id)
    findings: list[Finding]
    if kind == "redirect":
        from cloudprep.core.rules.connector import check_connector_name
        from cloudprep.core.rules.redirect import check_redirect_url

        findings = check_redirect_url(url, cloud=cloud, connector_name=connector, path="url")
        if connector is not None:
            findings += check_connector_name(connector, path="connector")
    elif kind == "endpoint":
        from cloudprep.core.rules.endpoint import check_endpoint_url

        findings = check_endpoint_url(url, cloud=cloud if cloud.target else None, path="url")
    elif kind == "login":
        from cloudprep.core.rules.oauth import check_login_uri

        findings = check_login_uri(url, cloud=cloud, path="url")
    else:
        from cloudprep.core.rules.oauth import check_resource_uri

        findings = check_resource_uri(url, cloud=cloud, path="url")
    return sort_findings(findings)


def run(args: argparse.Namespace) -> int:
    findings = check_url(args.kind, args.url, args.cloud, args.connector)
    if args.format == OutputFormat.JSON:
        sys.stdout.write(findings_json(findings))
    else:
        sys.stdout.write(findings_text(findings))
    return exit_for_findings(findings, Severity.ERROR)
