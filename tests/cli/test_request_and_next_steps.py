"""`cloudprep request` (SUBMISSION.md on stdout, leak guard), what `bundle` prints for the
e-mail, `check` leading with the next steps, `more` in text and JSON, the real date for
secret expiry, and one exception state everywhere (issue 11)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cloudprep.core.checklist import ItemState
from cloudprep.core.evaluation import evaluate_project
from cloudprep.core.findings import MESSAGE_LIMIT
from cloudprep.core.ga import Verdict
from cloudprep.core.new_project import demo_project
from cloudprep.core.project_file import save_project
from cloudprep.core.secret_needs import SecretPresence
from tests.bundle.conftest import run_cloudprep
from tests.cli.conftest import Cli
from tests.secrets.memory_keyring import MemoryKeyring

DEC_1_2026 = "1796115600"
"""SOURCE_DATE_EPOCH for 2026-12-01 09:00 UTC: the demo's GCC High secret expires 14 days on."""
AZURE_SHAPED = "Qx8~kV2mR7pL9sT4wZ1nB6cD3fG5hJ0aE.uY"


@pytest.fixture
def demo_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEC_1_2026)
    path = tmp_path / "cloudprep.json"
    save_project(demo_project(), path)
    return path


def test_request_prints_exactly_the_bundles_submission_md(
    cli: Cli, demo_file: Path, tmp_path: Path
) -> None:
    before = sorted(tmp_path.iterdir())
    printed = cli("request", str(demo_file))
    assert printed.code == 0, printed.err
    assert sorted(tmp_path.iterdir()) == before  # nothing written
    assert printed.out.startswith("# Release request: Contoso Tasks\n")
    bundled = cli("bundle", str(demo_file), "-o", str(tmp_path / "out"))
    assert (tmp_path / "out" / "SUBMISSION.md").read_text(encoding="utf-8") == printed.out
    assert bundled.code == 1  # the demo has errors; the bundle is written anyway


def test_request_with_a_stored_secret_in_a_field_prints_nothing_and_exits_4(
    cli: Cli, demo_file: Path, memory_keyring: MemoryKeyring
) -> None:
    project = demo_project()
    secret = "Wn5~rT8yU2iO4pA6sD.fG1hJ3kL7zX9cV0bN"
    memory_keyring.items[("cloudprep", f"{project.project_id}/gcch/client-secret")] = secret
    project.clouds["dod"].notes = f"the gcch one is {secret}"
    save_project(project, demo_file)
    result = cli("request", str(demo_file))
    assert result.code == 4
    assert result.out == ""
    assert secret not in result.err


def test_request_without_the_keyring_still_refuses_a_secret_pattern(
    cli: Cli, demo_file: Path
) -> None:
    project = demo_project()
    project.clouds["gcc"].notes = f"secret: {AZURE_SHAPED}"
    save_project(project, demo_file)
    result = cli("request", str(demo_file), "--no-keyring")
    assert (result.code, result.out) == (4, "")
    assert AZURE_SHAPED not in result.err


def test_request_fails_closed_when_the_keyring_cannot_be_read(tmp_path: Path) -> None:
    save_project(demo_project(), tmp_path / "p.json")
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = run_cloudprep("request", "p.json", cwd=tmp_path, env=env)
    assert (result.code, result.out) == (3, "")
    assert "cloudprep request --no-keyring" in result.err
    relaxed = run_cloudprep("request", "p.json", "--no-keyring", cwd=tmp_path, env=env)
    assert relaxed.code == 0
    assert relaxed.out.startswith("# Release request: Contoso Tasks\n")


def test_bundle_prints_where_the_request_is_and_a_subject(
    cli: Cli, demo_file: Path, tmp_path: Path
) -> None:
    project = demo_project()
    project.request.reference = "REQ-2026-0412"
    save_project(project, demo_file)
    folder = cli("bundle", str(demo_file), "-o", str(tmp_path / "out"))
    lines = folder.out.splitlines()
    assert f"the request to send: {tmp_path / 'out' / 'SUBMISSION.md'}" in lines
    assert lines[-1] == (
        "subject: Release request for Contoso Tasks: GCC, GCC High, DoD, Azure Government, "
        "Mooncake (Azure China, 21Vianet); GA [REQ-2026-0412]"
    )
    archive = cli("bundle", str(demo_file), "-o", str(tmp_path / "out.zip"))
    assert f"the request to send: SUBMISSION.md in {tmp_path / 'out.zip'}" in archive.out


