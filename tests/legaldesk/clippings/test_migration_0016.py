"""Migration 0016: the documents filed before it are acts, the clipping table arrives as the
model describes it, and downgrading takes the clippings' fields and the column away and
leaves the documents."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from legaldesk.db import alembic_config, make_engine, migrate
from tests.legaldesk.mail.test_migration import _table_of

NOW = {"now": "2026-12-07 10:00:00+00:00"}


def test_documents_become_acts_clippings_arrive_and_it_goes_back(database_url: str) -> None:
    engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:  # the session's database is migrated already: start over
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0015")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO document (id, level, status, status_given, needs_review, "
                "publication, created_at, updated_at) VALUES (1, 'municipal', 'in_force', "
                "'in_force', false, 'published', :now, :now)"
            ),
            NOW,
        )

    migrate(engine, "0016")

    assert "clipping" in inspect(engine).get_table_names()
    indexes = {i["name"] for i in inspect(engine).get_indexes("document")}
    assert "ix_document_material" in indexes
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert conn.execute(text("SELECT material FROM document")).scalar() == "act"
    mine = [
        d
        for d in differences
        if _table_of(d) == "clipping" or (_table_of(d) == "document" and "material" in str(d))
    ]
    assert mine == []
    with engine.begin() as conn:  # a clipping filed after the upgrade
        conn.execute(text("UPDATE document SET material = 'clipping' WHERE id = 1"))
        conn.execute(
            text(
                "INSERT INTO clipping (document_id, source_name, source_kind, issued, authors, "
                "headline) VALUES (1, 'Заречные вести', 'newspaper', '2024-03-20', '[]', 'Т')"
            )
        )

    command.downgrade(alembic_config(engine), "0015")

    assert "clipping" not in inspect(engine).get_table_names()
    columns = {c["name"] for c in inspect(engine).get_columns("document")}
    assert "material" not in columns
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM document")).scalar() == 1
    migrate(engine)  # the session's PostgreSQL database is shared with the tests after this
    engine.dispose()
