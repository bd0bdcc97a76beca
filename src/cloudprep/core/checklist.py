"""The checklist (PRODUCT §10): stable ids, each with a state, derived from the project,
the findings and the secret presence. It re-implements no rule: an item is missing when
a rule reported an error or warning at the item's fields."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

from cloudprep.core.catalog import CloudCatalog, TargetCloudId
from cloudprep.core.field_path import FieldPath
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.ga import GaEvaluation, Verdict
from cloudprep.core.models import EndpointMode, Project
from cloudprep.core.requirements import CloudRequirements, requirements_for
from cloudprep.core.rules.secrets import secret_path
from cloudprep.core.secret_needs import (
    PresenceState,
    SecretKind,
    SecretPresence,
)


class ItemState(StrEnum):
    DONE = "done"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"
    UNVERIFIED = "unverified"

    @property
    def mark(self) -> str:
        """The plain-text box the text and Markdown renderers show."""
        return _MARKS[self]


_MARKS = {
    ItemState.DONE: "[x]",
    ItemState.MISSING: "[ ]",
    ItemState.NOT_APPLICABLE: "[-]",
    ItemState.UNVERIFIED: "[?]",
}


class ChecklistItem(NamedTuple):
    id: str
    cloud: str | None
    title: str
    state: ItemState
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "cloud": self.cloud,
            "title": self.title,
            "state": self.state.value,
            "detail": self.detail,
        }


class Checklist(NamedTuple):
    items: tuple[ChecklistItem, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"items": [item.to_dict() for item in self.items]}

    def for_cloud(self, cloud: str | None) -> tuple[ChecklistItem, ...]:
        return tuple(i for i in self.items if i.cloud == cloud)

    def get(self, item_id: str, cloud: str | None = None) -> ChecklistItem:
        for item in self.items:
            if item.id == item_id and item.cloud == cloud:
                return item
        raise KeyError((item_id, cloud))


CLOUD_ITEM_TITLES = {
    "C1": "Endpoint decided (same as commercial, specific, or per connection) and valid",
    "C2": "An OAuth app for this cloud (its own client id)",
    "C3": "The cloud's redirect registered on that app",
    "C4": "Login and resource hosts belong to the cloud",
    "C5": "Client secret in the keyring, to hand over through the secure channel",
    "C6": "Test credentials in the keyring, to hand over through the secure channel",
    "C7": (
        "API key in the keyring, to hand over through the channel your Microsoft contact "
        "provides (not ISV Studio activity control: ISV Studio was retired)"
    ),
}
REQUEST_ITEM_TITLES = {
    "Q1": "Clouds and endpoints listed for Microsoft",
    "Q2": "The GA request raised",
}
_GA_STATE = {
    Verdict.PASS: ItemState.DONE,
    Verdict.FAIL: ItemState.MISSING,
    Verdict.UNKNOWN: ItemState.UNVERIFIED,
    Verdict.NOT_APPLICABLE: ItemState.NOT_APPLICABLE,
}

_BLOCKING = (Severity.ERROR, Severity.WARNING)


def _problems_at(findings: list[Finding], *prefixes: FieldPath) -> list[Finding]:
    """The errors and warnings at (or inside) any of the given fields."""
    return [
        f
        for f in findings
        if f.severity in _BLOCKING and any(f.field.is_within(p) for p in prefixes)
    ]


def _first_message(problems: list[Finding]) -> str:
    first = problems[0]
    more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{first.rule}: {first.message}{more}"


def build_checklist(
    project: Project,
    *,
    findings: list[Finding],
    ga: GaEvaluation,
    presence: SecretPresence,
    catalog: CloudCatalog,
) -> Checklist:
    items: list[ChecklistItem] = []
    for criterion in (*ga.criteria, ga.exception):
        state = _GA_STATE[criterion.verdict]
        items.append(ChecklistItem(criterion.id, None, criterion.title, state, criterion.detail))
    for cloud_id in project.clouds:
        items.extend(_cloud_items(project, cloud_id, findings, presence, catalog))
    items.extend(_request_items(project, items))
    return Checklist(items=tuple(items))


def _cloud_items(
    project: Project,
    cloud_id: TargetCloudId,
    findings: list[Finding],
    presence: SecretPresence,
    catalog: CloudCatalog,
) -> list[ChecklistItem]:
    connector = project.connector
    config = project.clouds[cloud_id]
    req = requirements_for(project, cloud_id, catalog=catalog)
    base = FieldPath("clouds", cloud_id)
    needs = req.secrets
    oauth_app = req.identity.oauth_app_needed
    certificate = req.identity.certificate
    na_reason = (
        "certificate auth is first-party only: nothing to hand over"
        if certificate
        else "the connector does not use OAuth"
    )

    def item(item_id: str, state: ItemState, detail: str) -> ChecklistItem:
        return ChecklistItem(item_id, cloud_id, CLOUD_ITEM_TITLES[item_id], state, detail)

    out: list[ChecklistItem] = []
    # C1
    endpoint = req.endpoint
    endpoint_problems = _problems_at(findings, base.child("endpoint"))
    if endpoint.mode is None:
        out.append(item("C1", ItemState.MISSING, "choose how this cloud reaches the backend"))
    elif endpoint_problems:
        out.append(item("C1", ItemState.MISSING, _first_message(endpoint_problems)))
    elif not endpoint.settled:
        what = "confirm the commercial endpoint for this cloud (endpoint.confirmed)"
        out.append(item("C1", ItemState.MISSING, what))
    else:
        shown = endpoint.url if endpoint.mode is EndpointMode.SPECIFIC else ""
        if endpoint.confirmed and endpoint.mode is EndpointMode.SAME_AS_COMMERCIAL:
            shown = "(confirmed)"
        out.append(item("C1", ItemState.DONE, f"{endpoint.mode.value} {shown}".strip()))
    # C2
    if not oauth_app:
        out.append(item("C2", ItemState.NOT_APPLICABLE, na_reason))
    else:
        problems = _problems_at(findings, base.child("oauth_app", "client_id"))
        if config.oauth_app.client_id and not problems:
            out.append(item("C2", ItemState.DONE, f"client id {config.oauth_app.client_id}"))
        else:
            detail = _first_message(problems) if problems else "no client id for this cloud"
            out.append(item("C2", ItemState.MISSING, detail))
    # C3
    if not oauth_app:
        out.append(item("C3", ItemState.NOT_APPLICABLE, na_reason))
    else:
        state, detail = _redirect_state(req, config.oauth_app.redirect_urls, findings)
        out.append(item("C3", state, detail))
    # C4
    if certificate:
        out.append(item("C4", ItemState.NOT_APPLICABLE, na_reason))
    elif not connector.is_aad:
        out.append(item("C4", ItemState.NOT_APPLICABLE, "not an Entra ID (aad) connector"))
    else:
        problems = _problems_at(
            findings,
            base.child("oauth_app", "login_uri"),
            base.child("oauth_app", "resource_uri"),
        )
        if problems:
            out.append(item("C4", ItemState.MISSING, _first_message(problems)))
        elif not config.oauth_app.login_uri:
            out.append(item("C4", ItemState.MISSING, "no login URI for this cloud"))
        else:
            out.append(item("C4", ItemState.DONE, f"login {config.oauth_app.login_uri}"))
    # C5–C7
    secret_items = (
        ("C5", (SecretKind.CLIENT_SECRET,)),
        ("C6", (SecretKind.TEST_USERNAME, SecretKind.TEST_PASSWORD)),
        ("C7", (SecretKind.API_KEY,)),
    )
    for item_id, kinds in secret_items:
        wanted = [k for k in kinds if k in needs]
        if not wanted:
            reason = na_reason if certificate and item_id != "C7" else _not_needed(item_id)
            out.append(item(item_id, ItemState.NOT_APPLICABLE, reason))
            continue
        states = [presence.is_present(cloud_id, k) for k in wanted]
        labels = ", ".join(k.value for k in wanted)
        if any(s is False for s in states):
            missing = [k for k, s in zip(wanted, states, strict=True) if s is False]
            where = ", ".join(secret_path(cloud_id, k) for k in missing)
            out.append(item(item_id, ItemState.MISSING, f"not in the keyring: {where}"))
        elif any(s is None for s in states):
            why = (
                "keyring unavailable"
                if presence.state is PresenceState.UNAVAILABLE
                else "keyring not checked"
            )
            out.append(item(item_id, ItemState.UNVERIFIED, f"{why} ({labels})"))
        else:
            out.append(item(item_id, ItemState.DONE, f"stored: {labels}"))
    return out


def _not_needed(item_id: str) -> str:
    return {
        "C5": "no client secret is needed for this auth kind",
        "C6": "no test account is needed for this auth kind",
        "C7": "the connector does not use an API key",
    }[item_id]


def _redirect_state(
    req: CloudRequirements, registered: list[str], findings: list[Finding]
) -> tuple[ItemState, str]:
    """C3 from what the cloud requires (`requirements_for`) and the findings at its fields."""
    base = FieldPath("clouds", req.cloud.id)
    problems = _problems_at(
        findings, base.child("oauth_app", "redirect_urls"), base.child("expected_redirect")
    )
    expected = req.redirect.exact.value
    if expected is None:
        if req.redirect.template.value is None:
            return (
                ItemState.UNVERIFIED,
                "no consent redirect is published for this cloud: enter the one Microsoft "
                "gives you (unverified)",
            )
        return (
            ItemState.UNVERIFIED,
            "the connector's internal name is unknown, so the required redirect is too",
        )
    errors = [f for f in problems if f.severity is Severity.ERROR]
    if expected in registered and not errors:
        note = " (given by Microsoft, unverified)" if req.redirect.from_user else ""
        return ItemState.DONE, f"{expected} registered{note}"
    if problems:
        return ItemState.MISSING, _first_message(problems)
    return ItemState.MISSING, f"register {expected} on this cloud's app"


def _request_items(project: Project, items: list[ChecklistItem]) -> list[ChecklistItem]:
    if not project.clouds:
        q1 = ChecklistItem(
            "Q1", None, REQUEST_ITEM_TITLES["Q1"], ItemState.MISSING, "no target cloud chosen"
        )
    else:
        undecided = [i.cloud for i in items if i.id == "C1" and i.state is not ItemState.DONE]
        if undecided:
            detail = "endpoint not settled for: " + ", ".join(c or "" for c in undecided)
            q1 = ChecklistItem("Q1", None, REQUEST_ITEM_TITLES["Q1"], ItemState.MISSING, detail)
        else:
            detail = "clouds: " + ", ".join(project.clouds)
            q1 = ChecklistItem("Q1", None, REQUEST_ITEM_TITLES["Q1"], ItemState.DONE, detail)
    raised = project.request.ga_request_raised
    q2 = ChecklistItem(
        "Q2",
        None,
        REQUEST_ITEM_TITLES["Q2"],
        ItemState.DONE if raised else ItemState.MISSING,
        "ticked by you" if raised else "tick it once you have raised the GA request",
    )
    return [q1, q2]
