"""`launch_wizard`: what `cloudprep [PROJECT]` runs."""

from __future__ import annotations

from pathlib import Path

DEFAULT_PROJECT = Path("cloudprep.json")


def launch_wizard(project: Path | None) -> int:
    """Open the wizard on `project` (default ./cloudprep.json) when it exists; otherwise
    on the start screen, which offers to create it. Returns the exit code."""
    from cloudprep.tui.app import CloudprepApp

    target = project or DEFAULT_PROJECT
    app = CloudprepApp(project_path=target if target.exists() else None, default_path=target)
    result = app.run()
    if app.return_code:  # a crash (already reported, without local variables)
        return app.return_code
    return 0 if result is None else int(result)
