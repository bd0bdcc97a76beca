"""The wizard shows what the keyring holds now: a secret stored outside the wizard (as by
`cloudprep secret set` in another terminal) shows on the step, in Review and in Export."""

from __future__ import annotations

from pathlib import Path

from textual import events

from cloudprep.core.findings import Finding
from cloudprep.tui.screens.export import ExportScreen
from cloudprep.tui.screens.review import ReviewScreen
from tests.secrets.memory_keyring import MemoryKeyring

from .conftest import DEMO_ID, SIZE, make_app, settle


def store_outside(keyring: MemoryKeyring, cloud: str, kind: str) -> None:
    """What `cloudprep secret set` does in another process: the wizard is not told."""
    keyring.set_password("cloudprep", f"{DEMO_ID}/{cloud}/{kind}", f"Qw7#{len(kind)}-xZ9v!pL2")


def missing_secrets(findings: list[Finding], cloud: str) -> set[str]:
    return {f.path.rsplit(".", 1)[1] for f in findings if f.rule == "CP420" and f.cloud == cloud}


async def test_a_secret_stored_outside_shows_on_the_step_in_review_and_export(
    demo_file: Path, memory_keyring: MemoryKeyring
) -> None:
    app = make_app(demo_file, step="cloud:gcch")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#status-client-secret")
        assert "missing" in str(status.render())

        store_outside(memory_keyring, "gcch", "client-secret")
        app.post_message(events.AppFocus())  # the user comes back to the terminal
        await settle(pilot)
        assert "stored" in str(status.render())

        app.goto_step("review")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert "client-secret" not in missing_secrets(review._findings, "gcch")
        assert "test-username" in missing_secrets(review._findings, "gcch")

        # Stored while Review is open: the refresh key shows it.
        store_outside(memory_keyring, "gcch", "test-username")
        await pilot.press("f5")
        await settle(pilot)
        assert "test-username" not in missing_secrets(review._findings, "gcch")
        review_line = str(review.query_one("#review-summary").render())

        app.goto_step("export")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        export_line = str(app.screen.query_one("#export-summary").render())
        assert export_line == "Now: " + review_line
        await pilot.press("ctrl+o")
        await settle(pilot)
        result = str(app.screen.query_one("#export-result").render())
        errors = review_line.split(" error(s)")[0]
        assert f"Findings: {errors} error(s)" in result
