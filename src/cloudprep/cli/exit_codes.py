"""Exit codes (PRODUCT §8) and the one place exceptions become messages and codes."""

from __future__ import annotations

import sys
from enum import IntEnum
from typing import TextIO

from cloudprep.core.findings import Finding, Severity
from cloudprep.errors import (
    CloudprepError,
    KeyringUnavailable,
    SecretLeakRefused,
)


class ExitCode(IntEnum):
    OK = 0
    """Done; no finding at or above --fail-on."""
    FINDINGS = 1
    """Done; findings at or above --fail-on (for `bundle`: the bundle was written)."""
    USAGE = 2
    """Usage error, or input that is unsafe or cannot be parsed."""
    KEYRING_UNAVAILABLE = 3
    """The keyring is unavailable for an operation that needs it."""
    REFUSED_SECRET = 4
    """Refused: the output would contain a secret; nothing was written."""
    INTERRUPTED = 130


def exit_code_for(error: CloudprepError) -> ExitCode:
    if isinstance(error, KeyringUnavailable):
        return ExitCode.KEYRING_UNAVAILABLE
    if isinstance(error, SecretLeakRefused):
        return ExitCode.REFUSED_SECRET
    # UsageError, InputError and any other CloudprepError: the input or usage is at fault.
    return ExitCode.USAGE


def report_error(message: str, hints: tuple[str, ...] = (), stream: TextIO | None = None) -> None:
    """`cloudprep: error: …` on one line, then indented hint lines."""
    out = stream or sys.stderr
    flat = " ".join(message.split())
    print(f"cloudprep: error: {flat}", file=out)
    for hint in hints:
        print(f"  {' '.join(hint.split())}", file=out)


def report_warning(message: str, stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    print(f"cloudprep: warning: {' '.join(message.split())}", file=out)


def exit_for_findings(findings: list[Finding], fail_on: Severity) -> ExitCode:
    if any(f.severity.at_least(fail_on) for f in findings):
        return ExitCode.FINDINGS
    return ExitCode.OK
