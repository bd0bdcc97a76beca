"""What the leak guard adds to `cloudprep check`, measured in one process, interleaved.

`check` without the guard: evaluate the demo project and render the text output. With it:
the same, plus what `check` now does at its boundary: the project's fields matched against
five stored values (CP425/CP426), every finding redacted, and the whole output redacted and
made terminal-safe (`cli.guarded_output.guard_text`). Prints the median overhead (target: at
most 10 %). Keyring reads are left out of both sides: they are the keyring's time, not the
guard's.

Run: `.venv/bin/python bench/bench_guard.py [--rounds N]`
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cloudprep.cli.checklist_text import checklist_text
from cloudprep.cli.output import findings_text
from cloudprep.core.evaluation import evaluate_project
from cloudprep.core.findings import sort_findings
from cloudprep.core.inert_text import terminal_text
from cloudprep.core.leak_guard import LeakGuard
from cloudprep.core.leaks import KnownSecret
from cloudprep.core.new_project import demo_project
from cloudprep.core.secret_needs import SecretPresence

STORED = (
    KnownSecret("gcc", "client-secret", "Kq7~9fX3zP1wLm8Rt.vB2nQ0Ys5DhJ4uTe6"),
    KnownSecret("gcch", "client-secret", "Zr4~7hB2nVq0Ys5D.Wc8Mx1Gk3Lp9Fj6Ta"),
    KnownSecret("gcc", "test-username", "zq.tester7x@contosotasks.onmicrosoft.us"),
    KnownSecret("gcc", "test-password", "Vw9!rT2#kQ6$mZ1pGc4"),
    KnownSecret("dod", "test-password", "Hx3@nB8%cL5^dY0sJe7"),
)
PROJECT = demo_project()
PRESENCE = SecretPresence.not_checked()
TODAY = date(2026, 11, 1)


def check_without_guard() -> str:
    evaluation = evaluate_project(PROJECT, presence=PRESENCE, reference_date=TODAY)
    return findings_text(evaluation.findings) + checklist_text(evaluation.checklist)


def check_with_guard() -> str:
    guard = LeakGuard(STORED)
    leaks = guard.project_findings(PROJECT)
    evaluation = evaluate_project(PROJECT, presence=PRESENCE, reference_date=TODAY)
    findings = [guard.redact_finding(f) for f in sort_findings([*evaluation.findings, *leaks])]
    text = findings_text(findings) + checklist_text(evaluation.checklist)
    return terminal_text(guard.redact(text))


def timed(run: Callable[[], str]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=41)
    rounds = parser.parse_args().rounds
    check_without_guard(), check_with_guard()  # warm caches (catalog, imports)
    ratios: list[float] = []
    plain: list[float] = []
    for i in range(rounds):
        pair = (check_without_guard, check_with_guard)
        first, second = pair if i % 2 == 0 else pair[::-1]
        times = {first: timed(first), second: timed(second)}
        plain.append(times[check_without_guard])
        ratios.append(times[check_with_guard] / times[check_without_guard])
    overhead = (statistics.median(ratios) - 1) * 100
    print(
        f"check (demo project, in process): {statistics.median(plain) * 1000:.1f} ms; the leak "
        f"guard adds {overhead:.1f} % (median of {rounds} interleaved rounds; target <= 10 %)"
    )


if __name__ == "__main__":
    main()
