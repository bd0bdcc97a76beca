"""Re-validation: a clean bundle, a tamper test for every file, versions and the keyring."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cloudprep import __version__
from cloudprep.bundle.secret_source import KeyringView
from cloudprep.bundle.validate import ValidationReport, validate_bundle
from cloudprep.core.leaks import KnownSecret
from cloudprep.core.models import Project
from cloudprep.core.secret_needs import PresenceState, SecretKind, SecretPresence
from cloudprep.errors import KeyringUnavailable
from tests.bundle.conftest import CANARIES, known_secrets
from tests.secrets.memory_keyring import MemoryKeyring

DATA = Path(__file__).resolve().parents[1] / "data" / "bundles"


def bundle_rules(report: ValidationReport) -> list[str]:
    return sorted(f.rule for f in report.findings if f.rule.startswith("CP6"))


def rewrite_manifest(folder: Path) -> None:
    """What a careful tamperer does: fix the checksums after an edit."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"] = {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in manifest["files"]
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def edit_json(folder: Path, change: Callable[[Any], object]) -> None:
    path = folder / "submission.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_a_fresh_bundle_has_no_integrity_findings(folder_bundle: Path, zip_bundle: Path) -> None:
    for path in (folder_bundle, zip_bundle):
        report = validate_bundle(path)
        assert bundle_rules(report) == []
        assert report.document is not None and report.evaluation is not None
        assert report.made_by == __version__
        # The project's own findings come back, re-derived (the demo's CP212 error).
        assert "CP212" in {f.rule for f in report.findings}


def test_the_findings_are_answered_with_the_file_and_line(folder_bundle: Path) -> None:
    report = validate_bundle(folder_bundle)
    located = next(r for r in report.results if r.finding.rule == "CP212")
    assert located.file == "submission.json"
    lines = (folder_bundle / "submission.json").read_text(encoding="utf-8").splitlines()
    assert located.line is not None
    assert "https://global.consent.azure-apim.net/redirect/contosotasks" in lines[located.line - 1]


# --- a tamper test for every file -----------------------------------------------------------


def test_an_edited_submission_md_is_caught_by_the_manifest(folder_bundle: Path) -> None:
    md = folder_bundle / "SUBMISSION.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nPS: please hurry.\n", encoding="utf-8")
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP601", "CP610"]
    changed = next(r for r in report.results if r.finding.rule == "CP601")
    assert changed.file == "SUBMISSION.md"


def test_an_edited_submission_md_with_a_fixed_manifest_is_caught_by_re_rendering(
    folder_bundle: Path,
) -> None:
    md = folder_bundle / "SUBMISSION.md"
    text = md.read_text(encoding="utf-8").replace("## What we ask", "## What we demand")
    md.write_text(text, encoding="utf-8")
    rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP610"]
    located = next(r for r in report.results if r.finding.rule == "CP610")
    line = text.splitlines().index("## What we demand") + 1
    assert located.file == "SUBMISSION.md" and located.line == line


def test_an_edited_submission_json_is_caught_by_the_manifest(folder_bundle: Path) -> None:
    edit_json(folder_bundle, lambda d: d["ga"].update(summary="Eligible, trust us"))
    assert "CP601" in bundle_rules(validate_bundle(folder_bundle))


def test_an_edited_manifest_is_caught(folder_bundle: Path) -> None:
    path = folder_bundle / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"]["SUBMISSION.md"] = "0" * 64
    path.write_text(json.dumps(manifest), encoding="utf-8")
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP601"]


@pytest.mark.parametrize(
    ("change", "rule", "field"),
    [
        (lambda d: d["findings"].pop(0), "CP607", "findings[0].rule"),
        (lambda d: d["findings"][0].update(severity="info"), "CP607", "findings[0].severity"),
        (lambda d: d["ga"].update(eligibility="not_eligible"), "CP608", "ga.eligibility"),
        (
            lambda d: d["ga"]["criteria"][5].update(verdict="pass"),
            "CP608",
            "ga.criteria[5].verdict",
        ),
        (lambda d: d["checklist"][0].update(state="missing"), "CP609", "checklist[0].state"),
        (
            lambda d: d["secrets"]["clouds"]["gcch"].pop("client-secret"),
            "CP611",
            "secrets.clouds.gcch.client-secret",
        ),
    ],
    ids=["finding-removed", "severity", "eligibility", "criterion", "checklist", "secret-entry"],
)
def test_stored_results_that_differ_from_the_re_derivation_are_errors(
    folder_bundle: Path,
    change: Callable[[Any], object],
    rule: str,
    field: str,
) -> None:
    edit_json(folder_bundle, change)
    rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    assert rule in bundle_rules(report)
    finding = next(f for f in report.findings if f.rule == rule)
    assert finding.severity.value == "error"
    assert field in finding.message
    assert finding.path == f"submission.json:{field}"


