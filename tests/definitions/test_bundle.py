"""`bundle --with-definitions`: the connector files of every target cloud in the bundle,
listed in the manifest and SUBMISSION.md; `validate` checks their hashes and lints them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.definitions.conftest import TARGETS, Cli, ImportProject, made_up_cloud

FILES = ("apiProperties.json", "apiDefinition.swagger.json")


def _every_cloud(data: dict[str, Any]) -> None:
    for cloud in TARGETS:
        data["clouds"][cloud] = made_up_cloud(cloud, specific=f"https://{cloud}.teamforms.app")


@pytest.fixture
def bundle(
    corpus_dir: Path, import_project: ImportProject, cli: Cli, tmp_path: Path
) -> tuple[Path, Path]:
    project = import_project(corpus_dir / "Team Forms", _every_cloud)
    out = tmp_path / "bundle"
    result = cli("bundle", str(project), "-o", str(out), "--with-definitions")
    assert out.is_dir(), result.err
    return project, out


def _validate(cli: Cli, bundle: Path) -> tuple[int, list[dict[str, Any]]]:
    result = cli("validate", str(bundle), "--format", "json")
    findings: list[dict[str, Any]] = json.loads(result.out)["findings"]
    return result.code, findings


@pytest.mark.corpus
def test_every_target_clouds_files_are_in_the_bundle_and_its_manifest(
    bundle: tuple[Path, Path], cli: Cli, tmp_path: Path
) -> None:
    project, out = bundle
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    for cloud in TARGETS:
        made = tmp_path / f"made-{cloud}"
        assert cli("definition", str(project), "--cloud", cloud, "-o", str(made)).code == 0
        for name in FILES:
            data = (out / "clouds" / cloud / name).read_bytes()
            assert data == (made / name).read_bytes()  # what `definition` writes
            assert manifest[f"clouds/{cloud}/{name}"] == hashlib.sha256(data).hexdigest()
    markdown = (out / "SUBMISSION.md").read_text(encoding="utf-8")
    assert (
        "- GCC High: `clouds/gcch/apiProperties.json`, `clouds/gcch/apiDefinition.swagger.json`\n"
        in markdown
    )
    assert markdown.count("`clouds/") == 2 * len(TARGETS)


@pytest.mark.corpus
def test_validate_lints_them_and_says_it_cannot_make_them_again(
    bundle: tuple[Path, Path], cli: Cli
) -> None:
    _, out = bundle
    _, findings = _validate(cli, out)
    rules = {f["rule"] for f in findings}
    assert not rules & {"CP601", "CP602", "CP603", "CP604", "CP607", "CP610", "CP801", "CP802"}
    said = [f for f in findings if f["rule"] == "CP812"]
    assert [f["cloud"] for f in said] == list(TARGETS)
    assert "connector source is not in the bundle" in said[0]["message"]


@pytest.mark.corpus
def test_a_definition_edited_after_export_fails_its_hash_and_the_lint(
    bundle: tuple[Path, Path], cli: Cli
) -> None:
    _, out = bundle
    properties = out / "clouds" / "dod" / "apiProperties.json"
    text = properties.read_text(encoding="utf-8")
    properties.write_text(
        text.replace("https://dod-graph.microsoft.us", "https://graph.microsoft.com", 1), "utf-8"
    )

    code, findings = _validate(cli, out)

    assert code == 1
    found = {(f["rule"], f["path"]) for f in findings}
    assert ("CP601", "clouds/dod/apiProperties.json") in found
    assert (
        "CP801",
        "clouds/dod/apiProperties.json#/properties/connectionParameters/token/oAuthSettings/"
        "properties/AzureActiveDirectoryResourceId",
    ) in found


@pytest.mark.corpus
def test_a_zip_bundle_holds_them_too(
    corpus_dir: Path, import_project: ImportProject, cli: Cli, tmp_path: Path
) -> None:
    project = import_project(corpus_dir / "Team Forms", _every_cloud)
    out = tmp_path / "bundle.zip"
    cli("bundle", str(project), "-o", str(out), "--with-definitions")
    _, findings = _validate(cli, out)
    assert [f["cloud"] for f in findings if f["rule"] == "CP812"] == list(TARGETS)
    assert not {f["rule"] for f in findings} & {"CP601", "CP603", "CP610"}


def test_without_the_option_the_bundle_has_no_connector_files(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "cloudprep.json"
    assert cli("init", "--demo", "-o", str(project)).code == 0
    out = tmp_path / "bundle"
    cli("bundle", str(project), "-o", str(out))
    assert not (out / "clouds").exists()
    assert "Connector files" not in (out / "SUBMISSION.md").read_text(encoding="utf-8")


@pytest.mark.corpus
def test_a_definition_holding_a_number_too_long_to_convert_is_a_finding(
    bundle: tuple[Path, Path], cli: Cli
) -> None:
    _, out = bundle
    swagger = out / "clouds" / "gcch" / "apiDefinition.swagger.json"
    swagger.write_text('{"swagger": 1' + "0" * 5000 + "}", encoding="utf-8")

    code, findings = _validate(cli, out)  # int() refuses 4,300+ digits: no traceback

    assert code == 1
    assert any(
        f["path"].startswith("clouds/gcch/apiDefinition.swagger.json")
        and "too many digits" in f["message"]
        for f in findings
    )
