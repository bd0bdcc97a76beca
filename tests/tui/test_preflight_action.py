"""The wizard's preflight action (F6 on a cloud step and on Review), with the network layer
faked: the hosts are listed before anything connects, progress goes to the log, the result
is saved for export, and Escape cancels a run in progress without saving."""

from __future__ import annotations

import json
import threading
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Log, Static

from cloudprep.core.project_file import save_project
from cloudprep.core.secret_needs import SecretKind
from cloudprep.preflight.answers import HttpAnswer
from cloudprep.preflight.state import load_result, state_path
from cloudprep.secrets.keys import SecretKey
from cloudprep.tui.app import CloudprepApp
from cloudprep.tui.screens import preflight as preflight_screen
from cloudprep.tui.screens.cloud import CloudScreen
from cloudprep.tui.screens.preflight import PreflightDialog
from cloudprep.tui.screens.review import ReviewScreen
from tests.preflight.fake_network import FakeNetwork
from tests.secrets.memory_keyring import MemoryKeyring
from tests.tui.conftest import DEMO_ID, SIZE, fixed_demo, make_app, settle

TENANT = "3f2a1b0c-4d5e-4f60-8a7b-9c8d7e6f5a4b"
SECRET = "Zq4Q~w7Hk2Rt9Vn3Bx6Mp1Jc8Lf5Gd0Sy4Aq"
LOGIN = "https://login.microsoftonline.us"


@pytest.fixture
def gcch_demo(work_dir: Path, memory_keyring: MemoryKeyring) -> Path:
    project = fixed_demo()
    project.clouds["gcch"].oauth_app.tenant_id = TENANT
    path = work_dir / "cloudprep.json"
    save_project(project, path)
    key = SecretKey(DEMO_ID, "gcch", SecretKind.CLIENT_SECRET)
    memory_keyring.items[(key.service, key.username)] = SECRET
    return path


def working_gcch() -> FakeNetwork:
    until = datetime(2027, 3, 2, tzinfo=UTC)
    return FakeNetwork(
        answers={
            f"{LOGIN}/{TENANT}/v2.0/.well-known/openid-configuration": HttpAnswer(
                status=200,
                body={"cloud_instance_name": "microsoftonline.us", "tenant_region_scope": "USGov"},
            ),
            f"{LOGIN}/{TENANT}/oauth2/v2.0/token": HttpAnswer(status=200, token_issued=True),
            "https://api.gov.contosotasks.com/v1": HttpAnswer(status=200, cert_not_after=until),
        }
    )


def log_text(dialog: PreflightDialog) -> str:
    return "\n".join(str(line) for line in dialog.query_one("#preflight-log", Log).lines)


async def open_preflight(app: CloudprepApp, pilot: Pilot[int], step: str) -> PreflightDialog:
    """F6 on `step`: the dialog that lists the hosts (nothing runs before Enter)."""
    await settle(pilot)
    app.goto_step(step)
    await settle(pilot)
    await pilot.press("f6")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, PreflightDialog)
    return dialog


