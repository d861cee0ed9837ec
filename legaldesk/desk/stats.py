"""The desk's figures for the library's reports: requests received in a period (optionally
at one branch) by day or month, channel, kind of reference, requester, subject heading,
branch and status; how many were answered on time and how long answers took; the acts
provided and the pages printed; the frequent topics and words and how they change month
to month; and the public searches that found nothing.

Every count is made from ``desk_request`` and what hangs on it by request — never from
``desk_requester``, which expires (legaldesk/desk/privacy.py): removing a person's name
and contact changes no figure. Codes stay codes here (``phone``, ``pensions``); the web and
the CLI name them in the reader's language (web/desk/stats_views.py).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import days
from legaldesk.desk import calendar
from legaldesk.desk.gaps import Gap, top_gaps, total_gaps
from legaldesk.desk.requests import FIRST_YEAR, Clock
from legaldesk.desk.vocabulary import OPEN
from legaldesk.messages import Msg
from legaldesk.models import (
    Answer,
    Branch,
    CitedAct,
    DeskRequest,
    Document,
    RequestRubric,
    Rubric,
    Version,
)

LAST_YEAR = 2999  # a period's end; its start is the desk's first year (FIRST_YEAR)
PRESETS = ("this_month", "last_month", "this_year", "last_year")
DAYS_AT_MOST = 62  # a longer period is counted by month
TOP_RUBRICS = 6  # followed month to month
TOP_WORDS = 20
TREND_WORDS = 8
TREND_MONTHS = 6  # a short period's topics are shown against the months before it
TOP_ACTS = 10
NO_RUBRIC = ""  # the key of requests given no subject heading
# Words of questions that say nothing of their topic (beyond the index's stop words).
QUESTION_WORDS = frozenset(
    """
    можно могу может могут нужно надо нужен нужна какие какой каким какая каких каков
    если чтобы мне меня мной нам нас наш наша наши мы я ты вы он она они оно его ее им
    ли этом этого эта эти этот того тому который которая которые сколько куда почему
    зачем хочу хотим хотела хотел будет было были будут есть нет ещё еще уже также тоже
    году года годы пожалуйста подскажите скажите прошу вопрос вопросу очень себя свой
    своей свою свои только лет день дней раз
    """.split()  # noqa: SIM905
)


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both included, the library's days; at one branch or all."""

    start: date
    end: date
    branch_id: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(Msg("the period ends before it starts"))
        if self.start.year < FIRST_YEAR or self.end.year > LAST_YEAR:
            raise PeriodError(
                Msg(
                    "a period lies between %(first)d and %(last)d", first=FIRST_YEAR, last=LAST_YEAR
                )
            )
        if (self.end - self.start).days > 366 * 10:
            raise PeriodError(Msg("a period is at most ten years"))

    @property
    def by_month(self) -> bool:
        return (self.end - self.start).days >= DAYS_AT_MOST


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def preset(name: str, today: date) -> tuple[date, date]:
    """This month (to today), last month, this year (to today), last year."""
    if name == "this_month":
        return month_start(today), today
    if name == "last_month":
        first = add_months(today, -1)
        return first, month_start(today) - timedelta(days=1)
    if name == "this_year":
        return date(today.year, 1, 1), today
    if name == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    raise PeriodError(f"no preset {name!r}")


def choose_period(
    today: date,
    preset_name: str = "",
    start: date | None = None,
    end: date | None = None,
    branch_id: int | None = None,
) -> Period:
    """The period a reader asked for: a preset, else from/to (a missing start is the first
    of the end's month, a missing end is today), else this month."""
    if preset_name:
        first, last = preset(preset_name, today)
    elif start is None and end is None:
        first, last = preset("this_month", today)
    else:
        last = end or today
        first = start or month_start(last)
    return Period(first, last, branch_id)