def test_an_edited_project_changes_what_is_derived(folder_bundle: Path) -> None:
    # Fixing the Azure Government redirect in the JSON alone: the findings, the checklist and
    # SUBMISSION.md no longer match what the edited project gives.
    edit_json(
        folder_bundle,
        lambda d: d["project"]["clouds"]["azgov"]["oauth_app"].update(
            redirect_urls=["https://global.consent.azure-apihub.us/redirect/contosotasks"]
        ),
    )
    rewrite_manifest(folder_bundle)
    rules = bundle_rules(validate_bundle(folder_bundle))
    assert {"CP607", "CP609", "CP613"} <= set(rules)


def test_a_missing_file_and_an_extra_file_are_errors(folder_bundle: Path) -> None:
    (folder_bundle / "SUBMISSION.md").unlink()
    (folder_bundle / "notes.txt").write_text("see attached", encoding="utf-8")
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP602", "CP603"]
    by_rule = {r.finding.rule: r for r in report.results}
    assert by_rule["CP602"].file == "SUBMISSION.md"
    assert by_rule["CP603"].file == "notes.txt"


def test_a_missing_submission_md_is_an_error_when_the_manifest_was_edited_to_match(
    folder_bundle: Path,
) -> None:
    # What the reviewer reads is gone, and a careful tamperer dropped it from the manifest.
    (folder_bundle / "SUBMISSION.md").unlink()
    manifest = json.loads((folder_bundle / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]["SUBMISSION.md"]
    (folder_bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP602"]
    assert next(r for r in report.results if r.finding.rule == "CP602").file == "SUBMISSION.md"


def test_a_missing_submission_md_and_manifest_are_both_errors(folder_bundle: Path) -> None:
    (folder_bundle / "SUBMISSION.md").unlink()
    (folder_bundle / "manifest.json").unlink()
    assert bundle_rules(validate_bundle(folder_bundle)) == ["CP602", "CP604"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.__setitem__("clouds", {}), id="no cloud records"),
        pytest.param(lambda d: d["project"].__setitem__("clouds", {}), id="no project clouds"),
        pytest.param(lambda d: d["clouds"].pop("gcch"), id="a cloud record less"),
        pytest.param(lambda d: d["secrets"]["clouds"].pop("dod"), id="a cloud's secrets less"),
    ],
)
def test_cloud_lists_that_disagree_are_a_schema_error(
    folder_bundle: Path, change: Callable[[Any], object]
) -> None:
    # SUBMISSION.md is rendered from all three, cloud by cloud: they must name the same
    # clouds (a hand-edited submission.json made the renderer fail with a KeyError).
    edit_json(folder_bundle, change)
    rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP605"]
    assert report.document is None


def test_a_missing_manifest_is_an_error_and_the_rest_is_still_checked(folder_bundle: Path) -> None:
    (folder_bundle / "manifest.json").unlink()
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP604"]
    assert report.evaluation is not None


def test_a_missing_submission_json_is_an_error(folder_bundle: Path) -> None:
    (folder_bundle / "submission.json").unlink()
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP602", "CP605"]


# --- versions -------------------------------------------------------------------------------


def test_another_tool_version_turns_differences_into_warnings(folder_bundle: Path) -> None:
    def older(d: dict) -> None:  # type: ignore[type-arg]
        d["tool"]["version"] = "0.0.9"
        d["findings"][0]["message"] = "worded as 0.0.9 worded it"

    edit_json(folder_bundle, older)
    rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    # The findings differ: a warning across versions. SUBMISSION.md renders the same from
    # the stored document under its format, so it is not reported at all.
    assert bundle_rules(report) == ["CP612"]
    for finding in report.findings:
        if finding.rule == "CP612":
            assert finding.severity.value == "warning"
            assert f"made by cloudprep 0.0.9; re-derived with {__version__}" in finding.message


