"""Where the wizard was, per project, so a later run resumes at the same step.

UI state stays out of the project file (PRODUCT §5): it lives in the user's state folder
($XDG_STATE_HOME/cloudprep, else ~/.local/state/cloudprep), keyed by project id.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from cloudprep.core.atomic_write import write_atomically

_FILE = "wizard.json"
_MAX_ENTRIES = 50


def state_file(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "cloudprep" / _FILE


def _read(path: Path) -> dict[str, str]:
    return _parse(_text(path))


def _text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, ValueError):
        return ""


def _parse(text: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


def last_step(project_id: str) -> str | None:
    """The step the wizard last showed for this project, if remembered."""
    return _read(state_file()).get(project_id)


def remember_step(project_id: str, step: str) -> None:
    """Remember the step; a state folder that cannot be written only loses the resume."""
    path = state_file()
    current = _text(path)
    data = _parse(current)
    data.pop(project_id, None)
    data[project_id] = step
    kept = dict(list(data.items())[-_MAX_ENTRIES:])
    text = json.dumps(kept, indent=1) + "\n"
    if text == current:
        # Already so (a run resumes at the step it remembers): no write, and no fsync on
        # the way to that step's first paint.
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
    except OSError:
        return
