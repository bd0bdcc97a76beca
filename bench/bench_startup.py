"""Start-up time of the wizard against a bare Textual app, in the same run.

Each sample is a fresh Python process (a cold start: interpreter, imports, first screen)
on a pseudo-terminal of 80 columns and 24 rows. The wizard runs as users run it:
`python -m cloudprep` (the `cloudprep` command) in a folder with or without
./cloudprep.json. The bare app is Textual's smallest app: one Static. The time is the wall
time from spawning the process until it writes its first frame to the terminal: the first
screen laid out, painted and rendered to terminal text. Both apps run with the Textual
driver named by TEXTUAL_DRIVER, `first_frame_driver.FirstFrameDriver`, which reports that
frame and the screen it shows (it reads no keys). The two apps alternate, so drift on the
machine hits both alike; the figure is the ratio of the medians. The ratio of the median
CPU times is printed beside it, as a check less swayed by other processes.

    PYTHONPATH=src python bench/bench_startup.py [--runs 15]

Targets: ratio <= 2 for the wizard opening ./cloudprep.json to its first step (what
`cloudprep` shows in a project folder, the common case; issue 15), and <= 1.3 for the start
screen with no project (what `cloudprep` shows on a fresh machine).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
COLUMNS, ROWS = 80, 24

BARE = [
    "-c",
    """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello")

Bare().run()
""",
]
WIZARD = ["-m", "cloudprep"]


class Sample(NamedTuple):
    wall: float
    """Seconds from spawning the process to its first frame: what the targets are about."""
    cpu: float
    """The process's CPU seconds (user and system) until then: less swayed by other
    processes on the machine, so a check on the wall-time ratio."""
    screen: str


def sample(args: list[str], cwd: Path, *, not_counted: str = "") -> Sample:
    # Any value of PYTHONDONTWRITEBYTECODE, "0" included, switches bytecode off; users run
    # with it on, so the warm-up run writes it and the timed runs read it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join((str(REPO / "src"), str(REPO / "bench")))
    env["TEXTUAL_DRIVER"] = "first_frame_driver:FirstFrameDriver"
    env["FIRST_FRAME_NOT"] = not_counted
    # The wizard refuses to start unless stdin and stdout are a terminal. The apps take
    # their size from it, as on a real terminal.
    terminal, tty = pty.openpty()
    fcntl.ioctl(tty, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, *args],
            cwd=cwd,
            env=env,
            stdin=tty,
            stdout=tty,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        lines: list[str] = []
        for line in proc.stderr:
            if line.startswith("READY"):
                elapsed = time.perf_counter() - start
                break
            lines.append(line)
        else:
            proc.wait(timeout=60)
            raise SystemExit("no READY line; stderr:\n" + "".join(lines))
        # The driver ends the process right after the frame: its usage is up to the frame.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        os.close(terminal)
        os.close(tty)
    words = line.split()
    return Sample(elapsed, usage.ru_utime + usage.ru_stime, words[1] if len(words) > 1 else "")


def measure(runs: int, cwd: Path, label: str, *, not_counted: str = "") -> float:
    bare: list[Sample] = []
    wizard: list[Sample] = []
    sample(BARE, cwd)  # warm the file cache and .pyc files once; not counted
    sample(WIZARD, cwd, not_counted=not_counted)
    for _ in range(runs):
        bare.append(sample(BARE, cwd))
        wizard.append(sample(WIZARD, cwd, not_counted=not_counted))

    def median(samples: list[Sample], field: str) -> float:
        return statistics.median(getattr(s, field) for s in samples)

    ratio = median(wizard, "wall") / median(bare, "wall")
    cpu_ratio = median(wizard, "cpu") / median(bare, "cpu")
    print(
        f"{label}: first screen {wizard[-1].screen}; median of {runs} cold runs: "
        f"bare Textual {median(bare, 'wall') * 1000:.0f} ms, "
        f"wizard {median(wizard, 'wall') * 1000:.0f} ms, ratio {ratio:.2f} "
        f"(CPU time: {median(bare, 'cpu') * 1000:.0f} ms, "
        f"{median(wizard, 'cpu') * 1000:.0f} ms, ratio {cpu_ratio:.2f})"
    )
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare_start = measure(args.runs, folder, "no project (start screen)")
        from cloudprep.core.new_project import demo_project
        from cloudprep.core.project_file import save_project

        save_project(demo_project(), folder / "cloudprep.json")
        # The project's step is what counts, not a start screen saying "Opening…".
        with_project = measure(
            args.runs, folder, "with ./cloudprep.json (Connector step)", not_counted="StartScreen"
        )
    met = True
    for label, ratio, target in (
        ("with ./cloudprep.json", with_project, 2.0),
        ("no project", bare_start, 1.3),
    ):
        verdict = "meets" if ratio <= target else "misses"
        met = met and ratio <= target
        print(f"{label}: start-up ratio {ratio:.2f} {verdict} the target of {target}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
