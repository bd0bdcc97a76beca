"""Numbers as people type them in the GA step, and a verdict that does not apply."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from cloudprep.tui.widgets.field import FieldRow, widget_id

from .conftest import SIZE, make_app, settle, type_text


def error_of(app: App[int], path: str) -> str:
    row = app.screen.query_one("#" + widget_id(path)).parent
    assert isinstance(row, FieldRow)
    return row.error_text


async def test_a_decimal_comma_typed_key_by_key_is_a_decimal(demo_file: Path) -> None:
    app = make_app(demo_file, step="ga")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#" + widget_id("ga.availability_pct")).focus()
        await pilot.pause()
        await type_text(pilot, "99,97")  # typing replaces the selected text
        await settle(pilot)
        assert app.session is not None
        assert app.session.project.ga.availability_pct == 99.97
        assert error_of(app, "ga.availability_pct") == ""
        assert "PASS" in str(app.screen.query_one("#verdict-R2").render())

        app.screen.query_one("#" + widget_id("ga.monthly_active_connections")).focus()
        await pilot.pause()
        await type_text(pilot, "1,500")
        await settle(pilot)
        assert "thousands separator" in error_of(app, "ga.monthly_active_connections")
        assert app.session.project.ga.monthly_active_connections is None  # not 1500, not 1.5


async def test_an_exception_that_does_not_apply_is_not_a_failure(demo_file: Path) -> None:
    app = make_app(demo_file, step="ga")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        app.session.apply("ga.customer_requires_production", False)
        app.screen.project_changed("ga.customer_requires_production")  # type: ignore[attr-defined]
        await settle(pilot)
        verdict = app.screen.query_one("#verdict-EX")
        text = str(verdict.render())
        assert text.startswith("– NOT APPLICABLE")
        assert "FAIL" not in text and "margin" not in text
        assert verdict.has_class("-not_applicable") and not verdict.has_class("-fail")
