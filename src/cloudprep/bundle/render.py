"""SUBMISSION.md: the request the Microsoft reviewer reads, rendered from submission.json.

Addressed to the reviewer only: who asks, what is asked, one table of the clouds, how each
secret is handed over, the GA numbers, and what is still open for the reviewer. The
publisher's own to-dos stay in `check`, the wizard and submission.json's checklist.

`render_submission_md` is a pure function of the stored document under its bundle format
version (`RENDERABLE_FORMATS`): it reads no catalog, no clock and no environment, so an old
bundle renders the same under a newer cloudprep, and `validate` compares the bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cloudprep.bundle.definition_files import connector_files_lines
from cloudprep.bundle.document import (
    RENDERABLE_FORMATS,
    CloudRecord,
    CriterionRecord,
    DeclaredSecret,
    SubmissionDocument,
)
from cloudprep.core.catalog import TargetCloudId
from cloudprep.core.ga import Verdict
from cloudprep.core.ga_facts import EXCEPTION_REQUIRED_IDS
from cloudprep.core.inert_text import markdown_text, visible_line
from cloudprep.core.models import AuthKind, EndpointMode, GaInputs
from cloudprep.core.secret_needs import SecretKind
from cloudprep.preflight.summary import preflight_sentences

SECRET_EXPIRY_NOTICE_DAYS = 90
"""An expiry this close is shown with its distance in days (CP423's window)."""

_AUTH_WORDS = {
    AuthKind.OAUTH2: "OAuth 2.0",
    AuthKind.API_KEY: "API key",
    AuthKind.BASIC: "basic authentication",
    AuthKind.NONE: "no authentication",
}
_RESULT_WORDS = {
    Verdict.PASS: "pass",
    Verdict.FAIL: "fail",
    Verdict.UNKNOWN: "not shown",
    Verdict.NOT_APPLICABLE: "not applicable",
}
_EXCEPTION_WORDS = {
    Verdict.PASS: "holds",
    Verdict.FAIL: "does not hold",
    Verdict.UNKNOWN: "cannot be decided yet",
    Verdict.NOT_APPLICABLE: "not applicable",
}
_NOT_USED = "—"
INTERPRETATIONS = (
    "Interpretations: the success rate is the responses in 1xx–3xx divided by all responses, "
    "throttled ones left out; U1 needs each of the three weeks to reach 500; MAC means "
    "monthly active connections."
)


class UnrenderableFormat(ValueError):
    """The document's format version is not one this cloudprep renders."""


def _cell(text: str) -> str:
    """The renderer's own text in a table cell."""
    return text.replace("|", "\\|")


def _given(value: str | None, *, in_table: bool = False, missing: str = "not given") -> str:
    return markdown_text(value, in_table=in_table) if value and value.strip() else missing


# --- the document ---------------------------------------------------------------------------


def render_submission_md(document: SubmissionDocument, *, definitions: Sequence[str] = ()) -> str:
    """SUBMISSION.md for `document`; raises `UnrenderableFormat` for a format this cloudprep
    does not render. `definitions`: the clouds whose connector files the bundle holds
    (`bundle --with-definitions`), listed one line each."""
    if document.schema_version not in RENDERABLE_FORMATS:
        raise UnrenderableFormat(f"bundle format {document.schema_version}")
    project = document.project
    connector = project.connector
    title = _given(connector.display_name, missing="") or _given(connector.name, missing="")
    lines = [f"# Release request: {title}" if title else "# Release request", ""]
    lines += _header(document)
    lines += _clouds(document)
    lines += _secrets(document)
    if asks_ga(project.ga):
        lines += _ga(document)
    lines += _open_items(document)
    names: dict[str, str] = {cloud_id: r.name for cloud_id, r in document.clouds.items()}
    lines += connector_files_lines((c, names.get(c, c)) for c in definitions)
    return "\n".join(lines).rstrip("\n") + "\n"


def asks_ga(ga: GaInputs) -> bool:
    """The request asks for GA when the publisher gave any GA input."""
    return any(value is not None for value in ga.model_dump().values())


def _header(document: SubmissionDocument) -> list[str]:
    project = document.project
    connector = project.connector
    contact = project.request.contact
    who = ", ".join(
        markdown_text(part) for part in (contact.name, contact.email) if part and part.strip()
    )
    auth = ", ".join(_AUTH_WORDS[k] for k in connector.all_auth_kinds)
    provider = (
        f" ({markdown_text(connector.identity_provider)})" if connector.identity_provider else ""
    )
    clouds = ", ".join(record.name for record in document.clouds.values()) or "none chosen"
    return [
        f"- Connector: {_given(connector.display_name)}",
        f"- Internal name: {_given(connector.name)}",
        f"- Publisher: {_given(connector.publisher)}",
        f"- Contact: {who or 'not given'}",
        f"- Request reference: {_given(project.request.reference, missing='none yet')}",
        f"- Authentication: {auth}{provider}",
        f"- Commercial endpoint: {_given(connector.endpoint.url)}",
        f"- Prepared on: {document.export_date.isoformat()}",
        "",
        "## What we ask",
        "",
        f"- Release to: {clouds}.",
        f"- Move from preview to GA: {'yes' if asks_ga(project.ga) else 'no'}.",
        "",
    ]


def subject_line(document: SubmissionDocument) -> str:
    """A one-line e-mail subject for the request: who, what, and the reference."""
    connector = document.project.connector
    name = visible_line(connector.display_name or connector.name or "connector")
    what = [", ".join(r.name for r in document.clouds.values())] if document.clouds else []
    if asks_ga(document.project.ga):
        what.append("GA")
    reference = document.project.request.reference.strip()
    ref = f" [{visible_line(reference)}]" if reference else ""
    asked = f": {'; '.join(what)}" if what else ""
    return f"Release request for {name}{asked}{ref}"


# --- the clouds -----------------------------------------------------------------------------


def _endpoint_cell(record: CloudRecord) -> str:
    endpoint = record.endpoint
    if endpoint.mode is None:
        return "not decided"
    if endpoint.mode is EndpointMode.PER_CONNECTION:
        return "per connection"
    url = _given(endpoint.url, in_table=True)
    if endpoint.mode is EndpointMode.SAME_AS_COMMERCIAL:
        state = "confirmed" if endpoint.confirmed else "not confirmed"
        return f"{url} (same as commercial, {state})"
    return url


def _redirect_cell(record: CloudRecord) -> str:
    redirect = record.redirect
    if redirect is None:
        return _NOT_USED
    if redirect.url is None:
        return "unknown" if redirect.published else "none published"
    url = markdown_text(redirect.url, in_table=True)
    unverified = "" if redirect.verified else ", unverified"
    return f"yes: {url}{unverified}" if redirect.registered else f"no ({url}{unverified})"


def _test_account_cell(entries: dict[SecretKind, DeclaredSecret]) -> str:
    kinds = (SecretKind.TEST_USERNAME, SecretKind.TEST_PASSWORD)
    wanted = [entries[k] for k in kinds if k in entries]
    if not wanted:
        return "not needed"
    if any(e.present is False for e in wanted):
        return "to follow"
    if all(e.present is True for e in wanted):
        return "yes, separately"
    return "separately"


def expiry_text(expires: date, today: date) -> str:
    """An expiry date, with how far it is from `today` when that is close."""
    days = (expires - today).days
    if days < 0:
        return f"{expires.isoformat()} (expired)"
    if days <= SECRET_EXPIRY_NOTICE_DAYS:
        distance = {0: "today", 1: "in 1 day"}.get(days, f"in {days} days")
        return f"{expires.isoformat()} ({distance})"
    return expires.isoformat()


def _expiry_cell(document: SubmissionDocument, cloud_id: TargetCloudId) -> str:
    if SecretKind.CLIENT_SECRET not in document.secrets.clouds.get(cloud_id, {}):
        return _NOT_USED
    expires = document.project.clouds[cloud_id].secret_expires
    return expiry_text(expires, document.export_date) if expires else "not given"


def _missing(expected: bool) -> str:
    return "not given" if expected else _NOT_USED


def _clouds(document: SubmissionDocument) -> list[str]:
    project = document.project
    if not document.clouds:
        return []
    uses_app = any(r.redirect is not None for r in document.clouds.values())
    rows: list[tuple[str, list[str]]] = [
        ("Endpoint", [_endpoint_cell(r) for r in document.clouds.values()])
    ]
    if uses_app:
        apps = [project.clouds[c].oauth_app for c in document.clouds]
        used = [r.redirect is not None for r in document.clouds.values()]
        # Entra ID (aad) connectors name a login and resource URI per cloud; others do not.
        expected = [r.login_expected for r in document.clouds.values()]
        rows += [
            (
                "App client id",
                [
                    _given(a.client_id, in_table=True) if u else _NOT_USED
                    for a, u in zip(apps, used, strict=True)
                ],
            ),
            (
                "Login host",
                [
                    _given(a.login_uri, in_table=True, missing=_missing(e))
                    for a, e in zip(apps, expected, strict=True)
                ],
            ),
            (
                "Resource",
                [
                    _given(a.resource_uri, in_table=True, missing=_missing(e))
                    for a, e in zip(apps, expected, strict=True)
                ],
            ),
            ("Redirect registered", [_redirect_cell(r) for r in document.clouds.values()]),
        ]
    secrets = document.secrets.clouds
    rows += [
        (
            "Test account provided",
            [_test_account_cell(secrets.get(c, {})) for c in document.clouds],
        ),
        ("Secret expiry", [_expiry_cell(document, c) for c in document.clouds]),
    ]
    names = [_cell(r.name) for r in document.clouds.values()]
    lines = ["## Clouds", "", "| Item | " + " | ".join(names) + " |"]
    lines.append("|---" * (len(names) + 1) + "|")
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    lines += ["", f"{_NOT_USED}: not used by this connector.", ""]
    notes = _cloud_notes(document)
    if notes:
        lines += ["Notes:", "", *notes, ""]
    return lines


def _cloud_notes(document: SubmissionDocument) -> list[str]:
    notes: list[str] = []
    for cloud_id, record in document.clouds.items():
        config = document.project.clouds[cloud_id]
        said: list[str] = []
        endpoint = record.endpoint
        if endpoint.mode is EndpointMode.SAME_AS_COMMERCIAL and endpoint.confirmed:
            said.append(
                "the endpoint is the commercial one; we confirm it is reachable from, and "
                "compliant for, this cloud."
            )
        if endpoint.mode is EndpointMode.PER_CONNECTION:
            said.append("each connection supplies its own host.")
        redirect = record.redirect
        if redirect is not None and redirect.url and not redirect.verified:
            said.append("the redirect is the one Microsoft gave us; no public source lists it.")
        if config.notes.strip():
            said.append(f"note: {markdown_text(config.notes)}")
        said += preflight_sentences(document.preflight, cloud_id)
        notes += [f"- {record.name}: {sentence}" for sentence in said]
    return notes


# --- secrets --------------------------------------------------------------------------------


def _secrets(document: SubmissionDocument) -> list[str]:
    by_kind: dict[tuple[str, str], list[str]] = {}
    for cloud_id, entries in document.secrets.clouds.items():
        for entry in entries.values():
            by_kind.setdefault((entry.label, entry.handover), []).append(
                document.clouds[cloud_id].name
            )
    if not by_kind:
        return []
    lines = ["## Secrets", "", "None is in this request; each is handed over separately:", ""]
    for (label, handover), clouds in by_kind.items():
        lines.append(f"- {label[:1].upper()}{label[1:]} ({', '.join(clouds)}): through {handover}.")
    lines.append("")
    return lines


# --- GA -------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """A number as people write it: no trailing zeros, at most 4 decimals."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _value(record: CriterionRecord) -> str:
    value = record.value
    if value is None:
        return "not shown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join("not shown" if v is None else str(v) for v in value)
    if record.id == "EX":
        return f"{value} months"
    unit = " %" if "%" in record.threshold else ""
    return f"{_number(value)}{unit}"


def _margin(record: CriterionRecord) -> str:
    if record.margin is None:
        return _NOT_USED
    text = _number(record.margin)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def _criterion_row(record: CriterionRecord, *, exception: bool = False) -> str:
    kind = "required" if record.required else "recommended"
    name = f"{record.id} {record.title}" + ("" if exception else f" ({kind})")
    result = (_EXCEPTION_WORDS if exception else _RESULT_WORDS)[record.verdict]
    cells = (
        name,
        _value(record),
        record.threshold,
        _margin(record),
        result,
        record.source_brief,
    )
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _ga(document: SubmissionDocument) -> list[str]:
    ga = document.ga
    inputs = document.project.ga
    period = inputs.telemetry_period
    if period is not None and period.from_ and period.to:
        covered = f"{period.from_.isoformat()} to {period.to.isoformat()}"
    else:
        covered = "not stated"
    as_of = document.ga_as_of.isoformat() if document.ga_as_of else "not stated"
    lines = [
        "## GA",
        "",
        f"Verdict: {ga.summary}.",
        "",
        f"Numbers as of {as_of}; telemetry period: {covered}.",
        "",
        "| Criterion | Value | Threshold | Margin | Result | Source |",
        "|---|---|---|---|---|---|",
    ]
    lines += [_criterion_row(c) for c in ga.criteria]
    claimed = inputs.customer_requires_production is True
    if claimed:
        lines.append(_criterion_row(ga.exception, exception=True))
    lines.append("")
    if claimed:
        lines += [
            "6-month exception, claimed because a customer requires the connector in "
            f"production: it {_EXCEPTION_WORDS[ga.exception.verdict]}. "
            f"{_exception_reasons(document)}",
            "",
        ]
    lines += [INTERPRETATIONS, ""]
    return lines


def _exception_reasons(document: SubmissionDocument) -> str:
    """The exception's conditions, the required criteria grouped by verdict."""
    parts = [p for p in document.ga.exception_parts if p.key != "customer"]
    texts: list[str] = []
    grouped: dict[Verdict, list[str]] = {}
    for part in parts:
        if part.key in EXCEPTION_REQUIRED_IDS:
            grouped.setdefault(part.verdict, []).append(part.key)
        else:
            texts.append(part.text)
    for verdict, ids in grouped.items():
        verb = _RESULT_WORDS[verdict]
        listed = ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"
        texts.append(f"{listed}: {verb}")
    joined = "; ".join(texts)
    return f"{joined[:1].upper()}{joined[1:]}."


# --- what is still open for the reviewer ----------------------------------------------------


def _open_items(document: SubmissionDocument) -> list[str]:
    items: list[str] = []
    needs_name = any(
        r.redirect is not None and r.redirect.published and r.redirect.url is None
        for r in document.clouds.values()
    )
    if needs_name:
        items.append(
            "The connector's internal name: please tell us, so that we register the "
            "redirects for it."
        )
    for cloud_id, record in document.clouds.items():
        items += [f"{record.name}: {text}" for text in _cloud_open_items(document, cloud_id)]
    lines = ["## Known open items", ""]
    lines += [f"- {item}" for item in items] if items else ["None."]
    return [*lines, ""]


def _cloud_open_items(document: SubmissionDocument, cloud_id: TargetCloudId) -> Sequence[str]:
    record = document.clouds[cloud_id]
    out: list[str] = []
    endpoint = record.endpoint
    if endpoint.mode is None:
        out.append("the endpoint is not decided.")
    elif endpoint.needs_confirmation:
        out.append(
            "the endpoint is the commercial one, and we have not confirmed that it is "
            "reachable from, and compliant for, this cloud."
        )
    redirect = record.redirect
    if redirect is not None:
        if redirect.url is None and not redirect.published:
            out.append("no consent redirect is published; please tell us which to register.")
        elif redirect.url is not None and not redirect.registered:
            out.append(f"the redirect {markdown_text(redirect.url)} is not registered on the app.")
    entries = document.secrets.clouds.get(cloud_id, {}).values()
    late = [entry.label for entry in entries if entry.present is False]
    if late:
        out.append(f"to follow separately (not ready yet): {', '.join(late)}.")
    expires = document.project.clouds[cloud_id].secret_expires
    needs_secret = SecretKind.CLIENT_SECRET in document.secrets.clouds.get(cloud_id, {})
    if needs_secret and expires is not None and expires < document.export_date:
        out.append(f"the client secret expired on {expires.isoformat()}; a new one follows.")
    return out
