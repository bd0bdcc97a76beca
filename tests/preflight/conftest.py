"""Fixtures for the preflight tests: a test CA, loopback HTTPS servers, and the seams that
point the real network adapter at them (the catalog's login host, the trust store and the
resolver). Nothing here reaches the internet."""

from __future__ import annotations

import dataclasses
import json
import ssl
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import trustme

from cloudprep.core.catalog import CloudCatalog, TargetCloudId
from cloudprep.core.models import Project
from cloudprep.preflight import network, plan
from tests.cli.conftest import cli
from tests.preflight.servers import (
    AuthorityState,
    EndpointState,
    HttpsServer,
    authority_handler,
    endpoint_handler,
    entra_document,
)
from tests.secrets.memory_keyring import MemoryKeyring

PROJECT_ID = uuid.UUID("7c4e2a10-3b5d-4f6e-8a9b-0c1d2e3f4a5b")
GCCH_TENANT = "3f2a1b0c-4d5e-4f60-8a7b-9c8d7e6f5a4b"
GCCH_CLIENT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
CANARY_SECRET = "Kx7Q~vR2mZp9LwT4nB6yH1cJ8dF3gS5aE0uWq"
PUBLIC_ADDRESS = "52.96.10.20"
__all__ = ["cli"]  # `cloudprep` through main(argv), from the CLI tests' conftest
_PROXY_VARS = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set on the developer's machine must not carry loopback test traffic."""
    for name in _PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def client_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


@pytest.fixture
def servers() -> Iterator[list[HttpsServer]]:
    started: list[HttpsServer] = []
    yield started
    for server in started:
        server.close()


@pytest.fixture
def authority(ca: trustme.CA, servers: list[HttpsServer]) -> tuple[AuthorityState, int]:
    state = AuthorityState()
    server = HttpsServer(authority_handler(state), ca.issue_cert("localhost"))
    servers.append(server)
    return state, server.port


def start_endpoint(
    ca: trustme.CA,
    servers: list[HttpsServer],
    state: EndpointState,
    *,
    host: str = "localhost",
    days: int = 400,
) -> int:
    cert = ca.issue_cert(host, not_after=datetime.now(UTC) + timedelta(days=days))
    server = HttpsServer(endpoint_handler(state), cert)
    servers.append(server)
    return server.port


@pytest.fixture
def dns() -> dict[str, list[str]]:
    """The test resolver's table: name → addresses (a name not in it does not resolve)."""
    return {"localhost": [PUBLIC_ADDRESS]}


@pytest.fixture
def loopback(
    monkeypatch: pytest.MonkeyPatch,
    client_context: ssl.SSLContext,
    dns: dict[str, list[str]],
    authority: tuple[AuthorityState, int],
) -> AuthorityState:
    """Point the real adapter at the loopback servers: every cloud's login host is the fake
    authority, the test CA is trusted, and names resolve through `dns`."""
    state, port = authority
    original = plan.cloud_facts

    def loopback_facts(project: Project, cloud_id: TargetCloudId, catalog: CloudCatalog) -> Any:
        facts = original(project, cloud_id, catalog)
        return dataclasses.replace(facts, login_host=f"localhost:{port}")

    def resolve(host: str) -> list[str]:
        if host not in dns:
            raise OSError("Name or service not known")
        return dns[host]

    monkeypatch.setattr(plan, "cloud_facts", loopback_facts)
    monkeypatch.setattr(network, "os_trust_context", lambda: client_context)
    monkeypatch.setattr(network, "system_resolver", resolve)
    return state


def project_data(
    *,
    clouds: dict[str, dict[str, Any]],
    identity_provider: str = "aad",
    endpoint: str | None = None,
) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "project_id": str(PROJECT_ID),
        "connector": {
            "name": "contosotasks",
            "display_name": "Contoso Tasks",
            "auth": "oauth2",
            "identity_provider": identity_provider,
            "endpoint": {"url": endpoint},
        },
        "clouds": clouds,
    }


def cloud(
    *,
    tenant: str | None = GCCH_TENANT,
    client: str | None = GCCH_CLIENT,
    endpoint: str | None = None,
    login_uri: str | None = None,
) -> dict[str, Any]:
    return {
        "endpoint": {"mode": "specific", "url": endpoint}
        if endpoint
        else {"mode": "per_connection"},
        "oauth_app": {"client_id": client, "tenant_id": tenant, "login_uri": login_uri},
    }


def write_project(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def store_secret(memory_keyring: Any, cloud_id: TargetCloudId, value: str = CANARY_SECRET) -> None:
    from cloudprep.core.secret_needs import SecretKind
    from cloudprep.secrets.keys import SecretKey

    key = SecretKey(PROJECT_ID, cloud_id, SecretKind.CLIENT_SECRET)
    memory_keyring.items[(key.service, key.username)] = value


@pytest.fixture
def gcch_ready(
    tmp_path: Path,
    loopback: AuthorityState,
    authority: tuple[AuthorityState, int],
    memory_keyring: MemoryKeyring,
    ca: trustme.CA,
    servers: list[HttpsServer],
) -> tuple[Path, AuthorityState, EndpointState]:
    """A GCC High project whose tenant, app, secret and endpoint all work."""
    state, port = authority
    state.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, f"localhost:{port}")
    state.secrets[GCCH_CLIENT] = CANARY_SECRET
    endpoint = EndpointState()
    eport = start_endpoint(ca, servers, endpoint)
    store_secret(memory_keyring, "gcch")
    data = project_data(clouds={"gcch": cloud(endpoint=f"https://localhost:{eport}/v1")})
    return write_project(tmp_path / "p.json", data), state, endpoint
