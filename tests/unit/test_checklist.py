"""The checklist (PRODUCT §10): states per item, derived from findings and presence."""

from __future__ import annotations

from datetime import date

from cloudprep.core.checklist import ItemState
from cloudprep.core.evaluation import evaluate_project
from cloudprep.core.findings import Severity
from cloudprep.core.models import (
    AuthKind,
    CloudConfig,
    CloudEndpoint,
    Connector,
    ConnectorEndpoint,
    EndpointMode,
    OAuthApp,
    Project,
    RequestState,
)
from cloudprep.core.secret_needs import PresenceState, SecretKind, SecretPresence

TODAY = date(2026, 11, 1)
GUID_GCCH = "9e2f4b1c-7a3d-4c8e-b5f0-6d1a2c3e4f82"


def aad_connector(name: str | None = "contosotasks") -> Connector:
    return Connector(
        name=name,
        display_name="Contoso Tasks",
        publisher="Contoso",
        auth=AuthKind.OAUTH2,
        identity_provider="aad",
        endpoint=ConnectorEndpoint(url="https://api.contosotasks.com/v1"),
    )


def good_gcch(name: str = "contosotasks") -> CloudConfig:
    return CloudConfig(
        endpoint=CloudEndpoint(mode=EndpointMode.SPECIFIC, url="https://api.gov.contosotasks.com"),
        oauth_app=OAuthApp(
            client_id=GUID_GCCH,
            login_uri="https://login.microsoftonline.us",
            resource_uri="https://graph.microsoft.us",
            redirect_urls=[f"https://global.consent.azure-apihub.us/redirect/{name}"],
        ),
    )


def states(
    project: Project, presence: SecretPresence | None = None
) -> dict[tuple[str, str | None], ItemState]:
    evaluation = evaluate_project(
        project, presence=presence or SecretPresence.not_checked(), reference_date=TODAY
    )
    return {(i.id, i.cloud): i.state for i in evaluation.checklist.items}


def all_present(cloud: str) -> SecretPresence:
    return SecretPresence(
        state=PresenceState.CHECKED, present={(cloud, k): True for k in SecretKind}
    )


def test_a_complete_gcch_cloud_is_done_throughout() -> None:
    project = Project(connector=aad_connector(), clouds={"gcch": good_gcch()})
    got = states(project, all_present("gcch"))
    for item_id in ("C1", "C2", "C3", "C4", "C5", "C6"):
        assert got[(item_id, "gcch")] is ItemState.DONE, item_id
    assert got[("C7", "gcch")] is ItemState.NOT_APPLICABLE
    assert got[("Q1", None)] is ItemState.DONE


def test_every_ga_and_request_item_is_present() -> None:
    got = states(Project(connector=aad_connector(), clouds={"gcch": good_gcch()}))
    for item_id in ("R1", "R2", "R3", "R4", "R5", "U1", "U2", "EX", "Q1", "Q2"):
        assert (item_id, None) in got
    # Unknown GA numbers are never done.
    assert got[("R2", None)] is ItemState.UNVERIFIED


def test_undecided_endpoint_is_missing_and_blocks_q1() -> None:
    config = good_gcch().model_copy(update={"endpoint": CloudEndpoint()})
    got = states(Project(connector=aad_connector(), clouds={"gcch": config}))
    assert got[("C1", "gcch")] is ItemState.MISSING
    assert got[("Q1", None)] is ItemState.MISSING


def test_commercial_login_host_in_gcch_leaves_c4_missing() -> None:
    config = good_gcch()
    config.oauth_app.login_uri = "https://login.microsoftonline.com"
    got = states(Project(connector=aad_connector(), clouds={"gcch": config}))
    assert got[("C4", "gcch")] is ItemState.MISSING


def test_unknown_connector_name_leaves_c3_unverified() -> None:
    got = states(Project(connector=aad_connector(name=None), clouds={"gcch": good_gcch()}))
    assert got[("C3", "gcch")] is ItemState.UNVERIFIED


def test_missing_redirect_is_missing() -> None:
    config = good_gcch()
    config.oauth_app.redirect_urls = []
    got = states(Project(connector=aad_connector(), clouds={"gcch": config}))
    assert got[("C3", "gcch")] is ItemState.MISSING


