"""The footer: the few bindings that fit, re-drawn only when they change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Textual's footer re-builds its keys whenever the screen's bindings are refreshed,
    which is on every focus change. This one re-builds them only when what it shows (the
    shown bindings and whether each is enabled) is different: moving between fields
    costs no re-layout of the footer."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._shown: tuple[tuple[str, str, bool], ...] | None = None

    def compose(self) -> ComposeResult:
        # Each key takes the footer's -compact class from a watcher once it is mounted,
        # after it was styled: every key was styled twice before the first frame. Given
        # the class now, a key is styled once, and the watcher changes nothing.
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_class(self.compact, "-compact")
            yield widget

    def _signature(self, screen: Screen[object]) -> tuple[tuple[str, str, bool], ...]:
        return tuple(
            (binding.key, binding.description, enabled)
            for _node, binding, enabled, _tooltip in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._bindings_ready and screen.app.app_focus:
            signature = self._signature(screen)
            if signature == self._shown:
                return
            self._shown = signature
        super().bindings_changed(screen)
