"""What the cloud step suggests for a field, from the cloud requirements (the one answer
`core.requirements` gives): the sign-in URI, the resource URI and the exact redirect.

A suggestion is offered, never filled in: the field stays empty (or as the user left it)
until the user accepts it. It is offered only for a field that is empty or that has a
finding at it, and only when it differs from what is there.
"""

from __future__ import annotations

from collections.abc import Sequence

from cloudprep.core.findings import Finding, Severity
from cloudprep.core.models import Project
from cloudprep.core.requirements import CloudRequirements
from cloudprep.tui.project_paths import get_value, path_matches


def suggested_values(requirements: CloudRequirements, base: str) -> dict[str, str]:
    """Field path → the value the requirements name for it (only the known ones)."""
    values: dict[str, str] = {}
    if not requirements.identity.oauth_app_needed:
        return values
    if requirements.login.applies:
        values[f"{base}.oauth_app.login_uri"] = (
            requirements.login.mapped.value or requirements.login.uri
        )
    resource = requirements.resource.mapped.value
    if resource:
        values[f"{base}.oauth_app.resource_uri"] = resource
    redirect = requirements.redirect.exact.value
    if requirements.redirect.needed and redirect:
        values[f"{base}.oauth_app.redirect_urls"] = redirect
    return values


def open_suggestions(
    project: Project, values: dict[str, str], findings: Sequence[Finding]
) -> dict[str, str]:
    """The suggestions worth offering: the field is empty or has a finding, and differs."""
    offered: dict[str, str] = {}
    for path, value in values.items():
        current = get_value(project, path)
        if isinstance(current, list):
            if value in current:
                continue
        elif current == value:
            continue
        flagged = any(
            path_matches(f.path, path) and f.severity is not Severity.INFO for f in findings
        )
        if not current or flagged:
            offered[path] = value
    return offered
