"""The endpoint check (DNS, TLS, one request) and the network behaviour: timeouts, proxies,
the trust store. Loopback servers with trustme certificates only."""

from __future__ import annotations

import importlib.util
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from tests.cli.conftest import Cli
from tests.preflight.conftest import cloud, project_data, start_endpoint, write_project
from tests.preflight.servers import (
    AuthorityState,
    ConnectProxy,
    EndpointState,
    HttpsServer,
    endpoint_handler,
)


def endpoint_findings(cli: Cli, path: Path, *args: str) -> tuple[int, list[dict[str, str]]]:
    result = cli("preflight", str(path), "--format", "json", *args)
    findings = json.loads(result.out)["findings"]
    return result.code, [f for f in findings if f["rule"].startswith("CP73")]


def endpoint_project(tmp_path: Path, url: str, mode: str = "specific") -> Path:
    data = project_data(clouds={"gcch": cloud(tenant=None, endpoint=url)})
    if mode != "specific":
        data["clouds"]["gcch"]["endpoint"] = {"mode": mode}
        data["connector"]["endpoint"]["url"] = url
    return write_project(tmp_path / "p.json", data)


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    server = ConnectProxy()
    yield server
    server.close()


def test_a_healthy_endpoint_passes_with_its_certificate_date(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, ca: trustme.CA, servers: list[HttpsServer]
) -> None:
    state = EndpointState()
    port = start_endpoint(ca, servers, state)
    path = endpoint_project(tmp_path, f"https://localhost:{port}/v1", mode="same_as_commercial")
    code, findings = endpoint_findings(cli, path)
    assert (code, findings) == (0, [])
    assert state.hits == 1


def test_a_certificate_expiring_within_30_days_is_cp733(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, ca: trustme.CA, servers: list[HttpsServer]
) -> None:
    port = start_endpoint(ca, servers, EndpointState(), days=10)
    code, findings = endpoint_findings(cli, endpoint_project(tmp_path, f"https://localhost:{port}"))
    assert code == 0
    assert [f["rule"] for f in findings] == ["CP733"]
    assert findings[0]["path"] == "clouds.gcch.endpoint.url"


def test_a_certificate_for_another_host_is_cp732(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, ca: trustme.CA, servers: list[HttpsServer]
) -> None:
    port = start_endpoint(ca, servers, EndpointState(), host="www.contoso.example")
    code, findings = endpoint_findings(cli, endpoint_project(tmp_path, f"https://localhost:{port}"))
    assert code == 1
    assert [f["rule"] for f in findings] == ["CP732"]
    assert "localhost" in findings[0]["message"]


def test_a_server_that_never_answers_is_cp734_after_the_timeout(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, ca: trustme.CA, servers: list[HttpsServer]
) -> None:
    release = threading.Event()
    port = start_endpoint(ca, servers, EndpointState(hang=release))
    try:
        code, findings = endpoint_findings(
            cli, endpoint_project(tmp_path, f"https://localhost:{port}"), "--timeout", "0.3"
        )
    finally:
        release.set()
    assert code == 1
    assert [f["rule"] for f in findings] == ["CP734"]
    assert "did not answer within 0.3 s" in findings[0]["message"]


def test_a_5xx_answer_is_reachable_with_a_warning(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, ca: trustme.CA, servers: list[HttpsServer]
) -> None:
    port = start_endpoint(ca, servers, EndpointState(status=503))
    code, findings = endpoint_findings(cli, endpoint_project(tmp_path, f"https://localhost:{port}"))
    assert code == 0
    assert [f["rule"] for f in findings] == ["CP735"]


def test_a_name_resolving_to_loopback_is_a_private_address_warning(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    dns: dict[str, list[str]],
    ca: trustme.CA,
    servers: list[HttpsServer],
) -> None:
    dns["localhost"] = ["127.0.0.1", "10.1.2.3"]
    port = start_endpoint(ca, servers, EndpointState())
    code, findings = endpoint_findings(cli, endpoint_project(tmp_path, f"https://localhost:{port}"))
    assert code == 0
    assert [f["rule"] for f in findings] == ["CP731"]
    assert "127.0.0.1 (loopback), 10.1.2.3 (private)" in findings[0]["message"]


def test_a_name_that_does_not_resolve_is_cp730(
    cli: Cli, tmp_path: Path, loopback: AuthorityState
) -> None:
    code, findings = endpoint_findings(
        cli, endpoint_project(tmp_path, "https://api.contoso-gov.invalid/v1")
    )
    assert code == 1
    assert [f["rule"] for f in findings] == ["CP730"]  # and no connection was tried


def test_a_per_connection_endpoint_is_skipped_with_the_reason(
    cli: Cli, tmp_path: Path, loopback: AuthorityState
) -> None:
    path = endpoint_project(tmp_path, "https://x.example", mode="per_connection")
    code, findings = endpoint_findings(cli, path)
    assert code == 0
    assert [f["rule"] for f in findings] == ["CP736"]
    assert "each connection supplies its own host" in findings[0]["message"]