async def test_f5_on_a_cloud_step_lists_the_hosts_then_runs_and_saves(
    gcch_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    network = working_gcch()
    monkeypatch.setattr(preflight_screen, "open_network", lambda: network)
    app = make_app(gcch_demo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_preflight(app, pilot, "cloud:gcch")
        hosts = str(dialog.query_one("#preflight-hosts", Static).render())
        assert "login.microsoftonline.us" in hosts and "api.gov.contosotasks.com" in hosts
        assert network.requested == []  # nothing connects before Enter
        await pilot.press("enter")
        await settle(pilot)
        text = log_text(dialog)
        assert "gcch: checking tenant at login.microsoftonline.us" in text
        assert "gcch: app passed: app and secret valid in Azure AD Government" in text
        assert "certificate valid until 2027-03-02" in text
        assert text.endswith("done; saved for bundle export")
        assert SECRET not in app.export_screenshot()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CloudScreen)
        # The wizard's export embeds the saved result, as `cloudprep bundle` does.
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
    saved = load_result(DEMO_ID)
    assert saved is not None and list(saved.clouds) == ["gcch"]
    assert network.closed
    with zipfile.ZipFile(gcch_demo.parent / "cloudprep-submission.zip") as bundle:
        document = json.loads(bundle.read("submission.json"))
        submission = bundle.read("SUBMISSION.md").decode("utf-8")
    assert list(document["preflight"]["clouds"]) == ["gcch"]
    assert "from the publisher's network: app and secret valid in the Azure AD Government" in (
        submission
    )


async def test_escape_cancels_a_run_in_progress_and_nothing_is_saved(
    gcch_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    network = working_gcch()
    network.gate = threading.Event()
    monkeypatch.setattr(preflight_screen, "open_network", lambda: network)
    app = make_app(gcch_demo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_preflight(app, pilot, "review")
        assert "Online preflight: GCC, GCC High, DoD, Azure Government, Mooncake" in str(
            dialog.query_one(".dialog-title").render()
        )
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # cancel while the first request is in flight
        network.gate.set()
        await settle(pilot)
        assert "cancelled: nothing saved" in log_text(dialog)
        assert app.screen is dialog
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    assert len(network.requested) == 1
    assert not state_path(DEMO_ID).exists()


async def test_a_result_that_cannot_be_saved_is_shown_and_the_wizard_stays_open(
    gcch_demo: Path, work_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = work_dir / "state-is-a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    network = working_gcch()
    monkeypatch.setattr(preflight_screen, "open_network", lambda: network)
    app = make_app(gcch_demo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_preflight(app, pilot, "cloud:gcch")
        await pilot.press("enter")
        await settle(pilot)
        text = log_text(dialog)
        assert "gcch: app passed: app and secret valid in Azure AD Government" in text
        assert text.endswith("the preflight result cannot be saved: Not a directory")
        assert "saved for bundle export" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CloudScreen)


async def test_another_stored_secret_pasted_as_the_client_id_is_redacted_from_log_and_result(
    work_dir: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    gcc_secret = "Pw3Q~hN8xLr2Tk6Zb9Yc4Vd1Mf7Gs5Ja0EuRq"
    project = fixed_demo()
    project.clouds["gcch"].oauth_app.tenant_id = TENANT
    project.clouds["gcch"].oauth_app.client_id = gcc_secret
    path = work_dir / "cloudprep.json"
    save_project(project, path)
    for key, value in (
        (SecretKey(DEMO_ID, "gcch", SecretKind.CLIENT_SECRET), SECRET),
        (SecretKey(DEMO_ID, "gcc", SecretKind.CLIENT_SECRET), gcc_secret),
    ):
        memory_keyring.items[(key.service, key.username)] = value
    network = working_gcch()
    network.answers[f"{LOGIN}/{TENANT}/oauth2/v2.0/token"] = HttpAnswer(
        status=400,
        body={
            "error_codes": [700016],
            "error_description": f"AADSTS700016: Application with identifier '{gcc_secret}' "
            "was not found in the directory 'Contoso'.",
        },
    )
    monkeypatch.setattr(preflight_screen, "open_network", lambda: network)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_preflight(app, pilot, "cloud:gcch")
        await pilot.press("enter")
        await settle(pilot)
        text = log_text(dialog)
        assert "CP710" in text
        assert gcc_secret[4:20] not in text
    saved = load_result(DEMO_ID)
    assert saved is not None
    assert gcc_secret[4:20] not in saved.model_dump_json()


async def test_a_proxy_variable_that_is_not_a_url_is_shown_in_the_dialog_not_a_crash(
    gcch_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxyuser:pr0xy-pa55@[::1")
    network = working_gcch()
    monkeypatch.setattr(preflight_screen, "open_network", lambda: network)
    app = make_app(gcch_demo)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_preflight(app, pilot, "cloud:gcch")
        hosts = str(dialog.query_one("#preflight-hosts", Static).render())
        assert "the proxy setting in the environment (HTTPS_PROXY) cannot be used" in hosts
        await pilot.press("enter")
        await settle(pilot)
        assert "(HTTPS_PROXY) cannot be used" in log_text(dialog)
        assert "pr0xy-pa55" not in app.export_screenshot()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CloudScreen)
    assert network.requested == []
    assert not state_path(DEMO_ID).exists()
