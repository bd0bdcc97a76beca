"""The wizard as the leak guard's boundary: a stored secret pasted into a field is marked at
once and never saved (clearing it is offered); a typed secret is never dropped
silently; a crash prints no local variables and says where the project is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from cloudprep.core.leak_guard import LeakGuard
from cloudprep.core.leaks import KnownSecret
from cloudprep.core.project_file import load_project, project_to_json
from cloudprep.errors import SecretLeakRefused
from cloudprep.tui.app import CloudprepApp, crash_report
from cloudprep.tui.screens.cloud import CloudScreen
from cloudprep.tui.screens.dialogs import ClearStoredSecrets, ConfirmQuit, UnstoredSecret
from cloudprep.tui.session import ProjectSession
from tests.secrets.memory_keyring import MemoryKeyring
from tests.trust.conftest import FIELDS, set_field
from tests.tui.conftest import DEMO_ID, SIZE, fill, fixed_demo, make_app, settle
from tests.tui.test_wizard_flow import error_text, field

CANARY = "x7Hk2pQ9vL4mN8rT1wZ5aB3cD6eF0gJ"


async def test_a_stored_secret_pasted_into_a_field_is_marked_and_never_saved(
    demo_file: Path, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.items[("cloudprep", f"{DEMO_ID}/gcch/client-secret")] = CANARY
    before = demo_file.read_text(encoding="utf-8")
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.goto_step("cloud:dod")
        await settle(pilot)
        widget = await fill(pilot, "clouds.dod.oauth_app.client_id", CANARY)
        await settle(pilot)
        shown = error_text(widget)
        assert "CP425" in shown and "GCC High client secret" in shown
        assert CANARY not in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert demo_file.read_text(encoding="utf-8") == before
    assert CANARY not in json.dumps(load_project(demo_file).model_dump(mode="json"))


def test_a_crash_report_names_the_error_and_the_saved_file_never_a_value(
    demo_file: Path,
) -> None:
    session = ProjectSession.open(demo_file)
    session.project.clouds["gcc"].notes = "unsaved: " + CANARY
    try:
        raise KeyError(CANARY)
    except KeyError as exc:
        report = crash_report(exc, session)
    assert "KeyError" in report
    assert f"last saved to {demo_file}" in report
    assert "were not saved" in report
    assert CANARY not in report


async def test_a_multi_line_paste_into_a_secret_is_refused_whole(
    demo_file: Path, memory_keyring: MemoryKeyring
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.goto_step("cloud:gcch")
        await settle(pilot)
        widget = await fill(pilot, "clouds.gcch.secrets.client-secret", "Kq7~9fX3zP1w\nLm8Rt.vB2n")
        assert widget.value == ""
        assert "more than one line" in error_text(widget)
        await pilot.press("enter")
        await settle(pilot)
        assert memory_keyring.items == {}
        # One line is pasted once, whole, and stored as it was.
        await fill(pilot, "clouds.gcch.secrets.client-secret", "Kq7~9fX3zP1wLm8Rt.vB2n")
        await pilot.press("enter")
        await settle(pilot)
    assert list(memory_keyring.items.values()) == ["Kq7~9fX3zP1wLm8Rt.vB2n"]


async def test_controls_in_a_field_are_flagged_and_shown_as_escapes(work_dir: Path) -> None:
    from cloudprep.core.project_file import save_project
    from tests.tui.conftest import fixed_demo

    project = fixed_demo()
    project.connector.display_name = "Contoso\x1b]52;c;ZXZpbA==\x07 Tasks\u202e"
    path = work_dir / "cloudprep.json"
    save_project(project, path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.goto_step("connector")
        await settle(pilot)
        widget = await fill(pilot, "connector.display_name", "Contoso\x1b[8m Tasks")
        await settle(pilot)
        shown = error_text(widget)
        assert "CP104" in shown
        assert "\x1b" not in shown
        app.notify("[@click=app.quit]bye[/] \x1b[8mhidden")
        await pilot.pause()
        last = [str(n.message) for n in app._notifications][-1]
        assert "\x1b" not in last and "\\[@click" in last


async def test_a_field_being_edited_draws_controls_and_bidi_as_visible_symbols(
    demo_file: Path,
) -> None:
    # The input itself (not only its error label) reaches the terminal: a DEL, a C1 CSI
    # (U+009B, a control sequence for some terminals) or a bidi override (U+202E, reorders
    # the line) typed or pasted there must not act on the terminal.
    from cloudprep.core.inert_text import has_unsafe_characters

    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = "A\x7fB\u202eC\x9b31mD\x1bE"
        widget = await fill(pilot, "connector.display_name", text)
        await settle(pilot)
        assert widget.value == text  # the value is kept as typed (CP104 flags it)
        drawn = "".join(segment.text for segment in widget.render_line(0))
        assert not has_unsafe_characters(drawn)
        # One cell per character: the cursor (at the end) is drawn where Input puts it.
        assert drawn.rstrip().startswith("A\u2421B\ufffdC\ufffd31mD\u241bE")
        assert widget._cursor_offset == len(text) + 1


def dialog_text(app: CloudprepApp) -> str:
    """Every line the dialog on top shows."""
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def test_a_refused_save_offers_to_clear_the_field_and_saves_once_cleared(
    demo_file: Path, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.items[("cloudprep", f"{DEMO_ID}/gcch/client-secret")] = CANARY
    before = demo_file.read_text(encoding="utf-8")
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.goto_step("cloud:dod")
        await settle(pilot)
        await fill(pilot, "clouds.dod.oauth_app.client_id", CANARY)
        await fill(pilot, "clouds.dod.oauth_app.redirect_urls[0]", CANARY)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClearStoredSecrets)
        shown = dialog_text(app)
        assert "GCC High client secret is in clouds.dod.oauth_app.client_id" in shown
        assert "clouds.dod.oauth_app.redirect_urls[0]" in shown
        assert CANARY not in shown and CANARY not in app.export_screenshot()
        await pilot.press("n")  # keep: the refusal stands
        await settle(pilot)
        assert demo_file.read_text(encoding="utf-8") == before
        assert app.session is not None and app.session.dirty

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClearStoredSecrets)
        await pilot.press("y")  # clear and save
        await settle(pilot)
        assert isinstance(app.screen, CloudScreen)
        assert not app.session.dirty
        assert field(app, "clouds.dod.oauth_app.client_id").value == ""
        assert CANARY not in app.export_screenshot()
    saved = load_project(demo_file)
    assert CANARY not in demo_file.read_text(encoding="utf-8")
    assert saved.clouds["dod"].oauth_app.client_id is None
    # The redirect item is removed, not left as an empty entry.
    assert CANARY not in saved.clouds["dod"].oauth_app.redirect_urls
    assert "" not in saved.clouds["dod"].oauth_app.redirect_urls


async def test_save_and_quit_with_a_stored_secret_in_a_field_offers_to_clear_it(
    demo_file: Path, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.items[("cloudprep", f"{DEMO_ID}/gcch/client-secret")] = CANARY
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.goto_step("cloud:gcc")
        await settle(pilot)
        await fill(pilot, "clouds.gcc.notes", f"secret: {CANARY}")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("s")  # save and quit: refused, clearing offered
        await settle(pilot)
        assert isinstance(app.screen, ClearStoredSecrets)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_value == 0
    assert CANARY not in demo_file.read_text(encoding="utf-8")
    assert not load_project(demo_file).clouds["gcc"].notes


async def test_leaving_a_step_with_a_typed_unstored_secret_asks_first(
    demo_file: Path, memory_keyring: MemoryKeyring
) -> None:
    before = demo_file.read_text(encoding="utf-8")
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.goto_step("cloud:gcch")
        await settle(pilot)
        secret = await fill(pilot, "clouds.gcch.secrets.client-secret", CANARY)
        await pilot.press("tab")  # leaving the field says it is not stored yet
        await pilot.pause()
        assert "not stored yet" in error_text(secret)

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, UnstoredSecret)
        assert "client secret" in dialog_text(app)
        assert CANARY not in dialog_text(app) and CANARY not in app.export_screenshot()
        await pilot.press("escape")  # stay: the typed value is kept, in its field
        await settle(pilot)
        assert app.step_key == "cloud:gcch" and app.focused is secret
        assert secret.value == CANARY

        app.jump_to("connector.display_name")  # the navigator's and Review's jumps ask too
        await settle(pilot)
        assert isinstance(app.screen, UnstoredSecret)
        await pilot.press("s")  # store it, then go
        await settle(pilot)
        assert app.step_key == "connector"
    assert list(memory_keyring.items.values()) == [CANARY]
    assert demo_file.read_text(encoding="utf-8") == before


async def test_a_discarded_typed_secret_is_stored_nowhere(
    demo_file: Path, memory_keyring: MemoryKeyring
) -> None:
    app = make_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.goto_step("cloud:gcch")
        await settle(pilot)
        await fill(pilot, "clouds.gcch.secrets.client-secret", CANARY)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, UnstoredSecret)
        await pilot.press("d")
        await settle(pilot)
        assert app.step_key == "cloud:gcc"
        assert CANARY not in app.export_screenshot()
        app.goto_step("cloud:gcch")
        await settle(pilot)
        await fill(pilot, "clouds.gcch.secrets.client-secret", CANARY)
        await pilot.press("ctrl+q")  # quitting asks too
        await pilot.pause()
        assert isinstance(app.screen, UnstoredSecret)
        await pilot.press("d")
        await settle(pilot)
    assert app.return_value == 0
    assert memory_keyring.items == {}
    assert CANARY not in demo_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(FIELDS))
def test_clearing_removes_a_stored_secret_from_every_kind_of_field(
    kind: str, work_dir: Path
) -> None:
    document: dict[str, Any] = json.loads(project_to_json(fixed_demo()))
    set_field(document, FIELDS[kind], CANARY)
    path = work_dir / "cloudprep.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    session = ProjectSession.open(path)
    session.leak_guard = LeakGuard([KnownSecret("gcch", "client-secret", CANARY)])
    paths = [f.path for f in session.stored_secret_findings()]
    assert paths
    with pytest.raises(SecretLeakRefused):
        session.save()
    assert session.clear_fields(paths) == []
    assert session.stored_secret_findings() == []
    session.save()
    assert CANARY not in session.path.read_text(encoding="utf-8")


async def test_review_redacts_a_stored_secret_that_a_finding_would_echo(
    work_dir: Path, memory_keyring: MemoryKeyring
) -> None:
    # The file already holds a stored secret in a field whose rule quotes the value (a
    # client id that is not a GUID): Review, like `check`, marks the field (CP425) and
    # never shows the value, in the list or in a finding's detail.
    memory_keyring.items[("cloudprep", f"{DEMO_ID}/gcch/client-secret")] = CANARY
    document: dict[str, Any] = json.loads(project_to_json(fixed_demo()))
    document["clouds"]["dod"]["oauth_app"]["client_id"] = CANARY
    path = work_dir / "cloudprep.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    app = make_app(path, step="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from textual.widgets import OptionList

        options = app.screen.query_one("#finding-list", OptionList)
        listed = "\n".join(
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        )
        assert "CP425" in listed
        assert CANARY not in listed
        for index in range(options.option_count):
            options.highlighted = index
            await pilot.pause()
            detail = str(app.screen.query_one("#finding-detail", Static).render())
            assert CANARY not in detail
