"""Which screen shows which step."""

from __future__ import annotations

from cloudprep.tui.screens.base import WizardScreen
from cloudprep.tui.steps import CLOUD_PREFIX, CLOUDS, CONNECTOR, EXPORT, GA, REVIEW


def screen_for_step(key: str, *, focus_path: str | None = None) -> WizardScreen:
    from cloudprep.tui.screens import wizard

    if key == CONNECTOR:
        return wizard.ConnectorScreen(focus_path=focus_path)
    if key == GA:
        return wizard.GaScreen(focus_path=focus_path)
    if key == CLOUDS:
        return wizard.CloudsScreen(focus_path=focus_path)
    if key.startswith(CLOUD_PREFIX):
        from cloudprep.tui.screens.cloud import CloudScreen

        return CloudScreen(key.removeprefix(CLOUD_PREFIX), focus_path=focus_path)
    if key == REVIEW:
        from cloudprep.tui.screens.review import ReviewScreen

        return ReviewScreen(focus_path=focus_path)
    if key == EXPORT:
        from cloudprep.tui.screens.export import ExportScreen

        return ExportScreen(focus_path=focus_path)
    raise KeyError(key)
