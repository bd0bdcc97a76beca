"""The hosts a plan will contact, grouped, with the route each takes: what `preflight`
prints before it connects (and all that `--dry-run` prints), and what the wizard shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudprep.preflight.plan import PreflightPlan
from cloudprep.preflight.proxy import proxy_for


def hosts_json(plan: PreflightPlan, environ: Mapping[str, str]) -> list[dict[str, Any]]:
    by_host: dict[str, list[str]] = {}
    for visit in plan.visits():
        by_host.setdefault(visit.host, []).append(f"{visit.cloud}: {visit.purpose}")
    routes = {host: proxy_for(f"https://{host}/", environ) for host in by_host}
    return [
        {
            "host": host,
            "purposes": purposes,
            "route": f"through the proxy {routes[host]}" if routes[host] else "directly",
        }
        for host, purposes in by_host.items()
    ]


def hosts_text(plan: PreflightPlan, environ: Mapping[str, str]) -> str:
    hosts = hosts_json(plan, environ)
    width = max((len(h["host"]) for h in hosts), default=0)
    lines = [
        "cloudprep preflight contacts these hosts (HTTPS only, nothing else):"
        if hosts
        else "cloudprep preflight contacts no host: nothing can be checked online yet"
    ]
    for entry in hosts:
        lines.append(
            f"  {entry['host']:<{width}}  {'; '.join(entry['purposes'])} ({entry['route']})"
        )
    skipped = [
        f"  {cloud.cloud_id}: {what}: {why}"
        for cloud in plan.clouds
        for what, why in (("tenant and app", cloud.tenant_skip), ("endpoint", cloud.endpoint_skip))
        if why
    ]
    if skipped:
        lines += ["not checked online:", *skipped]
    return "\n".join(lines) + "\n"
