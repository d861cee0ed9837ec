"""A list's period: whole months from the calendar, written in Russian."""

from __future__ import annotations

from datetime import date

from legaldesk.lists.period import Period


def test_a_month_is_its_calendar_month_to_the_calendar_s_last() -> None:
    """December 9999 has no next month to count back from: making it raised OverflowError."""
    assert Period.month_of(date(2024, 2, 17)) == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert Period.month_of(date(9999, 12, 5)) == Period(date(9999, 12, 1), date(9999, 12, 31))
    assert Period(date(9999, 12, 1), date(9999, 12, 31)).text() == "за декабрь 9999 г."
    assert Period.last_month(date(2025, 1, 10)).text() == "за декабрь 2024 г."
