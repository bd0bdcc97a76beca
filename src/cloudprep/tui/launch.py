"""`launch_wizard`: what `cloudprep [PROJECT]` runs."""

from __future__ import annotations

import gc
from pathlib import Path

DEFAULT_PROJECT = Path("cloudprep.json")

_collector_paused = False


def launch_wizard(project: Path | None) -> int:
    """Open the wizard on `project` (default ./cloudprep.json) when it exists; otherwise
    on the start screen, which offers to create it. Returns the exit code."""
    pause_collector()
    from cloudprep.tui.app import CloudprepApp

    target = project or DEFAULT_PROJECT
    app = CloudprepApp(project_path=target if target.exists() else None, default_path=target)
    result = app.run()
    if app.return_code:  # a crash (already reported, without local variables)
        return app.return_code
    return 0 if result is None else int(result)


def pause_collector() -> None:
    """Pause the cyclic garbage collector until the first screen is painted
    (`resume_collector`). Start-up makes some 70,000 objects (textual, pydantic, the rules,
    the first screen's widgets) that nearly all live as long as the app; the collector
    walked through them again and again as they were made (about 40 ms of a 450 ms start
    on a 2-core machine) and found some 400 KiB of cycles, which it collects once it runs
    again. Reference counting frees everything else meanwhile, as always."""
    global _collector_paused
    if gc.isenabled():
        gc.disable()
        _collector_paused = True


def resume_collector() -> None:
    """Let the collector run again, if `pause_collector` paused it (tests and other
    callers of the app never pause it)."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.enable()
