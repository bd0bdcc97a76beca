"""One engine for the URL problems every field kind reports, driven by a policy per kind.

`urls.inspect_url` names what is wrong with a URL (http, user-info, a port, a homoglyph …)
and judges nothing. Whether each problem matters, and as which rule, depends on the field:
a port is an error in a redirect (matched exactly) and fine on a backend; a query is an
error on a Microsoft login host and fine on a publisher's own authorization URL. Each field
kind declares that as a `UrlPolicy` (redirect, endpoint, login, resource), and
`report_url_problems` applies it; `FindingSink` is the one way those rules emit a finding
(`<path>: <what>.` with the rule's hint unless a better one is given).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from cloudprep.core.catalog import CloudCatalog
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.rules.base import Rule
from cloudprep.core.urls import (
    InspectedUrl,
    UrlProblemKind,
    imitation,
    lookalike_of,
    microsoft_hosts,
)

DISGUISES = (
    UrlProblemKind.NON_ASCII_HOST,
    UrlProblemKind.PUNYCODE_HOST,
    UrlProblemKind.ENCODED_HOST,
)
"""Host spellings that hide what the host is (homoglyphs, punycode, %-escapes)."""


class UrlPolicy(NamedTuple):
    """How one field kind reports the URL problems `inspect_url` finds."""

    name: str
    always: Mapping[UrlProblemKind, Rule]
    """Problems reported whatever the host, each as its rule (and the rule's severity)."""
    strict: Mapping[UrlProblemKind, Rule] = MappingProxyType({})
    """Problems reported only when the caller asks for strictness (a Microsoft host, where
    the value must be exact)."""
    names_imitation: bool = True
    """A disguised host's finding says which Microsoft host it imitates."""

    def rule_for(self, kind: UrlProblemKind, *, strict: bool) -> Rule | None:
        return self.always.get(kind) or (self.strict.get(kind) if strict else None)


class FindingSink:
    """Where the rules of one value put their findings, all shaped alike."""

    __slots__ = ("cloud", "default_hint", "findings", "path", "subject")

    def __init__(
        self,
        path: str,
        cloud: str | None,
        subject: str = "",
        default_hint: Callable[[Rule], str] | None = None,
        findings: list[Finding] | None = None,
    ) -> None:
        self.path = path
        self.cloud = cloud
        self.subject = subject
        """How the message names the field (default: `path`)."""
        self.default_hint = default_hint
        """The hint when a finding gives none (default: the rule's own)."""
        self.findings: list[Finding] = [] if findings is None else findings
        """Appended to (a list given here is shared with the caller)."""

    def emit(
        self,
        rule: Rule,
        what: str,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        if hint is None and self.default_hint is not None:
            hint = self.default_hint(rule)
        self.findings.append(
            rule.finding(
                f"{self.subject or self.path}: {what}.",
                path=self.path,
                cloud=self.cloud,
                hint=hint,
                severity=severity,
            )
        )


def report_url_problems(
    inspected: InspectedUrl,
    policy: UrlPolicy,
    sink: FindingSink,
    *,
    catalog: CloudCatalog,
    strict: bool = False,
) -> None:
    """Emit one finding per problem of `inspected` that `policy` reports. A disguised host
    is named with the Microsoft host it imitates (once), when the policy says so."""
    imitated = None
    if policy.names_imitation and inspected.has(*DISGUISES) and inspected.host:
        imitated = lookalike_of(inspected.host, microsoft_hosts(catalog))
    for problem in inspected.problems:
        rule = policy.rule_for(problem.kind, strict=strict)
        if rule is None:
            continue
        detail = problem.detail
        if problem.kind in DISGUISES and imitated:
            detail, imitated = imitation(problem, imitated), None
        sink.emit(rule, detail)
