"""Deadlines in Russian working days, on real dates: the New Year holidays, the decrees'
transferred days (a working Saturday among them), 59-ФЗ's calendar days whose end moves
off a day off, and requests received after the desk closes."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from legaldesk.desk import calendar, deadlines
from legaldesk.desk.calendar import Override, WorkCalendar
from legaldesk.desk.deadlines import Rule

MSK = ZoneInfo("Europe/Moscow")
CLOSES = time(18, 0)
LETTER = Rule("letter", None, 30, "calendar_days", "59-ФЗ, ст. 12")
PHONE = Rule("phone", None, 0, "working_days", "устное обращение")
SERVICE = Rule("internal", None, 5, "working_days", "порядок центра")


@pytest.fixture
def cal(engine: Engine) -> WorkCalendar:
    """The calendar as a repository has it: the library and the seeded decree table."""
    return calendar.load(engine)


def due(cal: WorkCalendar, rule: Rule, *moment: int) -> deadlines.Deadline:
    return deadlines.compute(datetime(*moment, tzinfo=MSK), rule, cal, MSK, CLOSES)


def test_the_new_year_holidays_and_the_transferred_31_december_are_stepped_over(
    cal: WorkCalendar,
) -> None:
    found = due(cal, SERVICE, 2025, 12, 30, 10, 0)

    assert found.due == date(2026, 1, 16)  # 31.12 and 1–11.01 are off: 12–16 January
    assert found.steps["skipped"][0] == "2025-12-31"
    assert found.steps["skipped"][-1] == "2026-01-11"
    assert len(found.steps["skipped"]) == 12


def test_a_phone_question_on_30_december_is_due_that_day(cal: WorkCalendar) -> None:
    assert due(cal, PHONE, 2025, 12, 30, 11, 30).due == date(2025, 12, 30)


def test_a_letter_received_on_the_transferred_31_december_counts_from_12_january(
    cal: WorkCalendar,
) -> None:
    found = due(cal, LETTER, 2025, 12, 31, 12, 0)

    assert found.steps["start_moved"]["why"] == "day_off"
    assert found.steps["start"] == "2026-01-12"
    assert found.due == date(2026, 2, 11)


def test_30_calendar_days_ending_on_a_saturday_move_to_monday(cal: WorkCalendar) -> None:
    found = due(cal, LETTER, 2026, 3, 12, 10, 0)

    assert found.steps["end"] == "2026-04-11"
    assert found.steps["end_moved"]["reason"] == "weekend"
    assert found.due == date(2026, 4, 13)


def test_30_calendar_days_ending_on_new_year_move_past_the_holidays(cal: WorkCalendar) -> None:
    found = due(cal, LETTER, 2025, 12, 2, 10, 0)

    assert found.steps["end"] == "2026-01-01"
    assert found.steps["end_moved"]["reason"] == "holiday"
    assert found.steps["end_moved"]["name_ru"] == "Новогодние каникулы"
    assert found.due == date(2026, 1, 12)


def test_the_transferred_working_saturday_counts_as_a_working_day(cal: WorkCalendar) -> None:
    """Decree № 1335: Saturday 1 November 2025 was worked, Monday 3 November was not."""
    found = due(cal, SERVICE, 2025, 10, 31, 10, 0)

    assert cal.is_working(date(2025, 11, 1)) and not cal.is_working(date(2025, 11, 3))
    assert found.due == date(2025, 11, 10)  # 1.11, then 5, 6, 7 and 10 November
    assert "2025-11-01" not in found.steps["skipped"]


def test_the_decree_table_wins_over_the_library(engine: Engine) -> None:
    calendar.set_day(engine, date(2025, 11, 1), False, "не рабочая", "", actor="test")
    calendar.set_day(engine, date(2026, 4, 13), False, "региональный выходной", "закон", "test")

    cal = calendar.load(engine)

    assert due(cal, SERVICE, 2025, 10, 31, 10, 0).due == date(2025, 11, 11)
    letter = due(cal, LETTER, 2026, 3, 12, 10, 0)
    assert letter.due == date(2026, 4, 14)


def test_a_phone_call_on_friday_evening_is_due_on_the_next_working_day(
    cal: WorkCalendar,
) -> None:
    """Friday 6 March 2026 after closing: the weekend, then 9 March (8 March fell on a
    Sunday), so Tuesday 10 March."""
    evening = due(cal, PHONE, 2026, 3, 6, 19, 40)
    afternoon = due(cal, PHONE, 2026, 3, 6, 17, 59)

    assert evening.steps["start_moved"]["why"] == "after_hours"
    assert evening.due == date(2026, 3, 10)
    assert afternoon.due == date(2026, 3, 6)
    assert "start_moved" not in afternoon.steps


def test_a_website_question_on_friday_night_runs_its_30_days_from_tuesday(
    cal: WorkCalendar,
) -> None:
    found = due(cal, LETTER, 2026, 2, 20, 21, 0)  # then 21–23 February are off

    assert found.steps["start"] == "2026-02-24"
    assert found.due == date(2026, 3, 26)


def test_a_request_received_late_in_moscow_is_dated_in_moscow(cal: WorkCalendar) -> None:
    """23:30 UTC on Thursday is Friday 02:30 in Moscow: the request is Friday's."""
    utc = datetime(2026, 3, 5, 23, 30, tzinfo=ZoneInfo("UTC"))

    found = deadlines.compute(utc, PHONE, cal, MSK, CLOSES)

    assert found.steps["received"] == "2026-03-06"
    assert found.due == date(2026, 3, 6)


def test_a_rule_for_a_category_wins_over_its_channels(engine: Engine) -> None:
    from sqlmodel import Session

    with Session(engine) as session:
        resident = deadlines.rule_for(session, "email", "resident")
        official = deadlines.rule_for(session, "email", "municipal_employee")
        nothing = deadlines.rule_for(session, "internal", "resident")

    assert (resident.amount, resident.unit) == (30, "calendar_days")
    assert (official.amount, official.unit) == (5, "working_days")
    assert nothing.channel == "internal"


def test_an_administrator_changes_a_rule_and_removes_one(engine: Engine) -> None:
    from sqlmodel import Session

    deadlines.save_rule(engine, "email", None, 15, "working_days", "приказ директора", "admin")
    with Session(engine) as session:
        assert deadlines.rule_for(session, "email", "resident").amount == 15
    (letter,) = [r for r in deadlines.rules(engine) if (r.channel, r.category) == ("letter", None)]
    assert letter.id is not None
    deadlines.remove_rule(engine, letter.id, "admin")
    with Session(engine) as session:
        assert deadlines.rule_for(session, "letter", "resident") == deadlines.FALLBACK
    with pytest.raises(deadlines.DeadlineError):
        deadlines.save_rule(engine, "pigeon", None, 1, "working_days", "", "admin")


def test_a_calendar_without_any_table_still_knows_the_holidays() -> None:
    bare = WorkCalendar({})
    made_working = WorkCalendar({date(2026, 1, 9): Override(True)})

    assert not bare.is_working(date(2026, 1, 9))  # the library knows the 2026 decree too
    assert made_working.is_working(date(2026, 1, 9))
    assert bare.add_working_days(date(2026, 1, 8), 1) == (
        date(2026, 1, 12),
        [date(2026, 1, 9), date(2026, 1, 10), date(2026, 1, 11)],
    )
