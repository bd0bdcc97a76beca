"""Running the scan: discovery, then one import per connector folder, in this process or in
worker processes, with a clean stop on Ctrl-C.

Results are identical whatever the number of jobs: the rows are taken in the scan's one
order, so an interrupted scan also holds the same first rows.

Ctrl-C with workers: the workers ignore SIGINT (a terminal sends it to the whole job), so
only this process reacts; it terminates the workers and waits for them, so none is left
behind and none prints a traceback. SIGINT stays blocked while the pool (and the progress
bar's thread) start, so a worker can never be caught between its fork and ignoring SIGINT,
and so the signal is delivered to the main thread, which waits for results with a short
timeout. A worker that crashes never hangs the scan (see `_scan_in_workers`).

Test hook: `CLOUDPREP_SCAN_INTERRUPT_AFTER=N` (read only here) simulates Ctrl-C after N rows:
SIGINT to this process's whole process group when it leads one (as a terminal does, workers
included: start it in a new session), else to this process alone.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cloudprep.errors import ConnectorImportError, UsageError
from cloudprep.scan.discovery import Discovery, ScanTarget, find_connector_folders
from cloudprep.scan.progress import NoProgress, ScanProgress
from cloudprep.scan.report import ConnectorRow, ScanResult, error_row, row_from_import

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

    from cloudprep.core.connector_import import ImportResult

_T = TypeVar("_T")

INTERRUPT_AFTER_ENV = "CLOUDPREP_SCAN_INTERRUPT_AFTER"
"""Test hook: simulate Ctrl-C after this many rows (a whole number)."""

MAX_DEFAULT_JOBS = 8
_POLL_SECONDS = 0.2
# Below this many folders, starting workers costs more than it saves. A forked worker is
# ready in milliseconds; a spawned one re-imports cloudprep (about half a second).
_MIN_FOLDERS_FOR_WORKERS = {"fork": 24, "spawn": 200, "forkserver": 200}


def scan_tree(
    root: Path,
    *,
    jobs: int | None = None,
    progress: ScanProgress | None = None,
    environ: Mapping[str, str] = os.environ,
) -> ScanResult:
    """Scan every connector folder under `root`. Raises `InputError` only when `root`
    cannot be read. Ctrl-C (KeyboardInterrupt) stops the scan: the result then holds the
    rows made so far and is marked interrupted; it is never raised from here."""
    stop_after = interrupt_after(environ)
    shown = str(root)
    bar = progress or NoProgress()
    rows: list[ConnectorRow] = []
    discovery: Discovery | None = None

    def take(row: ConnectorRow) -> None:
        rows.append(row)
        bar.advance()
        if stop_after is not None and len(rows) >= stop_after:
            _simulate_ctrl_c()

    try:
        discovery = find_connector_folders(root)
        targets = discovery.targets
        if stop_after == 0:
            _simulate_ctrl_c()
        workers = choose_jobs(jobs, len(targets))
        if workers <= 1:
            bar.start(len(targets))
            for target in targets:
                take(scan_target(target))
        else:
            _warm_up()
            _scan_in_workers(targets, workers, bar, take)
        return ScanResult(
            root=shown, rows=tuple(rows), found=len(targets), notices=discovery.notices
        )
    except KeyboardInterrupt:
        return ScanResult(
            root=shown,
            rows=tuple(rows),
            found=len(discovery.targets) if discovery else len(rows),
            notices=discovery.notices if discovery else (),
            interrupted=True,
        )
    finally:
        bar.stop()


def scan_target(target: ScanTarget) -> ConnectorRow:
    """The row for one target. Never raises: a folder that cannot be imported, even through
    a bug, becomes a row with its error, and the scan goes on."""
    if target.unreadable is not None:
        return error_row(target.folder, target.unreadable)
    with _collector_paused():
        return _import_row(target)


def _import_row(target: ScanTarget) -> ConnectorRow:
    from cloudprep.core.catalog import load_catalog
    from cloudprep.core.connector_import import import_connector

    try:
        result = import_connector(Path(target.path), catalog=load_catalog(), build_model=False)
    except ConnectorImportError as exc:
        return error_row(target.folder, _strip_folder(exc.message, target.path))
    except Exception as exc:  # noqa: BLE001 - one broken connector must never stop the scan
        detail = " ".join(str(exc).split())[:200]
        return error_row(
            target.folder, f"internal error while importing: {type(exc).__name__}: {detail}"
        )
    return row_from_import(target.folder, _with_pattern_leaks(result))


def _with_pattern_leaks(result: ImportResult) -> ImportResult:
    """The import's findings plus CP426 for any connector field that looks like a secret:
    `scan` applies the leak guard's patterns (it has no keyring to read)."""
    from dataclasses import replace

    from cloudprep.core.findings import sort_findings
    from cloudprep.core.leak_guard import LeakGuard
    from cloudprep.core.project_text import connector_text_fields

    leaks = LeakGuard.patterns_only().fields_findings(connector_text_fields(result.section))
    if not leaks:
        return result
    return replace(result, findings=tuple(sort_findings([*result.findings, *leaks])))


