"""`cloudprep preflight` end to end, through `main(argv)`, against loopback HTTPS servers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cloudprep.preflight.state import state_path
from tests.cli.conftest import Cli
from tests.preflight.conftest import (
    GCCH_CLIENT,
    GCCH_TENANT,
    PROJECT_ID,
    cloud,
    project_data,
    store_secret,
    write_project,
)
from tests.preflight.servers import (
    TOKEN_CANARY,
    AuthorityState,
    EndpointState,
    entra_document,
    entra_error,
)
from tests.secrets.memory_keyring import MemoryKeyring


def rules_of(out: str) -> list[str]:
    return [f["rule"] for f in json.loads(out)["findings"]]


def test_a_working_cloud_passes_every_check_and_the_token_is_never_shown(
    cli: Cli, gcch_ready: tuple[Path, AuthorityState, EndpointState]
) -> None:
    path, authority, endpoint = gcch_ready
    result = cli("preflight", str(path))
    assert result.code == 0, result.out + result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("cloudprep preflight contacts these hosts")
    assert "tenant found in Azure AD Government" in result.out
    assert "app and secret valid in Azure AD Government" in result.out
    assert "reachable (HTTP 200), certificate valid until" in result.out
    assert "CP740" in result.out
    method, token_path, form = authority.requests[-1]
    assert (method, token_path) == ("POST", f"/{GCCH_TENANT}/oauth2/v2.0/token")
    assert form == {
        "grant_type": "client_credentials",
        "client_id": GCCH_CLIENT,
        "scope": "https://graph.microsoft.us/.default",
    }
    assert endpoint.hits == 1
    assert TOKEN_CANARY not in result.out + result.err
    saved = state_path(PROJECT_ID).read_text("utf-8")
    assert TOKEN_CANARY not in saved
    assert json.loads(saved)["clouds"]["gcch"]["inputs_sha256"]


def test_dry_run_lists_the_hosts_and_contacts_none(
    cli: Cli, gcch_ready: tuple[Path, AuthorityState, EndpointState]
) -> None:
    path, authority, endpoint = gcch_ready
    result = cli("preflight", str(path), "--dry-run")
    assert result.code == 0
    assert "gcch: tenant discovery, app token request (directly)" in result.out
    assert "gcch: endpoint (DNS, TLS, one GET)" in result.out
    assert result.out.endswith("dry run: nothing was contacted\n")
    assert authority.requests == []
    assert endpoint.hits == 0
    assert not state_path(PROJECT_ID).exists()


def test_json_findings_carry_their_utc_time_and_stdout_is_only_json(
    cli: Cli, gcch_ready: tuple[Path, AuthorityState, EndpointState]
) -> None:
    path, _, _ = gcch_ready
    result = cli("preflight", str(path), "--format", "json")
    document = json.loads(result.out)
    assert "contacts these hosts" in result.err
    assert [f["rule"] for f in document["findings"]] == ["CP740"]
    assert all(f["checked_at"].endswith("Z") for f in document["findings"])
    checks = document["clouds"]["gcch"]["checks"]
    assert [(c["check"], c["outcome"]) for c in checks] == [
        ("tenant", "passed"),
        ("app", "passed"),
        ("endpoint", "passed"),
    ]


@pytest.mark.parametrize("tenant", [None, "", "common", "Organizations"])
def test_no_usable_tenant_skips_the_tenant_and_app_checks_without_a_fallback(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, tenant: str | None
) -> None:
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud(tenant=tenant)}))
    result = cli("preflight", str(path), "--format", "json")
    assert result.code == 0
    assert rules_of(result.out) == ["CP740", "CP701", "CP736"]
    assert loopback.requests == []  # never `organizations` instead
    dry = cli("preflight", str(path), "--dry-run")
    assert "not checked online:\n  gcch: tenant and app: the tenant" in dry.out


def _gcch_with(loopback: AuthorityState, tmp_path: Path, **doc: Any) -> Path:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us", **doc)
    return write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))


def test_a_commercial_tenant_entered_for_gcc_high_is_an_error_naming_its_cloud(
    cli: Cli, tmp_path: Path, loopback: AuthorityState
) -> None:
    path = _gcch_with(
        loopback, tmp_path, instance="microsoftonline.com", scope="NA", sub_scope=None
    )
    result = cli("preflight", str(path), "--format", "json")
    assert result.code == 1
    finding = next(f for f in json.loads(result.out)["findings"] if f["rule"] == "CP703")
    assert "lives in Microsoft Entra ID (public cloud)" in finding["message"]
    assert "not in Azure AD Government" in finding["message"]
    assert finding["path"] == "clouds.gcch.oauth_app.tenant_id"
    assert [r[0] for r in loopback.requests] == ["GET"]  # no token request after that


def test_a_gcc_high_tenant_entered_for_gcc_is_an_error_saying_it_is_gcc_high(
    cli: Cli, tmp_path: Path, loopback: AuthorityState
) -> None:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcc": cloud()}))
    result = cli("preflight", str(path), "--format", "json")
    assert result.code == 1
    finding = next(f for f in json.loads(result.out)["findings"] if f["rule"] == "CP703")
    assert "lives in Azure AD Government (GCC High)" in finding["message"]
    assert "tenant_region_sub_scope DODCON" in finding["message"]


def test_a_tenant_that_does_not_exist_is_cp702_without_microsofts_request_ids(
    cli: Cli, tmp_path: Path, loopback: AuthorityState
) -> None:
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    result = cli("preflight", str(path), "--format", "json")
    assert result.code == 1
    finding = next(f for f in json.loads(result.out)["findings"] if f["rule"] == "CP702")
    assert "AADSTS90002: Tenant" in finding["message"]
    assert "Trace ID" not in result.out
    assert "Correlation ID" not in result.out
    assert "0b6a3c2e" not in result.out


def test_a_discovery_document_without_cloud_fields_leaves_the_cloud_unknown(
    cli: Cli, tmp_path: Path, loopback: AuthorityState
) -> None:
    path = _gcch_with(loopback, tmp_path, instance=None, scope=None, sub_scope=None)
    result = cli("preflight", str(path), "--format", "json")
    assert "CP704" in rules_of(result.out)
    assert "CP703" not in rules_of(result.out)


def test_a_gcc_high_tenant_used_for_dod_is_only_a_note(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, memory_keyring: MemoryKeyring
) -> None:
    store_secret(memory_keyring, "dod")
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    path = write_project(tmp_path / "p.json", project_data(clouds={"dod": cloud()}))
    result = cli("preflight", str(path), "--format", "json")
    finding = next(f for f in json.loads(result.out)["findings"] if f["rule"] == "CP705")
    assert finding["severity"] == "info"
    assert "GCC High tenant (tenant_region_sub_scope DODCON)" in finding["message"]
    # The token request asked for DoD's own Graph.
    assert loopback.requests[-1][2]["scope"] == "https://dod-graph.microsoft.us/.default"


@pytest.mark.parametrize(
    ("code", "rule", "path_end"),
    [
        (700016, "CP710", "oauth_app.client_id"),
        (7000215, "CP711", "secrets.client-secret"),
        (7000222, "CP712", "secrets.client-secret"),
        (90002, "CP702", "oauth_app.tenant_id"),
        (900432, "CP713", "oauth_app.client_id"),
        (7000112, "CP714", "oauth_app.client_id"),
    ],
)
def test_known_entra_error_codes_become_clear_findings(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    memory_keyring: MemoryKeyring,
    code: int,
    rule: str,
    path_end: str,
) -> None:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    loopback.token_errors[GCCH_CLIENT] = entra_error(code, "Application 'x' is disabled.")
    store_secret(memory_keyring, "gcch")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    result = cli("preflight", str(path), "--format", "json")
    assert result.code == 1
    finding = next(f for f in json.loads(result.out)["findings"] if f["rule"] == rule)
    assert finding["path"] == f"clouds.gcch.{path_end}"
    assert finding["severity"] == "error"
    if rule == "CP714":  # an unknown code: Microsoft's own words, without the request ids
        assert finding["message"].endswith("AADSTS7000112: Application 'x' is disabled.")
    assert "Trace ID" not in result.out


def test_the_wrong_secret_is_cp711(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, memory_keyring: MemoryKeyring
) -> None:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    loopback.secrets[GCCH_CLIENT] = "the-right-one-0123456789"
    store_secret(memory_keyring, "gcch", "a-wrong-secret-0123456789")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    assert "CP711" in rules_of(cli("preflight", str(path), "--format", "json").out)


@pytest.mark.parametrize(("client", "secret"), [(None, True), (GCCH_CLIENT, False)])
def test_a_missing_client_id_or_secret_skips_the_app_check_with_a_warning(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    memory_keyring: MemoryKeyring,
    client: str | None,
    secret: bool,
) -> None:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    if secret:
        store_secret(memory_keyring, "gcch")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud(client=client)}))
    result = cli("preflight", str(path), "--format", "json")
    assert result.code == 0
    assert "CP715" in rules_of(result.out)
    assert [r[0] for r in loopback.requests] == ["GET"]


def test_an_unusable_keyring_when_a_secret_is_needed_exits_3_before_any_connection(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring.backends.fail
    import keyring.core

    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    result = cli("preflight", str(path))
    assert result.code == 3
    assert result.err.startswith("cloudprep: error:")
    assert loopback.requests == []


def test_an_unreachable_login_host_is_cp720(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses
    import socket

    from cloudprep.preflight import plan

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    patched = plan.cloud_facts
    monkeypatch.setattr(
        plan,
        "cloud_facts",
        lambda *a: dataclasses.replace(patched(*a), login_host=f"localhost:{closed}"),
    )
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    result = cli("preflight", str(path), "--format", "json")
    assert result.code == 1
    finding = next(f for f in json.loads(result.out)["findings"] if f["rule"] == "CP720")
    assert "could not be checked from this network" in finding["message"]


def test_a_generic_oauth_provider_gets_only_a_reachability_and_tls_check(
    cli: Cli,
    tmp_path: Path,
    loopback: AuthorityState,
    authority: tuple[AuthorityState, int],
) -> None:
    _, port = authority
    clouds = {"gcc": cloud(login_uri=f"https://localhost:{port}/oauth/authorize")}
    data = project_data(clouds=clouds, identity_provider="oauth2generic")
    path = write_project(tmp_path / "p.json", data)
    result = cli("preflight", str(path), "--format", "json")
    assert result.code == 0
    checks = json.loads(result.out)["clouds"]["gcc"]["checks"]
    assert checks[0]["check"] == "signin"
    assert checks[0]["outcome"] == "passed"
    assert [r[:2] for r in loopback.requests] == [("GET", "/oauth/authorize")]


def test_an_unknown_cloud_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    result = cli("preflight", str(path), "--cloud", "dod", "--dry-run")
    assert result.code == 2
    assert "--cloud dod: not a target cloud of this project" in result.err
    assert cli("preflight", str(path), "--timeout", "0").code == 2


@pytest.mark.parametrize(
    "url",
    [
        "https://api.evil\n::error::forged.com/v1",
        "https://api.gov.contoso.com\\@evil.example/v1",
        "https://api.gov.contoso.com:99999/v1",
        "https://api%2Egov.contoso.com/v1",
    ],
    ids=["new-line", "backslash", "bad-port", "escaped-host"],
)
def test_no_host_is_read_out_of_an_endpoint_or_sign_in_url_not_written_plainly(
    cli: Cli, tmp_path: Path, loopback: AuthorityState, url: str
) -> None:
    clouds = {"gcc": cloud(endpoint=url, login_uri=url)}
    data = project_data(clouds=clouds, identity_provider="oauth2generic")
    path = write_project(tmp_path / "p.json", data)
    dry = cli("preflight", str(path), "--dry-run")
    assert dry.code == 0
    assert "contacts no host" in dry.out
    assert "gcc: endpoint: the endpoint URL is not written plainly" in dry.out
    assert "evil" not in dry.out
    result = cli("preflight", str(path), "--format", "json")
    assert loopback.requests == []
    checks = json.loads(result.out)["clouds"]["gcc"]["checks"]
    assert all(check["outcome"] != "passed" for check in checks)


def test_a_timeout_that_is_not_a_number_is_a_usage_error_that_does_not_echo_it(
    cli: Cli, tmp_path: Path
) -> None:
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    result = cli("preflight", str(path), "--timeout", "Kq7~9fX3zP1wLm8Rt", "--dry-run")
    assert result.code == 2
    assert "--timeout: not a number of seconds" in result.err
    assert "Kq7~9fX3zP1wLm8Rt" not in result.err


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_state_folder_that_cannot_be_written_shows_the_result_then_one_error_line(
    cli: Cli,
    gcch_ready: tuple[Path, AuthorityState, EndpointState],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    path, _, _ = gcch_ready
    blocker = tmp_path / "state-is-a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    result = cli("preflight", str(path), "--format", fmt)
    assert result.code == 2
    if fmt == "json":
        assert json.loads(result.out)["clouds"]["gcch"]["checks"][1]["outcome"] == "passed"
    else:
        assert "app and secret valid in Azure AD Government" in result.out
    errors = [line for line in result.err.splitlines() if line.startswith("cloudprep: error:")]
    assert errors == [
        f"cloudprep: error: {state_path(PROJECT_ID)}: the preflight result cannot be saved: "
        "Not a directory"
    ]
    assert "Traceback" not in result.err
