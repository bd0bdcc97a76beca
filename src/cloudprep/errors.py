"""The typed errors every adapter maps to a message and an exit code.

Each error carries what a user needs to act: the message (never a secret value) and
optional hint lines. The CLI maps the classes to exit codes in one place
(`cloudprep.cli.exit_codes`).
"""

from __future__ import annotations


class CloudprepError(Exception):
    """Base of all errors cloudprep reports to a user."""

    def __init__(self, message: str, *, hints: tuple[str, ...] | list[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.hints: tuple[str, ...] = tuple(hints)

    def __str__(self) -> str:
        return self.message


class UsageError(CloudprepError):
    """The command line or an argument value is wrong."""


class InputError(CloudprepError):
    """An input file or value cannot be parsed or is unsafe to read."""


class ProjectFileError(InputError):
    """The project file is missing, unreadable or does not match the schema."""


class ProjectChangedOnDisk(ProjectFileError):
    """The project file was changed by another program since it was read or saved: saving
    would overwrite that change, so nothing was saved."""


class ConnectorImportError(InputError):
    """A connector folder cannot be imported at all."""


class OutputExistsError(UsageError):
    """A file or folder would be overwritten without --force."""


class KeyringUnavailable(CloudprepError):
    """No usable OS keyring: the message says what is missing and how to fix it."""


class SecretNotFound(InputError):
    """A secret that an operation needs is not in the keyring."""


class StateNotSaved(CloudprepError):
    """A per-user state file (a preflight result) could not be written: the work that
    produced it is shown all the same, only not kept."""


class SecretLeakRefused(CloudprepError):
    """An output would have contained a secret; nothing was written."""
