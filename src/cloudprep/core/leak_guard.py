"""The leak guard: the one matcher (`cloudprep.core.leaks`) applied to a project and to
every text that leaves the process.

A stored secret found in a project field is an error finding (CP425) naming the field and
the secret's cloud and kind, never the value; a field that looks like a secret by pattern
alone is CP426. Any other text that would echo such a field shows `REDACTED` instead
(`LeakGuard.redact`). The guard is pure: the stored values are passed in by an adapter
(`cloudprep.bundle.secret_source`), which reads them from the keyring.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from cloudprep.core.catalog import load_catalog
from cloudprep.core.findings import Finding
from cloudprep.core.leaks import (
    LEAKED_VALUE_RULE,
    KnownSecret,
    RawHit,
    SecretMatcher,
    scan_text,
)
from cloudprep.core.project_text import field_cloud, project_text_fields

if TYPE_CHECKING:  # `scan` applies the patterns without loading pydantic
    from cloudprep.core.models import Project

REDACTED = "[redacted: matches a stored secret]"
"""What any message shows instead of a field value (or part) that matches a stored secret."""
REDACTED_PATTERN = "[redacted: looks like a secret]"
"""What any message shows instead of a value that looks like a secret by its pattern."""

_MAX_FIELD_SCANNED = 1_000_000
_FIELD_SEPARATOR = "\n\x00\n"


class FieldLeak(NamedTuple):
    """A project field that holds a stored secret (`secret` set) or looks like one."""

    path: str
    field_cloud: str | None
    """The cloud whose configuration holds the field (None for connector/project fields)."""
    secret: KnownSecret | None
    what: str
    """What was found, e.g. `the gcch client-secret: the whole value`; never the value."""


class LeakGuard:
    """The stored secrets of one project (possibly none), ready to test fields and to
    redact texts. `stored_values_checked` is False when the keyring could not be read or
    was not asked: then only the patterns apply."""

    def __init__(
        self, secrets: Iterable[KnownSecret] = (), *, stored_values_checked: bool = True
    ) -> None:
        self._matcher = SecretMatcher(tuple(secrets))
        self.stored_values_checked = stored_values_checked
        self._leaking_values: dict[str, str] = {}
        """Field values found to leak, and the mark that replaces them in any message."""

    @classmethod
    def patterns_only(cls) -> LeakGuard:
        return cls((), stored_values_checked=False)

    def field_leaks(self, fields: Iterable[tuple[str, str]]) -> list[FieldLeak]:
        """The fields that hold a stored secret (whole, or any 8-character piece, in any
        encoding) or something that looks like a secret. Remembers their values, so that
        `redact` hides them in every later message.

        The fields are scanned as one text (joined by a line break and a NUL, which no
        value and no pattern crosses): one pass of the matcher, not one per field."""
        pairs = [(path, value[:_MAX_FIELD_SCANNED]) for path, value in fields]
        starts: list[int] = []
        at = 0
        for _, value in pairs:
            starts.append(at)
            at += len(value) + len(_FIELD_SEPARATOR)
        hits_by_field: dict[int, list[RawHit]] = {}
        for hit in scan_text(_FIELD_SEPARATOR.join(v for _, v in pairs), self._matcher):
            hits_by_field.setdefault(bisect_right(starts, hit.offset) - 1, []).append(hit)
        leaks: list[FieldLeak] = []
        for index, (path, value) in enumerate(pairs):
            leak = self._field_leak(path, value, hits_by_field.get(index, []))
            if leak is None:
                continue
            leaks.append(leak)
            mark = REDACTED if leak.secret is not None else REDACTED_PATTERN
            if value.strip():
                self._leaking_values.setdefault(value, mark)
                self._leaking_values.setdefault(value.strip(), mark)
        return leaks

    def _field_leak(self, path: str, value: str, hits: list[RawHit]) -> FieldLeak | None:
        cloud = field_cloud(path)
        whole = self._matcher.whole_value(value) if self._matcher else None
        if whole is not None:
            return FieldLeak(path, cloud, whole, f"{whole.describe()}: the whole value")
        for hit in hits:
            if hit.rule_id == LEAKED_VALUE_RULE:
                return FieldLeak(path, cloud, self._secret_of(hit), hit.what)
        if hits:
            return FieldLeak(path, cloud, None, hits[0].what)
        return None

    def _secret_of(self, hit: RawHit) -> KnownSecret:
        # The hit names the secret ("the gcch client-secret: …"); its kind and cloud are
        # what a finding needs, and the value stays in the matcher.
        head = hit.what.split(":")[0].removeprefix("the ")
        cloud, _, kind = head.partition(" ")
        return KnownSecret(cloud, kind)

    def project_findings(self, project: Project) -> list[Finding]:
        """CP425 for each field holding a stored secret, CP426 for each that looks like a
        secret by pattern only."""

        return self.fields_findings(project_text_fields(project))

    def fields_findings(self, fields: Iterable[tuple[str, str]]) -> list[Finding]:
        """`project_findings` for any (path, value) fields, e.g. an imported connector's."""
        from cloudprep.core.rules.secrets import FIELD_LOOKS_LIKE_SECRET, STORED_SECRET_IN_FIELD

        findings: list[Finding] = []
        for leak in self.field_leaks(fields):
            if leak.secret is not None:
                findings.append(
                    STORED_SECRET_IN_FIELD.finding(
                        f"{_secret_name(leak.secret)} is in {leak.path}",
                        path=leak.path,
                        cloud=leak.field_cloud,
                    )
                )
            else:
                findings.append(
                    FIELD_LOOKS_LIKE_SECRET.finding(
                        f"{leak.path} holds {leak.what.split(':')[0]}",
                        path=leak.path,
                        cloud=leak.field_cloud,
                    )
                )
        return findings

    def redact(self, text: str) -> str:
        """`text` with every leaking field value and every stored secret (any encoding, any
        8-character piece) replaced by a redaction mark."""
        if not text:
            return text
        for value in sorted(self._leaking_values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, self._leaking_values[value])
        if not self._matcher:
            return text
        spans = sorted((h.offset, h.offset + h.length) for h in self._matcher.find(text))
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            elif end > start:
                merged.append([start, end])
        for start, end in reversed(merged):
            text = text[:start] + REDACTED + text[end:]
        return text

    def needs_redaction(self, text: str) -> bool:
        """Whether `redact` would change `text` (one pass; most texts need nothing)."""
        if any(value in text for value in self._leaking_values):
            return True
        return bool(self._matcher) and bool(self._matcher.find(text))

    def redact_findings(self, findings: list[Finding]) -> list[Finding]:
        """`redact_finding` for each, after one check of all their texts together."""
        joined = _FIELD_SEPARATOR.join(t for f in findings for t in (f.message, f.hint))
        if not self.needs_redaction(joined):
            return findings
        return [self.redact_finding(f) for f in findings]

    def redact_finding(self, finding: Finding) -> Finding:

        message, hint = self.redact(finding.message), self.redact(finding.hint)
        if message == finding.message and hint == finding.hint:
            return finding
        return finding._replace(message=message, hint=hint)


def _secret_name(secret: KnownSecret) -> str:
    """`the GCC High client secret`: the cloud's display name and the kind's words."""
    try:
        cloud = load_catalog().get(secret.cloud).name
    except KeyError:
        cloud = secret.cloud
    return f"the {cloud} {secret.kind.replace('-', ' ')}"
