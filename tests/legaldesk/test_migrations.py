"""Migrations carry the data of an existing repository, not only its schema."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from legaldesk.db import make_engine, migrate
from legaldesk.models import Document


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
