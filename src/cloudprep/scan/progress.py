"""Scan progress: a rich bar on stderr when stderr is a terminal, otherwise nothing.

This is the only module of the scan that imports rich, and only inside `RichProgress`, which
`progress_for` makes only for a terminal: piped, redirected or machine-readable runs never
load rich (PRODUCT §8: "Progress (scan) uses rich on a TTY only").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ScanProgress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...

    def stop(self) -> None: ...


class NoProgress:
    """Shows nothing (not a terminal, or a machine-readable format)."""

    def start(self, total: int) -> None:
        pass

    def advance(self) -> None:
        pass

    def stop(self) -> None:
        pass


class RichProgress:
    """A transient bar on `stream`: it disappears when the scan ends, so the table that
    follows on stdout is all that stays on screen."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns: tuple[Any, ...] = (
            TextColumn("scanning connectors"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        self._progress = Progress(*columns, console=Console(file=self._stream), transient=True)
        self._task = self._progress.add_task("scan", total=total)
        self._progress.start()

    def advance(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def progress_for(stream: TextIO, *, wanted: bool) -> ScanProgress:
    """The bar when `wanted` (the text format) and `stream` is a terminal; else nothing."""
    if wanted and _is_terminal(stream):
        return RichProgress(stream)
    return NoProgress()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False
