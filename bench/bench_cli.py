"""Benchmark: the fast paths `cloudprep --version` and `cloudprep check-url …` against an
empty interpreter, `python -c pass` (issue 15; targets: --version <= 3x, check-url <= 5x).

Method: every sample is a cold process, started the way a user starts cloudprep (the
installed `cloudprep` console script next to this interpreter, else `python -m cloudprep`).
The commands alternate round by round, the order rotated each round, so a busy neighbour
hits all of them alike; the figure is the median over the rounds of each round's ratio to
that round's `python -c pass`, printed with the median times.

    python bench/bench_cli.py [--rounds 21] [--importtime]

`--importtime` also prints the slowest imports of each command (python -X importtime).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {"--version": 3.0, "check-url": 5.0}
URL = "https://global.consent.azure-apihub.us/redirect/contosotasks"


def cloudprep_command() -> list[str]:
    script = Path(sys.executable).with_name("cloudprep")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cloudprep"]


def commands() -> dict[str, list[str]]:
    cloudprep = cloudprep_command()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--version": [*cloudprep, "--version"],
        "check-url": [
            *cloudprep,
            "check-url",
            "redirect",
            URL,
            "--cloud",
            "gcch",
            "--connector",
            "contosotasks",
        ],
    }


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # An installed cloudprep has its bytecode compiled: the warm-up run writes it here.
    proc = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}: {proc.stderr.decode()}")
    return elapsed


def importtime(command: list[str]) -> None:
    if command[0] != sys.executable:  # the console script: run its interpreter
        command = [sys.executable, *command]
    proc = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line[len("import time:") :].split("|")
            if cumulative.strip().isdigit() and not name.startswith("   "):
                rows.append((int(cumulative), name.strip()))
    for micros, name in sorted(rows, reverse=True)[:8]:
        print(f"    {micros / 1000:7.1f} ms  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args(argv)

    runs = commands()
    names = list(runs)
    for command in runs.values():  # warm the OS caches for all alike
        timed(command)
    times: dict[str, list[float]] = {n: [] for n in names}
    for round_no in range(args.rounds):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(timed(runs[name]))

    base = times["python -c pass"]
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {sys.platform}")
    print(f"{args.rounds} interleaved rounds of cold processes; median wall time:")
    print(f"  {'python -c pass':16} {statistics.median(base) * 1000:7.1f} ms")
    for name in names[1:]:
        ratios = [t / b for t, b in zip(times[name], base, strict=True)]
        ratio = statistics.median(ratios)
        target = TARGETS[name]
        verdict = "meets" if ratio <= target else "MISSES"
        print(
            f"  {name:16} {statistics.median(times[name]) * 1000:7.1f} ms   ratio {ratio:.2f}x "
            f"(range {min(ratios):.2f}-{max(ratios):.2f}): {verdict} the {target:g}x target"
        )
    if hasattr(os, "getloadavg"):
        print(f"  load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.importtime:
        for name in names[1:]:
            print(f"\nslowest top-level imports of {name}:")
            importtime(runs[name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
