"""The one clock, and the student's day: what every progress command asks what time it is.

Cheap to import (no sqlite3, no fsrs), so the CLI can ask before it opens anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

UTC = datetime.timezone.utc

Clock = Callable[[], datetime.datetime]
"""What time it is: ``now_utc``, or a test's settable clock."""


def now_utc() -> datetime.datetime:
    return datetime.datetime.now(UTC)


def utc(now: datetime.datetime) -> datetime.datetime:
    """``now`` as an aware UTC datetime (fsrs insists on ``timezone.utc``)."""
    if now.tzinfo is UTC:
        return now
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def local_day(now: datetime.datetime) -> datetime.date:
    """The student's calendar day at ``now`` (the machine's local time zone)."""
    return now.astimezone().date()


def day_start(day: datetime.date) -> datetime.datetime:
    """Local midnight starting ``day``, in UTC."""
    return datetime.datetime.combine(day, datetime.time()).astimezone().astimezone(UTC)
