"""Loopback HTTPS servers for the preflight tests, with trustme certificates.

- `FakeAuthority`: Entra-shaped OpenID discovery documents, token responses and error bodies.
- `EndpointServer`: answers any GET with a chosen status (and can hang, for the timeouts).
- Both take a `raw` answer instead (`RawAnswer`): bytes written straight to the socket, for
  servers that are broken or hostile (a slow drip, a lying Content-Length, an echo).
- `ConnectProxy`: a plain-HTTP CONNECT proxy that records each target and tunnels it to
  127.0.0.1 (so a name no DNS knows reaches the loopback server).
Everything listens on 127.0.0.1 only; nothing here touches the internet.
"""

from __future__ import annotations

import json
import select
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import trustme

TOKEN_CANARY = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.TOKEN-CANARY-never-shown"
REQUEST_IDS = (
    "\r\nTrace ID: 0b6a3c2e-aaaa-bbbb-cccc-000000000001"
    "\r\nCorrelation ID: 9d1e2f3a-dddd-eeee-ffff-000000000002"
    "\r\nTimestamp: 2026-12-01 10:00:00Z"
)


def entra_document(
    tenant: str,
    host: str,
    *,
    instance: str | None = "microsoftonline.us",
    scope: str | None = "USGov",
    sub_scope: str | None = "DODCON",
) -> dict[str, Any]:
    """A discovery document shaped like Entra's, with the cloud fields chosen."""
    doc: dict[str, Any] = {
        "token_endpoint": f"https://{host}/{tenant}/oauth2/v2.0/token",
        "issuer": f"https://{host}/{tenant}/v2.0",
        "authorization_endpoint": f"https://{host}/{tenant}/oauth2/v2.0/authorize",
        "jwks_uri": f"https://{host}/{tenant}/discovery/v2.0/keys",
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.us",
    }
    for key, value in (
        ("cloud_instance_name", instance),
        ("tenant_region_scope", scope),
        ("tenant_region_sub_scope", sub_scope),
    ):
        if value is not None:
            doc[key] = value
    return doc


def entra_error(code: int, text: str, error: str = "invalid_request") -> dict[str, Any]:
    return {
        "error": error,
        "error_description": f"AADSTS{code}: {text}{REQUEST_IDS}",
        "error_codes": [code],
        "timestamp": "2026-12-01 10:00:00Z",
        "trace_id": "0b6a3c2e-aaaa-bbbb-cccc-000000000001",
        "correlation_id": "9d1e2f3a-dddd-eeee-ffff-000000000002",
    }


RawAnswer = Callable[[BaseHTTPRequestHandler, bytes], None]
"""Answers a request itself: called with the handler and the request body (a form, or b"")."""