def test_a_bundle_from_a_newer_schema_is_answered_with_a_clear_finding() -> None:
    report = validate_bundle(DATA / "newer-schema")
    assert bundle_rules(report) == ["CP606"]
    (finding,) = [f for f in report.findings if f.rule == "CP606"]
    assert finding.message.startswith("cannot verify: bundle format 3")
    assert finding.message.endswith("use cloudprep ≥ 9.0.0")
    assert finding.severity.value == "error"
    assert report.document is None


def test_a_hand_written_bundle_with_wrong_types_gets_schema_findings() -> None:
    report = validate_bundle(DATA / "wrong-types")
    assert bundle_rules(report) == ["CP602", "CP605"]  # CP602: it has no SUBMISSION.md
    (finding,) = [f for f in report.findings if f.rule == "CP605"]
    assert "export_date" in finding.message
    assert "yesterday" not in finding.message  # pydantic's input is never echoed


def test_a_hand_written_manifest_of_the_wrong_shape_is_an_error() -> None:
    report = validate_bundle(DATA / "manifest-list")
    assert "CP604" in bundle_rules(report)


def test_a_hand_written_bundle_with_a_leaked_secret_is_reported_by_field_and_line() -> None:
    report = validate_bundle(DATA / "leaked-azure-secret")
    located = [r for r in report.results if r.finding.rule == "CP621"]
    assert [(r.file, r.line) for r in located] == [("submission.json", 7)]
    assert located[0].finding.path == "submission.json:project.clouds.gcc.notes"


# --- the keyring ----------------------------------------------------------------------------


def reader(present: dict[tuple[str, SecretKind], bool], secrets: list[KnownSecret]):  # type: ignore[no-untyped-def]
    def read(project: Project) -> KeyringView:
        return KeyringView(SecretPresence(PresenceState.CHECKED, present), tuple(secrets))

    return read


def test_check_keyring_confirms_declared_presence(folder_bundle: Path) -> None:
    everything = {key: True for key in CANARIES}
    report = validate_bundle(folder_bundle, check_keyring=reader(everything, known_secrets()))
    assert bundle_rules(report) == []


def test_check_keyring_reports_a_declared_secret_that_is_not_here(folder_bundle: Path) -> None:
    report = validate_bundle(folder_bundle, check_keyring=reader({}, []))
    rules = bundle_rules(report)
    assert rules == ["CP630"] * len(CANARIES)
    paths = {f.path for f in report.findings if f.rule == "CP630"}
    assert "submission.json:secrets.clouds.gcc.client-secret" in paths


def test_check_keyring_scans_for_this_machines_secret_values(folder_bundle: Path) -> None:
    stray = KnownSecret("gcch", SecretKind.API_KEY, "Contoso Tasks")  # a whole value in the bundle
    everything = {key: True for key in CANARIES}
    report = validate_bundle(folder_bundle, check_keyring=reader(everything, [stray]))
    assert "CP620" in bundle_rules(report)
    assert all("Contoso Tasks" not in f.message for f in report.findings if f.rule == "CP620")


def test_check_keyring_without_a_keyring_raises(folder_bundle: Path) -> None:
    def unavailable(project: Project) -> KeyringView:
        return KeyringView(SecretPresence.unavailable("no keyring here"))

    with pytest.raises(KeyringUnavailable):
        validate_bundle(folder_bundle, check_keyring=unavailable)


def test_the_real_keyring_reader_reads_the_in_memory_keyring(
    folder_bundle: Path,
    project: Project,
    memory_keyring: MemoryKeyring,
) -> None:
    from cloudprep.bundle.secret_source import read_keyring

    for (cloud, kind), value in CANARIES.items():
        memory_keyring.items[("cloudprep", f"{project.project_id}/{cloud}/{kind.value}")] = value
    view = read_keyring(project)
    assert {(s.cloud, s.kind) for s in view.secrets} == set(CANARIES)
    report = validate_bundle(folder_bundle, check_keyring=read_keyring)
    assert bundle_rules(report) == []