def test_check_leads_with_the_next_steps_in_order(cli: Cli, demo_file: Path) -> None:
    result = cli("check", str(demo_file), "--no-keyring")
    lines = result.out.splitlines()
    assert lines[0] == "Next, in order:"
    steps = [line for line in lines[1 : lines.index("")]]
    assert all(step.startswith(f"  {i}. ") for i, step in enumerate(steps, 1))
    # Errors first (the demo's four), then warnings, then the open item no rule reports.
    assert [s.split(". ", 1)[1].split(" ", 1)[0] for s in steps[:4]] == [
        "[azgov]",
        "[azgov]",
        "[dod]",
        "[gcch]",
    ]
    assert "(CP212, clouds.azgov.oauth_app.redirect_urls[0])" in steps[0]
    assert steps[-1].endswith(
        "Q2 The GA request raised: tick it once you have raised the GA request"
    )
    assert "[gcch] Create a new client secret" in "\n".join(steps)
    (cp212,) = [line for line in lines if line.startswith("error   CP212 ")]
    path = "clouds.azgov.oauth_app.redirect_urls[0]"
    assert cp212.count(path) == 1  # the field is named once per finding


def test_the_secret_expiry_counts_from_today_whatever_ga_as_of_says(
    cli: Cli, demo_file: Path
) -> None:
    for as_of in ("2026-11-01", "2026-04-01"):
        data = json.loads(demo_file.read_text(encoding="utf-8"))
        data["ga"]["as_of"] = as_of
        demo_file.write_text(json.dumps(data), encoding="utf-8")
        result = cli("check", str(demo_file), "--no-keyring", "--format", "json")
        (expiring,) = [f for f in json.loads(result.out)["findings"] if f["rule"] == "CP423"]
        assert expiring["message"] == "the client secret expires on 2026-12-15, in 14 day(s)"


def test_cp421_is_short_and_its_remedy_is_in_more(tmp_path: Path) -> None:
    save_project(demo_project(), tmp_path / "p.json")
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    data = json.loads(
        run_cloudprep("check", "p.json", "--format", "json", cwd=tmp_path, env=env).out
    )
    (cp421,) = [f for f in data["findings"] if f["rule"] == "CP421"]
    assert len(cp421["message"]) <= MESSAGE_LIMIT and len(cp421["hint"]) <= MESSAGE_LIMIT
    assert "Linux:" in cp421["more"] and "macOS:" in cp421["more"]
    assert all("more" not in f for f in data["findings"] if f["rule"] != "CP421")
    assert all(isinstance(f["path"], str) for f in data["findings"])
    text = run_cloudprep("check", "p.json", cwd=tmp_path, env=env).out
    assert "\n          macOS: cloudprep uses the login Keychain" in text  # in full, in check
    bundle = run_cloudprep("bundle", "p.json", "-o", "out", cwd=tmp_path, env=env).out
    assert "macOS:" not in bundle  # only check has the room


def test_the_exception_state_agrees_everywhere(cli: Cli, demo_file: Path) -> None:
    project = demo_project()
    project.ga.customer_requires_production = False
    evaluation = evaluate_project(
        project, presence=SecretPresence.not_checked(), reference_date=date(2026, 12, 1)
    )
    assert evaluation.ga.exception.verdict is Verdict.NOT_APPLICABLE
    assert evaluation.ga.exception.margin is None
    assert evaluation.checklist.get("EX").state is ItemState.NOT_APPLICABLE
    save_project(project, demo_file)
    text = cli("check", str(demo_file), "--no-keyring").out
    assert "[-] EX 6-month exception: Not applicable" in text
    assert "FAIL" not in text
    request = cli("request", str(demo_file), "--no-keyring").out
    assert "6-month exception" not in request  # not claimed: not in the request at all

    from cloudprep.tui.screens.wizard import verdict_text

    assert verdict_text(evaluation.ga.exception).startswith("– NOT APPLICABLE — Not applicable")


def test_a_claimed_exception_that_fails_reads_the_same_in_check_and_the_request(
    cli: Cli, demo_file: Path
) -> None:
    project = demo_project()
    project.ga.preview_start = project.ga.as_of  # 0 months of preview
    save_project(project, demo_file)
    text = cli("check", str(demo_file), "--no-keyring").out
    assert "[ ] EX 6-month exception: Does not hold" in text
    request = cli("request", str(demo_file), "--no-keyring").out
    assert "| EX 6-month exception | 0 months |" in request
    assert "it does not hold." in request
