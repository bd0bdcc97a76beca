"""Numbers as people type them into a form: a decimal comma (`99,97`) is a decimal
point; a thousands separator (`1,234`, `1.234`, `1 234`, `1'234`, `1_234`) is refused in
plain words rather than read as another number; a trailing `%` is allowed on a percentage.

The messages never repeat the text (a pasted secret could be in it).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d+)?")
_WHOLE = re.compile(r"[+-]?\d+")
# A digit group of three after a separator, as in 1,234 or 12 345 678.
_GROUPED = re.compile(r"\d{1,3}(?:[,.' _\u00a0\u202f]\d{3})+")
_GROUP_SEPARATORS = "' _\u00a0\u202f"

PERCENT_HINT = "enter a percentage such as 99.95 (or 99,95)"
COUNT_HINT = "enter a whole number such as 1500"
NO_GROUPS = "leave out the thousands separator"


class NumberTextError(ValueError):
    """The text is not a number of the kind asked for; the message says why in words."""


def parse_percent(text: str) -> float:
    """`99.97`, `99,97`, `99.97 %` → 99.97. Refuses grouped digits (`1,000.5`), several
    separators, and values outside 0–100."""
    value = text.strip().removesuffix("%").strip()
    if "," in value and "." in value:
        raise NumberTextError(f"not a percentage: {NO_GROUPS}; {PERCENT_HINT}")
    if value.count(",") > 1 or any(c in value for c in _GROUP_SEPARATORS):
        raise NumberTextError(f"not a percentage: {NO_GROUPS}; {PERCENT_HINT}")
    value = value.replace(",", ".")
    if not _DECIMAL.fullmatch(value):
        raise NumberTextError(f"not a number: {PERCENT_HINT}")
    try:
        number = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise NumberTextError(f"not a number: {PERCENT_HINT}") from None
    if not Decimal(0) <= number <= Decimal(100):
        raise NumberTextError("a percentage is between 0 and 100")
    return float(number)


def parse_count(text: str) -> int:
    """`1500` → 1500. Refuses grouped digits (`1,500`, `1.500`, `1 500`) and decimals."""
    value = text.strip()
    if _GROUPED.fullmatch(value.lstrip("+-")):
        raise NumberTextError(f"not a whole number: {NO_GROUPS} (write 1500, not 1,500)")
    if not _WHOLE.fullmatch(value):
        raise NumberTextError(f"not a whole number: {COUNT_HINT}")
    try:
        return int(value)
    except ValueError:  # more than the 4,300 digits int() converts
        raise NumberTextError(f"not a whole number: too many digits; {COUNT_HINT}") from None