def test_the_bundle_folder_is_never_written_to(folder_bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(folder_bundle, copy)
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in copy.iterdir()}
    validate_bundle(copy)
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in copy.iterdir()} == before


def test_export_and_validate_are_safe_to_run_in_worker_threads(
    project: Project, tmp_path: Path
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.bundle.conftest import export

    def work(i: int) -> tuple[bytes, list[str]]:
        out = export(project, tmp_path / f"b{i}.zip")
        report = validate_bundle(out)
        return out.read_bytes(), [f.rule for f in report.findings]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(8)))
    assert len({data for data, _ in results}) == 1
    assert len({tuple(rules) for _, rules in results}) == 1
    assert not any(rule.startswith("CP6") for rule in results[0][1])


def test_a_file_added_with_a_recomputed_manifest_is_still_extra(folder_bundle: Path) -> None:
    (folder_bundle / "inner.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    manifest = json.loads((folder_bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["inner.zip"] = hashlib.sha256(b"PK\x05\x06" + bytes(18)).hexdigest()
    (folder_bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP603"]
    assert next(r for r in report.results if r.finding.rule == "CP603").file == "inner.zip"


def test_a_manifest_listing_paths_outside_the_bundle(folder_bundle: Path) -> None:
    manifest = json.loads((folder_bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["../x"] = "0" * 64
    manifest["files"]["/etc/passwd"] = "0" * 64
    (folder_bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = validate_bundle(folder_bundle)
    assert bundle_rules(report) == ["CP604", "CP604"]
    # Every finding names a file of the bundle, never the path the manifest made up.
    assert {r.file for r in report.results} <= {"manifest.json", "submission.json"}


@pytest.mark.parametrize("name", ["submission.json", "manifest.json"])
def test_a_repeated_json_key_is_an_integrity_error(folder_bundle: Path, name: str) -> None:
    # json keeps the last value, other readers the first: the file is ambiguous.
    path = folder_bundle / name
    if name == "manifest.json":
        rewrite_manifest(folder_bundle)  # re-indented: `"schema_version": 1,` on its own line
    text = path.read_text(encoding="utf-8")
    line = '"schema_version": 2,' if name == "submission.json" else '"schema_version": 1,'
    path.write_text(text.replace(line, f"{line}\n  {line}", 1), encoding="utf-8")
    if name == "submission.json":
        rewrite_manifest(folder_bundle)
    report = validate_bundle(folder_bundle)
    rule = "CP605" if name == "submission.json" else "CP604"
    assert bundle_rules(report) == [rule]
    assert (
        "'schema_version'" in report.findings[0].message
        or '"schema_version"' in report.findings[0].message
    )


def test_a_manifest_listing_more_files_than_a_bundle_holds_is_one_finding(
    folder_bundle: Path,
) -> None:
    path = folder_bundle / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"].update({f"x{i}": "0" * 64 for i in range(1000)})
    path.write_text(json.dumps(manifest), encoding="utf-8")
    report = validate_bundle(folder_bundle)
    (finding,) = [f for f in report.findings if f.rule.startswith("CP6")]
    assert finding.rule == "CP604" and finding.path == "manifest.json:files"
    assert finding.message.startswith("manifest.json lists 1002 files; a bundle holds at most 64")


@pytest.mark.parametrize(
    ("digest", "rules"),
    [
        pytest.param("abc", ["CP604"], id="short"),
        pytest.param("z" * 64, ["CP604"], id="not hex"),
        pytest.param("0" * 65, ["CP604"], id="long"),
        pytest.param(None, [], id="upper case"),  # hex is hex in either case
    ],
)
def test_a_manifest_checksum_that_is_not_a_sha256_is_named_as_such(
    folder_bundle: Path, digest: str | None, rules: list[str]
) -> None:
    path = folder_bundle / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    given = manifest["files"]["SUBMISSION.md"]
    manifest["files"]["SUBMISSION.md"] = given.upper() if digest is None else digest
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    report = validate_bundle(folder_bundle)
    found = [f for f in report.findings if f.rule.startswith("CP6")]
    assert [f.rule for f in found] == rules  # not CP601: the file did not change
    if rules:
        assert found[0].path == "manifest.json:files.SUBMISSION.md"
        assert "not a SHA-256" in found[0].message
        assert report.results[0].line == 6
