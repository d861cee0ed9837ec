"""Russian working days: the public holidays of the Labour Code (art. 112) from the
``holidays`` library, and the government's yearly decree on transferred days off from the
library's own table (``desk_calendar_day``), which an administrator keeps and which wins.

Why ``holidays`` (python-holidays): it is released every few weeks, knows Russia's holidays
with art. 112's rule (a holiday on a weekend gives the next working day) and the decrees'
transfers as they are published, names them in Russian, and has no dependencies beyond
dateutil. ``workalendar`` had its last release in 2023 and knows no transfers after it.
The table still matters: a decree for next year is published in the autumn, before a
release of the library may reach a library's server, and a region's own day off (Радоница
in some regions) is the library's to enter.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files
from typing import Any

import holidays
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.messages import Msg
from legaldesk.models import AuditEvent, CalendarDay

# A span no deadline reaches past: a guard against a calendar table that made every day off.
HORIZON = 366 * 2


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class DayOff:
    """Why a day is not worked: ``weekend`` (Saturday 5, Sunday 6 in ``weekday``), a
    ``holiday`` with its names, or a ``decree`` (the table's note)."""

    reason: str
    weekday: int
    name_ru: str = ""
    name_en: str = ""

    def as_data(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "weekday": self.weekday,
            "name_ru": self.name_ru,
            "name_en": self.name_en,
        }


@dataclass(frozen=True)
class Override:
    working: bool
    note: str = ""


class WorkCalendar:
    """Working days in Russia, by the library and the decree table."""

    def __init__(self, overrides: Mapping[date, Override] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self._ru = holidays.country_holidays("RU", language="ru")
        self._en = holidays.country_holidays("RU", language="en_US")

    def is_working(self, day: date) -> bool:
        return self.day_off(day) is None

    def day_off(self, day: date) -> DayOff | None:
        """None for a working day, else why it is not one."""
        override = self.overrides.get(day)
        if override is not None:
            if override.working:
                return None
            return DayOff("decree", day.weekday(), override.note, override.note)
        name_ru = self._ru.get(day)
        if name_ru is not None:
            return DayOff("holiday", day.weekday(), str(name_ru), str(self._en.get(day) or ""))
        if day.weekday() >= 5 and not self._ru.is_working_day(day):
            return DayOff("weekend", day.weekday())
        return None

    def next_working(self, day: date) -> date:
        """``day`` itself when it is worked, else the first working day after it."""
        for candidate in _days(day):
            if self.is_working(candidate):
                return candidate
        raise CalendarError(Msg("no working day within two years of %(day)s", day=day.isoformat()))

    def add_working_days(self, day: date, count: int) -> tuple[date, list[date]]:
        """The ``count``-th working day after ``day`` (``day`` itself for 0), and the days
        off stepped over on the way."""
        skipped: list[date] = []
        if count <= 0:
            return day, skipped
        left = count
        for candidate in _days(day + timedelta(days=1)):
            if not self.is_working(candidate):
                skipped.append(candidate)
                continue
            left -= 1
            if left == 0:
                return candidate, skipped
        raise CalendarError(Msg("no working day within two years of %(day)s", day=day.isoformat()))


def _days(start: date) -> Iterator[date]:
    for n in range(HORIZON):
        yield start + timedelta(days=n)


def load(engine: Engine) -> WorkCalendar:
    with Session(engine) as session:
        rows = session.exec(select(CalendarDay)).all()
    return WorkCalendar({r.day: Override(r.working, r.note) for r in rows})


# -- the table an administrator keeps ----------------------------------------------------


def transfers(engine: Engine, year: int | None = None) -> list[CalendarDay]:
    with Session(engine) as session:
        query = select(CalendarDay).order_by(col(CalendarDay.day))
        if year is not None:
            query = query.where(
                col(CalendarDay.day) >= date(year, 1, 1), col(CalendarDay.day) <= date(year, 12, 31)
            )
        return list(session.exec(query).all())


def set_day(
    engine: Engine, day: date, working: bool, note: str, decree: str, actor: str
) -> CalendarDay:
    """Enter (or correct) one day of a decree: a day off moved onto a weekday, or a
    Saturday made a working day."""
    note, decree = " ".join(note.split())[:255], " ".join(decree.split())[:255]
    with session_scope(engine) as session:
        row = session.get(CalendarDay, day)
        before = None if row is None else {"working": row.working, "note": row.note}
        if row is None:
            row = CalendarDay(day=day, working=working, note=note, decree=decree)
        else:
            row.working, row.note, row.decree = working, note, decree
        session.add(row)
        session.add(
            AuditEvent(
                actor=actor,
                action="calendar_day_set",
                detail={
                    "day": day.isoformat(),
                    "working": working,
                    "note": note,
                    "decree": decree,
                    "before": before,
                },
            )
        )
        session.flush()
        session.expunge(row)
        return row


def remove_day(engine: Engine, day: date, actor: str) -> None:
    with session_scope(engine) as session:
        row = session.get(CalendarDay, day)
        if row is None:
            raise CalendarError(Msg("%(day)s is not in the table", day=day.isoformat()))
        session.delete(row)
        session.add(
            AuditEvent(actor=actor, action="calendar_day_removed", detail={"day": day.isoformat()})
        )


def seed_transfers(engine: Engine) -> int:
    """The decrees LegalDesk ships (legaldesk/seed/calendar.toml), into an empty table only:
    once there are days, the table is the administrator's (a day they removed stays so).
    Migration 0011 seeds the same file."""
    spec = tomllib.loads(files("legaldesk").joinpath("seed/calendar.toml").read_text("utf-8"))
    with session_scope(engine) as session:
        if session.exec(select(col(CalendarDay.day))).first() is not None:
            return 0
        added = 0
        for decree in spec["decree"]:
            for item in decree["day"]:
                session.add(
                    CalendarDay(
                        day=date.fromisoformat(item["date"]),
                        working=item["working"],
                        note=item["note"],
                        decree=decree["title"],
                    )
                )
                added += 1
        return added
