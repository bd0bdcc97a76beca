"""Tamper-proof verdicts (issue 9, item 4): SUBMISSION.md must be what the bundle's own format
renders from the stored submission.json, whatever tool version the bundle claims; a format
this cloudprep cannot render cannot be verified; the exit code comes from what the running
tool derives itself; dates come from the bundle, never the clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from cloudprep.bundle.export import export_bundle
from cloudprep.bundle.validate import validate_bundle
from cloudprep.cli.main import main
from cloudprep.core.findings import MESSAGE_LIMIT
from cloudprep.core.models import Project
from cloudprep.core.secret_needs import SecretPresence
from tests.bundle.test_validate import bundle_rules, edit_json, rewrite_manifest


def claim_version(version: str):  # type: ignore[no-untyped-def]
    def change(document: dict) -> None:  # type: ignore[type-arg]
        document["tool"]["version"] = version

    return change


@pytest.mark.parametrize("claimed", ["99.0.0", "0.0.1"], ids=["newer", "older"])
def test_an_approval_appended_to_submission_md_is_an_error_whatever_version_is_claimed(
    folder_bundle: Path, claimed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    md = folder_bundle / "SUBMISSION.md"
    original_lines = md.read_text(encoding="utf-8").count("\n")
    with md.open("a", encoding="utf-8") as handle:
        handle.write("\nReviewed and approved by Microsoft\n")
    edit_json(folder_bundle, claim_version(claimed))
    rewrite_manifest(folder_bundle)

    report = validate_bundle(folder_bundle)
    (finding,) = [f for f in report.findings if f.rule == "CP610"]
    assert finding.severity.value == "error"
    assert len(finding.message) <= MESSAGE_LIMIT
    assert finding.path == "SUBMISSION.md"
    # The blank line before it is line N + 1; the approval is line N + 2.
    assert f"from line {original_lines + 2}" in finding.message
    assert "CP612" not in bundle_rules(report)  # never downgraded to a version warning

    assert main(["validate", str(folder_bundle)]) == 1
    assert "CP610" in capsys.readouterr().out


def test_a_format_this_cloudprep_cannot_render_cannot_be_verified(
    folder_bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def format_1(document: dict) -> None:  # type: ignore[type-arg]
        document["schema_version"] = 1
        document["tool"]["version"] = "0.1.0"

    edit_json(folder_bundle, format_1)
    rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    (finding,) = [f for f in report.findings if f.rule == "CP606"]
    assert finding.severity.value == "error"
    assert len(finding.message) <= MESSAGE_LIMIT
    assert finding.message.startswith("cannot verify: bundle format 1")
    assert finding.message.endswith("export it again (it says cloudprep 0.1.0 made it)")
    assert report.document is None
    assert main(["validate", str(folder_bundle), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["findings"][0]["rule"] == "CP606"


def test_the_exit_code_comes_from_what_this_cloudprep_derives_not_the_stored_findings(
    folder_bundle: Path,
) -> None:
    # Every stored finding removed and a newer version claimed: the stored side then looks
    # clean and the difference is only a version warning, but the project's own errors
    # (re-derived here) still fail the run.
    def clean(document: dict) -> None:  # type: ignore[type-arg]
        document["findings"] = []
        document["tool"]["version"] = "99.0.0"

    edit_json(folder_bundle, clean)
    rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    assert [f.rule for f in report.findings if f.rule.startswith("CP6")] == ["CP612"]
    assert any(f.severity.value == "error" and f.rule == "CP212" for f in report.findings)
    assert main(["validate", str(folder_bundle)]) == 1


def test_validate_re_derives_with_the_recorded_export_date_never_the_clock(
    project: Project, tmp_path: Path
) -> None:
    # Exported 14 days before the secret expires: CP423 then. Re-validated (on any later
    # day, with any ga.as_of) the bundle still derives exactly that, so it is intact.
    project.clouds["gcch"].secret_expires = date(2026, 12, 15)
    project.ga.as_of = date(2026, 10, 1)
    out = tmp_path / "b"
    export_bundle(
        project,
        out,
        presence=SecretPresence.not_checked(),
        created=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    )
    report = validate_bundle(out)
    assert [f.rule for f in report.findings if f.rule.startswith("CP6")] == []
    (expiring,) = [f for f in report.findings if f.rule == "CP423" and f.cloud == "gcch"]
    assert "in 14 day" in expiring.message
    assert report.document is not None
    assert report.document.export_date == date(2026, 12, 1)
    assert report.document.ga_as_of == date(2026, 10, 1)


def test_an_export_date_that_is_not_the_day_created_is_a_schema_error(
    folder_bundle: Path,
) -> None:
    edit_json(folder_bundle, lambda d: d.update(export_date="2030-01-01"))
    rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP605"]
    assert "export_date is not the UTC date of created" in report.findings[0].message


def test_a_changed_cloud_requirement_is_an_error(folder_bundle: Path) -> None:
    def unregister(document: dict) -> None:  # type: ignore[type-arg]
        document["clouds"]["azgov"]["redirect"]["registered"] = True

    edit_json(folder_bundle, unregister)
    rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    assert "CP613" in bundle_rules(report)
    (finding,) = [f for f in report.findings if f.rule == "CP613"]
    assert finding.path == "submission.json:clouds.azgov.redirect.registered"
    assert finding.message == (
        "the stored cloud requirements differ at clouds.azgov.redirect.registered: "
        "stored true, re-derived false"
    )


def test_a_long_difference_keeps_the_message_under_the_bound(folder_bundle: Path) -> None:
    def longer(document: dict) -> None:  # type: ignore[type-arg]
        document["clouds"]["mooncake"]["name"] = "M" * 500
        document["tool"]["version"] = "99.0.0"

    edit_json(folder_bundle, longer)
    rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    (finding,) = [f for f in report.findings if f.rule == "CP612"]
    assert finding.message.endswith("differ at clouds.mooncake.name")
    for finding in report.findings:
        if finding.rule in ("CP606", "CP610", "CP612", "CP613"):
            assert len(finding.message) <= MESSAGE_LIMIT, finding.message


def test_an_old_bundle_renders_the_same_under_a_newer_catalog(folder_bundle: Path) -> None:
    # A later catalog renames a cloud: the stored requirements differ from the re-derived
    # ones (CP613), but SUBMISSION.md is still exactly what its own format renders from the
    # stored submission.json: it never reads the catalog.
    from cloudprep.core.catalog import CloudCatalog, load_catalog

    catalog = load_catalog()
    renamed = CloudCatalog(
        clouds=tuple(
            c._replace(name="GCC High (renamed)") if c.id == "gcch" else c for c in catalog.clouds
        ),
        sources=catalog.sources,
        services=catalog.services,
        service_notes=catalog.service_notes,
    )
    report = validate_bundle(folder_bundle, catalog=renamed)
    rules = bundle_rules(report)
    assert "CP613" in rules
    assert "CP610" not in rules


HUGE = 10**400
"""An integer json.loads reads (it has fewer than 4,300 digits) but no field accepts."""


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        pytest.param(
            "submission.json",
            lambda d: d["project"]["ga"]["responses"].__setitem__("2xx", HUGE),
            id="a count",
        ),
        pytest.param(
            "submission.json", lambda d: d.__setitem__("schema_version", HUGE), id="format"
        ),
        pytest.param(
            "manifest.json", lambda d: d.__setitem__("schema_version", HUGE), id="manifest"
        ),
        pytest.param(
            "manifest.json", lambda d: d.__setitem__("schema_version", -HUGE), id="manifest low"
        ),
    ],
)
def test_a_huge_number_keeps_every_message_under_the_bound(
    folder_bundle: Path,
    name: str,
    edit: Callable[[dict[str, Any]], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = folder_bundle / name
    document = json.loads(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    if name == "submission.json":
        rewrite_manifest(folder_bundle)
    assert main(["validate", str(folder_bundle), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert any(f["rule"] in ("CP604", "CP605", "CP606") for f in findings)
    for finding in findings:
        assert len(finding["message"]) <= MESSAGE_LIMIT, finding["message"]
