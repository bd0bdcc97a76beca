"""Bundle performance, measured in cold subprocesses, interleaved; prints median ratios.

1. `cloudprep validate` on the demo bundle (no connector definitions) against
   `check-jsonschema` checking the same bundle's submission.json against its schema
   (`cloudprep schema bundle`): a peer that checks the schema and nothing else
   (issue 15's target: at most 0.7x, while validate still does everything it does).
2. cloudprep's leak scan of a 1 MB bundle against `detect-secrets scan` on the same files
   (target: at least 50x faster), and whether each catches an Azure AD client secret under a
   neutral key (`notes`). Measured two ways, in the same run:
   - cold: each run a new process (start-up, imports, reading the files, the scan); the
     `detect-secrets scan` command as users run it;
   - in process: the scan alone, as the wizard's save and the export run it, in a process
     that has already imported its scanner; each tool times its own scan of the files
     (read, scan, report places), one file after another on one core, after one warm-up scan.

detect-secrets 1.5.0 and check-jsonschema are bench-only tools, not dependencies; install them
into .venv or any folder on PATH: `.venv/bin/pip install detect-secrets==1.5.0 check-jsonschema`.

Run: `.venv/bin/python bench/bench_bundle.py [--rounds N]`
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
AZURE = "abc8Q~Xy3fGh7JkLmNoPqRsTuVwXyZ0123456789"
CANARIES = {
    ("gcc", "client-secret"): "Kq7~9fX3zP1wLm8Rt.vB2nQ0Ys5DhJ4uTe6",
    ("gcch", "client-secret"): "Zr4~7hB2nVq0Ys5D.Wc8Mx1Gk3Lp9Fj6Ta",
    ("gcc", "test-username"): "zq.tester7x@contosotasks.onmicrosoft.us",
    ("gcc", "test-password"): "Vw9!rT2#kQ6$mZ1pGc4",
    ("dod", "test-password"): "Hx3@nB8%cL5^dY0sJe7",
}
SCAN_SNIPPET = """
import sys
from cloudprep.core.leaks import KnownSecret
from cloudprep.bundle.locate import scan_bundle_texts
def read(name):
    with open(name, encoding="utf-8") as handle:
        return handle.read()
secrets = [KnownSecret(*line.split("\\t")) for line in read(sys.argv[1]).splitlines()]
texts = {name.rsplit("/", 1)[-1]: read(name) for name in sys.argv[2:]}
for leak in scan_bundle_texts(texts, secrets):
    print(leak.rule_id, leak.file, leak.line, leak.field)
"""
# Each in-process snippet defines `scan()`; TIMED_SCANS then prints the median seconds of
# ROUNDS scans, after one warm-up scan.
TIMED_SCANS = """
scan()
times = []
for _ in range(rounds):
    start = time.perf_counter()
    scan()
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""
OURS_IN_PROCESS = (
    """
import statistics, sys, time
from cloudprep.core.leaks import KnownSecret
from cloudprep.bundle.locate import scan_bundle_texts
def read(name):
    with open(name, encoding="utf-8") as handle:
        return handle.read()
rounds, tsv, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
secrets = [KnownSecret(*line.split("\\t")) for line in read(tsv).splitlines()]
def scan():
    texts = {name.rsplit("/", 1)[-1]: read(name) for name in files}
    return scan_bundle_texts(texts, secrets)
"""
    + TIMED_SCANS
)
THEIRS_IN_PROCESS = (
    """
import statistics, sys, time
from detect_secrets import SecretsCollection
from detect_secrets.settings import default_settings
rounds, files = int(sys.argv[1]), sys.argv[2:]
# The CLI's plugins, for the life of this process (kept referenced: dropping the context
# manager would close it and clear them).
settings = default_settings()
settings.__enter__()
def scan():
    collection = SecretsCollection()
    for name in files:
        collection.scan_file(name)
    return collection
"""
    + TIMED_SCANS
)


