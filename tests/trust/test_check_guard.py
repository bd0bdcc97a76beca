"""`check`: a stored secret pasted into any project field is CP425, and no output (text or
JSON, stdout or stderr) shows it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli.conftest import Cli
from tests.trust.conftest import CANARY, FIELDS, WriteProject, set_field


@pytest.mark.parametrize("field", list(FIELDS), ids=list(FIELDS))
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_stored_secret_in_any_field_is_an_error_naming_the_field_never_the_value(
    cli: Cli,
    demo_document: dict[str, Any],
    write_project: WriteProject,
    stored_canary: str,
    field: str,
    fmt: str,
) -> None:
    set_field(demo_document, FIELDS[field], stored_canary)
    path = write_project(demo_document)
    result = cli("check", str(path), "--format", fmt)
    assert result.code == 1
    assert CANARY not in result.out + result.err
    assert CANARY[:8] not in result.out + result.err
    leak = "CP425"
    if fmt == "json":
        findings = json.loads(result.out)["findings"]
        (finding,) = [f for f in findings if f["rule"] == leak]
        assert finding["severity"] == "error"
        assert finding["message"].startswith("the GCC High client secret is in ")
        dotted = finding["path"]
        assert dotted.split(".")[0] == FIELDS[field][0]
    else:
        assert "the GCC High client secret is in" in result.out


def test_every_other_message_echoing_the_field_shows_the_redaction_mark(
    demo_document: dict[str, Any], stored_canary: str
) -> None:
    from cloudprep.core.field_path import FieldPath
    from cloudprep.core.findings import Finding, Severity
    from cloudprep.core.leak_guard import REDACTED, LeakGuard
    from cloudprep.core.leaks import KnownSecret
    from cloudprep.core.project_file import project_from_data

    set_field(demo_document, FIELDS["another cloud's client id"], stored_canary)
    project = project_from_data(demo_document, source="test")
    guard = LeakGuard([KnownSecret("gcch", "client-secret", stored_canary)])
    assert [f.rule for f in guard.project_findings(project)] == ["CP425"]
    echo = Finding(
        "CP402",
        Severity.ERROR,
        "dod",
        FieldPath.parse("clouds.dod.oauth_app.client_id"),
        f"client id {stored_canary!r} is not a GUID",
        "use the app's id",
    )
    (redacted,) = guard.redact_findings([echo])
    assert redacted.message == f"client id '{REDACTED}' is not a GUID"
    # A piece of it, upper-cased, in another message is hidden too.
    assert guard.redact(f"see {stored_canary[4:16].upper()}!") == f"see {REDACTED}!"


def test_a_disguised_or_partial_copy_is_found_too(
    cli: Cli, demo_document: dict[str, Any], write_project: WriteProject, stored_canary: str
) -> None:
    set_field(demo_document, FIELDS["notes"], "see " + " ".join(stored_canary[3:15].upper()))
    result = cli("check", str(write_project(demo_document)), "--format", "json")
    assert [f["rule"] for f in json.loads(result.out)["findings"] if f["rule"] == "CP425"]


def test_a_secret_in_prose_is_cp441_without_any_stored_value(
    cli: Cli, demo_document: dict[str, Any], write_project: WriteProject
) -> None:
    set_field(demo_document, FIELDS["notes"], f"client secret is {CANARY}")
    result = cli("check", str(write_project(demo_document)), "--no-keyring", "--format", "json")
    (finding,) = [f for f in json.loads(result.out)["findings"] if f["rule"] == "CP426"]
    assert finding["path"] == "clouds.mooncake.notes"
    assert CANARY not in result.out


def test_a_locked_keyring_keeps_cp421_and_still_runs_the_patterns(
    cli: Cli,
    demo_document: dict[str, Any],
    write_project: WriteProject,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring.core

    from tests.secrets.fake_backends import LockedKeyring

    monkeypatch.setattr(keyring.core, "_keyring_backend", LockedKeyring())
    set_field(demo_document, FIELDS["notes"], f"client_secret={CANARY}")
    result = cli("check", str(write_project(demo_document)), "--format", "json")
    rules = {f["rule"] for f in json.loads(result.out)["findings"]}
    assert {"CP421", "CP426"} <= rules
    assert CANARY not in result.out
