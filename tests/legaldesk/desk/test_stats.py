"""The desk's figures for a period: counts by every dimension, answers on time by the
library's day, how long answers took, acts provided and pages printed, topics month to
month, and the public searches that found nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from legaldesk.db import session_scope
from legaldesk.desk import answers, gaps, stats
from legaldesk.desk.requests import Clock, Intake, add_branch, create_request, set_status
from legaldesk.desk.stats import Period, PeriodError, preset
from legaldesk.index import SearchQuery
from legaldesk.models import DeskRequest
from legaldesk.repository import Repository
from tests.legaldesk.desk.conftest import file_act

MSK = ZoneInfo("Europe/Moscow")


def _file(engine: Engine, clock: Clock, when: datetime, **values: object) -> int:
    values.setdefault("question", "Положена ли субсидия на оплату ЖКУ пенсионеру?")
    request = create_request(engine, Intake(received_at=when, **values), "t", clock)  # type: ignore[arg-type]
    assert request.id is not None
    return request.id


def _answer(engine: Engine, request_id: int, at: datetime) -> None:
    answers.save_answer(engine, request_id, "Ответ.", "printed", 2, 10, "t")
    set_status(engine, request_id, "answered", "t")
    with session_scope(engine) as session:
        row = session.get(DeskRequest, request_id)
        assert row is not None
        row.answered_at = at
        session.add(row)


def test_requests_are_counted_by_every_dimension(repo: Repository, clock: Clock) -> None:
    engine = repo.engine
    central = add_branch(engine, "Центральная библиотека", "t")
    _file(
        engine,
        clock,
        datetime(2026, 3, 2, 10, tzinfo=MSK),
        channel="letter",
        category="pensioner",
        rubrics=("pensions_benefits",),
        branch_id=central.id,
    )
    _file(
        engine,
        clock,
        datetime(2026, 3, 2, 11, tzinfo=MSK),
        kind="factual",
        rubrics=("pensions_benefits", "housing_utilities"),
    )
    _file(engine, clock, datetime(2026, 3, 4, 12, tzinfo=MSK), channel="email")
    _file(engine, clock, datetime(2026, 4, 1, 9, tzinfo=MSK))  # outside March

    found = stats.report(engine, Period(date(2026, 3, 1), date(2026, 3, 31)), clock)

    assert found.total == 3 and not found.by_month
    assert found.by_period[1] == (date(2026, 3, 2), 2)
    assert found.by_period[3] == (date(2026, 3, 4), 1)
    assert len(found.by_period) == 31 and sum(n for _d, n in found.by_period) == 3
    assert found.by_channel == {"email": 1, "letter": 1, "phone": 1}
    assert found.by_category == {"resident": 2, "pensioner": 1}
    assert found.by_kind == {"thematic": 2, "factual": 1}
    assert found.by_status == {"new": 3}
    assert found.by_rubric == {"pensions_benefits": 2, "": 1, "housing_utilities": 1}
    assert found.by_branch == {"": 2, "Центральная библиотека": 1}
    only_central = stats.report(
        engine, Period(date(2026, 3, 1), date(2026, 3, 31), central.id), clock
    )
    assert (only_central.total, only_central.branch) == (1, "Центральная библиотека")


def test_a_long_period_is_counted_by_month(repo: Repository, clock: Clock) -> None:
    _file(repo.engine, clock, datetime(2026, 1, 31, 23, 30, tzinfo=MSK))  # 20:30 UTC
    _file(repo.engine, clock, datetime(2026, 3, 1, 0, 30, tzinfo=MSK))  # 28 Feb 21:30 UTC

    found = stats.report(repo.engine, Period(date(2026, 1, 1), date(2026, 3, 31)), clock)

    assert found.by_month
    assert found.by_period == [(date(2026, 1, 1), 1), (date(2026, 2, 1), 0), (date(2026, 3, 1), 1)]


def test_on_time_is_the_due_day_in_the_library_s_zone(repo: Repository, clock: Clock) -> None:
    """Due 13 March: an answer at 23:30 that day in Moscow (20:30 UTC) is on time, one at
    00:30 the next day (21:30 UTC the same UTC day) is late."""
    engine = repo.engine
    received = datetime(2026, 3, 13, 10, tzinfo=MSK)  # a Friday phone call: due the same day
    in_time = _file(engine, clock, received)
    too_late = _file(engine, clock, received)
    _file(engine, clock, received)  # not answered
    due = date(2026, 3, 13)

    _answer(engine, in_time, datetime(2026, 3, 13, 23, 30, tzinfo=MSK))
    _answer(engine, too_late, datetime(2026, 3, 14, 0, 30, tzinfo=MSK))
    found = stats.report(engine, Period(date(2026, 3, 1), date(2026, 3, 31)), clock)

    with session_scope(engine) as session:
        assert set(session.exec(select(DeskRequest.due_on)).all()) == {due}
    assert (found.answered, found.answered_on_time, found.answered_late) == (2, 1, 1)
    assert found.on_time_share == 0.5
    assert found.open_overdue == 1  # the third, still open, due in the past


def test_the_median_time_to_answer_in_hours_and_working_days(
    repo: Repository, clock: Clock
) -> None:
    engine = repo.engine
    friday = datetime(2026, 3, 6, 10, tzinfo=MSK)
    same_day = _file(engine, clock, friday)
    next_week = _file(engine, clock, friday)
    later = _file(engine, clock, friday)

    _answer(engine, same_day, friday + timedelta(hours=2))
    # Saturday, Sunday and 9 March (the holiday of 8 March moved) are not worked.
    _answer(engine, next_week, datetime(2026, 3, 10, 10, tzinfo=MSK))  # 1 working day
    _answer(engine, later, datetime(2026, 3, 12, 10, tzinfo=MSK))  # 3 working days
    found = stats.report(engine, Period(date(2026, 3, 1), date(2026, 3, 31)), clock)

    assert found.median_working_days == 1
    assert found.median_hours == 96.0


def test_acts_provided_and_pages_printed(repo: Repository, clock: Clock) -> None:
    engine = repo.engine
    tax = file_act(repo, "245-п", "О земельном налоге")
    water = file_act(repo, "12-р", "О тарифах на воду")
    first = _file(engine, clock, datetime(2026, 3, 2, 10, tzinfo=MSK))
    second = _file(engine, clock, datetime(2026, 3, 3, 10, tzinfo=MSK))
    for request_id, acts in ((first, (tax, water)), (second, (tax,))):
        for act in acts:
            answers.cite_act(engine, request_id, act, "t")
        answers.save_answer(engine, request_id, "Ответ.", "printed", 4, 30, "t")

    found = stats.report(engine, Period(date(2026, 3, 1), date(2026, 3, 31)), clock)

    assert (found.acts_cited, found.distinct_acts) == (3, 2)
    assert [(a.document_id, a.count) for a in found.top_acts] == [(tax, 2), (water, 1)]
    assert found.top_acts[0].number == "245-п"
    assert (found.printed_pages, found.minutes_spent) == (8, 60)


def test_topics_and_words_month_to_month(repo: Repository, clock: Clock) -> None:
    engine = repo.engine
    _file(
        engine,
        clock,
        datetime(2026, 2, 10, 10, tzinfo=MSK),
        question="Как получить субсидию на оплату жилья?",
        rubrics=("housing_utilities",),
    )
    for day in (3, 4):
        _file(
            engine,
            clock,
            datetime(2026, 3, day, 10, tzinfo=MSK),
            question="Какие субсидии положены пенсионерам?",
            rubrics=("pensions_benefits",),
        )

    found = stats.report(engine, Period(date(2026, 3, 1), date(2026, 3, 31)), clock)

    # A month's topics are shown against the five months before it.
    assert found.trend_months[0] == date(2025, 10, 1) and found.trend_months[-1] == date(2026, 3, 1)
    assert found.rubric_trend == {"pensions_benefits": [0, 0, 0, 0, 0, 2]}
    assert dict(found.words)["субсидии"] == 2  # the form met most, counted once a question
    assert found.word_trend["субсидии"] == [0, 0, 0, 0, 1, 2]  # «субсидию» is the same word
    assert "какие" not in dict(found.words)


def test_presets_and_periods() -> None:
    today = date(2026, 3, 15)
    assert preset("this_month", today) == (date(2026, 3, 1), today)
    assert preset("last_month", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert preset("last_month", date(2026, 1, 10)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert preset("this_year", today) == (date(2026, 1, 1), today)
    assert preset("last_year", today) == (date(2025, 1, 1), date(2025, 12, 31))
    with pytest.raises(PeriodError):
        Period(date(2026, 3, 2), date(2026, 3, 1))


def test_searches_that_found_nothing_are_counted_without_who(
    repo: Repository, clock: Clock
) -> None:
    engine = repo.engine
    today = clock.today()

    assert gaps.note_search(engine, SearchQuery(text="Компенсация  за  ГАЗИФИКАЦИЮ"), 0, MSK)
    assert gaps.note_search(engine, SearchQuery(text="компенсация за газификацию"), 0, MSK)
    assert gaps.note_search(engine, SearchQuery(text="звоните 89161234567 ёлка"), 0, MSK)
    assert not gaps.note_search(engine, SearchQuery(text="налог"), 3, MSK)  # found something
    assert not gaps.note_search(engine, SearchQuery(text="газ", levels=("federal",)), 0, MSK)
    assert not gaps.note_search(engine, SearchQuery(text="газ", offset=10), 0, MSK)
    assert not gaps.note_search(engine, SearchQuery(text="   "), 0, MSK)

    found = stats.report(engine, Period(today.replace(day=1), today), clock)

    assert [(g.query, g.count) for g in found.gaps] == [
        ("компенсация за газификацию", 2),
        ("звоните # елка", 1),
    ]
    assert found.gaps_total == 3
