"""The library's days as instants: every day a reader can type has moments the database can
store, in zones on either side of Greenwich."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from legaldesk.days import after, end_of, start_of
from legaldesk.models import AuditEvent

# Moscow, and the furthest zones east and west of Greenwich (UTC+14, UTC-12).
ZONES = [ZoneInfo("Europe/Moscow"), ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12"), UTC]


@pytest.mark.parametrize("zone", ZONES, ids=str)
@pytest.mark.parametrize("day", [date.min, date(1, 1, 2), date.max, date(9999, 12, 30)])
def test_a_day_at_the_calendar_s_ends_has_bounds_utc_can_write(
    engine: Engine, zone: ZoneInfo, day: date
) -> None:
    bounds = [start_of(day, zone), end_of(day, zone), after(day, zone)]

    assert [b.astimezone(UTC) for b in bounds]  # raised OverflowError before
    with Session(engine) as session:  # and the database takes them as bounds
        query = select(AuditEvent).where(
            col(AuditEvent.at) >= bounds[0], col(AuditEvent.at) <= bounds[1]
        )
        assert session.exec(query.where(col(AuditEvent.at) < bounds[2])).all() == []


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_an_ordinary_day_is_the_day_itself(zone: ZoneInfo) -> None:
    day = date(2025, 3, 9)

    assert start_of(day, zone) == datetime(2025, 3, 9, tzinfo=zone)
    assert end_of(day, zone) - start_of(day, zone) == timedelta(days=1, microseconds=-1)
    assert after(day, zone) == datetime(2025, 3, 10, tzinfo=zone)
