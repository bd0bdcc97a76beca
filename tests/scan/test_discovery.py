"""Finding connector folders: any depth, the importer's file names, and every odd path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cloudprep.errors import InputError
from cloudprep.scan.discovery import (
    ScanTarget,
    find_connector_folders,
    folder_sort_key,
    shown_name,
)
from tests.scan.conftest import NOT_ENFORCED, permissions_enforced

FLEET_FOLDERS = [
    "certified-connectors/Contoso Tickets",
    "certified-connectors/Fabrikam Legacy",
    "certified-connectors/Northwind Keys",
    "custom-connectors/deeper/Nested Api",
    "independent-publisher-connectors/Broken Json",
    "independent-publisher-connectors/Misnamed Swagger",
    "independent-publisher-connectors/No Swagger",
    "independent-publisher-connectors/Swagger Only",
]


def folders(targets: tuple[ScanTarget, ...]) -> list[str]:
    return [t.folder for t in targets]


def test_finds_every_connector_folder_at_any_depth_in_a_stable_order(fleet: Path) -> None:
    found = find_connector_folders(fleet)
    assert folders(found.targets) == FLEET_FOLDERS  # docs/ holds only a README
    assert all(t.unreadable is None for t in found.targets)
    assert found.notices == ()
    assert Path(found.targets[0].path) == fleet / "certified-connectors" / "Contoso Tickets"


def test_a_connector_folder_given_as_dir_is_the_row_dot(fleet: Path) -> None:
    found = find_connector_folders(fleet / "certified-connectors" / "Northwind Keys")
    assert folders(found.targets) == ["."]


def test_connector_files_are_recognised_in_any_case_and_misspelt(tmp_path: Path) -> None:
    for folder, name in [
        ("a", "APIPROPERTIES.JSON"),
        ("b", "apiDefinitions.swagger.json"),
        ("c", "swagger.json"),
        ("d", "apiDefinition.swagger.yaml"),
        ("e", "notes.json"),  # not a connector file
        ("f", "README.md"),
    ]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text("{}")
    assert folders(find_connector_folders(tmp_path).targets) == ["a", "b", "c", "d"]


def test_nested_connectors_inside_a_connector_are_found_too(tmp_path: Path) -> None:
    (tmp_path / "outer" / "inner").mkdir(parents=True)
    (tmp_path / "outer" / "apiProperties.json").write_text("{}")
    (tmp_path / "outer" / "inner" / "apiProperties.json").write_text("{}")
    assert folders(find_connector_folders(tmp_path).targets) == ["outer", "outer/inner"]


def test_order_is_by_segment_and_ignores_case(tmp_path: Path) -> None:
    for name in ["b", "a", "a-b", "a/z", "gofileroom", "Zoho"]:
        (tmp_path / name).mkdir(parents=True, exist_ok=True)
        (tmp_path / name / "apiProperties.json").write_text("{}")
    # "a" sorts before "a-b" by segment (a plain string sort would put "a-b" before "a/z")
    assert folders(find_connector_folders(tmp_path).targets) == [
        "a",
        "a/z",
        "a-b",
        "b",
        "gofileroom",
        "Zoho",
    ]
    assert folder_sort_key(".") == ()
    assert folder_sort_key("A") < folder_sort_key("a")  # a tie in case is broken exactly


def test_version_control_metadata_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "apiProperties.json").write_text("{}")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "apiProperties.json").write_text("{}")  # not VCS: scanned
    assert folders(find_connector_folders(tmp_path).targets) == [".github"]


def test_an_empty_folder_is_a_notice_not_a_row(fleet: Path) -> None:
    (fleet / "certified-connectors" / "Lost Files").mkdir()
    found = find_connector_folders(fleet)
    assert folders(found.targets) == FLEET_FOLDERS
    assert [(n.folder, n.reason) for n in found.notices] == [
        ("certified-connectors/Lost Files", "empty folder: no connector files")
    ]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX symlinks")
def test_a_symlink_loop_is_a_notice_and_never_followed(fleet: Path) -> None:
    (fleet / "certified-connectors" / "loop").symlink_to("..", target_is_directory=True)
    (fleet / "self").symlink_to(".", target_is_directory=True)
    found = find_connector_folders(fleet)
    assert folders(found.targets) == FLEET_FOLDERS
    reasons = {n.folder: n.reason for n in found.notices}
    assert set(reasons) == {"certified-connectors/loop", "self"}
    assert reasons["certified-connectors/loop"].startswith("symlink loop")
    assert "'.'" in reasons["certified-connectors/loop"]
    assert reasons["self"].startswith("symlink loop")


@pytest.mark.skipif(os.name == "nt", reason="POSIX symlinks")
def test_a_symlink_inside_dir_is_not_scanned_twice(fleet: Path) -> None:
    (fleet / "shortcuts").mkdir()
    (fleet / "shortcuts" / "tickets").symlink_to(
        fleet / "certified-connectors" / "Contoso Tickets", target_is_directory=True
    )
    found = find_connector_folders(fleet)
    assert folders(found.targets) == FLEET_FOLDERS
    assert [(n.folder, n.reason) for n in found.notices] == [
        (
            "shortcuts/tickets",
            "a symlink to 'certified-connectors/Contoso Tickets', which is scanned under "
            "its own name",
        )
    ]


@pytest.mark.skipif(os.name == "nt", reason="POSIX symlinks")
def test_a_symlink_to_a_folder_outside_dir_is_followed_once(fleet: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "Linked Connector"
    outside.mkdir(parents=True)
    (outside / "apiProperties.json").write_text("{}")
    (fleet / "linked").mkdir()
    (fleet / "linked" / "one").symlink_to(outside, target_is_directory=True)
    (fleet / "linked" / "two").symlink_to(outside, target_is_directory=True)
    found = find_connector_folders(fleet)
    assert "linked/one" in folders(found.targets)
    assert "linked/two" not in folders(found.targets)
    assert [(n.folder, n.reason) for n in found.notices] == [
        ("linked/two", "the same folder as 'linked/one'; scanned once, there")
    ]


@pytest.mark.skipif(os.name == "nt", reason="POSIX symlinks")
def test_dangling_symlinks_do_not_break_the_walk(fleet: Path) -> None:
    (fleet / "gone").symlink_to(fleet / "does-not-exist")
    (fleet / "Dangling").mkdir()
    (fleet / "Dangling" / "apiProperties.json").symlink_to(fleet / "nowhere.json")
    found = find_connector_folders(fleet)
    # a dangling apiProperties.json still marks a connector folder: its import says why
    # it cannot be read, rather than the folder silently vanishing from the scan
    assert folders(found.targets) == [
        *FLEET_FOLDERS[:4],
        "Dangling",
        *FLEET_FOLDERS[4:],
    ]


def test_a_folder_that_cannot_be_listed_becomes_a_target_with_its_reason(
    fleet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic even as root: the listing itself is made to fail."""
    locked = fleet / "certified-connectors"
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_connector_folders(fleet)
    assert found.targets[0] == ScanTarget(
        "certified-connectors",
        str(locked),
        unreadable="cannot list the folder (Permission denied)",
    )
    assert folders(found.targets)[1:] == FLEET_FOLDERS[3:]


