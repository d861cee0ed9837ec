"""The library's days as instants, for comparing with times stored in UTC.

A day a reader types is a day in the library's zone (Settings.zone); its first and last
moments are compared with the UTC instants the database holds. Python's datetime holds
years 1 to 9999 only, so a day at either end of that range, in a zone east or west of
Greenwich, has moments UTC cannot write: «с 01.01.0001» in Moscow starts three hours
before year 1 began in UTC, and storing that bound raised OverflowError (a server error
on the public page of new acts and in the desk's API). Such days are held one or two days
inside the range: no stored time lies beyond them, so the comparison means the same.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

# Midnight of the second day of year 1 is in year 1 in UTC for any zone within a day of it;
# the midnight after the third-last day of 9999 is still in 9999.
FIRST = date.min + timedelta(days=1)
LAST = date.max - timedelta(days=2)


def _held(day: date) -> date:
    return min(max(day, FIRST), LAST)


def start_of(day: date, zone: tzinfo) -> datetime:
    """The day's first moment in ``zone``."""
    return datetime.combine(_held(day), time.min, zone)


def end_of(day: date, zone: tzinfo) -> datetime:
    """The day's last moment in ``zone`` (a bound to compare with ``<=``)."""
    return datetime.combine(_held(day), time.max, zone)


def after(day: date, zone: tzinfo) -> datetime:
    """The midnight after the day in ``zone`` (a bound to compare with ``<``)."""
    return datetime.combine(_held(day) + timedelta(days=1), time.min, zone)
