"""Migrations carry the data of an existing repository, not only its schema."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from legaldesk import reasons
from legaldesk.db import alembic_config, make_engine, migrate
from legaldesk.models import (
    AuditEvent,
    Change,
    Document,
    HarvestError,
    IssuerVariant,
    Organization,
    Version,
)


def test_review_reasons_stored_as_text_become_codes(database_url: str) -> None:
    engine: Engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:  # the session's database is migrated already: start over
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0005")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO document (id, level, status, needs_review, review_reasons, "
                "created_at, updated_at) VALUES "
                "(1, 'unknown', 'unknown', true, 'needs OCR; possible duplicate: act 7', "
                ":now, :now), (2, 'unknown', 'unknown', false, NULL, :now, :now)"
            ),
            {"now": "2026-11-30 10:00:00+00:00"},
        )

    migrate(engine)

    with Session(engine) as session:
        first, second = session.get(Document, 1), session.get(Document, 2)
        assert first is not None and second is not None
        assert first.review_reasons == [
            {"code": "needs_ocr"},
            {"code": "duplicate_of", "acts": [7]},
        ]
        assert second.review_reasons is None
    engine.dispose()


def test_acts_of_an_upgraded_repository_stay_public_unless_they_await_review(
    database_url: str,
) -> None:
    engine: Engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0006")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO document (id, level, status, needs_review, created_at, updated_at) "
                "VALUES (1, 'unknown', 'unknown', true, :now, :now), "
                "(2, 'unknown', 'unknown', false, :now, :now)"
            ),
            {"now": "2026-11-30 10:00:00+00:00"},
        )

    migrate(engine)

    with Session(engine) as session:
        waiting, public = session.get(Document, 1), session.get(Document, 2)
        assert waiting is not None and public is not None
        assert (waiting.publication, public.publication) == ("pending", "published")
        assert public.publication_by is None  # nobody decided: the upgrade did
    with engine.begin() as conn, pytest.raises(IntegrityError):  # no silent default is left
        conn.execute(
            text(
                "INSERT INTO document (level, status, needs_review, created_at, updated_at) "
                "VALUES ('unknown', 'unknown', false, :now, :now)"
            ),
            {"now": "2026-11-30 10:00:00+00:00"},
        )
    engine.dispose()


def test_spellings_of_one_body_become_one_body_with_variants(database_url: str) -> None:
    """0008: bodies whose names are misreadings of one name are merged into the one most
    acts carry; their acts move, are re-keyed and told to the index, a clash of keys waits
    for a librarian; other bodies stay as they were."""
    engine: Engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0006")
    key = "postanovlenie|{n}|2024-03-12|{issuer}"  # numbers as normalize_number keys them
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organization (id, name, level) VALUES "
                "(1, 'Рянская городская администрация', 'unknown'), "
                "(2, 'Брянская городская администрация', 'municipal'), "
                "(3, 'Брянская г ородская администрация', 'unknown'), "
                "(4, 'Администрация Заречного сельского поселения', 'municipal')"
            )
        )
        for doc_id, issuer_id, number, name in [
            (1, 1, "1-п", "рянская городская администрация"),
            (2, 2, "2-п", "брянская городская администрация"),
            (3, 2, "3-п", "брянская городская администрация"),
            (4, 3, "3-п", "брянская г ородская администрация"),  # act 3 filed again
            (5, 4, "5-п", "администрация заречного сельского поселения"),
        ]:
            conn.execute(
                text(
                    "INSERT INTO document (id, doc_type, number, date_adopted, issuer_id, level, "
                    "status, act_key, needs_review, created_at, updated_at) VALUES (:id, "
                    "'postanovlenie', :number, '2024-03-12', :issuer, 'municipal', 'unknown', "
                    ":key, false, :now, :now)"
                ),
                {
                    "id": doc_id,
                    "number": number,
                    "issuer": issuer_id,
                    "key": key.format(n=number.replace("-", ""), issuer=name),
                    "now": "2026-11-30 10:00:00+00:00",
                },
            )

    migrate(engine)

    with Session(engine) as session:
        bodies = session.exec(select(Organization).order_by(col(Organization.id))).all()
        assert [(b.id, b.name, b.level) for b in bodies] == [
            (2, "Брянская городская администрация", "municipal"),
            (4, "Администрация Заречного сельского поселения", "municipal"),
        ]
        variants = session.exec(
            select(IssuerVariant.spelling).where(IssuerVariant.organization_id == 2)
        ).all()
        assert len(variants) == 3
        documents = {d.id: d for d in session.exec(select(Document)).all()}
        assert [documents[i].issuer_id for i in (1, 2, 3, 4, 5)] == [2, 2, 2, 2, 4]
        assert documents[1].act_key == key.format(n="1п", issuer="брянская городская администрация")
        assert documents[4].act_key is None and documents[4].needs_review
        assert reasons.duplicate_ids(documents[4].review_reasons) == [3]
        assert documents[5].act_key == key.format(
            n="5п", issuer="администрация заречного сельского поселения"
        )
        told = session.exec(select(Change.document_id, Change.kind)).all()
        assert sorted(told) == [(1, "metadata_changed"), (4, "metadata_changed")]
        merges = session.exec(select(AuditEvent).where(AuditEvent.action == "issuers_merged")).all()
        assert sorted(e.detail["from"] for e in merges) == [1, 3]
    engine.dispose()


def test_versions_learn_how_their_text_was_read_and_old_errors_stay_failures(
    database_url: str,
) -> None:
    """0010: a version filed before keeps an unknown confidence and converter (nothing
    recorded them); the error rows a repository has are failures; downgrading drops the
    retries, which would read as failures there."""
    engine: Engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0009")
    now = {"now": "2026-11-30 10:00:00+00:00"}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO document (id, level, status, needs_review, publication, "
                "created_at, updated_at) VALUES (1, 'unknown', 'unknown', false, 'published', "
                ":now, :now)"
            ),
            now,
        )
        conn.execute(
            text(
                "INSERT INTO version (id, document_id, number_in_document, sha256, filename, "
                "media_type, size, text_method, text, created_at) VALUES (1, 1, 1, 'ab', "
                "'old.doc', 'application/msword', 10, 'converted', 'Текст', :now)"
            ),
            now,
        )
        conn.execute(
            text(
                "INSERT INTO source (id, name, kind, config, enabled, created_at, updated_at) "
                "VALUES (1, 'adm', 'listing', '{}', true, :now, :now)"
            ),
            now,
        )
        conn.execute(
            text(
                "INSERT INTO harvest_run (id, source_id, started_at, status, trigger, pages, "
                "found, new, changed, unchanged, failed, gone, requests, not_modified, bytes) "
                "VALUES (1, 1, :now, 'partial', 'cli', 1, 1, 0, 0, 0, 1, 0, 2, 0, 0)"
            ),
            now,
        )
        conn.execute(
            text(
                "INSERT INTO harvest_error (id, run_id, url, reason, at) VALUES "
                "(1, 1, 'https://adm.example/1.pdf', 'HTTP 500 (gave up after 4 attempts)', :now)"
            ),
            now,
        )

    migrate(engine)

    with Session(engine) as session:
        version = session.get(Version, 1)
        assert version is not None
        assert (version.ocr_confidence, version.text_converter) == (None, None)
        error = session.get(HarvestError, 1)
        assert error is not None and error.kind == "error"
        session.add(
            HarvestError(id=2, run_id=1, url="https://adm.example/2.pdf", kind="retry", reason="r")
        )
        session.commit()
    with engine.begin() as conn, pytest.raises(IntegrityError):  # no silent default is left
        conn.execute(
            text(
                "INSERT INTO harvest_error (id, run_id, url, reason, at) "
                "VALUES (3, 1, 'u', 'r', :now)"
            ),
            now,
        )

    command.downgrade(alembic_config(engine), "0009")

    with engine.connect() as conn:
        left = conn.execute(text("SELECT id FROM harvest_error ORDER BY id")).scalars().all()
    assert left == [1]
    migrate(engine)  # the session's PostgreSQL database is shared with the tests after this
    engine.dispose()


def test_the_desk_arrives_with_its_rules_and_decrees_and_leaves_whole(database_url: str) -> None:
    """0011: the desk's tables, the shipped deadline rules and transferred days; its schema
    is the models' (nothing autogenerate would add); downgrading drops the desk and leaves
    the acts."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect
    from sqlmodel import SQLModel

    from legaldesk.desk.requests import Clock, Intake, create_request
    from legaldesk.models import CalendarDay, DeadlineRule

    engine: Engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0010")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO document (id, level, status, needs_review, publication, "
                "created_at, updated_at) VALUES (1, 'unknown', 'unknown', false, 'published', "
                ":now, :now)"
            ),
            {"now": "2026-11-30 10:00:00+00:00"},
        )

    migrate(engine)

    with Session(engine) as session:
        rules = session.exec(select(DeadlineRule)).all()
        days = {d.day.isoformat(): d.working for d in session.exec(select(CalendarDay)).all()}
    assert {(r.channel, r.category, r.amount, r.unit) for r in rules} >= {
        ("letter", None, 30, "calendar_days"),
        ("phone", None, 0, "working_days"),
    }
    assert days["2025-11-01"] is True and days["2026-01-09"] is False
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        drift = [d for d in compare_metadata(context, SQLModel.metadata) if "desk" in str(d)]
    assert drift == []
    from datetime import time
    from zoneinfo import ZoneInfo

    clock = Clock(ZoneInfo("Europe/Moscow"), time(18, 0))
    assert create_request(engine, Intake(question="вопрос"), "t", clock).code.endswith("-00001")

    command.downgrade(alembic_config(engine), "0010")

    tables = inspect(engine).get_table_names()
    assert not [t for t in tables if t.startswith("desk_")]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM document")).scalar() == 1
    migrate(engine)  # the session's PostgreSQL database is shared with the tests after this
    engine.dispose()


