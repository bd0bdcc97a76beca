"""A secret value: validated as a pydantic `SecretStr`, so it never prints, and so no
validation error can echo it (`hide_input_in_errors`, `errors(include_input=False)`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from cloudprep.errors import InputError

MAX_SECRET_CHARS = 8192
"""Far above any client secret, API key or password; a longer input is a wrong file."""


class SecretInput(BaseModel):
    """A value about to be stored in the keyring."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    value: SecretStr = Field(min_length=1, max_length=MAX_SECRET_CHARS)
    """The secret itself; `repr` and `str` show only asterisks."""

    @field_validator("value")
    @classmethod
    def _one_line_of_text(cls, value: SecretStr) -> SecretStr:
        text = value.get_secret_value()
        if "\n" in text or "\r" in text:
            raise ValueError(
                "the value has a line break inside it; a secret is one line "
                "(only one trailing newline is removed)"
            )
        if "\x00" in text:
            raise ValueError("the value contains a NUL character")
        if not text.strip():
            raise ValueError("the value is only whitespace")
        return value


# pydantic's own wording for these is about "items"; ours names the field the user knows.
_MESSAGES = {
    "too_short": "the value is empty; nothing was stored",
    "too_long": f"the value is longer than {MAX_SECRET_CHARS} characters; nothing was stored",
    "string_type": "the value is not text",
}


def _describe(exc: ValidationError) -> list[str]:
    messages = []
    for error in exc.errors(include_input=False, include_url=False, include_context=False):
        message = _MESSAGES.get(error["type"], error["msg"])
        messages.append(message.removeprefix("Value error, "))
    return messages


def secret_value(text: Any) -> SecretStr:
    """Validate `text` as a secret; every problem is an `InputError` that never shows it."""
    try:
        return SecretInput(value=text).value
    except ValidationError as exc:
        problems = _describe(exc)
        raise InputError(problems[0], hints=problems[1:]) from None


def has_outer_whitespace(value: SecretStr) -> bool:
    """True when the value starts or ends with whitespace (stored as given, but worth a
    warning: it is usually a copy-and-paste slip)."""
    text = value.get_secret_value()
    return text != text.strip()
