"""What the network adapter hands back to the pure part: facts, never a token or secret.

The adapter keeps a token response's body to itself: it reports only that a token was
issued (`token_issued`) and the error fields of a refusal, so a token never leaves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


def server_text(text: str, limit: int) -> str:
    """Text a server chose, fit to quote: inert (controls, new lines and bidi marks become
    spaces) and at most `limit` characters."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


class ProblemKind(StrEnum):
    TIMEOUT = "timeout"
    TLS = "tls"
    """The certificate is not valid for the host, expired, or not trusted."""
    CONNECT = "connect"
    DNS = "dns"
    PROXY = "proxy"
    PROTOCOL = "protocol"
    """The host answered with something that is not HTTP (or not TLS), or not what was asked."""


@dataclass(frozen=True)
class NetworkProblem:
    kind: ProblemKind
    detail: str
    """A short phrase from the TLS or socket layer (never request data), inert."""


@dataclass(frozen=True)
class HttpAnswer:
    status: int | None = None
    body: Mapping[str, Any] | None = None
    """A JSON object body (a token response keeps only its error fields, so `{}` when it
    had none); None when the body was not a JSON object."""
    token_issued: bool = False
    cert_not_after: datetime | None = None
    """When the server's certificate expires (UTC), when the TLS layer showed it."""
    problem: NetworkProblem | None = None


@dataclass(frozen=True)
class Resolution:
    addresses: tuple[str, ...] = field(default=())
    problem: NetworkProblem | None = None
    through_proxy: bool = False
    """A proxy would carry the request: a local DNS failure proves nothing then."""


class PreflightNetwork(Protocol):
    """The network, as the runner uses it; `cloudprep.preflight.network` is the real one."""

    def get(self, url: str, *, timeout: float, want_json: bool) -> HttpAnswer: ...

    def post_form(self, url: str, form: Mapping[str, str], *, timeout: float) -> HttpAnswer: ...

    def resolve(self, host: str, *, timeout: float) -> Resolution: ...

    def close(self) -> None: ...
