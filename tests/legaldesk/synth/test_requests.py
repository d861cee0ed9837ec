"""The demo desk: half a year of requests by every channel, most closed, some overdue and
flagged, answers citing the acts the index finds in their current versions; the same for a
seed and a day; made once."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from legaldesk.demo import write_demo_files
from legaldesk.desk import stats
from legaldesk.desk.answers import cited_acts
from legaldesk.desk.requests import Clock
from legaldesk.models import DeskRequest, ReviewFlag, SearchGap
from legaldesk.pipeline.ingest import ingest_path
from legaldesk.qa.search import search_entries
from legaldesk.repository import Repository
from legaldesk.synth.requests import generate

TODAY = date(2026, 11, 20)


@pytest.fixture
def demo_repo(repo: Repository, tmp_path: Path) -> Repository:
    """Forty demo acts, indexed, as `legaldesk demo` files them."""
    ingestor = repo.ingestor("demo")
    for path, hints in write_demo_files(tmp_path / "acts", 40, seed=2024):
        ingest_path(ingestor, path, hints)
    repo.update_index()
    return repo


def _fates(repo: Repository) -> list[tuple[str, str, str, str]]:
    with Session(repo.engine) as session:
        rows = session.exec(select(DeskRequest).order_by(col(DeskRequest.id))).all()
    return [(r.code, r.channel, r.status, r.question) for r in rows]


def test_half_a_year_of_a_working_desk(demo_repo: Repository) -> None:
    repo = demo_repo

    made = generate(repo, seed=7, per_week=6, today=TODAY)
    again = generate(repo, seed=7, per_week=6, today=TODAY)

    assert made.requests >= 120 and again.skipped
    fates = _fates(repo)
    assert len(fates) == made.requests
    channels = Counter(c for _code, c, _s, _q in fates)
    statuses = Counter(s for _code, _c, s, _q in fates)
    assert set(channels) == {"phone", "in_person", "email", "letter", "website", "internal"}
    assert statuses["closed"] > made.requests / 2 and {"new", "in_progress"} <= set(statuses)
    report = stats.report(
        repo.engine, stats.Period(TODAY - timedelta(days=180), TODAY), Clock.of(repo.settings)
    )
    assert report.total == made.requests and report.acts_cited > 50
    assert report.answered_late > 0 and report.answered_on_time > report.answered_late
    assert report.open_overdue >= made.overdue > 0  # overdue by the real today, later
    assert len(report.by_branch) == 3 and len(report.rubric_trend) >= 5
    assert len(report.trend_months) == 7  # each month since June
    assert report.printed_pages > 0 and report.words
    with Session(repo.engine) as session:
        flagged = session.exec(select(ReviewFlag.request_id)).all()
        first = session.exec(
            select(DeskRequest.id)
            .where(DeskRequest.status == "closed")
            .order_by(col(DeskRequest.id))
        ).first()
        gaps = session.exec(select(SearchGap)).all()
    assert len(set(flagged)) == made.flagged
    assert gaps and sum(g.count for g in gaps) == made.gaps
    assert first is not None and cited_acts(repo.engine, first)
    # Some answers are in the question–answer base, found by the public search.
    repo.update_index()
    assert made.qa == 12
    listed = search_entries(repo.engine, repo.qa_index, "", limit=50)
    found = search_entries(repo.engine, repo.qa_index, listed.hits[0].question, limit=50)
    assert listed.total == 12 and listed.hits[0].id in [h.id for h in found.hits]


# Determinism of the generator, not of a database: SQLite alone (the PostgreSQL run of the
# test above covers the desk's queries there), which saves CI half a minute.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_same_seed_and_day_give_the_same_desk(demo_repo: Repository) -> None:
    generate(demo_repo, seed=3, per_week=2, today=TODAY)
    first = _fates(demo_repo)
    with Session(demo_repo.engine) as session:  # as if the demo ran on a fresh repository
        for table in (
            "qa_entry_rubric",
            "qa_entry",
            "desk_review_flag",
            "desk_cited_act",
            "desk_cited_source",
            "desk_answer",
            "desk_request_event",
            "desk_request_rubric",
            "desk_requester",
            "desk_request",
            "desk_request_counter",
            "desk_search_gap",
        ):
            session.execute(text(f"DELETE FROM {table}"))
        session.commit()

    generate(demo_repo, seed=3, per_week=2, today=TODAY)

    assert _fates(demo_repo) == first
