"""The network adapter: the only module that imports httpx and truststore.

- Certificates are verified against the operating system's trust store (`truststore`):
  government enterprises commonly inspect TLS with their own root, which the OS trusts.
- HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured (httpx's `trust_env`).
- Redirects are not followed: a request reaches only the host it was planned for.
- Each request, its name lookup and body included, ends within its timeout (`_exchange`).
- A token response's body stays here: the runner learns only whether a token was issued
  and the error fields of a refusal. Nothing is logged by this module, no header carries
  anything but a user agent, and there is no cache.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import socket
import ssl
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudprep import __version__
from cloudprep.preflight.answers import (
    HttpAnswer,
    NetworkProblem,
    ProblemKind,
    Resolution,
    server_text,
)
from cloudprep.preflight.proxy import PROXY_VARIABLES, proxy_for, unusable_proxy

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"cloudprep/{__version__} (preflight)"
MAX_BODY = 256 * 1024
"""A discovery document is a few kB; more than this is not what was asked for."""
_ERROR_FIELDS = ("error", "error_description", "error_codes")
_SHOWN_TLS_DETAIL = 120

Resolver = Callable[[str], list[str]]
"""A host name → its addresses (tests map a name to 127.0.0.1)."""


def system_resolver(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def os_trust_context() -> ssl.SSLContext:
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _ssl_reason(exc: BaseException) -> ssl.SSLError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return current
        current = current.__cause__ or current.__context__
    return None


def _tls_detail(error: ssl.SSLError) -> str:
    # macOS's trust store quotes the certificate's subject, which the server chose.
    if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
        return server_text(str(error.verify_message), _SHOWN_TLS_DETAIL)
    return server_text(str(error.reason or type(error).__name__), _SHOWN_TLS_DETAIL)


def _problem(exc: Exception) -> NetworkProblem:
    import httpx

    tls = _ssl_reason(exc)
    if isinstance(tls, ssl.SSLCertVerificationError):
        return NetworkProblem(ProblemKind.TLS, _tls_detail(tls))
    # Any other TLS error is no verdict on the certificate, which was never seen: the host
    # hung up (a load balancer with no backend) or does not speak TLS there.
    if isinstance(tls, ssl.SSLEOFError | ssl.SSLZeroReturnError) or (
        tls is not None and tls.reason == "UNEXPECTED_EOF_WHILE_READING"
    ):
        return NetworkProblem(
            ProblemKind.CONNECT, "the connection was closed during the TLS handshake"
        )
    if tls is not None:
        return NetworkProblem(
            ProblemKind.PROTOCOL, f"the TLS handshake failed ({_tls_detail(tls)})"
        )
    if isinstance(exc, httpx.TimeoutException):
        return NetworkProblem(ProblemKind.TIMEOUT, "timed out")
    if isinstance(exc, httpx.ProxyError):
        return NetworkProblem(ProblemKind.PROXY, "the proxy refused or failed the connection")
    if isinstance(exc, httpx.ConnectError):
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, socket.gaierror) or "Name or service not known" in str(exc):
            return NetworkProblem(ProblemKind.DNS, "the name does not resolve")
        return NetworkProblem(ProblemKind.CONNECT, "the connection was refused or dropped")
    return NetworkProblem(ProblemKind.PROTOCOL, type(exc).__name__)


def _cert_not_after(response: httpx.Response) -> datetime | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    ssl_object = stream.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    cert = ssl_object.getpeercert()
    not_after = cert.get("notAfter") if cert else None
    if not isinstance(not_after, str):
        return None
    return datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), UTC)


def _read_json(chunks: Iterator[bytes]) -> Mapping[str, Any] | None:
    # A bytearray grows in place: a server sending one byte per TLS record made the loop
    # quadratic (256 kB in 1-byte pieces cost 1.5 s of CPU, past any short --timeout).
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > MAX_BODY:
            return None
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # nested past the parser's depth
        return None
    return parsed if isinstance(parsed, dict) else None


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for a TLS socket (whose own shutdown would unwrap
    # it under the reader's feet): any read in progress then ends at once.
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:  # closed already
        return


class _Deadline:
    """Ends one request when its time is up, whatever the server is doing.

    httpx's timeouts bound each socket operation, not the request: a server that sends a
    byte now and then, each well within the read timeout, holds a request (its status line,
    headers or body) for as long as it likes. So the request's connection is noted as it is
    made (httpcore's `trace` extension) and, at the deadline, its socket is shut down, which
    ends the read in progress; the answer is then a timeout, whatever error the read gave.
    """

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.expired = False
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def trace(self, name: str, info: Mapping[str, Any]) -> None:
        if not name.endswith((".connect_tcp.complete", ".start_tls.complete")):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()


_TIMED_OUT = HttpAnswer(problem=NetworkProblem(ProblemKind.TIMEOUT, "timed out"))


class HttpxNetwork:
    """The real network, through httpx with the OS trust store."""

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext | None = None,
        resolver: Resolver | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        import httpx

        self._environ = dict(os.environ if environ is None else environ)
        self._resolver = resolver or system_resolver
        verify = ssl_context or os_trust_context()
        try:
            self._client = httpx.Client(
                verify=verify,
                trust_env=True,
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT},
                # A fresh connection for each request: `_Deadline` sees each one being made.
                limits=httpx.Limits(max_keepalive_connections=0),
            )
        except ImportError:  # httpx names the missing package; a SOCKS proxy is the one case
            raise unusable_proxy(
                PROXY_VARIABLES, "a SOCKS proxy needs the socksio package (httpx[socks])"
            ) from None
        except (ValueError, httpx.InvalidURL):
            raise unusable_proxy(
                PROXY_VARIABLES,
                "one is not what httpx reads there (a proxy URL: http://, https:// or "
                "socks5://; NO_PROXY: host names, separated by commas)",
            ) from None

    def _timeout(self, seconds: float) -> httpx.Timeout:
        import httpx

        return httpx.Timeout(seconds)

    def _exchange(
        self, timeout: float, exchange: Callable[[dict[str, Any]], HttpAnswer]
    ) -> HttpAnswer:
        """`exchange(extensions)` within `timeout` seconds, all of it: it runs in a thread
        that is waited for no longer, since httpx looks a name up (getaddrinfo) outside every
        socket timeout. A socket it has open then is shut down, and one it opens later is
        shut as it opens (`_Deadline`), so no request goes out after its answer was given up."""
        answers: list[HttpAnswer] = []

        def work() -> None:
            try:
                answers.append(exchange({"trace": deadline.trace}))
            except Exception as exc:  # noqa: BLE001 (every transport failure is an answer)
                answers.append(HttpAnswer(problem=_problem(exc)))

        with _Deadline(timeout) as deadline:
            worker = threading.Thread(target=work, name="cloudprep-preflight", daemon=True)
            worker.start()
            worker.join(timeout)
            if not answers:
                deadline.expire()
        # A body cut short by the deadline may still have parsed: it is not an answer.
        return _TIMED_OUT if deadline.expired or not answers else answers[0]

    def get(self, url: str, *, timeout: float, want_json: bool) -> HttpAnswer:
        def exchange(extensions: dict[str, Any]) -> HttpAnswer:
            with self._client.stream(
                "GET", url, timeout=self._timeout(timeout), extensions=extensions
            ) as response:
                not_after = _cert_not_after(response)
                body = _read_json(response.iter_bytes()) if want_json else None
                return HttpAnswer(status=response.status_code, body=body, cert_not_after=not_after)

        return self._exchange(timeout, exchange)

    def post_form(self, url: str, form: Mapping[str, str], *, timeout: float) -> HttpAnswer:
        # Copied here, not in the thread: the caller clears `form` once this returns.
        fields = dict(form)

        def exchange(extensions: dict[str, Any]) -> HttpAnswer:
            with self._client.stream(
                "POST", url, data=fields, timeout=self._timeout(timeout), extensions=extensions
            ) as response:
                body = _read_json(response.iter_bytes())
                # The token is dropped here: only whether one came, and a refusal's fields.
                issued = bool(body and isinstance(body.get("access_token"), str))
                kept = None if body is None else {k: body[k] for k in _ERROR_FIELDS if k in body}
                del body
                return HttpAnswer(status=response.status_code, body=kept, token_issued=issued)

        return self._exchange(timeout, exchange)

    def resolve(self, host: str, *, timeout: float) -> Resolution:
        through_proxy = proxy_for(f"https://{host}/", self._environ) is not None
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        try:
            addresses = pool.submit(self._resolver, host).result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            problem = NetworkProblem(ProblemKind.DNS, "no DNS answer within the timeout")
            return Resolution(problem=problem, through_proxy=through_proxy)
        except (OSError, UnicodeError):
            problem = NetworkProblem(ProblemKind.DNS, "the name does not resolve")
            return Resolution(problem=problem, through_proxy=through_proxy)
        finally:
            pool.shutdown(wait=False)
        return Resolution(addresses=tuple(addresses), through_proxy=through_proxy)

    def close(self) -> None:
        self._client.close()
