"""At 80x24, with the demo, no label, title or footer entry is cut: on every step, text
either fits its widget or wraps at spaces, and the footer's keys fit beside the palette
key."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, Static
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderTitle

from .conftest import SIZE, make_app, settle


def _text(widget: Static) -> str:
    return str(widget.render())


def cut_text(screen: Screen[object]) -> list[str]:
    """Every place where text on `screen` does not fit, as `widget: text`."""
    problems: list[str] = []
    for widget in screen.query(Static):
        if not widget.display or isinstance(widget, FooterKey | HeaderTitle):
            continue
        # Long prose wraps; labels, headings and one-line strips are what can be cut.
        heading = isinstance(widget, Label) or "section-title" in widget.classes
        if not heading and widget.styles.text_wrap != "nowrap":
            continue
        width = widget.content_region.width
        text = _text(widget)
        if width <= 0 or not text.strip():
            continue
        lines = text.split("\n")
        if widget.styles.text_wrap == "nowrap":
            too_wide = [line for line in lines if cell_len(line) > width]
        else:
            too_wide = [w for line in lines for w in line.split() if cell_len(w) > width]
        parent = widget.parent
        clipped = (
            isinstance(parent, Widget)
            and parent.content_region.width > 0
            and widget.region.right > parent.content_region.right
        )
        if too_wide or clipped:
            problems.append(f"{widget!r}: {text[:60]}")
    footer_keys = list(screen.query(FooterKey))
    palette = [k for k in footer_keys if k.has_class("-command-palette")]
    limit = palette[0].region.x if palette else screen.size.width
    for key in footer_keys:
        if key not in palette and key.region.right > limit:
            problems.append(f"footer: {key.description}")
    for title in screen.query(HeaderTitle):
        text = _text(title)
        if cell_len(text) > title.content_region.width:
            problems.append(f"title: {text}")
    return problems


async def test_nothing_is_cut_on_any_step_at_80x24(demo_file: Path) -> None:
    app = make_app(demo_file, step="connector")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        found: dict[str, list[str]] = {}
        for step in app.steps():
            app.goto_step(step.key)
            await settle(pilot)
            screen = app.screen
            assert screen.query(FooterKey), step.key  # the footer is there to check
            visible = "\n".join(strip.text for strip in screen._compositor.render_strips())
            problems = cut_text(screen)
            if "…" in visible:
                problems.append("an ellipsis on screen")
            if problems:
                found[step.key] = problems
        assert found == {}
