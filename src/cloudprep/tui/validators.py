"""Live field validation: thin Textual validators over the core's rules.

A validator asks the session what is wrong with a value at a field path: the session sets
the value on a copy of the project and runs the same rules as `cloudprep check`, then keeps
the findings at that field. The UI holds no copy of any rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.validation import ValidationResult, Validator

from cloudprep.tui.project_paths import FieldValueError, parse_text
from cloudprep.tui.session import NOT_SAVED

if TYPE_CHECKING:
    from cloudprep.tui.session import ProjectSession


class ProjectFieldValidator(Validator):
    """Validates an input's text as the value of one project field."""

    def __init__(
        self,
        session: ProjectSession,
        field_path: str,
        kind: str,
    ) -> None:
        super().__init__()
        self._session = session
        self._path = field_path
        self._kind = kind

    @property
    def field_path(self) -> str:
        return self._path

    def validate(self, value: str) -> ValidationResult:
        try:
            parsed = parse_text(self._kind, value)
        except FieldValueError as exc:
            return self.failure(f"{exc} ({NOT_SAVED})")
        problems = self._session.field_problems(self.field_path, parsed)
        if not problems:
            return self.success()
        return ValidationResult.merge([self.failure(p) for p in problems])
