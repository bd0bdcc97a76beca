"""A canary client secret never appears in any output, log record (httpx and httpcore debug
logging on), exception or file, even when the server echoes it back."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.preflight.conftest import (
    CANARY_SECRET,
    GCCH_CLIENT,
    GCCH_TENANT,
    cloud,
    project_data,
    store_secret,
    write_project,
)
from tests.preflight.servers import TOKEN_CANARY, AuthorityState, entra_document, entra_error
from tests.secrets.memory_keyring import MemoryKeyring


def every_file_under(*roots: Path) -> str:
    texts = []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.mark.parametrize("echo", [False, True])
def test_the_canary_secret_and_the_token_leave_no_trace(
    cli: Cli,
    tmp_path: Path,
    isolated_home: Path,
    loopback: AuthorityState,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
    echo: bool,
) -> None:
    loopback.documents[GCCH_TENANT] = entra_document(GCCH_TENANT, "login.microsoftonline.us")
    if echo:  # a hostile or broken server that puts the secret into its error text
        loopback.token_errors[GCCH_CLIENT] = entra_error(
            7000112, f"Client secret {CANARY_SECRET} is disabled for this app."
        )
    else:
        loopback.secrets[GCCH_CLIENT] = CANARY_SECRET
    store_secret(memory_keyring, "gcch")
    path = write_project(tmp_path / "p.json", project_data(clouds={"gcch": cloud()}))
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    outputs = [cli("preflight", str(path), "--format", fmt) for fmt in ("text", "json")]
    assert caplog.records, "debug logging was not captured"
    everything = "\n".join(
        [
            *(r.out + r.err for r in outputs),
            caplog.text,
            *(str(r.args) for r in caplog.records),
            every_file_under(tmp_path, isolated_home),
        ]
    )
    for fragment in (CANARY_SECRET, CANARY_SECRET[8:24], TOKEN_CANARY):
        assert fragment not in everything
    if echo:
        assert "AADSTS7000112: Client secret [redacted]" in outputs[1].out
