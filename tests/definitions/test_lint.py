"""`definition --check DIR`: the lint alone, on files written earlier or edited by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.definitions.conftest import Cli, ImportProject, made_up_cloud

LOGIN_POINTER = (
    "apiProperties.json#/properties/connectionParameters/token/oAuthSettings/customParameters/"
    "loginUri/value"
)


def _gcch(data: dict[str, Any]) -> None:
    data["clouds"]["gcch"] = made_up_cloud("gcch", specific="https://gov.teamforms.app")


@pytest.fixture
def gcch_files(
    corpus_dir: Path, import_project: ImportProject, cli: Cli, tmp_path: Path
) -> tuple[Path, Path]:
    """Team Forms' GCC High files, written by `definition`, and the project."""
    project = import_project(corpus_dir / "Team Forms", _gcch)
    out = tmp_path / "gcch"
    assert cli("definition", str(project), "--cloud", "gcch", "-o", str(out)).code == 0
    return project, out


@pytest.mark.corpus
def test_one_commercial_host_left_behind_by_hand_is_found_with_its_pointer(
    gcch_files: tuple[Path, Path], cli: Cli
) -> None:
    project, out = gcch_files
    properties = out / "apiProperties.json"
    text = properties.read_text(encoding="utf-8")
    edited = text.replace(
        '"value": "https://login.microsoftonline.us"',
        '"value": "https://login.microsoftonline.com"',
    )
    assert edited != text
    properties.write_text(edited, encoding="utf-8")

    result = cli(
        "definition", str(project), "--cloud", "gcch", "--check", str(out), "--format", "json"
    )

    assert result.code == 1
    errors = [f for f in json.loads(result.out)["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["path"]) for f in errors] == [("CP801", LOGIN_POINTER)]
    assert errors[0]["message"] == (
        "names login.microsoftonline.com, the sign-in host of Commercial, GCC, not of GCC High"
    )
    assert errors[0]["hint"].startswith("use this cloud's login.microsoftonline.us; ")


@pytest.mark.corpus
def test_the_untouched_files_pass_and_a_schema_break_is_cp802(
    gcch_files: tuple[Path, Path], cli: Cli
) -> None:
    project, out = gcch_files
    assert cli("definition", str(project), "--cloud", "gcch", "--check", str(out)).code == 0
    swagger = out / "apiDefinition.swagger.json"
    text = swagger.read_text(encoding="utf-8")
    swagger.write_text(
        text.replace('"schemes": [\n    "https"\n  ]', '"schemes": "https"'), "utf-8"
    )

    result = cli("definition", str(project), "--cloud", "gcch", "--check", str(out))

    assert result.code == 1
    assert "error   CP802 [gcch] apiDefinition.swagger.json#/schemes:" in result.out


@pytest.mark.corpus
def test_a_commercial_scope_key_in_the_swagger_is_found(
    corpus_dir: Path, cli: Cli, tmp_path: Path, import_project: ImportProject
) -> None:
    # Luware Nimbus keys its swagger scopes by Graph URL; left commercial for DoD they fail.
    project = import_project(corpus_dir / "Luware Nimbus")
    folder = tmp_path / "dod"
    folder.mkdir()
    for name in ("apiProperties.json", "apiDefinition.swagger.json"):
        (folder / name).write_bytes((corpus_dir / "Luware Nimbus" / name).read_bytes())

    result = cli(
        "definition", str(project), "--cloud", "dod", "--check", str(folder), "--format", "json"
    )

    found = {(f["rule"], f["path"]) for f in json.loads(result.out)["findings"]}
    assert ("CP801", "apiDefinition.swagger.json#/securityDefinitions/oauth2-auth/scopes/"
            "https:~1~1graph.microsoft.com~1User.Read") in found  # fmt: skip
    assert ("CP801", "apiDefinition.swagger.json#/security/0/oauth2-auth/0") in found
    assert ("CP801", LOGIN_POINTER) in found
    assert result.code == 1


@pytest.mark.corpus
def test_a_generic_oauth_providers_own_hosts_are_left_alone(
    corpus_dir: Path, cli: Cli, tmp_path: Path, import_project: ImportProject
) -> None:
    # Zoho signs in at accounts.zoho.com: not a Microsoft host, in no cloud's catalog column.
    project = import_project(corpus_dir / "Zoho Calendar")
    folder = tmp_path / "gcch"
    folder.mkdir()
    for name in ("apiProperties.json", "apiDefinition.swagger.json"):
        data = (corpus_dir / "Zoho Calendar" / name).read_text(encoding="utf-8")
        data = data.replace("global.consent.azure-apim.net", "global.consent.azure-apihub.us")
        (folder / name).write_text(data, encoding="utf-8")

    result = cli("definition", str(project), "--cloud", "gcch", "--check", str(folder))

    assert result.code == 0, result.out
    assert "CP801" not in result.out and "zoho" not in result.out


@pytest.mark.corpus
def test_inherited_schema_mismatches_are_information_and_warnings_without_the_source(
    corpus_dir: Path, cli: Cli, tmp_path: Path, import_project: ImportProject
) -> None:
    # LawVu is multi-auth: connectionParameterSets is not in the published schema (CP803).
    project = import_project(corpus_dir / "LawVu")
    folder = tmp_path / "commercial"
    folder.mkdir()
    for name in ("apiProperties.json", "apiDefinition.swagger.json"):
        (folder / name).write_bytes((corpus_dir / "LawVu" / name).read_bytes())
    with_source = cli("definition", str(project), "--cloud", "commercial", "--check", str(folder))
    assert with_source.code == 0
    assert "info    CP803 [commercial] apiProperties.json#/properties:" in with_source.out

    data = json.loads(project.read_text(encoding="utf-8"))
    data["connector"]["source"] = None
    project.write_text(json.dumps(data), encoding="utf-8")
    without = cli("definition", str(project), "--cloud", "commercial", "--check", str(folder))
    assert without.code == 0
    assert "warning CP803 [commercial] apiProperties.json#/properties:" in without.out
    assert "no commercial file to compare with" in without.out


@pytest.mark.corpus
def test_azure_hosting_of_another_cloud_is_a_warning_and_information_once_confirmed(
    corpus_dir: Path, cli: Cli, tmp_path: Path, import_project: ImportProject
) -> None:
    def same_as_commercial(confirmed: bool) -> Any:
        def change(data: dict[str, Any]) -> None:
            data["clouds"]["gcch"] = made_up_cloud("gcch")
            data["clouds"]["gcch"]["endpoint"] = {
                "mode": "same_as_commercial",
                "confirmed": confirmed,
            }

        return change

    folder = tmp_path / "gcch"
    folder.mkdir()
    for name in ("apiProperties.json", "apiDefinition.swagger.json"):
        text = (corpus_dir / "Spoonacular Food" / name).read_text(encoding="utf-8")
        (folder / name).write_text(
            text.replace('"host": "api.spoonacular.com"', '"host": "spoon-api.azurewebsites.net"'),
            encoding="utf-8",
        )

    project = import_project(corpus_dir / "Spoonacular Food", same_as_commercial(False))
    warned = cli("definition", str(project), "--cloud", "gcch", "--check", str(folder))
    assert "warning CP810 [gcch] apiDefinition.swagger.json#/host:" in warned.out
    assert warned.code == 0  # a warning, below the default --fail-on error
    strict = cli(
        "definition",
        str(project),
        "--cloud",
        "gcch",
        "--check",
        str(folder),
        "--fail-on",
        "warning",
    )
    assert strict.code == 1

    project = import_project(corpus_dir / "Spoonacular Food", same_as_commercial(True))
    confirmed = cli("definition", str(project), "--cloud", "gcch", "--check", str(folder))
    assert "info    CP810 [gcch] apiDefinition.swagger.json#/host:" in confirmed.out


@pytest.mark.corpus
def test_documentation_naming_another_clouds_host_is_information(
    corpus_dir: Path, cli: Cli, tmp_path: Path, import_project: ImportProject
) -> None:
    project = import_project(corpus_dir / "IA-Connect Session")
    out = tmp_path / "dod"
    result = cli("definition", str(project), "--cloud", "dod", "-o", str(out))
    assert result.code == 0
    assert (
        "info    CP811 [dod] apiProperties.json#/properties/connectionParameters/"
        "orchestratorAddress/uiDefinition/tooltip: names orchestrator.azurewebsites.net, the "
    ) in result.out


def test_check_on_a_folder_without_the_files_is_one_line(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "cloudprep.json"
    assert cli("init", "-o", str(project)).code == 0
    result = cli("definition", str(project), "--cloud", "gcch", "--check", str(tmp_path))
    assert result.code == 2
    assert result.err.startswith("cloudprep: error: ")
    assert "apiProperties.json: missing" in result.err.splitlines()[0]


def test_an_unknown_cloud_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "cloudprep.json"
    assert cli("init", "-o", str(project)).code == 0
    result = cli("definition", str(project), "--cloud", "gcc-high", "--check", str(tmp_path))
    assert result.code == 2
    assert "--cloud 'gcc-high': not a cloud id" in result.err
