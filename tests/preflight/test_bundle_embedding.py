"""`bundle` embeds the latest preflight result while the checked inputs match, SUBMISSION.md
shows one line per cloud, and `validate` shows the result's age as text."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.bundle.test_validate import rewrite_manifest
from tests.cli.conftest import Cli
from tests.preflight.conftest import CANARY_SECRET
from tests.preflight.servers import TOKEN_CANARY, AuthorityState, EndpointState

LINE = re.compile(
    r"^- GCC High: Preflight \d{4}-\d{2}-\d{2}, from the publisher's network: app and secret "
    r"valid in the Azure AD Government directory; endpoint reachable, certificate valid until "
    r"\d{4}-\d{2}-\d{2}\.$",
    re.MULTILINE,
)


def test_bundle_embeds_a_current_result_and_validate_shows_its_age(
    cli: Cli, tmp_path: Path, gcch_ready: tuple[Path, AuthorityState, EndpointState]
) -> None:
    path, _, _ = gcch_ready
    assert cli("preflight", str(path)).code == 0
    out = tmp_path / "bundle"
    exported = cli("bundle", str(path), "-o", str(out))
    assert "preflight: embedded for gcch" in exported.out, exported.err
    document = json.loads((out / "submission.json").read_text("utf-8"))
    embedded = document["preflight"]
    assert embedded["stale"] == []
    gcch = embedded["clouds"]["gcch"]
    assert [c["outcome"] for c in gcch["checks"]] == ["passed", "passed", "passed"]
    assert gcch["tool_version"] == document["tool"]["version"]
    assert all(c["checked_at"] for c in gcch["checks"])
    submission = (out / "SUBMISSION.md").read_text("utf-8")
    assert len(LINE.findall(submission)) == 1
    for name in ("submission.json", "SUBMISSION.md", "manifest.json"):
        text = (out / name).read_text("utf-8")
        assert CANARY_SECRET not in text
        assert TOKEN_CANARY not in text
    validated = cli("validate", str(out))
    assert "integrity: intact" in validated.out
    assert re.search(r"^preflight: gcch checked \d{4}-\d{2}-\d{2} \(today\)$", validated.out, re.M)
    assert "CP7" not in validated.out  # the age is text, not a finding
    request = cli("request", str(path))
    assert len(LINE.findall(request.out)) == 1  # `request` prints what the bundle holds


def test_a_changed_client_id_makes_the_result_stale_and_it_is_not_embedded(
    cli: Cli, tmp_path: Path, gcch_ready: tuple[Path, AuthorityState, EndpointState]
) -> None:
    path, _, _ = gcch_ready
    assert cli("preflight", str(path)).code == 0
    data = json.loads(path.read_text("utf-8"))
    data["clouds"]["gcch"]["oauth_app"]["client_id"] = "11111111-2222-4333-8444-555555555555"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "bundle"
    exported = cli("bundle", str(path), "-o", str(out))
    assert "preflight: the result for gcch is stale" in exported.out
    document = json.loads((out / "submission.json").read_text("utf-8"))
    assert document["preflight"] == {"clouds": {}, "stale": ["gcch"]}
    assert "Preflight" not in (out / "SUBMISSION.md").read_text("utf-8")
    assert "stale when exported, not embedded: gcch" in cli("validate", str(out)).out


def test_a_bundle_without_a_preflight_has_no_preflight_key(
    cli: Cli, tmp_path: Path, gcch_ready: tuple[Path, AuthorityState, EndpointState]
) -> None:
    path, _, _ = gcch_ready
    out = tmp_path / "bundle"
    exported = cli("bundle", str(path), "-o", str(out))
    assert "preflight" not in exported.out
    assert "preflight" not in json.loads((out / "submission.json").read_text("utf-8"))


def test_a_bundle_whose_preflight_times_lack_a_zone_gets_a_schema_finding_not_a_crash(
    cli: Cli, tmp_path: Path, gcch_ready: tuple[Path, AuthorityState, EndpointState]
) -> None:
    """A naive time beside an aware one cannot be ordered: each must name its zone."""
    path, _, _ = gcch_ready
    assert cli("preflight", str(path)).code == 0
    out = tmp_path / "bundle"
    assert cli("bundle", str(path), "-o", str(out)).code == 1  # written, with findings
    document = json.loads((out / "submission.json").read_text("utf-8"))
    document["preflight"]["clouds"]["gcch"]["checks"][0]["checked_at"] = "2026-12-01T10:00:00"
    (out / "submission.json").write_text(json.dumps(document), encoding="utf-8")
    for fmt in ("text", "json", "sarif", "github"):
        result = cli("validate", str(out), "--format", fmt)
        assert result.code == 1, result.err
        assert "CP605" in result.out
        assert "preflight.clouds.gcch.checks[0].checked_at" in result.out


def test_a_directory_name_in_a_bundle_cannot_put_markup_into_submission_md(
    cli: Cli, tmp_path: Path, gcch_ready: tuple[Path, AuthorityState, EndpointState]
) -> None:
    """The careful tamperer: submission.json's preflight names a directory in Markdown, and
    SUBMISSION.md and the manifest are made to match. The reviewer must not get a link."""
    path, _, _ = gcch_ready
    assert cli("preflight", str(path)).code == 0
    out = tmp_path / "bundle"
    cli("bundle", str(path), "-o", str(out))
    hostile = "[Azure AD Government](https://evil.example/login)"
    document = json.loads((out / "submission.json").read_text("utf-8"))
    for check in document["preflight"]["clouds"]["gcch"]["checks"]:
        if check["directory"]:
            check["directory"] = hostile
    (out / "submission.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    md = out / "SUBMISSION.md"
    md.write_text(
        md.read_text("utf-8").replace(
            "the Azure AD Government directory", f"the {hostile} directory"
        ),
        encoding="utf-8",
    )
    rewrite_manifest(out)
    assert "](https://evil.example" in md.read_text("utf-8")
    result = cli("validate", str(out), "--format", "json")
    rules = [f["rule"] for f in json.loads(result.out)["findings"] if f["rule"].startswith("CP6")]
    assert rules, "SUBMISSION.md with a link in it passed as the bundle's own rendering"
