"""SARIF 2.1.0 for `cloudprep validate --format sarif` (checked against the OASIS schema in
the tests, never at run time)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from cloudprep import __version__
from cloudprep.bundle.validate import ValidationReport
from cloudprep.core.findings import Severity
from cloudprep.core.rules.registry import all_rules

SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif_report(report: ValidationReport) -> dict[str, Any]:
    """One run: every cloudprep rule (id, title, help), and one result per finding with the
    bundle file as a relative artifact URI and, where known, the real line."""
    rules = all_rules()
    index = {rule.id: i for i, rule in enumerate(rules)}
    by_id = {rule.id: rule for rule in rules}
    results: list[dict[str, Any]] = []
    for located in report.results:
        finding = located.finding
        # A URI reference: a file named "my notes.txt" is "my%20notes.txt".
        physical: dict[str, Any] = {"artifactLocation": {"uri": quote(located.file, safe="/")}}
        if located.line is not None:
            physical["region"] = {"startLine": located.line}
        location: dict[str, Any] = {"physicalLocation": physical}
        if finding.path:
            location["logicalLocations"] = [{"fullyQualifiedName": finding.path}]
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": _LEVELS[finding.severity],
            # The short message only: the fix is the rule's `help`, and a long remedy
            # (`more`) is for the terminal, not for an uploaded log.
            "message": {"text": finding.message},
            "locations": [location],
        }
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        properties: dict[str, str] = {}
        if finding.cloud:
            properties["cloud"] = finding.cloud
        if finding.hint and (finding.rule not in by_id or finding.hint != by_id[finding.rule].hint):
            properties["help"] = finding.hint  # this finding's own fix, where it differs
        if properties:
            result["properties"] = properties
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cloudprep",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule.id,
                                "name": rule.id,
                                "shortDescription": {"text": rule.title},
                                "fullDescription": {"text": rule.title},
                                "help": {"text": rule.hint},
                                "defaultConfiguration": {"level": _LEVELS[rule.severity]},
                                "properties": {"scope": rule.scope.value},
                            }
                            for rule in rules
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