class Drip:
    """A server that writes `head` at once, then `data` one byte each `every` seconds: each
    read gets a byte well within any per-read timeout, and the whole never comes in time.
    `hung_up` is set when the client closed the connection before the last byte."""

    def __init__(self, data: bytes, *, every: float, head: bytes = b"") -> None:
        self.data = data
        self.every = every
        self.head = head
        self.hung_up = threading.Event()

    def __call__(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        handler.close_connection = True
        try:
            handler.wfile.write(self.head)
            handler.wfile.flush()
            for byte in self.data:
                time.sleep(self.every)
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
        except OSError:
            self.hung_up.set()


def raw_bytes(data: bytes) -> RawAnswer:
    """A server that writes `data` (a whole response, however broken) and closes."""

    def answer(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        handler.close_connection = True
        handler.wfile.write(data)
        handler.wfile.flush()

    return answer


def _request_body(handler: BaseHTTPRequestHandler) -> bytes:
    return handler.rfile.read(int(handler.headers.get("Content-Length", "0")))


@dataclass
class AuthorityState:
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    """tenant → its discovery document; any other tenant is AADSTS90002."""
    secrets: dict[str, str] = field(default_factory=dict)
    """client id → its valid secret; any other client id is AADSTS700016."""
    token_errors: dict[str, dict[str, Any]] = field(default_factory=dict)
    """client id → a canned error body (400)."""
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    """(method, path, form fields other than the secret)."""
    raw: dict[str, RawAnswer] = field(default_factory=dict)
    """"GET" or "POST" → a raw answer for every such request instead of Entra's."""


class _Quiet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def send_json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def authority_handler(state: AuthorityState) -> type[BaseHTTPRequestHandler]:
    class Authority(_Quiet):
        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            state.requests.append(("GET", self.path, {}))
            if "GET" in state.raw:
                state.raw["GET"](self, b"")
                return
            if parts[1:] == ["v2.0", ".well-known", "openid-configuration"]:
                doc = state.documents.get(parts[0])
                if doc is not None:
                    self.send_json(200, doc)
                    return
                self.send_json(
                    400,
                    entra_error(
                        90002,
                        f"Tenant '{parts[0]}' not found. Check the tenant ID.",
                        "invalid_tenant",
                    ),
                )
                return
            self.send_json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            body = _request_body(self)
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            secret = form.pop("client_secret", "")
            state.requests.append(("POST", self.path, form))
            if "POST" in state.raw:
                state.raw["POST"](self, body)
                return
            client = form.get("client_id", "")
            if client in state.token_errors:
                self.send_json(400, state.token_errors[client])
            elif client not in state.secrets:
                self.send_json(
                    400,
                    entra_error(
                        700016,
                        f"Application with identifier '{client}' was not found in the "
                        "directory 'Contoso'.",
                        "unauthorized_client",
                    ),
                )
            elif state.secrets[client] != secret:
                self.send_json(
                    401,
                    entra_error(7000215, "Invalid client secret provided.", "invalid_client"),
                )
            else:
                self.send_json(
                    200,
                    {"token_type": "Bearer", "expires_in": 3599, "access_token": TOKEN_CANARY},
                )

    return Authority


@dataclass
class EndpointState:
    status: int = 200
    hang: threading.Event | None = None
    """When set, each request waits on it (released at teardown): a server that never answers."""
    hits: int = 0
    raw: RawAnswer | None = None
    """When set, answers every request instead of `status`."""


def endpoint_handler(state: EndpointState) -> type[BaseHTTPRequestHandler]:
    class Endpoint(_Quiet):
        def do_GET(self) -> None:
            state.hits += 1
            if state.raw is not None:
                state.raw(self, b"")
                return
            if state.hang is not None:
                state.hang.wait(10)
                return
            self.send_json(state.status, {"ok": state.status < 400})

    return Endpoint


class HttpsServer:
    """HTTPS with `cert`; plain HTTP without one (a server on the wrong port, for a test)."""

    def __init__(
        self, handler: type[BaseHTTPRequestHandler], cert: trustme.LeafCert | None
    ) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        if cert is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert.configure_cert(context)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class ConnectProxy:
    """CONNECT host:port → a tunnel to 127.0.0.1:port; `targets` records each host:port."""

    def __init__(self) -> None:
        self.targets: list[str] = []
        targets = self.targets

        class Tunnel(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                request = self.rfile.readline().decode("latin-1").split()
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                if len(request) < 2 or request[0] != "CONNECT":
                    self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
                    return
                targets.append(request[1])
                port = int(request[1].rsplit(":", 1)[1])
                upstream = socket.create_connection(("127.0.0.1", port), timeout=5)
                self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                self.wfile.flush()
                _pipe(self.connection, upstream)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Tunnel)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _pipe(a: socket.socket, b: socket.socket) -> None:
    with b:
        while True:
            ready, _, _ = select.select([a, b], [], [], 5)
            if not ready:
                return
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                (b if sock is a else a).sendall(data)


ServerFactory = Callable[..., HttpsServer]