@dataclass(frozen=True)
class ActCount:
    document_id: int
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    count: int  # requests citing it in the period


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    branch_id: int | None
    branch: str | None
    by_month: bool
    total: int
    # The first day of each day or month of the period, with the requests received in it.
    by_period: list[tuple[date, int]] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_rubric: dict[str, int] = field(default_factory=dict)  # NO_RUBRIC: none given
    by_branch: dict[str, int] = field(default_factory=dict)  # branch names; "" none given
    answered: int = 0  # of the period's requests, answered (at any time since)
    answered_on_time: int = 0  # answered on or before the due day, the library's day
    answered_late: int = 0
    open_overdue: int = 0  # still unanswered and past the due day today
    median_hours: float | None = None  # from receipt to answer, hours of the clock
    median_working_days: float | None = None  # working days after receipt to the answer
    acts_cited: int = 0  # citations: act versions provided in answers
    distinct_acts: int = 0
    top_acts: list[ActCount] = field(default_factory=list)
    printed_pages: int = 0
    minutes_spent: int = 0
    words: list[tuple[str, int]] = field(default_factory=list)  # questions using the word
    trend_months: list[date] = field(default_factory=list)
    rubric_trend: dict[str, list[int]] = field(default_factory=dict)  # code → per month
    word_trend: dict[str, list[int]] = field(default_factory=dict)  # word → per month
    gaps: list[Gap] = field(default_factory=list)
    gaps_total: int = 0

    @property
    def on_time_share(self) -> float | None:
        """Of the answered requests, the share answered on time (0 to 1)."""
        return self.answered_on_time / self.answered if self.answered else None


@dataclass(frozen=True)
class _Row:
    id: int
    received_at: datetime
    channel: str
    category: str
    kind: str
    status: str
    branch_id: int | None
    due_on: date
    answered_at: datetime | None
    start: date | None  # the day the deadline counted from (after hours → next working day)
    question: str


def _bounds(start: date, end: date, clock: Clock) -> tuple[datetime, datetime]:
    return days.start_of(start, clock.zone), days.end_of(end, clock.zone)


def _rows(session: Session, since: datetime, until: datetime, branch_id: int | None) -> list[_Row]:
    query = select(DeskRequest).where(
        col(DeskRequest.received_at) >= since, col(DeskRequest.received_at) <= until
    )
    if branch_id is not None:
        query = query.where(col(DeskRequest.branch_id) == branch_id)
    out = []
    for r in session.exec(query.order_by(col(DeskRequest.id))).all():
        assert r.id is not None
        start = (r.deadline or {}).get("start")
        out.append(
            _Row(
                id=r.id,
                received_at=r.received_at,
                channel=r.channel,
                category=r.category,
                kind=r.kind,
                status=r.status,
                branch_id=r.branch_id,
                due_on=r.due_on,
                answered_at=r.answered_at,
                start=date.fromisoformat(start) if isinstance(start, str) else None,
                question=r.question,
            )
        )
    return out


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _working_days_between(work: calendar.WorkCalendar, first: date, last: date) -> int:
    """Working days after ``first`` up to ``last`` included: 0 for an answer the same day."""
    if last <= first:
        return 0
    return sum(
        1 for n in range(1, (last - first).days + 1) if work.is_working(first + timedelta(n))
    )


def _median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def question_words(text: str) -> list[tuple[str, str]]:
    """(word, stem) of a question's words that may tell its topic: the index's Russian
    stemming, stop words and question words left out, words of four letters and more."""
    from legaldesk.index.analysis import query_words

    return [
        (word, stem)
        for word, stem in query_words(text)
        if len(word) >= 4 and not word.isdigit() and word not in QUESTION_WORDS
    ]


def _words(rows: Iterable[_Row]) -> tuple[Counter[str], dict[str, str]]:
    """How many questions use each stem, and the form of each stem met most often (what
    the reader is shown: «пенсии» for «пенси»)."""
    per_stem: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        stems: set[str] = set()
        for word, stem in question_words(row.question):
            forms[stem][word] += 1
            stems.add(stem)
        per_stem.update(stems)
    shown = {stem: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for stem, c in forms.items()}
    return per_stem, shown