def env() -> dict[str, str]:
    out = dict(os.environ)
    # Measure what users run: with cached bytecode (the warm-up run writes it).
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    out["PYTHONPATH"] = str(SRC)
    out["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    out["SOURCE_DATE_EPOCH"] = "1793491200"
    return out


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env(), capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{argv[:4]} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return elapsed


def interleaved(a: list[str], b: list[str], cwd: Path, rounds: int) -> tuple[float, float, float]:
    """Median time of a, median of b, and the median of the per-round ratios a / b."""
    timed(a, cwd)  # warm the file cache (not the interpreter: each run is a new process)
    timed(b, cwd)
    times_a: list[float] = []
    times_b: list[float] = []
    ratios: list[float] = []
    for i in range(rounds):
        pair = [(a, times_a), (b, times_b)]
        for argv, sink in pair if i % 2 == 0 else reversed(pair):
            sink.append(timed(argv, cwd))
        ratios.append(times_a[-1] / times_b[-1])
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def demo_bundle(work: Path) -> Path:
    py = sys.executable
    subprocess.run(
        [py, "-m", "cloudprep", "init", "--demo", "-o", "p.json"], cwd=work, env=env(), check=True
    )
    subprocess.run(
        # There is no keyring in the bench's environment: the export fails closed without
        # --no-keyring. The demo has findings, so the exit code is 1, not 0.
        [py, "-m", "cloudprep", "bundle", "p.json", "-o", "demo", "--no-keyring"],
        cwd=work,
        env=env(),
        capture_output=True,
        check=False,
    )
    if not (work / "demo" / "manifest.json").is_file():
        sys.exit("cloudprep bundle did not write the demo bundle")
    return work / "demo"


def big_bundle(work: Path) -> Path:
    """A 1 MB bundle (built in memory, without the export's own refusal) whose notes hold
    realistic prose, URLs and ids, and one Azure AD client secret under `notes`."""
    sys.path.insert(0, str(SRC))
    from datetime import UTC, datetime

    from cloudprep.bundle.export import build_bundle
    from cloudprep.core.new_project import demo_project
    from cloudprep.core.secret_needs import SecretPresence

    project = demo_project()
    sentence = (
        "Tenant admins in {cloud} allow the connector after review; traffic goes to "
        "https://api.gov.contosotasks.com/v1/tasks/{n} with request id {n:08x}-4c2e-9f1a-{n:012x}. "
    )
    target = 1_000_000
    per_cloud = target // (
        2 * len(project.clouds)
    )  # each note is in submission.json and SUBMISSION.md
    for cloud_id, config in project.clouds.items():
        parts: list[str] = []
        n = 0
        while sum(map(len, parts)) < per_cloud:
            parts.append(sentence.format(cloud=cloud_id, n=n))
            n += 1
        config.notes = "".join(parts)
    project.clouds["mooncake"].notes += f" Temporary credential for the test tenant: {AZURE} "
    built = build_bundle(
        project,
        presence=SecretPresence.not_checked(),
        created=datetime(2026, 11, 1, tzinfo=UTC),
    )
    folder = work / "big"
    folder.mkdir()
    for name, data in built.files.items():
        (folder / name).write_bytes(data)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--only", choices=["validate", "leaks"], help="run one comparison")
    options = parser.parse_args()
    rounds = options.rounds
    with tempfile.TemporaryDirectory(prefix="cloudprep-bench-") as tmp:
        work = Path(tmp)
        if options.only != "leaks":
            compare_validate(work, rounds, tool("check-jsonschema"))
        if options.only != "validate":
            compare_leak_scan(work, rounds, tool("detect-secrets"))


def cloudprep_command() -> list[str]:
    """How a user starts cloudprep: the installed console script, else `python -m`."""
    script = Path(sys.executable).with_name("cloudprep")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cloudprep"]


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        sys.exit(f"{name} is not installed: .venv/bin/pip install {name} (a bench-only tool)")
    return found


def compare_validate(work: Path, rounds: int, check_jsonschema: str) -> None:
    py = sys.executable
    demo = demo_bundle(work)
    schema = work / "bundle.schema.json"
    schema.write_bytes(
        subprocess.run(
            [py, "-m", "cloudprep", "schema", "bundle"], env=env(), capture_output=True, check=True
        ).stdout
    )
    t_validate, t_peer, ratio = interleaved(
        [*cloudprep_command(), "validate", str(demo)],
        [check_jsonschema, "--schemafile", str(schema), str(demo / "submission.json")],
        work,
        rounds,
    )
    print(
        f"validate demo bundle: {t_validate * 1000:.0f} ms; check-jsonschema on its "
        f"submission.json: {t_peer * 1000:.0f} ms; median ratio {ratio:.2f}x (target <= 0.7x)"
    )


