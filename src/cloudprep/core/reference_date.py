"""The reference date every date-dependent rule uses (PRODUCT §9)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from cloudprep.core.models import Project
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


def utc_today() -> date:
    """Today in UTC, so that two machines in different time zones agree on the date."""
    return datetime.now(UTC).date()


def reference_date(project: Project, environ: Mapping[str, str], today: date) -> date:
    """The date of `SOURCE_DATE_EPOCH` if set, else `ga.as_of`, else today."""
    epoch = source_date_epoch(environ)
    if epoch is not None:
        return epoch.date()
    if project.ga.as_of is not None:
        return project.ga.as_of
    return today