def report(engine: Engine, period: Period, clock: Clock, gaps_limit: int = 30) -> Report:
    since, until = _bounds(period.start, period.end, clock)
    zone = clock.zone
    with Session(engine) as session:
        rows = _rows(session, since, until, period.branch_id)
        ids = [r.id for r in rows]
        in_period = select(DeskRequest.id).where(
            col(DeskRequest.received_at) >= since, col(DeskRequest.received_at) <= until
        )
        if period.branch_id is not None:
            in_period = in_period.where(col(DeskRequest.branch_id) == period.branch_id)
        rubric_links = session.exec(
            select(RequestRubric.request_id, Rubric.code)
            .join(Rubric, col(Rubric.id) == col(RequestRubric.rubric_id))
            .where(col(RequestRubric.request_id).in_(in_period))
        ).all()
        answers = session.exec(
            select(Answer.printed_pages, Answer.minutes_spent).where(
                col(Answer.request_id).in_(in_period)
            )
        ).all()
        citations = session.exec(
            select(CitedAct.request_id, Version.document_id)
            .join(Version, col(Version.id) == col(CitedAct.version_id))
            .where(col(CitedAct.request_id).in_(in_period))
        ).all()
        branch_names = {
            b.id: b.name for b in session.exec(select(Branch)).all() if b.id is not None
        }
        # Acts by the act each cited version belongs to now (a merge moves versions).
        acts_count: Counter[int] = Counter(
            {doc: len(reqs) for doc, reqs in _requests_per_act(citations).items()}
        )
        top = acts_count.most_common(TOP_ACTS)
        documents = {
            d.id: d
            for d in session.exec(
                select(Document).where(col(Document.id).in_([doc for doc, _n in top]))
            ).all()
        }
    work = calendar.load(engine)
    today = clock.today()

    months_of_period = period.by_month
    buckets: Counter[date] = Counter()
    for row in rows:
        day = row.received_at.astimezone(zone).date()
        buckets[month_start(day) if months_of_period else day] += 1
    by_period: list[tuple[date, int]] = []
    step = month_start(period.start) if months_of_period else period.start
    while step <= period.end:
        by_period.append((step, buckets.get(step, 0)))
        step = add_months(step, 1) if months_of_period else step + timedelta(days=1)

    rubrics_of: dict[int, list[str]] = defaultdict(list)
    for request_id, code in rubric_links:
        rubrics_of[request_id].append(code)
    by_rubric: Counter[str] = Counter()
    for request_id in ids:
        for code in rubrics_of.get(request_id) or [NO_RUBRIC]:
            by_rubric[code] += 1

    on_time = late = 0
    hours: list[float] = []
    working: list[float] = []
    for row in rows:
        if row.answered_at is None:
            continue
        answered_day = row.answered_at.astimezone(zone).date()
        if answered_day <= row.due_on:
            on_time += 1
        else:
            late += 1
        hours.append(max(0.0, (row.answered_at - row.received_at).total_seconds() / 3600))
        first = row.start or row.received_at.astimezone(zone).date()
        working.append(_working_days_between(work, first, answered_day))

    per_stem, shown = _words(rows)
    words = [(shown[stem], n) for stem, n in _ranked(per_stem).items()][:TOP_WORDS]

    trend_start = min(month_start(period.start), add_months(period.end, -(TREND_MONTHS - 1)))
    trend_months: list[date] = []
    step = trend_start
    while step <= period.end:
        trend_months.append(step)
        step = add_months(step, 1)
    rubric_trend, word_trend = _trends(
        engine, period, clock, trend_months, by_rubric, per_stem, shown
    )

    return Report(
        start=period.start,
        end=period.end,
        branch_id=period.branch_id,
        branch=branch_names.get(period.branch_id) if period.branch_id is not None else None,
        by_month=months_of_period,
        total=len(rows),
        by_period=by_period,
        by_status=_ranked(Counter(r.status for r in rows)),
        by_channel=_ranked(Counter(r.channel for r in rows)),
        by_category=_ranked(Counter(r.category for r in rows)),
        by_kind=_ranked(Counter(r.kind for r in rows)),
        by_rubric=_ranked(by_rubric),
        by_branch=_ranked(
            Counter(branch_names.get(r.branch_id, "") if r.branch_id else "" for r in rows)
        ),
        answered=on_time + late,
        answered_on_time=on_time,
        answered_late=late,
        open_overdue=sum(1 for r in rows if r.status in OPEN and r.due_on < today),
        median_hours=_median(hours),
        median_working_days=_median(working),
        acts_cited=len(citations),
        distinct_acts=len(acts_count),
        top_acts=[
            ActCount(
                document_id=doc,
                doc_type=documents[doc].doc_type if doc in documents else None,
                number=documents[doc].number if doc in documents else None,
                date_adopted=documents[doc].date_adopted if doc in documents else None,
                title=documents[doc].title if doc in documents else None,
                count=n,
            )
            for doc, n in top
        ],
        printed_pages=sum(p or 0 for p, _m in answers),
        minutes_spent=sum(m or 0 for _p, m in answers),
        words=words,
        trend_months=trend_months,
        rubric_trend=rubric_trend,
        word_trend=word_trend,
        gaps=top_gaps(engine, period.start, period.end, gaps_limit),
        gaps_total=total_gaps(engine, period.start, period.end),
    )


