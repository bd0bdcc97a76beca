"""The wizard's per-cloud connector files: the definition preview on each cloud step (F7)
and "Include the connector files" on the export step (PRODUCT §14)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from cloudprep.bundle.definitions import definition_files
from cloudprep.cli.main import main
from cloudprep.core.project_file import load_project
from cloudprep.tui.app import CloudprepApp
from cloudprep.tui.screens.definition_preview import DefinitionPreview
from cloudprep.tui.screens.export import ExportScreen
from cloudprep.tui.widgets.field import TickCheckbox

from .conftest import SIZE, make_app, settle

FIXTURE = Path(__file__).parents[1] / "data" / "connectors" / "aad-graph-tenant"


@pytest.fixture
def imported(work_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """`cloudprep init --from-connector` on a copy of an aad connector with a Graph
    resource; the project records the copy as `connector.source`."""
    shutil.copytree(FIXTURE, work_dir / "connector")
    argv = ["init", "--from-connector", "connector", "-o", "cloudprep.json"]
    assert main(argv) in (0, 1)
    capsys.readouterr()
    assert load_project(work_dir / "cloudprep.json").connector.source is not None
    return work_dir / "cloudprep.json"


async def _open_preview(app: CloudprepApp, pilot: object, cloud: str) -> DefinitionPreview:
    app.goto_step(f"cloud:{cloud}")
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("f7")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, DefinitionPreview)
    return app.screen


def _shown(screen: DefinitionPreview, part: str) -> str:
    return str(screen.query_one(part, Static).render())


async def test_the_preview_shows_the_changed_login_uri_and_the_lint(imported: Path) -> None:
    app = make_app(imported)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _open_preview(app, pilot, "gcch")
        diff = _shown(screen, "#preview-diff")
        assert '-              "value": "https://login.windows.net"\n' in diff
        assert '+              "value": "https://login.microsoftonline.us"\n' in diff
        assert "+++ gcch/apiProperties.json" in diff
        # The lint of the generated files: no client id for GCC High yet (CP805).
        findings = _shown(screen, "#preview-findings")
        assert "error CP805 apiProperties.json#/properties/connectionParameters" in findings
        assert all(line.split()[1].startswith("CP8") for line in findings.splitlines())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DefinitionPreview)


async def test_the_preview_is_in_the_command_palette(imported: Path) -> None:
    app = make_app(imported)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.goto_step("cloud:dod")
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Definition preview" in titles


async def test_the_preview_shows_file_text_inert(imported: Path, work_dir: Path) -> None:
    # Markup and a bidi override next to a changed line (the diff's context), in the source.
    properties = work_dir / "connector" / "apiProperties.json"
    text = properties.read_text(encoding="utf-8")
    hostile = '"x-note": "[b]bold[/b] [@click=app.quit]\u202eX",\n          "redirectMode"'
    properties.write_text(text.replace('"redirectMode"', hostile, 1), encoding="utf-8")
    app = make_app(imported)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _open_preview(app, pilot, "gcch")
        diff = _shown(screen, "#preview-diff")
        assert '"x-note": "[b]bold[/b] [@click=app.quit]\\u202eX",' in diff
        assert "\u202e" not in diff
        # Edited after the import: said in one line, the preview made from the file as it is.
        status = _shown(screen, "#preview-status")
        assert "changed since the import" in status and "init --from-connector" in status
        assert "CP804" in _shown(screen, "#preview-findings")
        assert app.is_running


async def test_without_a_source_the_preview_says_why_and_how(demo_file: Path) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _open_preview(app, pilot, "gcch")
        status = _shown(screen, "#preview-status")
        assert status.startswith("No preview: connector.source is not set")
        assert "init --from-connector DIR" in status and "--from DIR" in status
        assert "\n" not in status.strip()
        assert _shown(screen, "#preview-diff").strip() == ""


async def test_a_moved_source_folder_is_said_in_one_line(imported: Path, work_dir: Path) -> None:
    (work_dir / "connector").rename(work_dir / "moved")
    app = make_app(imported)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _open_preview(app, pilot, "azgov")
        status = _shown(screen, "#preview-status")
        assert "connector.source.folder" in status and "no such folder" in status
        assert "--from DIR" in status and "\n" not in status.strip()


async def _export(app: CloudprepApp, pilot: object, *, include: bool) -> str:
    app.goto_step("export")
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, ExportScreen)
    app.screen.query_one("#output", Input).value = "bundle"
    box = app.screen.query_one("#include-definitions", TickCheckbox)
    assert not box.disabled and not box.value  # off by default
    if include:
        await pilot.click("#include-definitions")  # type: ignore[attr-defined]
        assert box.value
    await pilot.press("ctrl+o")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    return str(app.screen.query_one("#export-result", Static).render())


async def test_export_with_the_connector_files(imported: Path, work_dir: Path) -> None:
    app = make_app(imported)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        result = await _export(app, pilot, include=True)
    bundle = work_dir / "bundle"
    assert result.startswith("Wrote the folder bundle"), result
    # Exactly what `bundle --with-definitions` adds, listed in the manifest.
    expected, _ = definition_files(load_project(imported), imported)
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert "clouds/gcch/apiProperties.json" in expected
    for name, data in expected.items():
        assert (bundle / name).read_bytes() == data
        assert manifest[name] == hashlib.sha256(data).hexdigest()


async def test_export_without_the_option_has_no_connector_files(
    imported: Path, work_dir: Path
) -> None:
    app = make_app(imported)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        result = await _export(app, pilot, include=False)
    assert result.startswith("Wrote the folder bundle"), result
    assert not (work_dir / "bundle" / "clouds").exists()


async def test_export_says_why_the_option_is_off_without_a_source(demo_file: Path) -> None:
    app = make_app(demo_file, step="export")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#include-definitions", TickCheckbox)
        assert box.disabled
        reason = str(app.screen.query_one("#include-definitions-reason", Static).render())
        assert "connector.source" in reason and "init --from-connector DIR" in reason


async def test_export_with_a_moved_source_says_why_and_writes_nothing(
    imported: Path, work_dir: Path
) -> None:
    (work_dir / "connector").rename(work_dir / "moved")
    app = make_app(imported)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        result = await _export(app, pilot, include=True)
    assert result.startswith("Not exported: connector.source.folder"), result
    assert "Include the connector files" in result
    assert not (work_dir / "bundle").exists()
