"""Migration 0015: the references and outside acts arrive as the models describe them, a
status given before becomes the given status the derived one starts from, and downgrading
puts the status back and leaves the acts."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from legaldesk.db import alembic_config, make_engine, migrate
from tests.legaldesk.mail.test_migration import _table_of

TABLES = {"act_reference", "external_act"}
NOW = {"now": "2026-11-30 10:00:00+00:00"}


def test_relations_arrive_the_given_status_is_kept_and_it_goes_back(database_url: str) -> None:
    engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:  # the session's database is migrated already: start over
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0014")
    with engine.begin() as conn:
        for id_, status in ((1, "repealed"), (2, "in_force")):
            conn.execute(
                text(
                    "INSERT INTO document (id, level, status, needs_review, publication, "
                    f"created_at, updated_at) VALUES ({id_}, 'municipal', '{status}', false, "
                    "'published', :now, :now)"
                ),
                NOW,
            )
        conn.execute(
            text(
                "INSERT INTO version (id, document_id, number_in_document, sha256, filename, "
                "media_type, size, text_method, text, created_at) VALUES (1, 1, 1, 'ab', "
                "'a.txt', 'text/plain', 10, 'text', 'Текст', :now)"
            ),
            NOW,
        )

    migrate(engine, "0015")

    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        given = conn.execute(text("SELECT id, status, status_given FROM document ORDER BY id"))
        assert [tuple(row) for row in given] == [
            (1, "repealed", "repealed"),
            (2, "in_force", "in_force"),
        ]
    assert [d for d in differences if _table_of(d) in TABLES] == []

    command.downgrade(alembic_config(engine), "0014")

    assert not TABLES & set(inspect(engine).get_table_names())
    columns = {c["name"] for c in inspect(engine).get_columns("document")}
    assert "status" in columns and "status_given" not in columns
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM document")).scalar() == 2
    migrate(engine)  # the session's PostgreSQL database is shared with the tests after this
    engine.dispose()
