"""Searches on the public site that found nothing: the gaps of the collection, counted for
the desk's statistics.

The public search page calls :func:`note_search` once per search; a search that found
nothing adds one to its normalised query's count for the day (one upsert). Nothing about
who searched is kept: no address, no session, no time of day. Readers sometimes type
their own particulars into a search box, so runs of seven digits or more (a phone, SNILS,
a passport) are masked before anything is stored; act numbers and dates are shorter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.index import SearchQuery
from legaldesk.models import SearchGap

MAX_QUERY = 200
MAX_WORDS = 12  # longer is a pasted text, not a reader's search
# A robot sending a new query each time could grow the table without end: past this many
# different queries in a day, only those already counted that day are counted.
MAX_QUERIES_A_DAY = 2000
LONG_DIGITS = re.compile(r"\d{7,}")


def normalise(text: str) -> str:
    """The query as counted: lower case, ё as е, one space between words, long runs of
    digits masked."""
    folded = " ".join(text.lower().replace("ё", "е").split())
    return LONG_DIGITS.sub("#", folded)[:MAX_QUERY].strip()


def _filtered(query: SearchQuery) -> bool:
    """Whether the reader narrowed the search: then finding nothing says more about the
    filters than about the collection."""
    return bool(
        query.doc_types
        or query.levels
        or query.issuers
        or query.rubrics
        or query.statuses
        or query.year
        or query.date_from
        or query.date_to
    )


def note_search(engine: Engine, query: SearchQuery, found: int, zone: tzinfo) -> bool:
    """Count a public search that found nothing (its first page, without filters); True
    when it was counted."""
    text = normalise(query.text)
    if found or not text or query.offset or _filtered(query) or len(text.split()) > MAX_WORDS:
        return False
    day = datetime.now(zone).date()
    table = SearchGap.__table__  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        known = session.exec(
            select(SearchGap.count).where(SearchGap.query == text, SearchGap.day == day)
        ).first()
        if known is None:
            today = session.exec(
                select(func.count()).select_from(SearchGap).where(SearchGap.day == day)
            ).one()
            if today >= MAX_QUERIES_A_DAY:
                return False
        insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        session.execute(
            insert(table)
            .values(query=text, day=day, count=1)
            .on_conflict_do_update(
                index_elements=[table.c.query, table.c.day], set_={"count": table.c.count + 1}
            )
        )
    return True


@dataclass(frozen=True)
class Gap:
    query: str
    count: int  # searches in the period
    days: int  # on how many days it was searched
    last: date


def top_gaps(engine: Engine, start: date, end: date, limit: int = 30) -> list[Gap]:
    """The queries that found nothing most often from ``start`` to ``end`` (both included)."""
    with Session(engine) as session:
        rows = session.exec(
            select(
                SearchGap.query,
                func.sum(SearchGap.count),
                func.count(),
                func.max(SearchGap.day),
            )
            .where(col(SearchGap.day) >= start, col(SearchGap.day) <= end)
            .group_by(col(SearchGap.query))
            .order_by(func.sum(SearchGap.count).desc(), col(SearchGap.query))
            .limit(limit)
        ).all()
    return [Gap(q, int(n), int(d), last) for q, n, d, last in rows]


def total_gaps(engine: Engine, start: date, end: date) -> int:
    """How many searches found nothing in the period."""
    with Session(engine) as session:
        found = session.exec(
            select(func.sum(SearchGap.count)).where(
                col(SearchGap.day) >= start, col(SearchGap.day) <= end
            )
        ).one()
    return int(found or 0)
