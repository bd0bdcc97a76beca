"""Messages workers post back to the UI thread. None of them carries a secret value where
it can be shown: the stored values travel only inside a `LeakGuard`, to be matched."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from cloudprep.core.findings import Finding
    from cloudprep.core.leak_guard import LeakGuard
    from cloudprep.core.secret_needs import SecretPresence
    from cloudprep.tui.session import ProjectSession


class PresenceChecked(Message):
    """The keyring was asked which needed secrets are stored."""

    def __init__(
        self,
        presence: SecretPresence,
        problem: str | None,
        hints: tuple[str, ...] = (),
        guard: LeakGuard | None = None,
    ) -> None:
        super().__init__()
        self.presence = presence
        self.problem = problem
        self.hints = hints
        self.guard = guard
        """The leak guard over the stored values (None: they could not be read)."""


class SecretStored(Message):
    """A secret was written to the keyring (or could not be: `error`)."""

    def __init__(self, cloud: str, kind: str, error: str | None) -> None:
        super().__init__()
        self.cloud = cloud
        self.kind = kind
        self.error = error


class SecretCopied(Message):
    """A secret was put on the terminal's clipboard (or could not be: `error`)."""

    def __init__(self, cloud: str, kind: str, error: str | None) -> None:
        super().__init__()
        self.cloud = cloud
        self.kind = kind
        self.error = error


class ProjectOpened(Message):
    """A project was made (new, demo, import) or opened; `findings` are the import's."""

    def __init__(
        self,
        session: ProjectSession | None,
        error: str | None,
        hints: tuple[str, ...] = (),
        findings: tuple[Finding, ...] = (),
    ) -> None:
        super().__init__()
        self.session = session
        self.error = error
        self.hints = hints
        self.findings = findings


class ExportFinished(Message):
    def __init__(
        self,
        output: Path,
        result: Any,
        error: str | None,
        hints: tuple[str, ...] = (),
        *,
        exists: bool = False,
        keyring_unavailable: bool = False,
        definition_findings: tuple[Finding, ...] = (),
    ) -> None:
        super().__init__()
        self.output = output
        self.result = result
        self.error = error
        self.hints = hints
        self.exists = exists
        self.keyring_unavailable = keyring_unavailable
        """The export stopped because the stored values could not be read (fail closed)."""
        self.definition_findings = definition_findings
        """The connector files' findings (CP8xx), as `bundle --with-definitions` prints them."""


class BundleValidated(Message):
    def __init__(
        self, source: Path, result: Any, error: str | None, hints: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.source = source
        self.result = result
        self.error = error
        self.hints = hints
