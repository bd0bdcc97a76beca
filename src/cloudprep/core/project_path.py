"""Where a project file is looked for by default. Kept apart from `project_file` so that
argument parsing does not load the models."""

from __future__ import annotations

from pathlib import Path

DEFAULT_PROJECT_FILE = Path("cloudprep.json")
