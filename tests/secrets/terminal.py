"""Run a command on a pseudo-terminal of its own (its controlling terminal), answering
prompts, and return everything it wrote to the terminal."""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

Answer = bytes | Callable[["subprocess.Popen[bytes]"], None]
"""Bytes to type, or something to do to the process (e.g. send it a signal)."""


def _take_the_terminal() -> None:
    import fcntl
    import termios

    # In the child, after setsid (start_new_session): fd 0 becomes the controlling
    # terminal, so /dev/tty (where getpass reads) is this pty.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def run_in_terminal(
    command: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path,
    answers: Sequence[tuple[bytes, Answer]] = (),
    timeout: float = 60.0,
    size: tuple[int, int] | None = None,
    stderr_to: Path | None = None,
) -> tuple[int, bytes]:
    """Each answer is (text to wait for, what to type or do), in turn, each waiting for
    text written after the previous answer. `size`: the terminal's (columns, lines);
    `stderr_to`: a file for stderr instead of the terminal. Returns (exit code, output).
    POSIX only (imported lazily, so the module imports anywhere)."""
    import pty

    master, slave = pty.openpty()
    if size is not None:
        import fcntl
        import struct
        import termios

        columns, lines = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    with contextlib.ExitStack() as files:
        stderr = slave if stderr_to is None else files.enter_context(stderr_to.open("wb"))
        process = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=stderr,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_take_the_terminal,
        )
    os.close(slave)
    output = b""
    answered = 0
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{command} did not finish; it wrote {output!r}")
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
                if pending and pending[0][0] in output[answered:]:
                    answer = pending.pop(0)[1]
                    if isinstance(answer, bytes):
                        os.write(master, answer)
                    else:
                        answer(process)
                    answered = len(output)
            elif process.poll() is not None:
                break
        code = process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return code, output
