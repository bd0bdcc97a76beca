"""Suggested values (from core.requirements) are offered in words, accepted by one key
(or all at once for a cloud), and the words fit the connector's identity provider."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Input, Static

from cloudprep.core.requirements import requirements_for
from cloudprep.tui.screens.cloud import CloudScreen
from cloudprep.tui.widgets.field import widget_id

from .conftest import SIZE, make_app, settle


def input_at(app: App[int], path: str) -> Input:
    return app.screen.query_one("#" + widget_id(path), Input)


def suggestion_at(app: App[int], path: str) -> Static:
    return app.screen.query_one("#suggest-" + widget_id(path), Static)


async def test_one_key_accepts_the_focused_suggestion(demo_file: Path) -> None:
    app = make_app(demo_file, step="cloud:gcch")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        path = "clouds.gcch.oauth_app.login_uri"
        login = input_at(app, path)
        assert login.placeholder == "not set"  # a placeholder never looks like a value
        line = suggestion_at(app, path)
        assert line.display
        assert "Suggested: https://login.microsoftonline.us" in str(line.render())
        assert app.focused is login  # its first problem
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert login.value == "https://login.microsoftonline.us"
        assert login.is_valid and not line.display


async def test_use_all_suggestions_for_a_cloud(demo_file: Path) -> None:
    app = make_app(demo_file, step="cloud:dod")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        wanted = requirements_for(app.session.project, "dod").resource.mapped.value
        resource = input_at(app, "clouds.dod.oauth_app.resource_uri")
        assert wanted and resource.value != wanted
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert resource.value == wanted
        findings = app.session.findings()
        assert not [f for f in findings if f.path == "clouds.dod.oauth_app.resource_uri"]


async def test_a_generic_oauth_connector_is_not_told_about_entra(demo_file: Path) -> None:
    app = make_app(demo_file, step="connector")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        app.session.apply("connector.identity_provider", "oauth2generic")
        app.goto_step("cloud:gcch")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CloudScreen)
        # The step's own words: findings (the core's, about the values entered) aside.
        words = " ".join(
            str(w.render())
            for w in screen.query(Static)
            if w.display and w.id != "cloud-findings" and not w.has_class("field-error")
        )
        assert "your OAuth server's app for this cloud" in words
        assert "Azure AD Government" not in words
        assert "login.microsoftonline.us" not in words
        assert not screen.query("#suggest-" + widget_id("clouds.gcch.oauth_app.login_uri"))
