"""Which proxy the environment names for a URL (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).

The standard library's reading of the same variables httpx honours, without loading httpx,
so `--dry-run` can say how each host will be reached. A proxy is shown by scheme, host and
port only: a user name or password in the variable is never printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from cloudprep.errors import UsageError

PROXY_VARIABLES = "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY or NO_PROXY"


def unusable_proxy(variable: str, why: str) -> UsageError:
    """The error for a proxy variable that cannot be used; never with its value, which may
    hold a password."""
    return UsageError(
        f"the proxy setting in the environment ({variable}) cannot be used: {why}",
        hints=["fix the variable, or unset it to connect directly"],
    )


def proxy_for(url: str, environ: Mapping[str, str]) -> str | None:
    """The proxy that carries requests to `url` ("http://proxy.corp:8080"), or None;
    `UsageError` when the variable that names it is not a URL."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    lowered = {k.lower(): v for k, v in environ.items() if v}
    no_proxy = lowered.get("no_proxy", "")
    if no_proxy and _bypassed(host, parts.port, no_proxy):
        return None
    key = f"{parts.scheme}_proxy" if lowered.get(f"{parts.scheme}_proxy") else "all_proxy"
    raw = lowered.get(key)
    if not raw:
        return None
    try:
        proxy = urlsplit(raw if "://" in raw else f"http://{raw}")
        hostname, port = proxy.hostname, proxy.port
    except ValueError:  # a bad IPv6 literal or port
        raise unusable_proxy(key.upper(), "it is not a URL") from None
    if not hostname:
        return None
    shown_port = f":{port}" if port else ""
    return f"{proxy.scheme}://{hostname}{shown_port}"


def _bypassed(host: str, port: int | None, no_proxy: str) -> bool:
    """NO_PROXY as curl and httpx read it: `*`, or names matching the host or a parent
    domain (a leading dot or `*.` is ignored), optionally with a port."""
    host = host.lower().rstrip(".")
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        name, _, entry_port = entry.partition(":")
        if entry_port and port is not None and entry_port != str(port):
            continue
        name = name.removeprefix("*").lstrip(".")
        if name and (host == name or host.endswith("." + name)):
            return True
    return False
