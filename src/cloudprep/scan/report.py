"""What a scan reports: one row per connector folder, the summary, and the exit decision.

Plain frozen dataclasses, so a row made in a worker process pickles back unchanged. Every
value comes from the `ImportResult` of `import_connector` (the same import as
`cloudprep init --from-connector`) and from its findings: the scan judges nothing itself.
A parse problem is the tag of an import finding (CP11x, CP120, CP121, CP126), and the
"no per-connector redirect" flag is rule CP230, so `scan`, `init` and `check` always agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cloudprep.core import connector_import as import_rules
from cloudprep.core.findings import Finding, Severity
from cloudprep.core.model_kinds import AuthKind, RedirectMode
from cloudprep.core.rules import connector as rules
from cloudprep.scan.discovery import ScanNotice

if TYPE_CHECKING:
    from cloudprep.core.connector_import import ImportResult

PROBLEM_TAGS: dict[str, str] = {
    import_rules.PROPERTIES_MISSING.id: "no-properties",
    import_rules.SWAGGER_MISSING.id: "no-swagger",
    import_rules.FILE_MISNAMED.id: "misnamed-file",
    import_rules.SWAGGER_AMBIGUOUS.id: "several-swaggers",
    import_rules.FILE_HAS_BOM.id: "bom",
    import_rules.FILE_NOT_UTF8.id: "not-utf8",
    import_rules.FILE_NOT_JSON.id: "bad-json",
    import_rules.FILE_TOO_BIG.id: "too-big",
    import_rules.SWAGGER_IS_YAML.id: "yaml-swagger",
    import_rules.FILE_SHAPE.id: "bad-shape",
    import_rules.PART_IGNORED.id: "part-ignored",
    import_rules.NOT_SWAGGER_2.id: "not-swagger-2",
    import_rules.FILE_UNREADABLE.id: "unreadable-file",
}
"""Parse problems: the import finding's rule id → the tag a row and the summary show."""

NOT_IMPORTED = "not-imported"
"""The problem tag of a row whose folder could not be imported at all (its `error`)."""

PROBLEM_ORDER: tuple[str, ...] = (*PROBLEM_TAGS.values(), NOT_IMPORTED)
NO_REDIRECT_MODE = "none"
"""The redirect-mode key of a connector without one (not OAuth, or not set in the files)."""
UNKNOWN_AUTH = "unknown"
"""The auth key of a row whose folder could not be imported."""
SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class ConnectorRow:
    """One connector folder: what its import found, or why it could not be imported."""

    folder: str
    """Relative to DIR, with `/` separators (`.` for DIR itself)."""
    name: str | None = None
    """The internal API name when the files hold it (a per-connector redirect URL)."""
    display_name: str | None = None
    auth: AuthKind | None = None
    """None only when the folder could not be imported (`error`)."""
    auth_options: tuple[AuthKind, ...] = ()
    identity_provider: str | None = None
    redirect_mode: RedirectMode | None = None
    no_per_connector_redirect: bool = False
    """An OAuth connector without the per-connector redirect (rule CP230)."""
    host_mode: str | None = None
    """`fixed` or `per_connection`; None when not imported."""
    problems: tuple[str, ...] = ()
    """Parse problems, as tags in `PROBLEM_ORDER`."""
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    """Why the folder could not be imported at all; None when it was."""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def worst(self) -> Severity | None:
        """The row's worst severity; a folder that could not be imported counts as an error."""
        if self.error is not None:
            return Severity.ERROR
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)


def row_from_import(folder: str, result: ImportResult) -> ConnectorRow:
    connector = result.section
    tags = {PROBLEM_TAGS[f.rule] for f in result.findings if f.rule in PROBLEM_TAGS}
    return ConnectorRow(
        folder=folder,
        name=connector.name,
        display_name=connector.display_name or None,
        auth=connector.auth,
        auth_options=tuple(connector.auth_options),
        identity_provider=connector.identity_provider,
        redirect_mode=result.redirect_mode,
        no_per_connector_redirect=any(
            f.rule == rules.REDIRECT_NOT_PER_CONNECTOR.id for f in result.findings
        ),
        host_mode=connector.endpoint.host_mode.value,
        problems=tuple(t for t in PROBLEM_ORDER if t in tags),
        findings=tuple(result.findings),
    )


def error_row(folder: str, error: str) -> ConnectorRow:
    return ConnectorRow(folder=folder, problems=(NOT_IMPORTED,), error=error)


@dataclass(frozen=True)
class ScanResult:
    root: str
    """DIR as the user gave it."""
    rows: tuple[ConnectorRow, ...]
    """In the scan's order; fewer than `found` when the scan was interrupted."""
    found: int
    """How many rows the complete scan has (connector folders plus unreadable folders)."""
    notices: tuple[ScanNotice, ...] = ()
    interrupted: bool = False

    @property
    def partial(self) -> bool:
        return self.interrupted or len(self.rows) < self.found


@dataclass(frozen=True)
class ScanSummary:
    folders: int
    """Rows in the result (all of them, or those scanned before an interrupt)."""
    found: int
    not_imported: int
    by_auth: dict[str, int]
    """Every auth kind (zero included), then `unknown` for rows not imported."""
    by_redirect_mode: dict[str, int]
    """Every redirect mode (zero included), then `none`."""
    no_per_connector_redirect: int
    by_problem: dict[str, int]
    """Rows with each parse problem (zero included), in `PROBLEM_ORDER`."""
    findings: dict[str, int]
    """Findings over all rows, by severity: error, warning, info."""
    by_rule: dict[str, int]
    """Findings over all rows by rule id (only the ids that occur), sorted."""


def summarize(result: ScanResult) -> ScanSummary:
    rows = result.rows
    auth = Counter(r.auth.value if r.auth else UNKNOWN_AUTH for r in rows)
    modes = Counter(r.redirect_mode.value if r.redirect_mode else NO_REDIRECT_MODE for r in rows)
    problems = Counter(tag for r in rows for tag in r.problems)
    severities = Counter(f.severity for r in rows for f in r.findings)
    by_rule = Counter(f.rule for r in rows for f in r.findings)
    return ScanSummary(
        folders=len(rows),
        found=result.found,
        not_imported=sum(1 for r in rows if r.error is not None),
        by_auth={key: auth[key] for key in (*(k.value for k in AuthKind), UNKNOWN_AUTH)},
        by_redirect_mode={
            key: modes[key] for key in (*(m.value for m in RedirectMode), NO_REDIRECT_MODE)
        },
        no_per_connector_redirect=sum(1 for r in rows if r.no_per_connector_redirect),
        by_problem={tag: problems[tag] for tag in PROBLEM_ORDER},
        findings={s.value: severities[s] for s in SEVERITIES},
        by_rule=dict(sorted(by_rule.items())),
    )


def fails(result: ScanResult, fail_on: Severity) -> bool:
    """True when a row reaches `fail_on` (a folder that could not be imported is an error)."""
    return any(r.worst is not None and r.worst.at_least(fail_on) for r in result.rows)
