"""Numbers as people type them: decimal comma, refused thousands separators, percent range."""

from __future__ import annotations

import pytest

from cloudprep.core.number_text import NumberTextError, parse_count, parse_percent


@pytest.mark.parametrize(
    ("text", "value"),
    [("99.97", 99.97), ("99,97", 99.97), (" 99,5 % ", 99.5), ("100", 100.0), ("0", 0.0)],
)
def test_percent_accepts_a_decimal_point_or_comma(text: str, value: float) -> None:
    assert parse_percent(text) == value


@pytest.mark.parametrize("text", ["1,000.5", "99,9,7", "99 97", "99'97", "1_0"])
def test_percent_refuses_grouped_digits_in_words(text: str) -> None:
    with pytest.raises(NumberTextError, match="thousands separator"):
        parse_percent(text)


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "1e2", "99.", ".5"])
def test_percent_refuses_what_is_not_a_plain_number(text: str) -> None:
    with pytest.raises(NumberTextError, match="not a number"):
        parse_percent(text)


@pytest.mark.parametrize("text", ["100.01", "-1"])
def test_percent_is_between_0_and_100(text: str) -> None:
    with pytest.raises(NumberTextError, match="between 0 and 100"):
        parse_percent(text)


@pytest.mark.parametrize("text", ["1,500", "1.500", "1 500", "12\u00a0345", "1'500", "1_500"])
def test_count_refuses_a_thousands_separator_in_plain_words(text: str) -> None:
    with pytest.raises(NumberTextError, match="leave out the thousands separator"):
        parse_count(text)


@pytest.mark.parametrize(("text", "value"), [("1500", 1500), (" 42 ", 42), ("-5", -5)])
def test_count_reads_whole_numbers(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["1.5", "12,5", "many"])
def test_count_refuses_decimals_and_words(text: str) -> None:
    with pytest.raises(NumberTextError, match="not a whole number"):
        parse_count(text)


def test_messages_never_repeat_the_text() -> None:
    secret = "Zq8~not-a-number"
    with pytest.raises(NumberTextError) as caught:
        parse_count(secret)
    assert secret not in str(caught.value)


def test_a_count_longer_than_int_converts_is_refused_in_words() -> None:
    # int() raises a plain ValueError for a string of more than 4,300 digits.
    with pytest.raises(NumberTextError, match="not a whole number"):
        parse_count("9" * 5000)
