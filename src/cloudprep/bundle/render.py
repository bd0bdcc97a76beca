"""SUBMISSION.md: the request a human sends, rendered deterministically from submission.json.

It is plain Markdown that still reads well as plain text: headings, short bullet lists, no
tables, no HTML, so it pastes cleanly into ISV Studio activity control or an e-mail. It names
where each secret is handed over and never holds one. `validate` renders it again from the
re-derived document and compares the bytes.
"""

from __future__ import annotations

from cloudprep.bundle.document import (
    ChecklistItemRecord,
    CriterionRecord,
    DeclaredSecret,
    SubmissionDocument,
)
from cloudprep.core.catalog import CloudCatalog, TargetCloudId, load_catalog
from cloudprep.core.findings import Severity
from cloudprep.core.ga import Eligibility, Verdict
from cloudprep.core.ga_facts import (
    GA_MOVE_DURATION,
    GA_REQUEST_EMAIL_NOTE,
    GA_REQUEST_ROUTES,
    MAC_NOTE,
    PAGE_TITLE,
)
from cloudprep.core.models import AuthKind, CloudConfig, EndpointMode, Project
from cloudprep.core.secret_needs import SecretKind
from cloudprep.preflight.summary import preflight_lines

_VERDICT_WORDS = {Verdict.PASS: "pass", Verdict.FAIL: "FAIL", Verdict.UNKNOWN: "not shown"}
_AUTH_WORDS = {
    AuthKind.OAUTH2: "OAuth 2.0",
    AuthKind.API_KEY: "API key",
    AuthKind.BASIC: "basic authentication",
    AuthKind.NONE: "no authentication",
}


def _one_line(text: str) -> str:
    """User text on one line, so it cannot break the list it sits in."""
    return " ".join(text.split())


def _sentence(text: str) -> str:
    """User-facing text as a sentence, so the next one does not run into it."""
    text = _one_line(text)
    return text if not text or text.endswith((".", "!", "?", ")")) else f"{text}."


def _or_missing(value: str | None) -> str:
    return _one_line(value) if value else "(not given yet)"