def _requests_per_act(citations: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for request_id, document_id in citations:
        out[document_id].add(request_id)
    return out


def _trends(
    engine: Engine,
    period: Period,
    clock: Clock,
    months: list[date],
    by_rubric: Counter[str],
    per_stem: Counter[str],
    shown: dict[str, str],
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The period's top subject headings and words, counted in each month of ``months``
    (which may reach before the period: a month is compared with the ones before it)."""
    since, _ = _bounds(months[0], period.end, clock)
    _, until = _bounds(period.start, period.end, clock)
    with Session(engine) as session:
        rows = _rows(session, since, until, period.branch_id)
        links = session.exec(
            select(RequestRubric.request_id, Rubric.code)
            .join(Rubric, col(Rubric.id) == col(RequestRubric.rubric_id))
            .where(
                col(RequestRubric.request_id).in_(
                    select(DeskRequest.id).where(
                        col(DeskRequest.received_at) >= since,
                        col(DeskRequest.received_at) <= until,
                    )
                )
            )
        ).all()
    index = {m: n for n, m in enumerate(months)}
    month_of = {r.id: index[month_start(r.received_at.astimezone(clock.zone).date())] for r in rows}
    rubrics = [code for code in by_rubric if code != NO_RUBRIC][:TOP_RUBRICS]
    rubric_trend = {code: [0] * len(months) for code in rubrics}
    for request_id, code in links:
        if code in rubric_trend and request_id in month_of:
            rubric_trend[code][month_of[request_id]] += 1
    stems = [stem for stem, _n in _ranked(per_stem).items()][:TREND_WORDS]
    word_trend = {shown[stem]: [0] * len(months) for stem in stems}
    wanted = set(stems)
    for row in rows:
        for stem in {s for _w, s in question_words(row.question)} & wanted:
            word_trend[shown[stem]][month_of[row.id]] += 1
    return rubric_trend, word_trend


def plain_report(found: Report) -> dict[str, Any]:
    """The report as JSON values (the CLI's --json): dates in ISO 8601."""
    return {
        "start": found.start.isoformat(),
        "end": found.end.isoformat(),
        "branch_id": found.branch_id,
        "branch": found.branch,
        "by": "month" if found.by_month else "day",
        "total": found.total,
        "by_period": [{"from": d.isoformat(), "count": n} for d, n in found.by_period],
        "by_status": found.by_status,
        "by_channel": found.by_channel,
        "by_category": found.by_category,
        "by_kind": found.by_kind,
        "by_rubric": found.by_rubric,
        "by_branch": found.by_branch,
        "answered": found.answered,
        "answered_on_time": found.answered_on_time,
        "answered_late": found.answered_late,
        "on_time_share": found.on_time_share,
        "open_overdue": found.open_overdue,
        "median_hours": found.median_hours,
        "median_working_days": found.median_working_days,
        "acts_cited": found.acts_cited,
        "distinct_acts": found.distinct_acts,
        "top_acts": [
            {
                "document_id": a.document_id,
                "doc_type": a.doc_type,
                "number": a.number,
                "date_adopted": a.date_adopted.isoformat() if a.date_adopted else None,
                "title": a.title,
                "count": a.count,
            }
            for a in found.top_acts
        ],
        "printed_pages": found.printed_pages,
        "minutes_spent": found.minutes_spent,
        "words": [{"word": w, "count": n} for w, n in found.words],
        "trend_months": [m.isoformat() for m in found.trend_months],
        "rubric_trend": found.rubric_trend,
        "word_trend": found.word_trend,
        "gaps": [
            {"query": g.query, "count": g.count, "days": g.days, "last": g.last.isoformat()}
            for g in found.gaps
        ],
        "gaps_total": found.gaps_total,
    }
