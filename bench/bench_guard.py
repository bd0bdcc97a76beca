"""What the leak guard adds to `cloudprep check` (target: at most 10 %).

`check` without the guard: evaluate the demo project and render the text output. With it:
the same, plus what `check` now does at its boundary: the project's fields matched against
five stored values (CP425/CP426), every finding redacted, and the whole output redacted and
made terminal-safe (`cli.guarded_output.guard_text`). Keyring reads are left out of both
sides: they are the keyring's time, not the guard's.

Two ratios are printed: against `check`'s own work in one warm process (interleaved rounds;
the strictest view), and against a whole `cloudprep check` run as a user starts it (a cold
process, median of a few runs).

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
    findings = guard.redact_findings(sort_findings([*evaluation.findings, *leaks]))
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
    guard_ms = statistics.median(plain) * overhead / 100 * 1000
    cold = cold_check_seconds(runs=5)
    print(
        f"check (demo project, in process): {statistics.median(plain) * 1000:.1f} ms; the leak "
        f"guard adds {overhead:.1f} % ({guard_ms:.1f} ms; median of {rounds} interleaved "
        f"rounds). A whole `cloudprep check` run takes {cold * 1000:.0f} ms: the guard adds "
        f"{guard_ms / (cold * 1000) * 100:.1f} % to it (target <= 10 %)"
    )


def cold_check_seconds(runs: int) -> float:
    """Median wall time of `python -m cloudprep check --no-keyring` on the demo project."""
    import os
    import subprocess
    import tempfile

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    with tempfile.TemporaryDirectory(prefix="cloudprep-bench-") as tmp:
        project = Path(tmp) / "p.json"
        init = [sys.executable, "-m", "cloudprep", "init", "--demo", "-o", str(project)]
        subprocess.run(init, env=env, capture_output=True, check=True)
        argv = [sys.executable, "-m", "cloudprep", "check", str(project), "--no-keyring"]
        times = []
        for _ in range(runs + 1):  # the first run warms the bytecode and file caches
            start = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


if __name__ == "__main__":
    main()
