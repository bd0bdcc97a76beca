"""stdout and stderr as the leak guard's last boundary: every text a command writes passes
`LeakGuard.redact` (stored secrets, once a command has read them) and `terminal_text`
(controls and bidi characters as visible escapes).

`cloudprep.cli.main` wraps both streams for every command (not for the wizard, whose
terminal driver writes escape sequences on purpose). The few writers that must send
control sequences themselves (the OSC 52 of `secret copy`, rich's progress bar) ask for the
stream underneath with `unguarded`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from cloudprep.core.inert_text import terminal_text

if TYPE_CHECKING:
    from cloudprep.core.leak_guard import LeakGuard

_active_guard: list[LeakGuard] = []


def use_leak_guard(guard: LeakGuard) -> None:
    """From now on, redact this guard's stored secrets (and leaking fields) in all output."""
    _active_guard[:] = [guard]


def active_leak_guard() -> LeakGuard | None:
    return _active_guard[0] if _active_guard else None


def guard_text(text: str) -> str:
    """What any text becomes on its way out: redacted, then terminal-safe."""
    guard = active_leak_guard()
    if guard is not None:
        text = guard.redact(text)
    return terminal_text(text)


class GuardedStream:
    """A text stream that writes `guard_text(text)` to the stream it wraps. Not an IOBase:
    being collected must never close the stream underneath."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(guard_text(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    @property
    def encoding(self) -> str:
        return getattr(self.raw, "encoding", "utf-8") or "utf-8"

    @property
    def errors(self) -> str | None:
        return getattr(self.raw, "errors", None)

    def close(self) -> None:
        self.raw.close()


def unguarded(stream: TextIO) -> TextIO:
    """The stream underneath a guarded one (for deliberate control sequences only)."""
    return stream.raw if isinstance(stream, GuardedStream) else stream


@contextmanager
def guarded_standard_streams() -> Iterator[None]:
    """Wrap sys.stdout and sys.stderr for one command run, and forget any guard after."""
    import sys

    saved = sys.stdout, sys.stderr
    sys.stdout = GuardedStream(unguarded(sys.stdout))
    sys.stderr = GuardedStream(unguarded(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
        _active_guard.clear()
