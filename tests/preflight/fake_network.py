"""A network that answers from a table, for the runner's unit tests and the wizard's pilot
test (no sockets at all)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from cloudprep.preflight.answers import HttpAnswer, Resolution


@dataclass
class FakeNetwork:
    answers: dict[str, HttpAnswer] = field(default_factory=dict)
    """URL → its answer (GET or POST)."""
    addresses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    gate: threading.Event | None = None
    """When set, each request waits for it: lets a test cancel a run in progress."""
    closed: bool = False

    def _answer(self, url: str) -> HttpAnswer:
        self.requested.append(url)
        if self.gate is not None:
            self.gate.wait(5)
        return self.answers.get(url, HttpAnswer(status=404))

    def get(self, url: str, *, timeout: float, want_json: bool) -> HttpAnswer:
        return self._answer(url)

    def post_form(self, url: str, form: Mapping[str, str], *, timeout: float) -> HttpAnswer:
        return self._answer(url)

    def resolve(self, host: str, *, timeout: float) -> Resolution:
        return Resolution(addresses=self.addresses.get(host, ("52.96.10.20",)))

    def close(self) -> None:
        self.closed = True
