"""The scan's three output formats (the command picks one; this module knows no CLI).

Each is deterministic: the same tree gives the same bytes, whatever the number of jobs.

**text**: a table, one line per connector folder, then the notices and the summary.

**json** (`schema_version` 1):
```
{
  "schema_version": 1,
  "root": "DIR as given",
  "partial": false,                 true when interrupted: the rows scanned so far
  "found": 42,                      rows of the complete scan
  "scanned": 42,                    rows below
  "connectors": [
    {
      "folder": "certified-connectors/Team Forms",   relative to DIR, "/" separators
      "name": "teamforms" | null,                    internal name, when the files hold it
      "display_name": "Team Forms" | null,
      "auth": "oauth2" | "api_key" | "basic" | "none" | null,   null: not imported
      "auth_options": ["oauth2", "basic"],           multi-auth only, else []
      "identity_provider": "aad" | null,
      "redirect_mode": "Global" | "GlobalPerConnector" | "Direct" | null,
      "no_per_connector_redirect": false,            OAuth without …/redirect/<name> (CP230)
      "host_mode": "fixed" | "per_connection" | null,
      "problems": ["bom", "bad-json", …],            parse problems, see PROBLEM_TAGS
      "counts": {"error": 0, "warning": 2, "info": 1},
      "error": null | "why the folder could not be imported",
      "findings": [{"rule", "severity", "cloud", "path", "message", "hint"}, …]
    }
  ],
  "notices": [{"folder": "…", "reason": "symlink loop: …"}],
  "summary": {
    "folders", "not_imported", "no_per_connector_redirect",
    "by_auth": {"oauth2": n, "api_key": n, "basic": n, "none": n, "unknown": n},
    "by_redirect_mode": {"Global": n, "GlobalPerConnector": n, "Direct": n, "none": n},
    "by_problem": {"no-properties": n, …, "not-imported": n},
    "findings": {"error": n, "warning": n, "info": n},
    "by_rule": {"CP101": n, …}
  }
}
```
The findings are the same dicts as `cloudprep check --format json`.

**csv**: one row per connector folder under the fixed header `CSV_HEADER`; lists are joined
with `;`. Controls are removed from cells, and a cell or any part of it after `,` `;` `|`
that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`) gets a leading
`'` (`core.inert_text.csv_cell`). The summary and the notices are not part of the
CSV (use json); a partial CSV is marked by the error line on stderr and exit code 130.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from cloudprep.core.findings import Severity
from cloudprep.core.inert_text import csv_cell
from cloudprep.scan.report import (
    NO_REDIRECT_MODE,
    SEVERITIES,
    ConnectorRow,
    ScanResult,
    ScanSummary,
    summarize,
)

JSON_SCHEMA_VERSION = 1
CSV_HEADER: tuple[str, ...] = (
    "folder",
    "name",
    "display_name",
    "auth",
    "auth_options",
    "identity_provider",
    "redirect_mode",
    "no_per_connector_redirect",
    "host_mode",
    "problems",
    "errors",
    "warnings",
    "infos",
    "error",
)
REDIRECT_FLAG = "!"
"""Marks, in the text table, a connector without the per-connector redirect."""


# ---------------------------------------------------------------- json
def row_document(row: ConnectorRow) -> dict[str, Any]:
    return {
        "folder": row.folder,
        "name": row.name,
        "display_name": row.display_name,
        "auth": row.auth.value if row.auth else None,
        "auth_options": [k.value for k in row.auth_options],
        "identity_provider": row.identity_provider,
        "redirect_mode": row.redirect_mode.value if row.redirect_mode else None,
        "no_per_connector_redirect": row.no_per_connector_redirect,
        "host_mode": row.host_mode,
        "problems": list(row.problems),
        "counts": {s.value: row.count(s) for s in SEVERITIES},
        "error": row.error,
        "findings": [f.to_dict() for f in row.findings],
    }


def summary_document(summary: ScanSummary) -> dict[str, Any]:
    return {
        "folders": summary.folders,
        "not_imported": summary.not_imported,
        "no_per_connector_redirect": summary.no_per_connector_redirect,
        "by_auth": summary.by_auth,
        "by_redirect_mode": summary.by_redirect_mode,
        "by_problem": summary.by_problem,
        "findings": summary.findings,
        "by_rule": summary.by_rule,
    }


def scan_document(result: ScanResult) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "root": result.root,
        "partial": result.partial,
        "found": result.found,
        "scanned": len(result.rows),
        "connectors": [row_document(r) for r in result.rows],
        "notices": [{"folder": n.folder, "reason": n.reason} for n in result.notices],
        "summary": summary_document(summarize(result)),
    }


def render_json(result: ScanResult) -> str:
    return json.dumps(scan_document(result), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- csv
def _cell(value: str | int | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_cell(str(value))  # not a formula in a spreadsheet (CSV injection)


def csv_record(row: ConnectorRow) -> tuple[str, ...]:
    imported = row.error is None
    return tuple(
        _cell(v)
        for v in (
            row.folder,
            row.name,
            row.display_name,
            row.auth.value if row.auth else None,
            ";".join(k.value for k in row.auth_options),
            row.identity_provider,
            row.redirect_mode.value if row.redirect_mode else None,
            row.no_per_connector_redirect if imported else None,
            row.host_mode,
            ";".join(row.problems),
            row.count(Severity.ERROR),
            row.count(Severity.WARNING),
            row.count(Severity.INFO),
            row.error,
        )
    )


def render_csv(result: ScanResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in result.rows:
        writer.writerow(csv_record(row))
    return buffer.getvalue()


# ---------------------------------------------------------------- text
_TABLE_HEADER = (
    "FOLDER",
    "AUTH",
    "OPTIONS",
    "PROVIDER",
    "REDIRECT",
    "NAME",
    "HOST",
    "PROBLEMS",
    "E",
    "W",
    "I",
)
_NONE = "-"


def _printable(text: str) -> str:
    """One line, no terminal control sequences: names come from the files and the tree."""
    line = " ".join(text.split())
    if line.isprintable():  # almost every cell: no character to replace
        return line
    return "".join(ch if ch.isprintable() else "?" for ch in line)


def _text_cells(row: ConnectorRow) -> tuple[str, ...] | None:
    if row.error is not None:
        return None
    redirect = row.redirect_mode.value if row.redirect_mode else _NONE
    if row.no_per_connector_redirect:
        redirect = f"{row.redirect_mode.value if row.redirect_mode else 'unset'} {REDIRECT_FLAG}"
    return (
        row.folder,
        row.auth.value if row.auth else _NONE,
        ",".join(k.value for k in row.auth_options) or _NONE,
        row.identity_provider or _NONE,
        redirect,
        row.name or _NONE,
        row.host_mode or _NONE,
        ",".join(row.problems) or _NONE,
        str(row.count(Severity.ERROR)),
        str(row.count(Severity.WARNING)),
        str(row.count(Severity.INFO)),
    )


def _counts(mapping: dict[str, int], *, keep_zero: bool = False) -> str:
    parts = [f"{key} {n}" for key, n in mapping.items() if n or keep_zero]
    return ", ".join(parts) or _NONE


def _table_lines(rows: tuple[ConnectorRow, ...]) -> list[str]:
    """Aligned columns; a row that could not be imported shows its folder and its error."""
    cells: list[tuple[str, ...] | None] = [_text_cells(r) for r in rows]
    shown = [tuple(_printable(c) for c in row) if row else None for row in cells]
    widths = [len(h) for h in _TABLE_HEADER]
    for row_cells in shown:
        for i, cell in enumerate(row_cells or ()):
            widths[i] = max(widths[i], len(cell))
    counts_from = len(_TABLE_HEADER) - 3  # E, W and I are right-aligned

    def line(values: tuple[str, ...]) -> str:
        padded = [
            v.rjust(widths[i]) if i >= counts_from else v.ljust(widths[i])
            for i, v in enumerate(values)
        ]
        return "  ".join(padded).rstrip()

    lines = [line(_TABLE_HEADER)]
    for row, row_cells in zip(rows, shown, strict=True):
        if row_cells is None:
            folder = _printable(row.folder).ljust(widths[0])
            lines.append(f"{folder}  error: {_printable(row.error or '')}")
        else:
            lines.append(line(row_cells))
    return lines


def render_text(result: ScanResult) -> str:
    lines: list[str] = _table_lines(result.rows) if result.rows else []
    summary = summarize(result)
    if summary.no_per_connector_redirect:
        lines.append("")
        lines.append(
            f"{REDIRECT_FLAG} no per-connector redirect: OAuth 2.0 connectors must use "
            "https://global.consent.azure-apim.net/redirect/<name> since February 2024 (CP230)"
        )
    if result.notices:
        lines.append("")
        lines.append("not scanned:")
        lines.extend(f"  {_printable(n.folder)}: {_printable(n.reason)}" for n in result.notices)
    lines.append("")
    lines.extend(_summary_lines(result, summary))
    return "\n".join(lines).lstrip("\n") + "\n"


def _summary_lines(result: ScanResult, summary: ScanSummary) -> list[str]:
    lines: list[str] = []
    if result.partial:
        lines.append(
            f"PARTIAL RESULT: interrupted after {summary.folders} of "
            f"{_plural(summary.found, 'connector folder')}"
        )
    if not result.rows:
        lines.append(
            f"no connector folders found under {_printable(result.root)}"
            if not result.partial
            else "no connector folder was scanned"
        )
        return lines
    not_imported = (
        f" ({summary.not_imported} could not be imported)" if summary.not_imported else ""
    )
    modes = {k: n for k, n in summary.by_redirect_mode.items() if k != NO_REDIRECT_MODE}
    redirect = _counts(modes)
    if summary.by_redirect_mode.get(NO_REDIRECT_MODE):
        redirect += f"; none {summary.by_redirect_mode[NO_REDIRECT_MODE]}"
    if summary.no_per_connector_redirect:
        redirect += f"; {summary.no_per_connector_redirect} without a per-connector redirect"
    findings = summary.findings
    lines.extend(
        [
            f"{_plural(summary.folders, 'connector folder')}{not_imported}",
            f"auth:      {_counts(summary.by_auth)}",
            f"redirect:  {redirect}",
            f"problems:  {_counts(summary.by_problem)}",
            f"findings:  {_plural(findings['error'], 'error')}, "
            f"{_plural(findings['warning'], 'warning')}, {findings['info']} info",
            f"rules:     {_counts(summary.by_rule)}",
        ]
    )
    return lines


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
