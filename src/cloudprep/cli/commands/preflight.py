"""`cloudprep preflight`: the opt-in online check, the only command that uses the network.

It prints the hosts it will contact first; `--dry-run` stops there (and loads neither the
network stack nor the keyring). The result is saved in the per-user state file, never in
the project; `bundle` embeds it while the checked inputs still match.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any, assert_never

from cloudprep.cli.commands.common import add_format, add_project_argument, load_project_argument
from cloudprep.cli.exit_codes import ExitCode
from cloudprep.cli.output import OutputFormat, findings_text, text_line, to_json
from cloudprep.core.catalog import TARGET_CLOUD_IDS
from cloudprep.errors import UsageError

if TYPE_CHECKING:
    from pydantic import SecretStr

    from cloudprep.core.leak_guard import LeakGuard
    from cloudprep.core.models import Project
    from cloudprep.preflight.plan import PreflightPlan
    from cloudprep.preflight.record import PreflightResult

MAX_TIMEOUT = 300.0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        # Not echoed: no usage error repeats the value it rejected (a paste can be a secret).
        raise argparse.ArgumentTypeError("not a number of seconds") from None
    if not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_TIMEOUT:g}")
    return value


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "preflight",
        help="online: prove each cloud's tenant, app, secret and endpoint work (opt-in)",
        description=(
            "The only command that uses the network. For each target cloud: the tenant's "
            "directory (OpenID discovery), the app and its secret (a client-credentials token "
            "request for the cloud's Microsoft Graph; the token is discarded at once), and "
            "the endpoint (DNS, TLS, one request). It lists the hosts first; --dry-run stops "
            "there. Proxies (HTTPS_PROXY, NO_PROXY) and the OS trust store are used."
        ),
    )
    add_project_argument(parser)
    parser.add_argument(
        "--cloud",
        action="append",
        dest="clouds",
        choices=TARGET_CLOUD_IDS,
        metavar="ID",
        help="check only this target cloud (repeatable; default: every cloud in the project)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="S",
        help="seconds for each request (default 10; the whole run gets 6 times that)",
    )
    add_format(parser, OutputFormat.TEXT, OutputFormat.JSON)
    parser.add_argument(
        "--dry-run", action="store_true", help="list the hosts that would be contacted, and stop"
    )


def run(args: argparse.Namespace) -> int:
    from cloudprep.preflight.plan import plan_preflight

    _, project = load_project_argument(args.project, command="preflight")
    plan = plan_preflight(project, args.clouds or ())
    if plan.unknown_clouds:
        raise UsageError(
            f"--cloud {plan.unknown_clouds[0]}: not a target cloud of this project",
            hints=["its clouds: " + (", ".join(project.clouds) or "none yet")],
        )
    if not plan.clouds:
        raise UsageError(
            "the project has no target cloud to check",
            hints=["add one in the wizard (cloudprep) or under clouds in the project file"],
        )
    output = OutputFormat(args.format)
    from cloudprep.preflight.hosts import hosts_json, hosts_text

    hosts = hosts_text(plan, os.environ)
    if args.dry_run:
        match output:
            case OutputFormat.JSON:
                sys.stdout.write(to_json({"hosts": hosts_json(plan, os.environ), "dry_run": True}))
            case _:
                sys.stdout.write(hosts + "dry run: nothing was contacted\n")
        return ExitCode.OK
    # The hosts come first, before any connection; in JSON mode stdout carries data only.
    (sys.stdout if output is OutputFormat.TEXT else sys.stderr).write(hosts)
    (sys.stdout if output is OutputFormat.TEXT else sys.stderr).flush()
    from cloudprep.bundle.secret_source import read_keyring_for_guard
    from cloudprep.cli.guarded_output import use_leak_guard
    from cloudprep.preflight.client_secrets import read_client_secrets

    # Every value stored for the project, not only the client secrets sent, is redacted
    # from the result and the output, as `check` does: a secret pasted into the client id
    # is quoted by the messages. A keyring that cannot be read leaves the patterns only;
    # it is an error (exit 3) only when a client secret is needed.
    guard = read_keyring_for_guard(project, use_keyring=True, fail_closed=False).leak_guard()
    guard.project_findings(project)  # arms the guard with leaking field values
    use_leak_guard(guard)
    secrets = read_client_secrets(project, plan)
    result = _run_checks(project, plan, secrets, guard, timeout=args.timeout)
    from cloudprep.errors import StateNotSaved
    from cloudprep.preflight.state import save_result

    not_saved: StateNotSaved | None = None
    try:
        save_result(result)
    except StateNotSaved as exc:  # the result is still shown; the error comes after it
        not_saved = exc
    findings = [f.to_finding() for f in result.all_findings()]
    match output:
        case OutputFormat.TEXT:
            sys.stdout.write(_result_text(plan, result))
        case OutputFormat.JSON:
            sys.stdout.write(to_json(_result_json(plan, result)))
        case OutputFormat.SARIF | OutputFormat.CSV | OutputFormat.GITHUB:  # argparse offers none
            raise UsageError("preflight has no such format", hints=["use --format json"])
        case _:
            assert_never(output)
    if not_saved is not None:
        raise not_saved
    if any(f.severity.value == "error" for f in findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _run_checks(
    project: Project,
    plan: PreflightPlan,
    secrets: dict[str, SecretStr],
    guard: LeakGuard,
    *,
    timeout: float,
) -> PreflightResult:
    from cloudprep import __version__
    from cloudprep.preflight.network import HttpxNetwork
    from cloudprep.preflight.runner import PreflightSettings, run_preflight

    network = HttpxNetwork()
    try:
        return run_preflight(
            project.project_id,
            plan,
            network,
            secrets,
            tool_version=__version__,
            settings=PreflightSettings(timeout=timeout),
            guard=guard,
        )
    finally:
        network.close()
        secrets.clear()


def _result_text(plan: PreflightPlan, result: PreflightResult) -> str:
    lines = [""]
    for cloud in plan.clouds:
        saved = result.clouds[cloud.cloud_id]
        at = min((c.checked_at for c in saved.checks), default=None)
        when = f", checked {at:%Y-%m-%d %H:%M:%S} UTC" if at else ""
        lines.append(f"{cloud.cloud_name} ({cloud.cloud_id}){when}:")
        for check in saved.checks:
            # One line each, like a finding, whatever a summary quotes.
            lines.append(
                text_line(f"  {check.check.value:<9} {check.outcome.value:<8} {check.summary}")
            )
        lines.append("")
    findings = [f.to_finding() for f in result.all_findings()]
    from cloudprep.core.findings import sort_findings

    return "\n".join(lines) + findings_text(sort_findings(findings))


def _result_json(plan: PreflightPlan, result: PreflightResult) -> dict[str, Any]:
    from cloudprep.preflight.hosts import hosts_json

    data = result.model_dump(mode="json")
    return {
        "findings": [f.model_dump(mode="json") for f in result.all_findings()],
        "hosts": hosts_json(plan, os.environ),
        "clouds": data["clouds"],
    }