def compare_leak_scan(work: Path, rounds: int, detect: str) -> None:
    py = sys.executable
    big = big_bundle(work)
    files = sorted(str(p) for p in big.iterdir())
    size = sum(Path(f).stat().st_size for f in files)
    secrets_file = work / "secrets.tsv"
    secrets_file.write_text("\n".join(f"{c}\t{k}\t{v}" for (c, k), v in CANARIES.items()))
    ours = [py, "-c", SCAN_SNIPPET, str(secrets_file), *files]
    theirs = [detect, "scan", *files]
    t_ours, t_theirs, ratio = interleaved(ours, theirs, work, max(3, rounds // 4))
    print(
        f"leak scan of a {size / 1e6:.2f} MB bundle, cold processes: cloudprep "
        f"{t_ours * 1000:.0f} ms; detect-secrets {t_theirs * 1000:.0f} ms; "
        f"detect-secrets / cloudprep = {1 / ratio:.0f}x (target >= 50x)"
    )
    # The floor of any cold scan written in Python: an interpreter that imports `re` and
    # does nothing else. 50x needs the whole scan within detect-secrets' time / 50.
    floor = statistics.median(timed([py, "-c", "import re"], work) for _ in range(rounds))
    print(
        f"  for 50x a cold scan must take at most {t_theirs * 1000 / 50:.0f} ms; "
        f"`python -c 'import re'` alone takes {floor * 1000:.0f} ms"
    )
    in_ours, in_theirs = in_process_scans(work, detect, secrets_file, files, rounds)
    print(
        f"leak scan of the same bundle, in process: cloudprep {in_ours * 1000:.1f} ms; "
        f"detect-secrets {in_theirs * 1000:.0f} ms; detect-secrets / cloudprep = "
        f"{in_theirs / in_ours:.0f}x (target >= 50x)"
    )

    found = subprocess.run(ours, cwd=work, env=env(), capture_output=True, text=True, check=True)
    report = json.loads(
        subprocess.run(
            theirs, cwd=work, env=env(), capture_output=True, text=True, check=True
        ).stdout
    )
    lines_with_secret = {
        (Path(f).name, i)
        for f in files
        for i, line in enumerate(Path(f).read_text(encoding="utf-8").splitlines(), 1)
        if AZURE in line
    }
    theirs_hits = {
        (Path(name).name, r["line_number"]) for name, rs in report["results"].items() for r in rs
    }
    ours_hits = {
        (parts[1], int(parts[2]))
        for parts in (row.split() for row in found.stdout.splitlines())
        if parts and parts[0] == "CP621"
    }
    print(
        "Azure AD client secret under `notes`: cloudprep found it at "
        f"{sorted(ours_hits & lines_with_secret) or 'nowhere'}; detect-secrets at "
        f"{sorted(theirs_hits & lines_with_secret) or 'nowhere'} "
        f"({sum(len(rs) for rs in report['results'].values())} detect-secrets results in all)"
    )


def in_process_scans(
    work: Path, detect: str, secrets_file: Path, files: list[str], rounds: int
) -> tuple[float, float]:
    """Each tool's median in-process scan time, measured by a process of its own
    interpreter (detect-secrets is a bench-only install, perhaps in another environment)."""
    detect_python = interpreter_of(detect)
    runs = max(5, rounds // 2)

    def median(argv: list[str]) -> float:
        done = subprocess.run(argv, cwd=work, env=env(), capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{argv[:3]} failed: {done.stderr[-2000:]}")
        return float(done.stdout.split()[-1])

    ours = [sys.executable, "-c", OURS_IN_PROCESS, str(runs), str(secrets_file), *files]
    theirs = [detect_python, "-c", THEIRS_IN_PROCESS, str(max(3, runs // 4)), *files]
    return median(ours), median(theirs)


def interpreter_of(script: str) -> str:
    """The Python that runs an installed console script (its `#!` line)."""
    with Path(script).open("rb") as handle:
        first = handle.readline().decode().strip()
    return first[2:].split()[0] if first.startswith("#!") else sys.executable


if __name__ == "__main__":
    main()
