"""Export (placeholder until the bundle functions land)."""

from __future__ import annotations

from cloudprep.tui.screens.base import WizardScreen
from cloudprep.tui.steps import EXPORT


class ExportScreen(WizardScreen):
    step_key = EXPORT
