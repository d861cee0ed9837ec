"""A list's period: whole days from ``start`` to ``end``, both included, as the library counts
them (its own time zone, Settings.zone). The monthly bulletin's «this month» and «last month»
are made here, and the period is written in Russian for the list's heading."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from legaldesk import days

MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip

# A period longer than this is refused: a list of every act ever filed is an export of the
# repository, not a bulletin, and its selection would have no bound.
MAX_DAYS = 366 * 30


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError("конец периода раньше его начала")
        if (self.end - self.start).days > MAX_DAYS:
            raise PeriodError("период длиннее 30 лет")

    @classmethod
    def month_of(cls, day: date) -> Period:
        # The month's length from the calendar: the first of the next month does not exist
        # after December 9999.
        return cls(day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))

    @classmethod
    def this_month(cls, today: date) -> Period:
        return cls.month_of(today)

    @classmethod
    def last_month(cls, today: date) -> Period:
        return cls.month_of(today.replace(day=1) - timedelta(days=1))

    def bounds(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """The period as instants: from the start's midnight to the midnight after the end,
        in ``zone`` (the second excluded), for comparing times stored in UTC."""
        return days.start_of(self.start, zone), days.after(self.end, zone)

    def is_month(self) -> bool:
        return self == Period.month_of(self.start)

    def text(self) -> str:
        """«за март 2025 г.» for a whole month, else «с 03.03.2025 по 09.03.2025»."""
        if self.is_month():
            return f"за {MONTHS_NOMINATIVE[self.start.month - 1]} {self.start.year} г."
        if self.start == self.end:
            return f"за {self.start:%d.%m.%Y}"
        return f"с {self.start:%d.%m.%Y} по {self.end:%d.%m.%Y}"
