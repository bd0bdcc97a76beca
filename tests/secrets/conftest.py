"""Fixtures for the secrets tests: a real Secret Service, and a way to run the installed
`cloudprep` in a subprocess with a chosen keyring."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import pytest

from cloudprep.cli.main import main
from tests.conftest import missing_prerequisite
from tests.secrets.daemon import DaemonUnavailable, SecretServiceDaemon, start_secret_service


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecretServiceDaemon]:
    """A private dbus-daemon with an unlocked gnome-keyring on it, for the whole session.

    When it cannot start, the tests that use it skip with the reason; under CI (`CI` set)
    they fail instead, so a broken setup cannot pass silently.
    """
    root = tmp_path_factory.mktemp("secret-service")
    try:
        daemon = start_secret_service(root)
    except DaemonUnavailable as exc:
        missing_prerequisite(f"no real Secret Service: {exc}")
    yield daemon
    daemon.stop()


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


class _Stdin(io.TextIOWrapper):
    """stdin for an in-process run: bytes, and a TTY or not."""

    def __init__(self, data: bytes, tty: bool) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


class _Stdout(io.StringIO):
    def isatty(self) -> bool:
        return True


class Cli(Protocol):
    def __call__(
        self, *args: str, stdin: bytes = b"", stdin_tty: bool = False, stdout_tty: bool = False
    ) -> Result: ...


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Run `cloudprep ARGS…` in-process through `main(argv)`, with the given stdin."""

    def invoke(
        *args: str, stdin: bytes = b"", stdin_tty: bool = False, stdout_tty: bool = False
    ) -> Result:
        capsys.readouterr()
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stdin", _Stdin(stdin, stdin_tty))
            terminal = _Stdout()
            if stdout_tty:
                patch.setattr(sys, "stdout", terminal)
            code = main(list(args))
        captured = capsys.readouterr()
        return Result(int(code), terminal.getvalue() + captured.out, captured.err)

    return invoke
