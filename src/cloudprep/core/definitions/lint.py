"""The lint of one cloud's connector files (CP8xx), generated or edited by hand.

- Every string (values and keys) in both files is searched for host names. A host of another
  cloud's Microsoft service (each family of the catalog: sign-in and issuer, consent, Graph,
  Power BI, Resource Manager, Key Vault, Storage, SQL, Office 365 Management, SharePoint,
  Outlook) is an error (CP801) at its JSON pointer. Another cloud's Azure hosting (App
  Service, API Management: the publisher's own backend, which may be reachable) is a warning
  (CP810), as the endpoint rules judge it. Hosts the catalog does not know (a generic OAuth
  provider's own) are left alone.
- Both files are validated against the published connector schemas. A mismatch the
  commercial source has too is information (CP803: the schema is older than what Microsoft
  certifies); a mismatch the cloud's file adds is an error (CP802). Without the commercial
  files to compare with (a bundle, or `--check` without the source) a mismatch is CP803 at
  warning: it may be the schema's age.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache

from cloudprep.core.definitions.cloud_values import cloud_short_name, foreign_host
from cloudprep.core.definitions.files import ConnectorFile
from cloudprep.core.definitions.json_text import JsonText, walk_keys, walk_strings
from cloudprep.core.definitions.schemas import (
    SchemaViolation,
    file_pointer,
    schema_violations,
)
from cloudprep.core.findings import MESSAGE_LIMIT, Finding, Severity, sort_findings
from cloudprep.core.rules import definitions as rules

_HOST = re.compile(
    r"(?<![A-Za-z0-9-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
    r"(?![A-Za-z0-9-])"
)


def _short(message: str) -> str:
    """A message within the one-sentence limit (the schema's words can run long)."""
    if len(message) <= MESSAGE_LIMIT:
        return message
    return message[: MESSAGE_LIMIT - 1] + "…"


def hosts_in(text: str) -> list[str]:
    """The host names in `text` (in URLs, bare, or after an `@`), lowercased, in order."""
    return list(dict.fromkeys(m.group(1).lower() for m in _HOST.finditer(text)))


def lint_files(
    cloud_id: str,
    files: Mapping[ConnectorFile, JsonText],
    baseline: Mapping[ConnectorFile, JsonText] | None = None,
    *,
    endpoint_confirmed: bool = False,
) -> list[Finding]:
    """Every CP8xx finding for `cloud_id`'s `files`; `baseline` is the commercial source.
    `endpoint_confirmed`: the publisher confirmed the commercial backend for this cloud
    (`clouds.<id>.endpoint.confirmed`), so its Azure hosting is information, not a warning."""
    findings: list[Finding] = []
    for kind, document in files.items():
        findings.extend(_hosts(cloud_id, kind, document, endpoint_confirmed))
        before = baseline.get(kind) if baseline is not None else None
        findings.extend(_schema(cloud_id, kind, document, before))
    return sort_findings(findings)


def _strings(document: JsonText) -> list[tuple[str, str]]:
    """(pointer, text) for every string value and every key, in file order."""
    values = [(pointer, str(node.value)) for pointer, node in walk_strings(document.root)]
    keys = [(pointer, member.key) for pointer, member in walk_keys(document.root)]
    return values + keys


_DOCUMENTATION = frozenset(
    {
        "description", "summary", "title", "x-ms-summary", "tooltip", "displayName",
        "example", "examples", "x-example", "x-ms-examples", "externalDocs", "info",
        "x-ms-connector-metadata", "termsOfService",
    }
)  # fmt: skip
"""Members whose text is shown to people or is an example, never used to connect."""


def _is_documentation(pointer: str) -> bool:
    segments = (s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/"))
    return any(segment in _DOCUMENTATION for segment in segments)


def _hosts(
    cloud_id: str, kind: ConnectorFile, document: JsonText, endpoint_confirmed: bool
) -> list[Finding]:
    findings = []
    for pointer, text in _strings(document):
        for host in hosts_in(text):
            wrong = foreign_host(host, cloud_id)
            if wrong is None:
                continue
            if _is_documentation(pointer):
                rule = rules.OTHER_CLOUD_HOST_IN_TEXT
            elif wrong.hosting:
                rule = rules.OTHER_CLOUD_HOSTING
            else:
                rule = rules.OTHER_CLOUD_HOST
            confirmed = wrong.hosting and endpoint_confirmed
            use = f"use this cloud's {wrong.expected}; " if wrong.expected else ""
            findings.append(
                rule.finding(
                    _short(
                        f"names {host}, the {wrong.family} host of {', '.join(wrong.owners)}, "
                        f"not of {cloud_short_name(cloud_id)}"
                    ),
                    path=file_pointer(kind, pointer),
                    cloud=cloud_id,
                    hint=use + rule.hint,
                    severity=Severity.INFO if confirmed else None,
                )
            )
    return findings


def _violations(kind: ConnectorFile, document: JsonText) -> tuple[SchemaViolation, ...]:
    return _violations_of_text(kind, document.text)


@lru_cache(maxsize=32)
def _violations_of_text(kind: ConnectorFile, text: str) -> tuple[SchemaViolation, ...]:
    # Validating a large swagger takes a while; the commercial file is the baseline of every
    # cloud, and an unchanged file has the same answer.
    return tuple(schema_violations(kind, json.loads(text)))


def _schema(
    cloud_id: str, kind: ConnectorFile, document: JsonText, baseline: JsonText | None
) -> list[Finding]:
    inherited = (
        {(v.pointer, v.keyword) for v in _violations(kind, baseline)}
        if baseline is not None
        else set()
    )
    findings = []
    for violation in _violations(kind, document):
        where = file_pointer(kind, violation.pointer)
        if baseline is None:
            # Nothing to compare with: it may be the schema's age (most certified files
            # fail it somewhere), so it is said, but not as an error.
            findings.append(
                rules.SCHEMA_MISMATCH_INHERITED.finding(
                    _short(
                        "does not match the published schema (no commercial file to compare "
                        f"with): {violation.message}"
                    ),
                    path=where,
                    cloud=cloud_id,
                    severity=Severity.WARNING,
                )
            )
        elif (violation.pointer, violation.keyword) in inherited:
            findings.append(
                rules.SCHEMA_MISMATCH_INHERITED.finding(
                    _short(
                        "does not match the published schema, as in the commercial file: "
                        f"{violation.message}"
                    ),
                    path=where,
                    cloud=cloud_id,
                )
            )
        else:
            findings.append(
                rules.SCHEMA_MISMATCH.finding(
                    _short(f"does not match the published schema: {violation.message}"),
                    path=where,
                    cloud=cloud_id,
                )
            )
    return findings
