"""The connector source: recorded by the import, checked by `definition`, copied as it is."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.definitions.conftest import Cli, ImportProject, made_up_cloud

DATA = Path(__file__).resolve().parents[1] / "data" / "connectors"


def _project(cli: Cli, folder: Path, project: Path) -> dict[str, object]:
    assert cli("init", "--from-connector", str(folder), "-o", str(project)).code in (0, 1)
    data: dict[str, object] = json.loads(project.read_text(encoding="utf-8"))
    return data


def test_init_records_the_folder_relative_to_the_project_and_each_files_hash(
    cli: Cli, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "connectors" / "contoso")
    (tmp_path / "work").mkdir()
    data = _project(cli, folder, tmp_path / "work" / "cloudprep.json")
    source = data["connector"]["source"]  # type: ignore[index]
    assert source == {
        "folder": "../connectors/contoso",
        "files": [
            {
                "path": "apiProperties.json",
                "sha256": hashlib.sha256((folder / "apiProperties.json").read_bytes()).hexdigest(),
            },
            {
                "path": "apiDefinition.swagger.json",
                "sha256": hashlib.sha256(
                    (folder / "apiDefinition.swagger.json").read_bytes()
                ).hexdigest(),
            },
        ],
    }


def test_a_changed_source_file_is_a_warning_and_the_files_are_still_written(
    cli: Cli, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    project = tmp_path / "cloudprep.json"
    _project(cli, folder, project)
    swagger = folder / "apiDefinition.swagger.json"
    swagger.write_text(swagger.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    result = cli("definition", str(project), "--cloud", "gcc", "-o", str(tmp_path / "out"))

    assert (
        "warning CP804 connector.source: 'apiDefinition.swagger.json' changed since the import"
        in result.out
    )
    assert (tmp_path / "out" / "apiDefinition.swagger.json").is_file()


def test_a_moved_folder_is_one_line_saying_to_use_from_and_from_finds_it(
    cli: Cli, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    project = tmp_path / "cloudprep.json"
    _project(cli, folder, project)
    moved = folder.rename(tmp_path / "moved")

    lost = cli("definition", str(project), "--cloud", "gcc", "-o", str(tmp_path / "out"))
    assert lost.code == 2
    first, hint = lost.err.splitlines()
    assert first == f"cloudprep: error: connector.source.folder {folder}: no such folder"
    assert hint == "  name the connector folder with --from DIR"
    assert not (tmp_path / "out").exists()

    found = cli(
        "definition", str(project), "--cloud", "gcc", "-o", str(tmp_path / "out"),
        "--from", str(moved),
    )  # fmt: skip
    assert found.code in (0, 1), found.err
    assert "CP804" not in found.out  # same files, same hashes


def test_a_missing_source_file_is_one_line_naming_it(cli: Cli, tmp_path: Path) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    project = tmp_path / "cloudprep.json"
    _project(cli, folder, project)
    (folder / "apiProperties.json").unlink()

    result = cli("definition", str(project), "--cloud", "gcc", "-o", str(tmp_path / "out"))

    assert result.code == 2
    assert result.err.splitlines()[0] == (
        f"cloudprep: error: {folder / 'apiProperties.json'}: missing (recorded in connector.source)"
    )
    assert "--from DIR" in result.err


def test_a_hand_made_project_names_its_folder_with_from(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "cloudprep.json"
    assert cli("init", "-o", str(project)).code == 0
    out = tmp_path / "out"

    without = cli("definition", str(project), "--cloud", "gcch", "-o", str(out))
    assert without.code == 2
    assert "connector.source is not set" in without.err and "--from DIR" in without.err

    with_from = cli(
        "definition", str(project), "--cloud", "gcch", "-o", str(out),
        "--from", str(DATA / "aad-graph-tenant"),
    )  # fmt: skip
    assert with_from.code == 1  # no client id, no connector name in a blank project: CP805
    assert "CP805" in with_from.out
    assert (out / "apiProperties.json").is_file()


def test_the_folders_other_files_are_copied_unchanged_and_named_to_pac(
    cli: Cli, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    extras = {
        "icon.png": b"\x89PNG\r\n\x1a\n fake icon",
        "script.csx": b"public class Script : ScriptBase { }\r\n",
        "README.md": b"# Contoso\n",
    }
    for name, data in extras.items():
        (folder / name).write_bytes(data)
    project = tmp_path / "cloudprep.json"
    _project(cli, folder, project)
    out = tmp_path / "out"

    result = cli("definition", str(project), "--cloud", "azgov", "-o", str(out))

    for name, data in extras.items():
        assert (out / name).read_bytes() == data
    assert f"--icon-file {out / 'icon.png'} --script-file {out / 'script.csx'}" in result.out
    # Azure Government has no pac target of its own: said, not invented.
    assert "  pac auth create --cloud" not in result.out
    assert "Azure Government has no separate Power Platform CLI target" in result.out


def test_existing_files_are_not_overwritten_without_force(cli: Cli, tmp_path: Path) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    project = tmp_path / "cloudprep.json"
    _project(cli, folder, project)
    out = tmp_path / "out"
    out.mkdir()
    (out / "apiProperties.json").write_text("mine", encoding="utf-8")

    refused = cli("definition", str(project), "--cloud", "gcc", "-o", str(out))
    assert refused.code == 2
    assert (out / "apiProperties.json").read_text(encoding="utf-8") == "mine"
    forced = cli("definition", str(project), "--cloud", "gcc", "-o", str(out), "--force")
    assert forced.code in (0, 1)
    assert (out / "apiProperties.json").read_text(encoding="utf-8") != "mine"


@pytest.mark.corpus
@pytest.mark.long
def test_commercial_reproduces_every_readable_corpus_file_byte_for_byte(
    corpus_dir: Path, cli: Cli, tmp_path: Path, import_project: ImportProject
) -> None:
    unreadable = {"AccuWeather", "PUG Gamified Engagement", "Shopranos", "SigningHub", "gofileroom"}
    folders = [p for p in sorted(corpus_dir.iterdir()) if p.is_dir() and p.name not in unreadable]
    assert len(folders) == 35
    for folder in folders:
        project = import_project(
            folder, lambda d: d["clouds"].update({"gcc": made_up_cloud("gcc")})
        )
        out = tmp_path / folder.name
        result = cli("definition", str(project), "--cloud", "commercial", "-o", str(out), "--diff")
        assert result.code == 0, (folder.name, result.out, result.err)
        assert not result.out.startswith("---"), folder.name  # an empty diff
        for name in ("apiProperties.json", "apiDefinition.swagger.json"):
            assert (out / name).read_bytes() == (folder / name).read_bytes(), (folder.name, name)


def test_a_secret_looking_example_already_in_the_source_does_not_refuse_the_copy(
    cli: Cli, tmp_path: Path
) -> None:
    # IA-Connect Session documents "your new account password is Fantastic12Monkeys!": the
    # publisher's public file already holds it, and the definition only copies it.
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    swagger = folder / "apiDefinition.swagger.json"
    document = json.loads(swagger.read_text(encoding="utf-8"))
    document["info"]["description"] = "For example: your password is Fantastic12Monkeys!"
    swagger.write_text(json.dumps(document, indent=2), encoding="utf-8")
    project = tmp_path / "cloudprep.json"
    _project(cli, folder, project)

    result = cli("definition", str(project), "--cloud", "gcc", "-o", str(tmp_path / "out"))

    assert result.code in (0, 1), result.err
    assert "Fantastic12Monkeys" in (tmp_path / "out" / "apiDefinition.swagger.json").read_text(
        encoding="utf-8"
    )
    assert "Fantastic12Monkeys" not in result.out + result.err


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('{"properties": {}}'.encode("utf-16"), "is UTF-16 text, not UTF-8 (save it as UTF-8)"),
        (b"\xef\xbb\xbf \r\n", "is empty"),
    ],
)
def test_a_source_file_that_cannot_be_edited_says_what_it_is(
    cli: Cli, tmp_path: Path, content: bytes, said: str
) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    project = tmp_path / "cloudprep.json"
    _project(cli, folder, project)
    (folder / "apiProperties.json").write_bytes(content)

    result = cli("definition", str(project), "--cloud", "gcc", "-o", str(tmp_path / "out"))

    assert result.code == 2
    assert result.err == f"cloudprep: error: {folder / 'apiProperties.json'}: {said}\n"
    assert not (tmp_path / "out").exists()


def test_the_commercial_folder_is_never_the_output_even_with_force(
    cli: Cli, tmp_path: Path
) -> None:
    folder = shutil.copytree(DATA / "aad-graph-tenant", tmp_path / "contoso")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    project = tmp_path / "cloudprep.json"
    _project(cli, folder, project)

    result = cli("definition", str(project), "--cloud", "gcch", "-o", str(folder), "--force")

    assert result.code == 2
    assert "is the commercial connector folder" in result.err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
