"""The per-user preflight state file, outside the project (PRODUCT §5, §13).

A result is derived from secrets, so it never goes into cloudprep.json. It lives in the
user's state folder ($XDG_STATE_HOME/cloudprep/preflight, else
~/.local/state/cloudprep/preflight), one file per project id, beside the wizard's resume
state. Each cloud keeps its latest result with a digest of the inputs it checked.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from cloudprep.core.atomic_write import write_atomically
from cloudprep.core.models import Project
from cloudprep.errors import StateNotSaved
from cloudprep.preflight.plan import inputs_sha256
from cloudprep.preflight.record import EmbeddedPreflight, PreflightResult

_FOLDER = "preflight"


def state_folder(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "cloudprep" / _FOLDER


def state_path(project_id: uuid.UUID, environ: Mapping[str, str] | None = None) -> Path:
    return state_folder(environ) / f"{project_id}.json"


def load_result(project_id: uuid.UUID) -> PreflightResult | None:
    """The saved result for this project; None when there is none or it cannot be read (a
    broken state file only loses the saved result)."""
    try:
        text = state_path(project_id).read_text("utf-8")
        result = PreflightResult.model_validate_json(text)
    except (OSError, ValueError, ValidationError):
        return None
    return result if result.project_id == project_id else None


def save_result(result: PreflightResult) -> Path:
    """Merge `result` into the saved one (the latest per cloud wins) and write it atomically;
    `StateNotSaved` when the state folder cannot be written (the saved one is kept)."""
    previous = load_result(result.project_id)
    clouds = {**(previous.clouds if previous else {}), **result.clouds}
    merged = result.model_copy(update={"clouds": clouds})
    path = state_path(result.project_id)
    data = (merged.model_dump_json(indent=2) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(path, data, mode=0o600)
    except OSError as exc:
        raise StateNotSaved(
            f"{path}: the preflight result cannot be saved: {exc.strerror or type(exc).__name__}",
            hints=[
                "a bundle embeds only a saved result; make that folder writable, or set "
                "XDG_STATE_HOME to a folder that is, and run preflight again"
            ],
        ) from None
    return path


def current_for(project: Project, result: PreflightResult | None) -> EmbeddedPreflight | None:
    """What a bundle may embed: each cloud whose checked inputs still match the project;
    the others are listed as stale. None when nothing was ever checked for its clouds."""
    if result is None:
        return None
    current = {}
    stale = []
    for cloud_id in project.clouds:
        saved = result.clouds.get(cloud_id)
        if saved is None:
            continue
        if saved.inputs_sha256 == inputs_sha256(project, cloud_id):
            current[cloud_id] = saved
        else:
            stale.append(cloud_id)
    if not current and not stale:
        return None
    return EmbeddedPreflight.model_validate({"clouds": current, "stale": stale})
