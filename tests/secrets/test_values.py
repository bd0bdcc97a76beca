"""A secret value is a SecretStr, and no validation problem ever echoes it."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from cloudprep.errors import InputError
from cloudprep.secrets.values import (
    MAX_SECRET_CHARS,
    SecretInput,
    has_outer_whitespace,
    secret_value,
)

SECRET = "Zq8~v.Kd3-pL0x_Wn7Rt"


def test_a_value_is_kept_exactly_and_never_printed() -> None:
    value = secret_value(SECRET)
    assert isinstance(value, SecretStr)
    assert value.get_secret_value() == SECRET
    assert SECRET not in repr(value)
    assert SECRET not in str(value)
    assert SECRET not in repr(SecretInput(value=SECRET))


def test_spaces_inside_and_around_are_kept() -> None:
    assert secret_value("  a b  ").get_secret_value() == "  a b  "
    assert has_outer_whitespace(secret_value(" ab"))
    assert not has_outer_whitespace(secret_value("a b"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the value is empty; nothing was stored"),
        ("   \t", "the value is only whitespace"),
        (f"{SECRET}\nsecond-line", "line break inside it"),
        (f"{SECRET}\r", "line break inside it"),
        (f"{SECRET}\x00", "NUL character"),
        (SECRET * (MAX_SECRET_CHARS // len(SECRET) + 1), f"longer than {MAX_SECRET_CHARS}"),
    ],
)
def test_bad_values_are_refused_without_echoing_them(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        secret_value(text)
    error = caught.value
    assert expected in error.message
    shown = " ".join([error.message, *error.hints, str(error)])
    assert SECRET not in shown
    assert "second-line" not in shown


def test_pydantic_error_text_hides_the_input() -> None:
    with pytest.raises(ValidationError) as caught:
        SecretInput(value=f"{SECRET}\n{SECRET}")
    assert SECRET not in str(caught.value)
    assert SECRET not in repr(caught.value.errors(include_input=False))
    assert "input" not in caught.value.errors(include_input=False)[0]


def test_non_text_is_refused() -> None:
    with pytest.raises(InputError, match="not text"):
        secret_value(12345678)
