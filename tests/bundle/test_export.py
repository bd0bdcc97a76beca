"""Export: content, determinism, leak refusal, and atomic replacement of OUT."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

import cloudprep.bundle.export as export_module
from cloudprep.bundle.document import SubmissionDocument
from cloudprep.bundle.export import BundleLeakRefused, build_bundle, export_bundle
from cloudprep.core.leaks import KnownSecret
from cloudprep.core.models import Project
from cloudprep.core.secret_needs import SecretKind, SecretPresence
from cloudprep.errors import OutputExistsError, UsageError
from tests.bundle.conftest import (
    CANARIES,
    DEMO_CREATED,
    checked_presence,
    export,
    known_secrets,
)

FILES = ["SUBMISSION.md", "manifest.json", "submission.json"]


def read_folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_folder_bundle_holds_the_three_files(folder_bundle: Path) -> None:
    assert sorted(p.name for p in folder_bundle.iterdir()) == FILES


def test_submission_json_embeds_the_project_and_what_was_derived(
    folder_bundle: Path, project: Project
) -> None:
    data = json.loads((folder_bundle / "submission.json").read_text(encoding="utf-8"))
    assert data["format"] == "cloudprep-submission"
    assert data["schema_version"] == 2
    assert data["tool"]["name"] == "cloudprep"
    assert data["export_date"] == "2026-11-01"
    assert data["ga_as_of"] == "2026-11-01"
    assert data["created"] == "2026-11-01T00:00:00Z"
    # What each cloud requires is recorded, so the request renders without the catalog.
    assert data["clouds"]["gcch"]["name"] == "GCC High"
    assert data["clouds"]["gcch"]["redirect"] == {
        "url": "https://global.consent.azure-apihub.us/redirect/contosotasks",
        "verified": True,
        "published": True,
        "registered": True,
    }
    assert data["clouds"]["mooncake"]["redirect"]["published"] is False
    assert data["project"]["project_id"] == str(project.project_id)
    assert data["project"]["connector"]["name"] == "contosotasks"
    assert "$schema" not in data["project"]
    # The demo registers the commercial redirect on the Azure Government app (CP212).
    assert any(
        f["rule"] == "CP212" and f["path"] == "clouds.azgov.oauth_app.redirect_urls[0]"
        for f in data["findings"]
    )
    assert data["ga"]["eligibility"] == "eligible"
    assert [c["id"] for c in data["ga"]["criteria"]] == ["R1", "R2", "R3", "R4", "R5", "U1", "U2"]
    ids = [(i["id"], i["cloud"]) for i in data["checklist"]]
    assert ("C5", "gcc") in ids and ("Q2", None) in ids
    gcc = data["secrets"]["clouds"]["gcc"]
    assert list(gcc) == ["client-secret", "test-username", "test-password"]
    assert gcc["client-secret"] == {
        "label": "OAuth client secret",
        "present": True,
        "handover": "the secure channel Microsoft provides",
    }
    assert data["secrets"]["clouds"]["azgov"]["client-secret"]["present"] is False
    assert data["secrets"]["state"] == "checked"


def test_api_keys_go_through_the_channel_the_microsoft_contact_provides(
    project: Project, tmp_path: Path
) -> None:
    from cloudprep.core.models import AuthKind

    project.connector.auth = AuthKind.API_KEY
    project.connector.identity_provider = None
    project.connector.oauth = None
    out = export(project, tmp_path / "b")
    data = json.loads((out / "submission.json").read_text(encoding="utf-8"))
    handover = (
        "the channel your Microsoft contact provides (the undated page names ISV Studio "
        "activity control, since retired)"
    )
    assert data["secrets"]["clouds"]["gcc"]["api-key"]["handover"] == handover
    md = (out / "SUBMISSION.md").read_text(encoding="utf-8")
    assert (
        "- API key (GCC, GCC High, DoD, Azure Government, Mooncake (Azure China, 21Vianet)): "
        f"through {handover}." in md
    )


def test_manifest_holds_the_sha256_of_every_other_file(folder_bundle: Path) -> None:
    import hashlib

    manifest = json.loads((folder_bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["algorithm"] == "sha256"
    assert manifest["files"] == {
        name: hashlib.sha256((folder_bundle / name).read_bytes()).hexdigest()
        for name in ("SUBMISSION.md", "submission.json")
    }


def test_submission_md_reads_as_the_request(folder_bundle: Path) -> None:
    md = (folder_bundle / "SUBMISSION.md").read_text(encoding="utf-8")
    assert md.startswith("# Release request: Contoso Tasks\n")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# Release request: Contoso Tasks",
        "## What we ask",
        "## Clouds",
        "## Secrets",
        "## GA",
        "## Known open items",
    ]
    assert "@microsoft.com" not in md
    assert "<" not in md  # no HTML


def test_no_canary_appears_in_any_file(folder_bundle: Path) -> None:
    blob = b"".join(read_folder(folder_bundle).values()).decode("utf-8")
    for value in CANARIES.values():
        assert value not in blob
        assert value[:8] not in blob


def test_zip_entries_have_fixed_order_times_and_modes(zip_bundle: Path) -> None:
    with zipfile.ZipFile(zip_bundle) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == FILES
    for info in infos:
        assert info.date_time == (2026, 11, 1, 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.create_system == 3


def test_zip_and_folder_hold_the_same_bytes(project: Project, tmp_path: Path) -> None:
    folder = export(project, tmp_path / "f")
    archive = export(project, tmp_path / "z.zip")
    assert read_folder(folder) == read_zip(archive)


def test_the_export_moment_sets_the_timestamp_and_the_export_date(
    project: Project, tmp_path: Path
) -> None:
    epoch = datetime(2026, 10, 20, 8, 30, 5, tzinfo=UTC)
    out = tmp_path / "b.zip"
    export_bundle(project, out, presence=checked_presence(project), created=epoch)
    with zipfile.ZipFile(out) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 10, 20, 8, 30, 4)}
        data = json.loads(archive.read("submission.json"))
    assert data["created"] == "2026-10-20T08:30:05Z"
    assert data["export_date"] == "2026-10-20"
    assert data["ga_as_of"] == "2026-11-01"  # the GA numbers' own date, recorded beside it


def test_a_timestamp_before_1980_is_clamped_in_the_zip(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    export_bundle(
        project,
        out,
        presence=SecretPresence.not_checked(),
        created=epoch,
    )
    with zipfile.ZipFile(out) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_same_input_gives_the_same_bytes_in_process(project: Project) -> None:
    first = build_bundle(project, presence=checked_presence(project), created=DEMO_CREATED)
    second = build_bundle(project, presence=checked_presence(project), created=DEMO_CREATED)
    assert first.files == second.files
    assert export_module.zip_bytes(first.files, first.document.created) == export_module.zip_bytes(
        second.files, second.document.created
    )


def test_the_document_round_trips_through_its_model(folder_bundle: Path) -> None:
    text = (folder_bundle / "submission.json").read_text(encoding="utf-8")
    SubmissionDocument.model_validate_json(text)


# --- leaks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_a_secret_pasted_into_the_project_refuses_the_export(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    secret = CANARIES[("gcch", SecretKind.CLIENT_SECRET)]
    project.clouds["gcc"].notes = f"temporary secret {secret[5:20]} for the test tenant"
    out = tmp_path / f"bundle{suffix}"
    with pytest.raises(BundleLeakRefused) as caught:
        export(project, out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    error = caught.value
    assert "project.clouds.gcc.notes" in error.message
    assert "gcch" in error.message and "client-secret" in error.message
    text = error.message + "\n".join(error.hints)
    assert secret[5:20] not in text and secret[5:13] not in text


def test_a_username_whole_value_refuses_but_a_shared_host_does_not(
    project: Project, tmp_path: Path
) -> None:
    user = CANARIES[("gcc", SecretKind.TEST_USERNAME)]
    project.clouds["gcch"].notes = "test tenant: contosotasks.onmicrosoft.us"
    export(project, tmp_path / "ok")
    project.clouds["gcch"].notes = f"sign in as {user}"
    with pytest.raises(BundleLeakRefused):
        export(project, tmp_path / "refused")
    assert not (tmp_path / "refused").exists()


def test_an_azure_secret_under_a_neutral_field_refuses_the_export(
    project: Project, tmp_path: Path
) -> None:
    project.connector.publisher = "Contoso abc8Q~Xy3fGh7JkLmNoPqRsTuVwXyZ0123456789"
    with pytest.raises(BundleLeakRefused) as caught:
        export_bundle(
            project,
            tmp_path / "b",
            presence=SecretPresence.not_checked(),
            created=DEMO_CREATED,
        )
    assert "an Azure AD client secret at submission.json, field project.connector.publisher" in (
        caught.value.message
    )
    assert "Xy3fGh7J" not in caught.value.message


def test_a_password_in_an_endpoint_url_refuses_the_export(project: Project, tmp_path: Path) -> None:
    project.clouds["gcch"].endpoint.url = "https://svc:Pa55w0rd-canary@api.gov.contosotasks.com"
    with pytest.raises(BundleLeakRefused) as caught:
        export(project, tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()
    assert "project.clouds.gcch.endpoint.url" in caught.value.message
    assert "Pa55w0rd" not in caught.value.message + "\n".join(caught.value.hints)


def test_known_secrets_of_other_clouds_are_scanned_too(project: Project, tmp_path: Path) -> None:
    stray = KnownSecret("mooncake", SecretKind.API_KEY, "mooncake-api-key-0123456789")
    project.clouds["dod"].notes = "key mooncake-api-key-0123456789"
    with pytest.raises(BundleLeakRefused):
        export_bundle(
            project,
            tmp_path / "b",
            presence=SecretPresence.not_checked(),
            created=DEMO_CREATED,
            known_secrets=[*known_secrets(), stray],
        )


# --- OUT ------------------------------------------------------------------------------------


def test_an_existing_out_is_kept_without_force(folder_bundle: Path, project: Project) -> None:
    before = read_folder(folder_bundle)
    project.clouds["gcc"].notes = "changed"
    with pytest.raises(OutputExistsError):
        export(project, folder_bundle)
    assert read_folder(folder_bundle) == before


def test_force_replaces_a_previous_bundle(folder_bundle: Path, project: Project) -> None:
    project.clouds["gcc"].notes = "changed"
    export(project, folder_bundle, force=True)
    data = json.loads((folder_bundle / "submission.json").read_text(encoding="utf-8"))
    assert data["project"]["clouds"]["gcc"]["notes"] == "changed"
    assert sorted(p.name for p in folder_bundle.parent.iterdir()) == ["bundle"]


def test_force_never_replaces_a_folder_of_other_things(project: Project, tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="not a cloudprep bundle folder"):
        export(project, tmp_path, force=True)
    assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "mine"


def test_force_does_not_swap_a_file_for_a_folder(project: Project, tmp_path: Path) -> None:
    (tmp_path / "b").write_text("x", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        export(project, tmp_path / "b", force=True)
    (tmp_path / "c.zip").mkdir()
    with pytest.raises(OutputExistsError):
        export(project, tmp_path / "c.zip", force=True)


def test_a_missing_parent_folder_is_a_usage_error(project: Project, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        export(project, tmp_path / "no" / "such" / "b.zip")


def _steps(project: Project, out: Path, force: bool) -> list[str]:
    seen: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export_module, "_checkpoint", seen.append)
        export(project, out, force=force)
    return seen


class Fault(Exception):
    pass


@pytest.mark.parametrize("suffix", ["", ".zip"])
@pytest.mark.parametrize("previous", [False, True], ids=["fresh", "replacing"])
def test_a_fault_at_any_step_leaves_out_absent_or_the_previous_bundle(
    project: Project, tmp_path: Path, suffix: str, previous: bool
) -> None:
    out = tmp_path / f"bundle{suffix}"
    read = read_zip if suffix else read_folder
    steps = _steps(project, tmp_path / f"probe{suffix}", force=False)
    if previous:
        steps = _steps(project, tmp_path / f"probe{suffix}", force=True)
    assert "scanned" in steps and "temp-written" in steps and "renamed" in steps
    project.clouds["gcc"].notes = "the new export"
    new = build_bundle(project, presence=checked_presence(project), created=DEMO_CREATED).files
    for step in steps:
        old: dict[str, bytes] | None = None
        if previous:
            project.clouds["gcc"].notes = "the previous export"
            export(project, out, force=True)
            old = read(out)
            project.clouds["gcc"].notes = "the new export"
        elif out.exists():
            import shutil

            shutil.rmtree(out) if out.is_dir() else out.unlink()

        def fail(name: str, at: str = step) -> None:
            if name == at:
                raise Fault(at)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(export_module, "_checkpoint", fail)
            with pytest.raises(Fault):
                export(project, out, force=previous)
        leftovers = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("probe"))
        if out.exists():
            state = read(out)
            # After the final rename the new bundle is complete; before it, the old one stays.
            assert state in ([old] if old is not None else []) + [new], step
            # The commit point: the exchange (Linux), or else the second rename.
            if step not in ("exchanged", "renamed", "old-removed"):
                assert state == old, step
        else:
            assert not previous, f"the previous bundle was lost at {step}"
        assert leftovers in ([], [out.name]), (step, leftovers)


def test_an_os_error_while_writing_is_a_clean_error_and_keeps_the_old_bundle(
    folder_bundle: Path, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = read_folder(folder_bundle)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cloudprep.bundle.export.os.fsync", refuse)
    with pytest.raises(UsageError, match="No space left on device"):
        export(project, folder_bundle, force=True)
    assert read_folder(folder_bundle) == before
    assert sorted(p.name for p in folder_bundle.parent.iterdir()) == ["bundle"]


@pytest.mark.parametrize("name", ["out", "out.zip"])
def test_a_bundle_too_large_for_validate_is_not_written(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # One limit for both sides: what export writes, validate must be able to read (a 1 MB
    # project of bad redirects made a 60 MB submission.json that validate refused, exit 2).
    import cloudprep.bundle.archive as archive
    from cloudprep.errors import InputError

    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 20_000)
    out = tmp_path / name
    with pytest.raises(InputError, match=r"submission\.json would be \d+ bytes"):
        export_bundle(project, out, presence=checked_presence(project), created=DEMO_CREATED)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
