"""Servers that are broken or hostile, through `cloudprep preflight` against loopback HTTPS
servers: every request is bounded by --timeout (its name lookup, headers and body included),
an answer that is not Entra's is not read as a refusal, nothing they send reaches the output
or the state file unescaped or unbounded, and no stored secret comes back out."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path
from typing import Any

import pytest
import trustme

from cloudprep.preflight.state import state_path
from tests.cli.conftest import Cli
from tests.preflight.conftest import (
    CANARY_SECRET,
    GCCH_CLIENT,
    GCCH_TENANT,
    PROJECT_ID,
    cloud,
    project_data,
    start_endpoint,
    store_secret,
    write_project,
)
from tests.preflight.servers import (
    TOKEN_CANARY,
    AuthorityState,
    Drip,
    EndpointState,
    HttpsServer,
    entra_document,
    raw_bytes,
)
from tests.preflight.test_canary import every_file_under
from tests.secrets.memory_keyring import MemoryKeyring

EVERY = 0.02
"""Seconds between two bytes of a drip: well within any per-read timeout."""
PAD = " " * 2000
"""JSON white space that makes a drip last 40 s: a run that waited for it would hang."""


def response_head(body: bytes, status: str = "200 OK") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()


def run_json(cli: Cli, path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = cli("preflight", str(path), "--format", "json", *args)
    return result.code, json.loads(result.out)


def checks_of(document: dict[str, Any], cloud_id: str = "gcch") -> list[tuple[str, str, str]]:
    return [
        (c["check"], c["outcome"], c["summary"]) for c in document["clouds"][cloud_id]["checks"]
    ]


def test_a_discovery_document_sent_a_byte_at_a_time_is_cut_off_at_the_timeout(
    cli: Cli, tmp_path: Path, loopback: AuthorityState
) -> None:
    body = (json.dumps(entra_document(GCCH_TENANT, "login.microsoftonline.us")) + PAD).encode()
    loopback.raw["GET"] = server = Drip(body, every=EVERY, head=response_head(body))
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    code, document = run_json(cli, path, "--timeout", "0.5")
    assert code == 1
    tenant = checks_of(document)[0]
    assert tenant[:2] == ("tenant", "failed")
    assert tenant[2].endswith("no answer within the timeout")
    assert [r[0] for r in loopback.requests] == ["GET"]
    assert server.hung_up.wait(5), "the client waited for the whole body"


def test_a_token_response_sent_a_byte_at_a_time_is_cut_off_at_the_timeout(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, memory_keyring: MemoryKeyring
) -> None:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    body = (json.dumps({"token_type": "Bearer", "access_token": TOKEN_CANARY}) + PAD).encode()
    loopback.raw["POST"] = server = Drip(body, every=EVERY, head=response_head(body))
    store_secret(memory_keyring, "gcch")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    code, document = run_json(cli, path, "--timeout", "2")
    assert code == 1
    app = checks_of(document)[1]
    assert app[:2] == ("app", "failed")
    assert app[2].endswith("no answer within the timeout")
    assert server.hung_up.wait(5), "the client waited for the whole body"


def test_an_endpoint_whose_headers_never_end_is_cut_off_at_the_timeout(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, ca: trustme.CA, servers: list[HttpsServer]
) -> None:
    headers = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 40) for i in range(40))
    server = Drip(headers, every=EVERY, head=b"HTTP/1.1 200 OK\r\n")
    state = EndpointState(raw=server)
    port = start_endpoint(ca, servers, state)
    data = project_data(clouds={"gcch": cloud(tenant=None, endpoint=f"https://localhost:{port}")})
    code, document = run_json(cli, write_project(tmp_path / "p.json", data), "--timeout", "0.5")
    assert code == 1
    endpoint = [f for f in document["findings"] if f["rule"].startswith("CP73")]
    assert [f["rule"] for f in endpoint] == ["CP734"]
    assert endpoint[0]["message"].endswith("did not answer within 0.5 s")
    assert server.hung_up.wait(5), "the client waited for the whole head"


FORGED = "invalid_client\n::error file=cloudprep.json::forged\x1b]52;c;Zm9v\x07\x1b[2J\u202e\ud800"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_error_without_a_description_is_made_inert_and_short_like_a_description(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    memory_keyring: MemoryKeyring,
    method: str,
) -> None:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    body = json.dumps({"error": FORGED + " padding" * 2000}).encode()
    loopback.raw[method] = raw_bytes(response_head(body, "400 Bad Request") + body)
    store_secret(memory_keyring, "gcch")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    code, document = run_json(cli, path)
    assert code == 1
    rule = {"GET": "CP702", "POST": "CP714"}[method]
    message = next(f["message"] for f in document["findings"] if f["rule"] == rule)
    assert "invalid_client ::error file=cloudprep.json::forged ]52;c;Zm9v [2J" in message
    assert message.isprintable()
    assert len(message) < 400
    saved = json.loads(state_path(PROJECT_ID).read_text("utf-8"))
    assert [f["message"] for f in saved["clouds"]["gcch"]["findings"] if f["rule"] == rule] == [
        message
    ]


def _echoes(secret: str) -> dict[str, dict[str, Any]]:
    spread = "\x00".join(secret)
    return {
        "error-only": {"error": f"bad secret {secret}"},
        "cut-at-200": {"error_description": "x" * 180 + secret, "error_codes": [7000112]},
        "controls-between": {"error_description": f"secret {spread} refused"},
        "url-encoded": {"error_description": "client_secret=" + secret.replace("~", "%7E")},
        "in-error-codes": {"error_codes": [secret], "error": secret.upper()},
    }


@pytest.mark.parametrize("echo", list(_echoes(CANARY_SECRET)))
def test_a_secret_echoed_back_in_any_form_reaches_no_output_and_no_file(
    cli: Cli,
    tmp_path: Path,
    isolated_home: Path,
    loopback: AuthorityState,
    memory_keyring: MemoryKeyring,
    echo: str,
) -> None:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    loopback.token_errors[GCCH_CLIENT] = _echoes(CANARY_SECRET)[echo]
    store_secret(memory_keyring, "gcch")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    results = [cli("preflight", str(path), "--format", fmt) for fmt in ("text", "json")]
    assert [r.code for r in results] == [1, 1]
    everything = "\n".join(
        [*(r.out + r.err for r in results), every_file_under(tmp_path, isolated_home)]
    )
    folded = "".join(ch for ch in everything.lower() if ch.isalnum() or ch in "~")
    for start in range(len(CANARY_SECRET) - 8):
        piece = CANARY_SECRET[start : start + 8]
        assert piece not in everything
        assert piece.lower() not in folded


def test_discovery_fields_quoted_in_a_finding_are_made_inert_and_short(
    cli: Cli, tmp_path: Path, loopback: AuthorityState
) -> None:
    scope = "NA" + FORGED + " x" * 2000
    loopback.documents[GCCH_TENANT] = entra_document(
        GCCH_TENANT, "login.microsoftonline.us", instance=None, scope=scope, sub_scope=FORGED
    )
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    code, document = run_json(cli, path)
    assert code == 1
    message = next(f["message"] for f in document["findings"] if f["rule"] == "CP703")
    assert "tenant_region_scope NAinvalid_client ::error file=cloudprep…," in message
    assert message.isprintable()
    assert len(message) < 600


NOT_ENTRA = {
    "redirect-to-http": (
        b"HTTP/1.1 302 Found\r\nLocation: http://portal.example/login\r\nContent-Length: 0\r\n\r\n",
        "HTTP 302, a redirect (not followed)",
    ),
    "html-page": (
        response_head(b"<html>Sign in to the proxy</html>", "200 OK")
        + b"<html>Sign in to the proxy</html>",
        "HTTP 200, not a JSON answer",
    ),
    "html-401": (
        response_head(b"<html>denied</html>", "401 Unauthorized") + b"<html>denied</html>",
        "HTTP 401, not a JSON answer",
    ),
    "not-utf-8": (response_head(b'{"\xff": 1}') + b'{"\xff": 1}', "HTTP 200, not a JSON answer"),
    "nested-too-deep": (
        response_head(b"[" * 100_000 + b"]" * 100_000) + b"[" * 100_000 + b"]" * 100_000,
        "HTTP 200, not a JSON answer",
    ),
}


@pytest.mark.parametrize("case", list(NOT_ENTRA))
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_answer_that_is_not_entras_is_unreachable_not_a_refusal(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    memory_keyring: MemoryKeyring,
    method: str,
    case: str,
) -> None:
    raw, said = NOT_ENTRA[case]
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    loopback.raw[method] = raw_bytes(raw)
    store_secret(memory_keyring, "gcch")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    code, document = run_json(cli, path)
    assert code == 1
    rules = [f["rule"] for f in document["findings"] if f["rule"] in ("CP714", "CP720")]
    assert rules == ["CP720"]
    message = next(f["message"] for f in document["findings"] if f["rule"] == "CP720")
    assert message.endswith(f"could not be checked from this network: {said}")
    check = checks_of(document)[0 if method == "GET" else 1]
    assert check[1] == "failed"
    assert check[2].endswith(f": {said}")


GCC_SECRET = "Pw3Q~hN8xLr2Tk6Zb9Yc4Vd1Mf7Gs5Ja0EuRq"


def test_another_stored_secret_pasted_as_the_client_id_is_redacted_everywhere(
    cli: Cli,
    tmp_path: Path,
    isolated_home: Path,
    loopback: AuthorityState,
    memory_keyring: MemoryKeyring,
) -> None:
    """The GCC secret pasted into GCC High's client id, and only GCC High checked: the
    check's own messages and Entra's, which quote the client id, must not carry it."""
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    store_secret(memory_keyring, "gcch")
    store_secret(memory_keyring, "gcc", GCC_SECRET)
    clouds = {"gcc": cloud(), "gcch": cloud(client=GCC_SECRET)}
    path = write_project(tmp_path / "p.json", project_data(clouds=clouds))
    results = [
        cli("preflight", str(path), "--cloud", "gcch", "--format", fmt) for fmt in ("text", "json")
    ]
    assert [r.code for r in results] == [1, 1]
    assert "CP710" in results[0].out
    written = every_file_under(isolated_home)
    assert "CP710" in written  # the state file
    for text in (*(r.out + r.err for r in results), written):
        assert GCC_SECRET[4:20] not in text


@pytest.mark.parametrize(
    "body",
    [
        {"error_description": "AADSTS" + "9" * 5000 + ": no such code"},
        {"error_codes": [10**4000], "error_description": "AADSTS700016: too long a code"},
    ],
    ids=["code-in-description", "code-in-error-codes"],
)
def test_an_error_code_thousands_of_digits_long_is_not_a_crash(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    memory_keyring: MemoryKeyring,
    body: dict[str, Any],
) -> None:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    loopback.token_errors[GCCH_CLIENT] = body
    store_secret(memory_keyring, "gcch")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    code, document = run_json(cli, path)
    assert code == 1
    app = checks_of(document)[1]
    assert app[:2] == ("app", "failed")
    assert len(app[2]) < 100
    assert [f["rule"] for f in document["findings"] if f["rule"].startswith("CP71")] == ["CP714"]


def test_a_login_host_whose_name_takes_forever_to_resolve_is_cut_off_at_the_timeout(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """httpx looks the name up itself, outside every socket timeout: a DNS server that does
    not answer must not hold the run past --timeout either."""
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    release = threading.Event()
    waited_out: list[str] = []
    real = socket.getaddrinfo

    def slow_dns(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "localhost" and not release.wait(20):
            waited_out.append(host)  # the run waited for this answer all along
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_dns)
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    try:
        code, document = run_json(cli, path, "--timeout", "0.5")
        tenant = checks_of(document)[0]
        assert code == 1
        assert tenant[:2] == ("tenant", "failed")
        assert tenant[2].endswith("no answer within the timeout")
    finally:
        release.set()
    assert waited_out == []
    assert loopback.requests == []