def test_mooncake_redirect_stays_unverified_until_entered() -> None:
    mooncake = CloudConfig(
        endpoint=CloudEndpoint(mode=EndpointMode.SAME_AS_COMMERCIAL),
        oauth_app=OAuthApp(
            client_id="5d1e8c4a-6b2f-4e9d-a3c7-8f0b1e2d4a57",
            login_uri="https://login.chinacloudapi.cn",
            resource_uri="https://microsoftgraph.chinacloudapi.cn",
        ),
    )
    got = states(Project(connector=aad_connector(), clouds={"mooncake": mooncake}))
    assert got[("C3", "mooncake")] is ItemState.UNVERIFIED


def test_secret_items_follow_presence() -> None:
    project = Project(connector=aad_connector(), clouds={"gcch": good_gcch()})
    missing = SecretPresence(state=PresenceState.CHECKED, present={})
    got = states(project, missing)
    assert got[("C5", "gcch")] is ItemState.MISSING
    assert got[("C6", "gcch")] is ItemState.MISSING
    got = states(project, SecretPresence.unavailable("no keyring"))
    assert got[("C5", "gcch")] is ItemState.UNVERIFIED
    evaluation = evaluate_project(
        project, presence=SecretPresence.unavailable("no keyring"), reference_date=TODAY
    )
    c5 = evaluation.checklist.get("C5", "gcch")
    assert "keyring unavailable" in c5.detail


def test_certificate_auth_is_not_applicable_for_c2_to_c6() -> None:
    connector = aad_connector().model_copy(update={"identity_provider": "aadcertificate"})
    got = states(Project(connector=connector, clouds={"gcch": good_gcch()}))
    for item_id in ("C2", "C3", "C4", "C5", "C6"):
        assert got[(item_id, "gcch")] is ItemState.NOT_APPLICABLE, item_id


def test_api_key_connector_needs_c7_and_c6_only_with_a_test_account() -> None:
    connector = Connector(
        name="contosokeys",
        auth=AuthKind.API_KEY,
        endpoint=ConnectorEndpoint(url="https://api.contoso.com"),
    )
    config = CloudConfig(endpoint=CloudEndpoint(mode=EndpointMode.SAME_AS_COMMERCIAL))
    got = states(
        Project(connector=connector, clouds={"gcc": config}),
        SecretPresence(state=PresenceState.CHECKED, present={}),
    )
    assert got[("C7", "gcc")] is ItemState.MISSING
    assert got[("C6", "gcc")] is ItemState.NOT_APPLICABLE
    assert got[("C2", "gcc")] is ItemState.NOT_APPLICABLE
    config.needs_test_account = True
    got = states(
        Project(connector=connector, clouds={"gcc": config}),
        SecretPresence(state=PresenceState.CHECKED, present={}),
    )
    assert got[("C6", "gcc")] is ItemState.MISSING


def test_q2_is_ticked_by_the_user() -> None:
    project = Project(connector=aad_connector(), clouds={"gcch": good_gcch()})
    assert states(project)[("Q2", None)] is ItemState.MISSING
    project.request = RequestState(ga_request_raised=True)
    assert states(project)[("Q2", None)] is ItemState.DONE


def test_exception_not_applicable_without_a_customer_requirement() -> None:
    project = Project(connector=aad_connector(), clouds={"gcch": good_gcch()})
    project.ga.customer_requires_production = False
    assert states(project)[("EX", None)] is ItemState.NOT_APPLICABLE


def test_an_unknown_customer_requirement_leaves_the_exception_unverified() -> None:
    """Unknown is never "does not apply": only an explicit False makes EX not applicable."""
    project = Project(connector=aad_connector(), clouds={"gcch": good_gcch()})
    assert project.ga.customer_requires_production is None
    assert states(project)[("EX", None)] is ItemState.UNVERIFIED


def test_a_warning_alone_at_an_item_leaves_it_missing() -> None:
    """GCC High and DoD share one directory: reusing the client id there is a warning
    (CP405), not an error, and it still keeps C2 missing."""
    dod = good_gcch().model_copy(deep=True)
    dod.oauth_app.resource_uri = "https://dod-graph.microsoft.us"
    project = Project(connector=aad_connector(), clouds={"gcch": good_gcch(), "dod": dod})
    evaluation = evaluate_project(
        project, presence=SecretPresence.not_checked(), reference_date=TODAY
    )
    at_dod_client_id = [
        f for f in evaluation.findings if f.path == "clouds.dod.oauth_app.client_id"
    ]
    assert [(f.rule, f.severity) for f in at_dod_client_id] == [("CP405", Severity.WARNING)]
    c2 = evaluation.checklist.get("C2", "dod")
    assert c2.state is ItemState.MISSING
    assert c2.detail.startswith("CP405: ")
    assert evaluation.checklist.get("C2", "gcch").state is ItemState.DONE
