""" "Today" for every date-dependent rule (PRODUCT §9).

Today is the real UTC date, or the date of `SOURCE_DATE_EPOCH` when it is set (reproducible
builds). Secret expiry and a bundle's `created` time count from it. `ga.as_of` is not today:
it only dates the GA numbers and ends the 6-month preview window (`core.ga`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from cloudprep.errors import UsageError


def source_date_epoch(environ: Mapping[str, str]) -> datetime | None:
    """`SOURCE_DATE_EPOCH` as a UTC datetime, or None when unset."""
    raw = environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return None
    try:
        seconds = int(raw.strip())
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds since 1970",
            hints=["set it to e.g. $(git log -1 --format=%ct), or unset it"],
        ) from None


def utc_now() -> datetime:
    """Now in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def utc_today() -> date:
    """Today in UTC, so that two machines in different time zones agree on the date."""
    return utc_now().date()


def export_moment(environ: Mapping[str, str], now: datetime) -> datetime:
    """The moment a bundle is made: `SOURCE_DATE_EPOCH` when set, else `now` (UTC)."""
    epoch = source_date_epoch(environ)
    moment = epoch if epoch is not None else now
    return moment.astimezone(UTC).replace(microsecond=0)


def reference_date(environ: Mapping[str, str], today: date) -> date:
    """Today: the date of `SOURCE_DATE_EPOCH` if set, else `today` (the real UTC date)."""
    epoch = source_date_epoch(environ)
    return epoch.date() if epoch is not None else today
