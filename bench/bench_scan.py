"""Benchmark: `cloudprep scan` over ~1,000 connector folders vs a script that only json.loads
the same files (issue 6; target: scan <= 1.5x the baseline).

Method:
- the corpus is made by make_scan_corpus.py unless it already exists: 1,033 folders in the
  PowerPlatformConnectors layout, made from ../shared/corpus to the public repository's
  file-size distribution (about 80 MB of JSON, median file 3.8 KB, 90th percentile 97 KB,
  largest 1.1 MB);
- every timed run is a cold run, a new interpreter: `python -m cloudprep scan DIR` (stdout to
  /dev/null, the default text format, so no progress bar) and
  `python bench/json_load_baseline.py DIR`;
- one untimed run of each first, so the OS file cache is equally warm for all of them;
- rounds are interleaved (baseline, scan --jobs 1, scan --jobs 2, scan with the default
  jobs, the order rotated every round), so a noisy neighbour hits all variants alike;
- the figure is the median over the rounds of each round's ratio (scan / baseline, wall
  clock), printed with the medians themselves and the CPU time (user + sys, children
  included) of each variant.

    python bench/bench_scan.py [--rounds 9] [--corpus DIR] [--profile]

`--profile` also prints the CPU time by stage (process start-up, imports, read + json.loads,
the rest of the import, the leak-pattern scan, the rules, and what --jobs 2's workers add,
moving the rows back included), the slowest imports of the scan (python -X importtime) and
the functions that dominate an in-process scan (cProfile, --jobs 1).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SRC = REPO / "src"
TARGET_RATIO = 1.5

sys.path.insert(0, str(BENCH))
from make_scan_corpus import (  # noqa: E402
    DEFAULT_OUT,
    DEFAULT_SOURCE,
    REAL_CONNECTORS,
    describe,
    make_corpus,
)


def _env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{path}" if path else str(SRC)}
    # An installed cloudprep has its bytecode compiled: let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def variants(corpus: Path) -> dict[str, list[str]]:
    scan = [sys.executable, "-m", "cloudprep", "scan", str(corpus)]
    return {
        "baseline": [sys.executable, str(BENCH / "json_load_baseline.py"), str(corpus)],
        "scan --jobs 1": [*scan, "--jobs", "1"],
        "scan --jobs 2": [*scan, "--jobs", "2"],
        "scan (default jobs)": scan,
    }


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child and its workers) for one cold run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(), check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}:\n{proc.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def check_scan(corpus: Path, expected: int) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cloudprep", "scan", str(corpus), "--format", "json"],
        capture_output=True,
        env=_env(),
        check=False,
    )
    document = json.loads(proc.stdout)
    if document["scanned"] != expected:
        raise SystemExit(f"the scan found {document['scanned']} folders, not {expected}")


def _child_cpu(command: list[str], runs: int = 5) -> float:
    """Median CPU seconds (user + sys) of a cold process."""
    samples = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, stdout=subprocess.DEVNULL, env=_env(), check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(samples)


def _scan_cpu(corpus: Path, jobs: int, runs: int = 3) -> float:
    """CPU seconds of an in-process `scan_tree`, its worker processes included: the least of
    `runs` runs, as other work on the machine only ever adds to it."""
    from cloudprep.scan.runner import scan_tree

    samples = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.process_time()
        scan_tree(corpus, jobs=jobs)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        children = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        samples.append(time.process_time() - start + children)
    return min(samples)


def _parse_cpu(corpus: Path) -> float:
    """CPU seconds to read and json.loads every file, as the baseline does."""
    start = time.process_time()
    for folder, _, files in os.walk(corpus):
        for name in files:
            if name.lower().endswith(".json"):
                data = Path(folder, name).read_bytes()
                with contextlib.suppress(ValueError):  # the corpus's broken files
                    json.loads(data)
    return time.process_time() - start


def where_the_time_goes(corpus: Path) -> None:
    """CPU seconds by stage, each the least of several runs: process start-up, imports,
    reading and parsing the JSON, the import of each folder without the rules and the leak
    scan, the leak-pattern scan of the imported fields, the rules, and what workers add
    (their start-up, and moving the rows back: pickled there, unpickled here)."""
    import pickle

    sys.path.insert(0, str(SRC))
    import cloudprep.core.rules.connector as connector_rules
    import cloudprep.scan.runner as runner
    from cloudprep.scan.runner import scan_tree

    startup = _child_cpu([sys.executable, "-c", "pass"])
    scan_imports = "import cloudprep.cli.commands.scan, cloudprep.scan.runner"
    imports = _child_cpu([sys.executable, "-c", scan_imports]) - startup
    parse = min(_parse_cpu(corpus) for _ in range(3))
    result = scan_tree(corpus, jobs=1)  # first use: the catalog, validators, caches
    scan = _scan_cpu(corpus, 1)
    real_rules, real_leaks = connector_rules.check_connector, runner._with_pattern_leaks
    connector_rules.check_connector = lambda *args, **kwargs: []
    try:
        without_rules = _scan_cpu(corpus, 1)
        runner._with_pattern_leaks = lambda result: result
        bare = _scan_cpu(corpus, 1)
    finally:
        connector_rules.check_connector = real_rules
        runner._with_pattern_leaks = real_leaks
    with_workers = _scan_cpu(corpus, 2)
    start = time.process_time()
    pickled = [pickle.dumps(row) for row in result.rows]
    for data in pickled:
        pickle.loads(data)
    transfer = time.process_time() - start
    transferred = sum(len(p) for p in pickled)
    print("\nwhere the CPU time of `scan --jobs 1` goes (seconds):")
    print(f"  process start-up (python -c pass)      {startup:6.2f}")
    print(f"  imports (cloudprep's scan path)        {imports:6.2f}")
    print(f"  read + json.loads of every file         {parse:6.2f}")
    print(f"  the rest of the import                  {bare - parse:6.2f}")
    print(f"  the leak-pattern scan of its fields     {without_rules - bare:6.2f}")
    print(f"  the connector rules                     {scan - without_rules:6.2f}")
    print(f"  --jobs 2 on top (workers, all CPUs)     {with_workers - scan:6.2f}")
    print(
        f"  of which moving the rows (pickle+load)  {transfer:6.2f} "
        f"({transferred / 1e6:.1f} MB for {len(result.rows)} rows)"
    )


def profile(corpus: Path) -> None:
    where_the_time_goes(corpus)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cloudprep", "scan", str(corpus), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        check=False,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line[len("import time:") :].split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), name.rstrip()))
    top = [r for r in rows if not r[1].startswith("    ")]  # top-level imports only
    print("\nslowest top-level imports of `cloudprep scan` (cumulative, ms):")
    for micros, name in sorted(top, reverse=True)[:12]:
        print(f"  {micros / 1000:7.1f}  {name.strip()}")
    loaded = {r[1].strip().split(".")[0] for r in rows}
    print(
        "  heavy packages loaded:",
        ", ".join(sorted(loaded & {"textual", "rich", "keyring", "jsonschema", "pydantic"})),
    )

    sys.path.insert(0, str(SRC))
    from cloudprep.scan.runner import scan_tree

    profiler = cProfile.Profile()
    profiler.enable()
    scan_tree(corpus, jobs=1)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(14)
        body = out.getvalue()
        print(f"\nin-process scan (--jobs 1), by {order}:")
        print(body[body.index("   ncalls") :].rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--count", type=int, default=REAL_CONNECTORS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-only", action="store_true", help="skip the timed rounds")
    args = parser.parse_args(argv)

    corpus: Path = args.corpus
    if not corpus.is_dir():
        source = Path(os.environ.get("CLOUDPREP_CORPUS", DEFAULT_SOURCE))
        make_corpus(source, corpus, args.count)
    folders = sum(1 for _ in corpus.glob("*/*/"))
    check_scan(corpus, folders)
    print(f"corpus: {corpus} ({folders} connector folders; {describe(corpus)})")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {sys.platform}")

    if args.profile_only:
        profile(corpus)
        return 0
    commands = variants(corpus)
    names = list(commands)
    for command in commands.values():  # warm the file cache for every variant alike
        timed(command)
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for round_no in range(args.rounds):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            w, c = timed(commands[name])
            wall[name].append(w)
            cpu[name].append(c)

    base = wall["baseline"]
    print(f"\n{args.rounds} interleaved rounds of cold runs; median wall / CPU seconds:")
    print(
        f"  {'baseline (json.loads only)':28} {statistics.median(base):6.2f} s "
        f"{statistics.median(cpu['baseline']):6.2f} s CPU"
    )
    for name in names[1:]:
        ratios = [s / b for s, b in zip(wall[name], base, strict=True)]
        cpu_ratios = [s / b for s, b in zip(cpu[name], cpu["baseline"], strict=True)]
        ratio = statistics.median(ratios)
        verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
        print(
            f"  {name:28} {statistics.median(wall[name]):6.2f} s "
            f"{statistics.median(cpu[name]):6.2f} s CPU   ratio {ratio:.2f}x "
            f"(range {min(ratios):.2f}-{max(ratios):.2f}; CPU {statistics.median(cpu_ratios):.2f}x)"
            f": {verdict} the {TARGET_RATIO}x target"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"  load average at the end: {load:.1f} on {os.cpu_count()} CPUs "
        "(other work on the machine inflates the wall times, above all of the workers)"
    )
    if args.profile:
        profile(corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