def test_an_unreadable_folder_for_real(fleet: Path, restore_permissions: list[Path]) -> None:
    if not permissions_enforced(fleet):
        pytest.skip(NOT_ENFORCED)
    locked = fleet / "independent-publisher-connectors"
    locked.chmod(0)
    restore_permissions.append(locked)
    found = find_connector_folders(fleet)
    assert [(t.folder, t.unreadable) for t in found.targets if t.unreadable] == [
        ("independent-publisher-connectors", "cannot list the folder (Permission denied)")
    ]


def test_dir_that_does_not_exist_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder"):
        find_connector_folders(tmp_path / "missing")


def test_dir_that_is_a_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "apiProperties.json").write_text("{}")
    with pytest.raises(InputError, match="is not a folder"):
        find_connector_folders(tmp_path / "apiProperties.json")


def test_dir_that_cannot_be_listed_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def scandir(path: str) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputError, match=r"cannot be read \(Permission denied\)"):
        find_connector_folders(tmp_path)


def test_an_empty_dir_has_no_targets(tmp_path: Path) -> None:
    found = find_connector_folders(tmp_path)
    assert found.targets == ()
    assert found.notices == ()  # DIR itself is not reported as an empty connector folder


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="byte file names (Linux)")
def test_a_folder_name_that_is_not_utf8_is_shown_with_a_replacement_character(
    tmp_path: Path,
) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9"
    os.mkdir(raw)  # noqa: PTH102 - a bytes path, which pathlib cannot hold
    with open(raw + b"/apiProperties.json", "w") as handle:  # noqa: PTH123
        handle.write("{}")
    found = find_connector_folders(tmp_path)
    assert folders(found.targets) == ["caf\ufffd"]
    assert Path(found.targets[0].path).is_dir()  # the real path is kept for the import
    assert shown_name("plain") == "plain"