def test_search_gaps_arrive_and_cancelled_requests_learn_when_they_ended(
    database_url: str,
) -> None:
    """0014: the table of searches that found nothing; a request cancelled before it takes
    its end from the history line that cancelled it (personal data ages from then), a
    closed one keeps its own; downgrading drops the table and keeps the requests."""
    from datetime import UTC, datetime, time
    from zoneinfo import ZoneInfo

    from sqlalchemy import inspect

    from legaldesk.desk.requests import Clock, Intake, create_request, set_status
    from legaldesk.models import DeskRequest

    engine: Engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0012")
    clock = Clock(ZoneInfo("Europe/Moscow"), time(18, 0))
    cancelled = create_request(engine, Intake(question="вопрос"), "t", clock).id
    with engine.begin() as conn:  # as 0012's code left it: cancelled, no end recorded
        conn.execute(
            text("UPDATE desk_request SET status = 'cancelled', updated_at = :late WHERE id = :id"),
            {"id": cancelled, "late": datetime(2026, 5, 1, tzinfo=UTC)},
        )
        conn.execute(
            text(
                "INSERT INTO desk_request_event (request_id, at, actor, action, changes) "
                "VALUES (:id, :at, 't', 'status', :changes)"
            ),
            {
                "id": cancelled,
                "at": datetime(2026, 4, 2, 10, tzinfo=UTC),
                "changes": '[{"field": "status", "before": "new", "after": "cancelled"}]',
            },
        )
    closed = create_request(engine, Intake(question="другой"), "t", clock).id
    assert closed is not None
    set_status(engine, closed, "cancelled", "t")  # 0014's code: the end is recorded at once

    migrate(engine)

    with Session(engine) as session:
        old = session.get(DeskRequest, cancelled)
        assert old is not None and old.closed_at == datetime(2026, 4, 2, 10, tzinfo=UTC)
    assert "desk_search_gap" in inspect(engine).get_table_names()

    command.downgrade(alembic_config(engine), "0012")

    assert "desk_search_gap" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM desk_request")).scalar() == 2
    migrate(engine)
    engine.dispose()
