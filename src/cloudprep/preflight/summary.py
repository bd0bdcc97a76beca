"""The one line per cloud that SUBMISSION.md shows for a current preflight result.

Built from the structured outcome of each check (not from free text), e.g. "Preflight
2026-12-01, from the publisher's network: app and secret valid in the Azure AD Government
directory; endpoint reachable, certificate valid until 2027-03-02."
"""

from __future__ import annotations

from datetime import date

from cloudprep.core.catalog import TargetCloudId
from cloudprep.core.inert_text import markdown_text
from cloudprep.preflight.record import (
    CheckName,
    CheckRecord,
    CloudResult,
    EmbeddedPreflight,
    Outcome,
)


def _by_check(result: CloudResult) -> dict[CheckName, CheckRecord]:
    return {c.check: c for c in result.checks}


def _identity_phrase(checks: dict[CheckName, CheckRecord]) -> str | None:
    tenant = checks.get(CheckName.TENANT)
    app = checks.get(CheckName.APP)
    signin = checks.get(CheckName.SIGNIN)
    # The directory is the one free text here: in a bundle it is read back from a file anyone
    # can edit, so it is made inert Markdown (a catalog name stays as it is).
    if app is not None and app.outcome is Outcome.PASSED:
        return f"app and secret valid in the {markdown_text(app.directory or '')} directory"
    if tenant is not None:
        if tenant.outcome is Outcome.SKIPPED:
            return "tenant and app not checked (no tenant entered)"
        if tenant.outcome is Outcome.PASSED:
            where = (
                f" in the {markdown_text(tenant.directory)} directory" if tenant.directory else ""
            )
            return f"tenant found{where}; app and secret not proven"
        return "tenant not confirmed in this cloud's directory"
    if signin is not None:
        if signin.outcome is Outcome.PASSED:
            return "sign-in host reachable, certificate valid"
        return "sign-in host not reachable"
    return None


def _endpoint_phrase(checks: dict[CheckName, CheckRecord]) -> str | None:
    endpoint = checks.get(CheckName.ENDPOINT)
    if endpoint is None:
        return None
    if endpoint.outcome is Outcome.SKIPPED:
        return "endpoint not checked"
    if endpoint.outcome is Outcome.FAILED:
        return "endpoint not proven reachable"
    phrase = "endpoint reachable"
    if endpoint.certificate_not_after is not None:
        phrase += f", certificate valid until {endpoint.certificate_not_after.isoformat()}"
    if endpoint.outcome is Outcome.WARNING:
        phrase += " (with warnings)"
    return phrase


def preflight_line(result: CloudResult) -> str:
    day = min(c.checked_at for c in result.checks).date().isoformat() if result.checks else "?"
    checks = _by_check(result)
    phrases = [p for p in (_identity_phrase(checks), _endpoint_phrase(checks)) if p]
    return f"Preflight {day}, from the publisher's network: {'; '.join(phrases)}."


def preflight_sentences(preflight: EmbeddedPreflight | None, cloud_id: TargetCloudId) -> list[str]:
    """SUBMISSION.md's note for one cloud: one sentence when a current result exists."""
    if preflight is None:
        return []
    result = preflight.clouds.get(cloud_id)
    return [preflight_line(result)] if result is not None else []


def age_text(preflight: EmbeddedPreflight | None, today: date) -> str:
    """How old the embedded result is, for `validate`'s text (not a finding)."""
    if preflight is None:
        return "preflight: none embedded (cloudprep preflight was not run, or is stale)"
    parts = []
    for cloud_id, result in preflight.clouds.items():
        if not result.checks:
            continue
        day = min(c.checked_at for c in result.checks).date()
        days = (today - day).days
        ago = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
        parts.append(f"{cloud_id} checked {day.isoformat()} ({ago})")
    text = "preflight: " + ("; ".join(parts) if parts else "no check embedded")
    if preflight.stale:
        text += f"; stale when exported, not embedded: {', '.join(preflight.stale)}"
    return text
