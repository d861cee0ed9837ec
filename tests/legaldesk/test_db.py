"""The engine as every part of LegalDesk gets it (legaldesk.db.make_engine)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from legaldesk.db import UnstorableText
from legaldesk.models import Rubric


def test_a_nul_is_refused_before_the_database_on_either_and_the_connection_goes_on(
    engine: Engine,
) -> None:
    # PostgreSQL refuses a NUL in any text it is sent, to keep or to compare with, with an
    # error that was a crash wherever a value reached a query uncleaned; SQLite kept it.
    with Session(engine) as session:
        with pytest.raises(UnstorableText):
            session.exec(select(Rubric).where(Rubric.code == "01\x00"))
        with pytest.raises(UnstorableText):
            session.add(Rubric(code="99.99", name_ru="Заголовок\x00", name_en="Heading"))
            session.commit()
        session.rollback()
        found = session.exec(select(Rubric).where(Rubric.code == "99.99")).first()

    with engine.connect() as conn:
        assert conn.execute(text("select :v"), {"v": "без NUL"}).scalar() == "без NUL"
    assert found is None  # nothing of the refused write was kept


def test_many_rows_at_once_are_checked_too(engine: Engine) -> None:
    rows = [
        {"code": "98.01", "ru": "Первая", "en": "First"},
        {"code": "98.02", "ru": "Вто\x00рая", "en": "Second"},
    ]

    with engine.connect() as conn, pytest.raises(UnstorableText):
        conn.execute(
            text(
                "insert into rubric (code, name_ru, name_en, position) values (:code, :ru, :en, 0)"
            ),
            rows,
        )
