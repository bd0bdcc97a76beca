"""`cloudprep [PROJECT]`: the Textual wizard. The only command that imports textual."""

from __future__ import annotations

from pathlib import Path


def run_wizard(project: str | None) -> int:
    from cloudprep.tui.launch import launch_wizard

    return launch_wizard(Path(project) if project else None)
