"""The wizard, driven like a user at 80x24: keys by name, assertions on the screen, the
inputs and the saved file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pydantic import SecretStr
from textual import events
from textual.widgets import Input, OptionList, Select, SelectionList

from cloudprep.core.model_kinds import AuthKind
from cloudprep.core.project_file import load_project
from cloudprep.tui.app import CloudprepApp
from cloudprep.tui.screens.cloud import CloudScreen
from cloudprep.tui.screens.dialogs import (
    ConfirmNoKeyring,
    ConfirmQuit,
    CopyWarning,
    ImportDialog,
    PathDialog,
)
from cloudprep.tui.screens.export import ExportScreen
from cloudprep.tui.screens.review import ReviewScreen
from cloudprep.tui.screens.start import StartScreen
from cloudprep.tui.screens.wizard import CloudsScreen, ConnectorScreen, GaScreen
from cloudprep.tui.session import ProjectSession
from cloudprep.tui.widgets.banner import KeyringBanner
from cloudprep.tui.widgets.field import FieldRow, widget_id
from tests.secrets.memory_keyring import MemoryKeyring

from .conftest import SIZE, choose, fill, make_app, paste, settle, type_text

SECRET = "Zq8~cK3nT-7vPq2Xw-Lm4Ry71"
TEST_USER = "tester@contoso.onmicrosoft.us"
TEST_PASSWORD = "pw-Kx93-never-shown"


def field(app: CloudprepApp, path: str) -> Input:
    return app.screen.query_one("#" + widget_id(path), Input)


def error_text(widget: Input) -> str:
    row = widget.parent
    assert isinstance(row, FieldRow)
    return row.error_text


@pytest.mark.long
async def test_new_project_to_exported_bundle(
    work_dir: Path, memory_keyring: MemoryKeyring
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        await pilot.press("enter")  # the default: ./cloudprep.json
        await settle(pilot)
        assert isinstance(app.screen, ConnectorScreen)
        project_file = work_dir / "cloudprep.json"
        assert project_file.is_file()

        await fill(pilot, "connector.name", "contosotasks")
        await fill(pilot, "connector.display_name", "Contoso Tasks")
        await fill(pilot, "connector.publisher", "Contoso Ltd")
        await choose(pilot, "connector.auth", "OAuth 2.0")
        await fill(pilot, "connector.identity_provider", "aad")
        await fill(pilot, "connector.endpoint.url", "https://api.contosotasks.com/v1")

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, GaScreen)
        # Leaving the step saved the file.
        saved = load_project(project_file)
        assert saved.connector.name == "contosotasks"
        assert saved.connector.auth.value == "oauth2"
        await fill(pilot, "ga.availability_pct", "99.97")

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CloudsScreen)
        clouds = app.screen.query_one(SelectionList)
        clouds.focus()
        # Keep GCC High only: untick GCC, skip GCC High, untick DoD, Azure Gov, Mooncake.
        for key in ("space", "down", "down", "space", "down", "space", "down", "space"):
            await pilot.press(key)
        await pilot.pause()
        assert list(clouds.selected) == ["gcch"]

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CloudScreen)
        assert app.screen.cloud_id == "gcch"
        await choose(pilot, "clouds.gcch.endpoint.mode", "Same as commercial")
        await fill(pilot, "clouds.gcch.oauth_app.client_id", "9e2f4b1c-7a3d-4c8e-b5f0-6d1a2c3e4f82")
        await fill(pilot, "clouds.gcch.oauth_app.login_uri", "https://login.microsoftonline.us")
        await fill(pilot, "clouds.gcch.oauth_app.resource_uri", "https://graph.microsoft.us")
        await pilot.press("ctrl+f")  # the exact required redirect, one key
        await pilot.pause()
        redirect = field(app, "clouds.gcch.oauth_app.redirect_urls[0]")
        assert redirect.value == "https://global.consent.azure-apihub.us/redirect/contosotasks"
        assert redirect.is_valid
        for kind, value in (
            ("client-secret", SECRET),
            ("test-username", TEST_USER),
            ("test-password", TEST_PASSWORD),
        ):
            secret = await fill(pilot, f"clouds.gcch.secrets.{kind}", value)
            assert secret.password
            await pilot.press("enter")
            await settle(pilot)
            assert secret.value == ""  # nothing stays on screen
            status = app.screen.query_one(f"#status-{kind}")
            assert "stored" in str(status.render())
        await fill(pilot, "clouds.gcch.secret_expires", "2027-09-30")

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        summary = str(app.screen.query_one("#review-summary").render())
        assert "0 error(s)" in summary

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+o")
        await settle(pilot)
        bundle = work_dir / "cloudprep-submission.zip"
        assert bundle.is_file(), str(app.screen.query_one("#export-result").render())
        result = str(app.screen.query_one("#export-result").render())
        assert "Wrote the zip bundle" in result
        assert app.screen.query_one("#preview").display
        screen_svg = app.export_screenshot()

    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        contents = b"".join(archive.read(n) for n in names)
        submission = json.loads(archive.read("submission.json"))
    assert names == {"submission.json", "SUBMISSION.md", "manifest.json"}
    for value in (SECRET, TEST_USER, TEST_PASSWORD):
        assert value.encode() not in contents
        assert value not in screen_svg
        assert value not in project_file.read_text("utf-8")
    assert "gcch" in json.dumps(submission["project"]["clouds"])
    # The secrets went to the keyring, keyed by the project id.
    project_id = str(load_project(project_file).project_id)
    assert memory_keyring.items[("cloudprep", f"{project_id}/gcch/client-secret")] == SECRET


async def test_resume_a_saved_project(demo_file: Path) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConnectorScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await fill(pilot, "ga.slo_pct", "99.7")
        await pilot.press("ctrl+n")  # leaving the step saves
        await settle(pilot)
        assert isinstance(app.screen, CloudsScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert load_project(demo_file).ga.slo_pct == 99.7

    again = make_app(demo_file)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, CloudsScreen)  # where the last run left off
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert field(again, "ga.slo_pct").value == "99.7"


async def test_a_project_opens_on_its_step_with_the_start_screen_made_only_if_shown(
    demo_file: Path,
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start, step = app.screen_stack
        assert isinstance(start, StartScreen) and isinstance(step, ConnectorScreen)
        # Under the step, nothing of the start screen was made.
        assert not start.query(OptionList)
        app.pop_screen()
        await settle(pilot)
        assert app.screen is start
        assert app.screen.query_one(OptionList).has_focus
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)


async def test_quitting_with_unsaved_changes_asks(demo_file: Path) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, "connector.display_name", "Contoso Tasks Pro")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, ConnectorScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save and quit
        await pilot.pause()
    assert app.return_value == 0
    assert load_project(demo_file).connector.display_name == "Contoso Tasks Pro"


async def test_look_alike_redirect_host_is_flagged_live(demo_file: Path) -> None:
    app = make_app(demo_file, step="cloud:gcch")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        path = "clouds.gcch.oauth_app.redirect_urls[0]"
        redirect = await fill(
            pilot, path, "https://global.consent.azure-apihub.us.evil.com/redirect/contosotasks"
        )
        assert not redirect.is_valid
        message = error_text(redirect)
        assert "CP2" in message
        assert "evil.com" in message
        # Fixed by one key: the exact redirect goes into the next free slot, valid.
        await pilot.press("ctrl+u")
        await paste(pilot, "https://global.consent.azure-apihub.us/redirect/contosotasks")
        assert redirect.is_valid
        assert error_text(redirect) == ""


async def test_bad_input_is_shown_in_place_and_never_crashes(demo_file: Path) -> None:
    app = make_app(demo_file, step="ga")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        availability = await fill(pilot, "ga.availability_pct", "101")
        assert not availability.is_valid
        assert "between 0 and 100" in error_text(availability)
        start = await fill(pilot, "ga.preview_start", "2026-13-45")
        assert "YYYY-MM-DD" in error_text(start)
        late = await fill(pilot, "ga.preview_start", "2027-01-01")
        assert "after as_of" in error_text(late)
        weeks = await fill(pilot, "ga.weekly_active_users[0]", "-5")
        assert not weeks.is_valid
        # What is shown is stored, or the field is unknown: never a stale value.
        ga = app.session.project.ga  # type: ignore[union-attr]
        assert ga.availability_pct is None
        assert ga.preview_start is None
        assert ga.weekly_active_users == (None, 587, 498)
        assert "not saved" in error_text(availability)


async def test_live_verdicts_follow_the_inputs(demo_file: Path) -> None:
    app = make_app(demo_file, step="ga")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        verdict = app.screen.query_one("#verdict-R2")
        assert "PASS" in str(verdict.render())
        await fill(pilot, "ga.availability_pct", "99.9")
        assert "FAIL" in str(verdict.render())
        assert "margin -0.05" in str(verdict.render())
        await fill(pilot, "ga.availability_pct", "")
        assert "UNKNOWN" in str(verdict.render())


async def test_review_jumps_to_the_field(demo_file: Path) -> None:
    app = make_app(demo_file, step="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        target = next(
            i for i, f in enumerate(screen._findings) if f.path == "clouds.gcch.oauth_app.login_uri"
        )
        options = screen.query_one("#finding-list", OptionList)
        options.focus()
        options.highlighted = options.get_option_index(f"finding-{target}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CloudScreen)
        assert app.screen.cloud_id == "gcch"
        assert app.screen.focused is field(app, "clouds.gcch.oauth_app.login_uri")


async def test_clipboard_copy_only_on_request(demo_file: Path) -> None:
    app = make_app(demo_file, step="cloud:gcc")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, "clouds.gcc.secrets.client-secret", SECRET)
        await pilot.press("enter")
        await settle(pilot)
        assert app.clipboard == ""
        field(app, "clouds.gcc.secrets.client-secret").focus()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, CopyWarning)
        warning = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "tmux" in warning and "SSH" in warning
        await pilot.press("n")  # declined: nothing copied
        await settle(pilot)
        assert app.clipboard == ""
        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == SECRET
        assert SECRET not in app.export_screenshot()


async def test_a_secret_never_reaches_a_worker_description(demo_file: Path) -> None:
    app = make_app(demo_file, step="cloud:gcc")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CloudScreen)
        worker = screen.store_secret("client-secret", SecretStr(SECRET))
        assert SECRET not in worker.description
        assert SECRET not in repr(worker)
        await settle(pilot)


async def test_keyring_unavailable_banner(demo_file: Path, failing_keyring: None) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        banner = app.screen.query_one(KeyringBanner)
        assert banner.has_class("-shown")
        text = str(banner.render())
        assert "Keyring unavailable" in text and "Fix:" in text
        app.goto_step("cloud:gcch")
        await settle(pilot)
        secret = field(app, "clouds.gcch.secrets.client-secret")
        assert secret.disabled
        assert "keyring is unavailable" in error_text(secret)
        await pilot.press("f1")
        await pilot.pause()
        assert "Linux" in "".join(str(s.render()) for s in app.screen.query("Static"))
        await pilot.press("escape")
        # Everything else works, export included once asked (it fails closed, as `bundle`
        # does without --no-keyring); missing secrets are findings.
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmNoKeyring)
        assert not (demo_file.parent / "cloudprep-submission.zip").exists()
        await pilot.press("y")
        await settle(pilot)
        assert (demo_file.parent / "cloudprep-submission.zip").is_file()
        app.goto_step("review")
        await settle(pilot)
        assert any(f.rule == "CP421" for f in app.screen._findings)  # type: ignore[attr-defined]


async def test_every_binding_is_a_palette_command(demo_file: Path) -> None:
    app = make_app(demo_file, step="cloud:gcch")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for title in (
            "Next",
            "Back",
            "Go to",
            "Save",
            "Export",
            "Validate",
            "Dark/light",
            "Use suggestions",
            "Copy secret",
        ):
            assert title in titles
        assert "Go to: Review" in titles and "Go to: GCC High" in titles
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not dark


async def test_open_a_broken_project_shows_the_error(work_dir: Path) -> None:
    broken = work_dir / "cloudprep.json"
    broken.write_text('{"schema_version": 1, "connector": {"auth": "smoke"}', "utf-8")
    app = make_app(broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert "not valid JSON" in str(app.screen.query_one("#start-error").render())


async def test_import_a_connector_folder(work_dir: Path, corpus_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await paste(pilot, str(corpus_dir / "Team Forms"))
        await pilot.press("enter")  # to "Save the project as"
        await pilot.press("enter")  # keep ./cloudprep.json, import
        await settle(pilot)
        assert isinstance(app.screen, ConnectorScreen)
        assert field(app, "connector.name").value == "teamforms"
        assert field(app, "connector.display_name").value == "Team Forms"
        assert app.screen.query_one("#" + widget_id("connector.auth"), Select).value == "oauth2"
    saved = load_project(work_dir / "cloudprep.json")
    assert saved.connector.name == "teamforms"
    assert set(saved.clouds) == {"gcc", "gcch", "dod", "azgov", "mooncake"}


async def test_import_a_folder_that_is_not_a_connector(work_dir: Path) -> None:
    (work_dir / "empty").mkdir()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, "empty")
        await pilot.press("enter", "enter")
        await settle(pilot)
        # The reason is said in the dialog, which stays open to fix the folder.
        assert isinstance(app.screen, ImportDialog)
        assert str(app.screen.query_one(".field-error").render()).strip() != ""
    assert not (work_dir / "cloudprep.json").exists()


async def test_tampered_bundle_is_revalidated_with_its_errors(demo_file: Path) -> None:
    bundle = demo_file.parent / "bundle"
    app = make_app(demo_file, step="export")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        output = app.screen.query_one("#output", Input)
        output.focus()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "bundle")
        await pilot.press("enter")
        await settle(pilot)
        assert (bundle / "SUBMISSION.md").is_file()

    # Someone edits the request after export.
    md = bundle / "SUBMISSION.md"
    md.write_text(md.read_text("utf-8").replace("GCC High", "GCC Low"), "utf-8")

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")  # from the start screen
        await pilot.pause()
        await type_text(pilot, "bundle")
        await pilot.press("enter")
        await settle(pilot)
        result = str(app.screen.query_one("#validate-result").render())
        assert "NOT intact" in result
        rules = {r.finding.rule for r in app.screen._results}  # type: ignore[attr-defined]
        assert any(rule.startswith("CP6") for rule in rules)
        options = app.screen.query_one("#bundle-findings")
        assert options.display


async def test_revalidate_is_in_the_command_palette(work_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        commands = {c.title for c in app.get_system_commands(app.screen)}
        assert "Validate" in commands
        await pilot.press("ctrl+r")
        await pilot.pause()
        from cloudprep.tui.screens.revalidate import RevalidateScreen

        assert isinstance(app.screen, RevalidateScreen)
        await type_text(pilot, "nowhere.zip")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RevalidateScreen)  # a bad path is said in place
        row_error = app.screen.query_one(".field-error")
        assert "no such" in str(row_error.render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_extreme_dates_are_refused_in_place(demo_file: Path) -> None:
    app = make_app(demo_file, step="ga")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        as_of = await fill(pilot, "ga.as_of", "9999-12-31")
        assert app.is_running
        app.goto_step("cloud:gcc")
        await settle(pilot)
        expires = await fill(pilot, "clouds.gcc.secret_expires", "9999-12-31")
        app.goto_step("review")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, ReviewScreen)
        del as_of, expires


async def test_an_unusable_path_is_said_in_place(work_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        await paste(pilot, "bad\x00name")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        assert "bad" in str(app.screen.query_one(".field-error").render())


async def test_go_to_a_step_by_picker(demo_file: Path) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("end", "enter")  # the last step: Export
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)


async def test_api_key_test_account_asks_for_test_credentials(demo_file: Path) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "connector.auth", "API key")
        app.goto_step("cloud:gcc")
        await settle(pilot)
        assert app.screen.query("#" + widget_id("clouds.gcc.secrets.api-key"))
        assert not app.screen.query("#" + widget_id("clouds.gcc.secrets.test-password"))
        app.screen.query_one("#" + widget_id("clouds.gcc.needs_test_account")).focus()
        await pilot.press("space")
        await settle(pilot)
        assert app.screen.query("#" + widget_id("clouds.gcc.secrets.test-password"))
        assert app.session is not None
        assert app.session.project.clouds["gcc"].needs_test_account


async def test_typing_fast_into_the_free_redirect_slot_adds_one_new_slot(
    demo_file: Path,
) -> None:
    # A terminal delivers keys faster than a new row composes: every key typed into the
    # last (free) slot before the next one exists must not add a slot of its own.
    app = make_app(demo_file, step="cloud:gcc")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        free = field(app, "clouds.gcc.oauth_app.redirect_urls[1]")
        assert free.value == ""
        free.focus()
        await pilot.pause()
        for char in "https://x.example":  # key events queued at once, as from a terminal
            app.post_message(events.Key(char, char))
        await settle(pilot)
        assert free.value == "https://x.example"
        rows = app.screen.query_one("#redirects").children
        labels = [str(row.query_one(".field-label").render()) for row in rows]
        assert labels == ["Redirect 1", "Redirect 2", "Redirect 3"]


async def test_a_select_puts_into_the_project_only_what_the_user_chose(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied: list[tuple[str, object]] = []
    apply = ProjectSession.apply

    def recorded(session: ProjectSession, path: str, value: object) -> None:
        applied.append((path, value))
        apply(session, path, value)

    monkeypatch.setattr(ProjectSession, "apply", recorded)
    app = make_app(demo_file, step="connector")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        # A Select reports the value it shows once mounted: the project's own, not a change.
        assert applied == []
        assert not session.dirty
        auth = [session.project.connector.auth]
        await choose(pilot, "connector.auth", "API key")
        assert applied == [("connector.auth", "api_key")]
        auth.append(session.project.connector.auth)
        await choose(pilot, "connector.auth", "OAuth 2.0")
        assert applied[-1] == ("connector.auth", "oauth2")
        auth.append(session.project.connector.auth)
        assert auth == [AuthKind.OAUTH2, AuthKind.API_KEY, AuthKind.OAUTH2]
        assert not session.dirty
