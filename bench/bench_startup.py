"""Start-up time of the wizard against a bare Textual app, in the same run.

Each sample is a fresh Python process (a cold start: interpreter, imports, first screen),
run headless. The time is the wall time from spawning the process until it reports that its
first screen is ready: composed and painted (Textual's Ready event for the bare app and the
start screen; for the project's step, pushed after Ready, the same point: its first layout and
paint, when the screen publishes `screen_layout_refresh_signal`). The two apps alternate, so
drift on the machine hits both alike; the figure is the ratio of the medians.

    PYTHONPATH=src python bench/bench_startup.py [--runs 15]

Targets: ratio <= 2 for the wizard opening ./cloudprep.json to its first step (what
`cloudprep` shows in a project folder, the common case; issue 15), and <= 1.3 for the start
screen with no project (what `cloudprep` shows on a fresh machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BARE = """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello")

    def on_ready(self) -> None:
        print("READY", flush=True)
        self.exit()

Bare().run(headless=True, size=(80, 24))
"""

# What `cloudprep` runs (the CLI entry, then the wizard), with a Ready hook added.
WIZARD = """
import cloudprep.cli.main
from pathlib import Path
from cloudprep.tui.launch import DEFAULT_PROJECT
from cloudprep.tui.app import CloudprepApp
from cloudprep.tui.screens.start import StartScreen

class Bench(CloudprepApp):
    # With a project, the first screen that counts is its step (the start screen only
    # says "Opening…" meanwhile); without one, it is the start screen.
    _done = False

    def on_ready(self) -> None:  # runs after CloudprepApp.on_ready, as Textual calls both
        if self._open_path is None:
            self._painted(self.screen)

    def push_screen(self, screen, *args, **kwargs):
        if self._open_path is not None and not isinstance(screen, (StartScreen, str)):
            # Published right after the screen's first layout and paint, as Ready is for
            # an app's first screen. (Polling for the mount, as this bench did first, could
            # report up to a poll interval late, or before the paint.)
            screen.screen_layout_refresh_signal.subscribe(self, self._painted, immediate=True)
        return super().push_screen(screen, *args, **kwargs)

    def _painted(self, screen) -> None:
        if not self._done:
            self._done = True
            print("READY", type(screen).__name__, flush=True)
            self.exit()

target = DEFAULT_PROJECT
Bench(project_path=target if target.exists() else None, default_path=target).run(
    headless=True, size=(80, 24)
)
"""


def sample(code: str, cwd: Path) -> tuple[float, str]:
    # Any value of PYTHONDONTWRITEBYTECODE, "0" included, switches bytecode off; users run
    # with it on, so the warm-up run writes it and the timed runs read it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO / "src")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if not line.startswith("READY"):
        raise SystemExit(f"no READY line; stderr:\n{proc.stderr.read() if proc.stderr else ''}")
    return elapsed, line.split()[1] if len(line.split()) > 1 else ""


def measure(runs: int, cwd: Path, label: str) -> float:
    bare: list[float] = []
    wizard: list[float] = []
    first = ""
    sample(BARE, cwd)  # warm the file cache and .pyc files once; not counted
    sample(WIZARD, cwd)
    for _ in range(runs):
        bare.append(sample(BARE, cwd)[0])
        seconds, first = sample(WIZARD, cwd)
        wizard.append(seconds)
    ratio = statistics.median(wizard) / statistics.median(bare)
    print(
        f"{label}: first screen {first}; median of {runs} cold runs: "
        f"bare Textual {statistics.median(bare) * 1000:.0f} ms, "
        f"wizard {statistics.median(wizard) * 1000:.0f} ms, ratio {ratio:.2f}"
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
        with_project = measure(args.runs, folder, "with ./cloudprep.json (Connector step)")
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