def render_submission_md(document: SubmissionDocument, catalog: CloudCatalog | None = None) -> str:
    catalog = catalog or load_catalog()
    project = document.project
    connector = project.connector
    lines: list[str] = []
    title = _one_line(connector.display_name) or connector.name or "(unnamed connector)"
    lines += [f"# Release request: {title}", ""]
    lines += _introduction(document)
    lines += _what_we_ask(document, catalog)
    for cloud_id, config in project.clouds.items():
        lines += _cloud_section(document, cloud_id, config, catalog)
    lines += _secrets_section(document, catalog)
    lines += _ga_section(document)
    lines += _checklist_section(document.checklist, catalog)
    lines += _findings_section(document)
    lines += [
        "---",
        "",
        f"Prepared with cloudprep {document.tool.version} (bundle format "
        f"{document.schema_version}); reference date {document.reference_date.isoformat()}. "
        "submission.json holds the same content for tools; manifest.json holds the SHA-256 "
        "of each file.",
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _introduction(document: SubmissionDocument) -> list[str]:
    connector = document.project.connector
    auth = ", ".join(_AUTH_WORDS[k] for k in connector.all_auth_kinds)
    provider = f" ({connector.identity_provider})" if connector.identity_provider else ""
    return [
        f"- Connector: {_or_missing(connector.display_name)}",
        f"- Internal name: {_or_missing(connector.name)}",
        f"- Publisher: {_or_missing(connector.publisher)}",
        f"- Authentication: {auth}{provider}",
        f"- Commercial endpoint: {_or_missing(connector.endpoint.url)}",
        "",
        "No secret is included in this request. Each one is handed over separately, as listed "
        "under Secrets.",
        "",
    ]


def _what_we_ask(document: SubmissionDocument, catalog: CloudCatalog) -> list[str]:
    project = document.project
    lines = ["## What we ask", ""]
    if project.clouds:
        names = ", ".join(catalog.get(c).name for c in project.clouds)
        lines.append(f"1. Release the connector to these clouds: {names}.")
    else:
        lines.append("1. No target cloud has been chosen yet.")
    lines.append(
        f"2. Move the connector from preview to GA. Our evaluation: {document.ga.summary}."
    )
    lines.append("")
    return lines


def _endpoint_line(project: Project, config: CloudConfig) -> str:
    mode = config.endpoint.mode
    commercial = project.connector.endpoint.url
    if mode is None:
        return "not decided yet"
    if mode is EndpointMode.SAME_AS_COMMERCIAL:
        return f"same as commercial ({_or_missing(commercial)})"
    if mode is EndpointMode.SPECIFIC:
        return f"specific to this cloud: {_or_missing(config.endpoint.url)}"
    return "supplied per connection (each connection gives its own host)"


def _cloud_section(
    document: SubmissionDocument,
    cloud_id: TargetCloudId,
    config: CloudConfig,
    catalog: CloudCatalog,
) -> list[str]:
    project = document.project
    cloud = catalog.get(cloud_id)
    app = config.oauth_app
    lines = [f"## {cloud.name} ({cloud_id})", "", "What we provide:", ""]
    lines.append(f"- Endpoint: {_endpoint_line(project, config)}")
    uses_app = AuthKind.OAUTH2 in project.connector.all_auth_kinds
    if uses_app:
        lines.append(f"- OAuth app client id: {_or_missing(app.client_id)}")
        if app.login_uri or project.connector.is_aad:
            lines.append(f"- Login URI: {_or_missing(app.login_uri)}")
        if app.resource_uri or project.connector.is_aad:
            lines.append(f"- Resource URI: {_or_missing(app.resource_uri)}")
        registered = ", ".join(_one_line(u) for u in app.redirect_urls) or "(none registered yet)"
        lines.append(f"- Redirect URLs registered on the app: {registered}")
        name = project.connector.name
        required = cloud.redirect_for(name) if name else None
        if cloud.consent_redirect.value is None:
            given = config.expected_redirect
            lines.append(
                "- Consent redirect for this cloud: "
                + (
                    f"{_one_line(given)} (as given by Microsoft; unverified)"
                    if given
                    else "none is published; please tell us the one to register (unverified)"
                )
            )
        elif required:
            lines.append(f"- Consent redirect for this cloud: {required}")
    entries = document.secrets.clouds.get(cloud_id, {})
    for kind, entry in entries.items():
        lines.append(f"- {_secret_line(kind, entry)}")
    if config.secret_expires is not None and SecretKind.CLIENT_SECRET in entries:
        lines.append(f"- Client secret expires: {config.secret_expires.isoformat()}")
    if config.notes:
        lines.append(f"- Notes: {_one_line(config.notes)}")
    lines += preflight_lines(document.preflight, cloud_id)
    lines.append("")
    return lines


def _secret_line(kind: SecretKind, entry: DeclaredSecret) -> str:
    state = {True: "ready", False: "NOT READY yet", None: "readiness not checked"}[entry.present]
    return (
        f"{entry.label[:1].upper()}{entry.label[1:]}: [handed over separately through "
        f"{entry.handover}; not in this request] ({state})"
    )


def _secrets_section(document: SubmissionDocument, catalog: CloudCatalog) -> list[str]:
    lines = ["## Secrets (handed over separately)", ""]
    by_route: dict[str, list[str]] = {}
    for cloud_id, entries in document.secrets.clouds.items():
        for entry in entries.values():
            by_route.setdefault(entry.handover, []).append(
                f"{catalog.get(cloud_id).name}: {entry.label}"
            )
    if not by_route:
        lines += ["None of the target clouds needs a secret from us.", ""]
        return lines
    for route, items in by_route.items():
        lines.append(f"Through {route}:")
        lines.append("")
        lines += [f"- {item}" for item in items]
        lines.append("")
    if document.secrets.state.value != "checked":
        # The keyring's diagnosis is for the sender (it is in the findings), not for Microsoft.
        lines += ["Whether each is ready was not checked when this request was prepared.", ""]
    return lines


def _criterion_line(c: CriterionRecord) -> str:
    kind = "required" if c.required else "recommended"
    if c.id == "EX":
        kind = "exception"
    return f"- {c.id} {c.title} ({kind}, {c.threshold}): {_VERDICT_WORDS[c.verdict]}. {c.detail}"


def _ga_section(document: SubmissionDocument) -> list[str]:
    ga = document.ga
    lines = ["## GA readiness", "", f"Verdict: {ga.summary}.", ""]
    lines += [_criterion_line(c) for c in ga.criteria]
    lines.append(_criterion_line(ga.exception))
    lines += ["", MAC_NOTE, ""]
    if ga.eligibility in (Eligibility.ELIGIBLE, Eligibility.ELIGIBLE_BY_EXCEPTION):
        lead = "How to raise the GA request"
    else:
        lead = "How to raise the GA request, once the criteria are met"
    lines += [f'{lead} (the two versions of "{PAGE_TITLE}" differ):', ""]
    lines += [f"- Per {route.page_version}: {route.how}." for route in GA_REQUEST_ROUTES]
    raised = document.project.request.ga_request_raised
    lines += [
        "",
        GA_REQUEST_EMAIL_NOTE,
        GA_MOVE_DURATION,
        "",
        f"GA request raised: {'yes' if raised else 'not yet'}.",
        "",
    ]
    return lines


def _checklist_section(items: list[ChecklistItemRecord], catalog: CloudCatalog) -> list[str]:
    lines = [
        "## Checklist",
        "",
        "[x] done, [ ] missing, [-] not applicable, [?] unverified",
    ]
    current: str | None = "-"
    for item in items:
        if item.cloud is not None:
            group = catalog.get(item.cloud).name
        else:
            group = "Request" if item.id.startswith("Q") else "GA"
        if group != current:
            lines += ["", f"{group}:", ""]
            current = group
        lines.append(f"- {item.state.mark} {item.id} {item.title}: {_one_line(item.detail)}")
    lines.append("")
    return lines


def _findings_section(document: SubmissionDocument) -> list[str]:
    open_findings = [
        f for f in document.findings if f.severity in (Severity.ERROR, Severity.WARNING)
    ]
    notes = [f for f in document.findings if f.severity is Severity.INFO]
    lines = ["## Open findings", ""]
    if not open_findings:
        lines += ["None: no errors or warnings.", ""]
    for f in open_findings:
        where = f"[{f.cloud}] " if f.cloud else ""
        lines.append(
            f"- {f.severity.value.upper()} {f.rule} {where}{f.path}: {_sentence(f.message)} "
            f"Fix: {_sentence(f.hint)}"
        )
    if open_findings:
        lines.append("")
    if notes:
        lines += ["Notes:", ""]
        for f in notes:
            where = f"[{f.cloud}] " if f.cloud else ""
            lines.append(f"- {f.rule} {where}{f.path}: {_sentence(f.message)}")
        lines.append("")
    return lines