def test_https_proxy_carries_the_request_and_a_name_only_the_proxy_knows_is_not_cp730(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    ca: trustme.CA,
    servers: list[HttpsServer],
    proxy: ConnectProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = start_endpoint(ca, servers, EndpointState(), host="api.contoso.test")
    monkeypatch.setenv("HTTPS_PROXY", f"http://user:pa55word@127.0.0.1:{proxy.port}")
    path = endpoint_project(tmp_path, f"https://api.contoso.test:{port}/v1")
    dry = cli("preflight", str(path), "--dry-run")
    assert f"(through the proxy http://127.0.0.1:{proxy.port})" in dry.out
    assert "pa55word" not in dry.out
    code, findings = endpoint_findings(cli, path)
    assert (code, findings) == (0, [])
    assert proxy.targets == [f"api.contoso.test:{port}"]


def test_no_proxy_sends_the_host_directly(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    ca: trustme.CA,
    servers: list[HttpsServer],
    proxy: ConnectProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = start_endpoint(ca, servers, EndpointState())
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("NO_PROXY", "localhost")
    path = endpoint_project(tmp_path, f"https://localhost:{port}/v1")
    assert "(directly)" in cli("preflight", str(path), "--dry-run").out
    code, findings = endpoint_findings(cli, path)
    assert (code, findings) == (0, [])
    assert proxy.targets == []


def test_the_default_trust_store_is_the_operating_systems() -> None:
    import truststore

    from cloudprep.preflight.network import os_trust_context

    assert isinstance(os_trust_context(), truststore.SSLContext)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HTTPS_PROXY", "ftp://proxyuser:pr0xy-pa55@127.0.0.1:3128"),
        ("HTTPS_PROXY", "http://proxyuser:pr0xy-pa55@[::1"),
        ("ALL_PROXY", "socks5://proxyuser:pr0xy-pa55@127.0.0.1:1080"),
        ("NO_PROXY", "[::1,pr0xy-pa55"),
    ],
    ids=["unknown-scheme", "broken-url", "socks-without-socksio", "broken-no-proxy"],
)
def test_a_proxy_variable_httpx_cannot_use_is_one_error_line_naming_it(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    value: str,
) -> None:
    if value.startswith("socks") and importlib.util.find_spec("socksio") is not None:
        pytest.skip("socksio is installed: a SOCKS proxy is usable")
    monkeypatch.setenv(name, value)
    path = endpoint_project(tmp_path, "https://api.contoso.test/v1")
    result = cli("preflight", str(path))
    assert result.code == 2
    assert result.err.startswith("cloudprep: error: the proxy setting in the environment (")
    assert name in result.err.splitlines()[0]
    assert len([line for line in result.err.splitlines() if "error" in line]) == 1
    assert "pr0xy-pa55" not in result.out + result.err
    assert "Traceback" not in result.err
    assert loopback.requests == []
    dry = cli("preflight", str(path), "--dry-run")
    assert "pr0xy-pa55" not in dry.out + dry.err
    if name == "HTTPS_PROXY" and "[" in value:  # not even a route can be shown
        assert (dry.code, dry.err.splitlines()[0]) == (2, result.err.splitlines()[0])


class MacosLikeTrust(ssl.SSLContext):
    """Refuses every certificate the way truststore does on macOS, whose message quotes the
    certificate's own subject: text the server chose."""

    subject = "evil\n::error file=cloudprep.json::forged\x1b[2J" + "x" * 500

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        error = ssl.SSLCertVerificationError(f"“{self.subject}” certificate is not trusted")
        error.verify_message = f"“{self.subject}” certificate is not trusted"
        raise error


def test_a_tls_refusal_quoting_the_servers_certificate_is_made_inert_and_short(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    ca: trustme.CA,
    servers: list[HttpsServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cloudprep.preflight import network

    monkeypatch.setattr(
        network, "os_trust_context", lambda: MacosLikeTrust(ssl.PROTOCOL_TLS_CLIENT)
    )
    port = start_endpoint(ca, servers, EndpointState())
    code, findings = endpoint_findings(cli, endpoint_project(tmp_path, f"https://localhost:{port}"))
    assert code == 1
    assert [f["rule"] for f in findings] == ["CP732"]
    message = findings[0]["message"]
    assert "(“evil ::error file=cloudprep.json::forged [2J" in message
    assert message.isprintable()
    assert len(message) < 250


@pytest.fixture
def closes_at_once() -> Iterator[int]:
    """A port that accepts each connection, reads the client's first TLS message and closes
    it without an answer: a load balancer with no healthy backend. (Closing before reading
    would race the client's write, which then sees a reset instead of an end of file.)"""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(4096)

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1]
    stop.set()
    listener.close()


def test_a_connection_closed_before_tls_is_no_answer_not_a_bad_certificate(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, closes_at_once: int
) -> None:
    path = endpoint_project(tmp_path, f"https://localhost:{closes_at_once}/v1")
    code, findings = endpoint_findings(cli, path)
    assert code == 1
    assert [f["rule"] for f in findings] == ["CP734"]
    assert findings[0]["message"].endswith("the connection was closed during the TLS handshake)")


def test_plain_http_on_the_https_port_is_no_answer_not_a_bad_certificate(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, ca: trustme.CA, servers: list[HttpsServer]
) -> None:
    server = HttpsServer(endpoint_handler(EndpointState()), None)
    servers.append(server)
    path = endpoint_project(tmp_path, f"https://localhost:{server.port}/v1")
    code, findings = endpoint_findings(cli, path)
    assert code == 1
    assert [f["rule"] for f in findings] == ["CP734"]
    assert "the TLS handshake failed (WRONG_VERSION_NUMBER" in findings[0]["message"]