def _strip_folder(message: str, path: str) -> str:
    """The importer names the folder first (`/abs/path: cannot …`); the row already does."""
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


# ---------------------------------------------------------------- jobs
def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def choose_jobs(requested: int | None, folders: int) -> int:
    """`--jobs` as given (never more workers than folders), or the default: one worker per
    available CPU (at most 8) once there are enough folders to pay for starting them."""
    if requested is not None:
        return max(1, min(requested, folders))
    cpus = available_cpus()
    threshold = _MIN_FOLDERS_FOR_WORKERS.get(_start_method(), 200)
    if cpus < 2 or folders < threshold:
        return 1
    return min(cpus, MAX_DEFAULT_JOBS, folders)


def _start_method() -> str:
    # fork is the cheap start on Linux (the workers inherit the imported code) and is safe
    # here: the pool is made before any thread of ours starts. macOS and Windows keep their
    # default, spawn, as fork is unsafe or missing there.
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _context() -> BaseContext:
    import multiprocessing

    return multiprocessing.get_context(_start_method())


def _scan_in_workers(
    targets: Sequence[ScanTarget],
    workers: int,
    bar: ScanProgress,
    take: Callable[[ConnectorRow], None],
) -> None:
    """Chunks of targets in `workers` processes, their rows taken in the scan's order.

    A worker that dies mid-task (a crash, or killed) breaks the pool and fails every task
    not finished yet. The chunk being waited for is then re-run one folder per process, so
    only a folder that kills its own process gets an error row, and the rest go to a fresh
    pool: the rows are the same whatever the timing, and the scan never hangs."""
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(16, len(targets) // (workers * 8)))
    chunks = [tuple(targets[i : i + size]) for i in range(0, len(targets), size)]
    executor: ProcessPoolExecutor | None = None
    try:
        with _sigint_blocked():
            executor = _new_executor(workers)
            futures = [executor.submit(scan_targets, chunk) for chunk in chunks]
            bar.start(len(targets))
        for index, chunk in enumerate(chunks):
            try:
                rows = _result(futures[index])
            except BrokenProcessPool:
                _stop_now(executor)
                executor = None
                rows = [_scan_isolated(target) for target in chunk]
                with _sigint_blocked():
                    executor = _new_executor(workers)
                    futures[index + 1 :] = [
                        executor.submit(scan_targets, c) for c in chunks[index + 1 :]
                    ]
            for row in rows:
                take(row)
        executor.shutdown(wait=True)
    except BaseException:
        if executor is not None:
            _stop_now(executor)
        raise


def _warm_up() -> None:
    """Before forking workers: build what the first import builds in each process (the catalog,
    the rules' and the leak guard's tables), so the workers inherit it rather than each
    building its own. A sample connector is run through the same steps as a folder's
    import; its findings are dropped."""
    from cloudprep.core.catalog import load_catalog
    from cloudprep.core.connector_section import ConnectorSection, EndpointSection, OAuthSection
    from cloudprep.core.leak_guard import LeakGuard
    from cloudprep.core.model_kinds import AuthKind
    from cloudprep.core.project_text import connector_text_fields
    from cloudprep.core.rules.connector import check_connector

    sample = ConnectorSection(
        display_name="Sample",
        auth=AuthKind.OAUTH2,
        identity_provider="aad",
        oauth=OAuthSection(
            login_uri="https://login.microsoftonline.com",
            resource_uri="https://graph.microsoft.com",
            redirect_urls=["https://global.consent.azure-apim.net/redirect/sample"],
        ),
        endpoint=EndpointSection(url="https://api.example.com/v1"),
    )
    check_connector(sample, catalog=load_catalog())
    LeakGuard.patterns_only().fields_findings(connector_text_fields(sample))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic collector waits while one folder is imported. Its JSON parses into
    thousands of containers that set the collector off again and again, and none can be
    freed while the import holds the document. Any cycle the import leaves behind is
    still found by the collector's next pass, once it is back on."""
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _scan_isolated(target: ScanTarget) -> ConnectorRow:
    """One target in a process of its own: a folder whose import kills it gets an error row."""
    from concurrent.futures.process import BrokenProcessPool

    with _sigint_blocked():
        executor = _new_executor(1)
        future = executor.submit(scan_targets, (target,))
    try:
        (row,) = _result(future)
    except BrokenProcessPool:
        row = error_row(
            target.folder, "importing it stopped the worker process abruptly (a crash or a kill)"
        )
    except BaseException:
        _stop_now(executor)
        raise
    executor.shutdown(wait=True)
    return row


def scan_targets(targets: Sequence[ScanTarget]) -> list[ConnectorRow]:
    """The rows for a chunk of targets (one worker task)."""
    return [scan_target(t) for t in targets]


def _new_executor(workers: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=_context(), initializer=_ignore_sigint)


def _result(future: Future[_T]) -> _T:
    # A short timeout, so a pending Ctrl-C is acted on even if the signal was delivered to
    # another thread than this one.
    while True:
        try:
            return future.result(timeout=_POLL_SECONDS)
        except TimeoutError:
            continue


def _stop_now(executor: ProcessPoolExecutor) -> None:
    """Terminate the workers (they ignore SIGINT), drop the queued tasks, and wait for the
    processes to end: none is left behind."""
    terminate = getattr(executor, "terminate_workers", None)  # Python 3.14+
    if callable(terminate):
        terminate()
    else:
        processes = getattr(executor, "_processes", None) or {}
        for process in list(processes.values()):
            if process.is_alive():
                process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


def _ignore_sigint() -> None:
    """Worker initializer: Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Hold SIGINT back while workers and threads start (they inherit the mask); a Ctrl-C
    pressed meanwhile is delivered when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# ---------------------------------------------------------------- the interrupt test hook
def interrupt_after(environ: Mapping[str, str]) -> int | None:
    raw = environ.get(INTERRUPT_AFTER_ENV, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise UsageError(
            f"{INTERRUPT_AFTER_ENV}={raw!r}: expected a whole number of connectors",
            hints=[f"{INTERRUPT_AFTER_ENV} is a test hook; unset it for a normal scan"],
        )
    return value


def _simulate_ctrl_c() -> None:
    """Deliver SIGINT as a terminal would: to the whole process group when this process
    leads it (so workers get it too), else to this process only. The handler raises
    KeyboardInterrupt at once; the wait only covers a replaced SIGINT handler."""
    if hasattr(os, "killpg") and os.getpgrp() == os.getpid():
        os.killpg(os.getpgrp(), signal.SIGINT)
    else:
        signal.raise_signal(signal.SIGINT)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        time.sleep(0.05)
    raise KeyboardInterrupt
