"""Migration 0013: the tables of questions asked on the website and of the question–answer
base appear on upgrade, as the models describe them, and go on downgrade."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from legaldesk.db import alembic_config, make_engine, migrate
from tests.legaldesk.mail.test_migration import _table_of

TABLES = {"desk_website_request", "desk_request_link", "qa_entry", "qa_entry_rubric", "qa_revision"}


def test_the_website_and_qa_migration_goes_up_and_down(database_url: str) -> None:
    engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:  # the session's database is migrated already: start over
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0012")
    assert not TABLES & set(inspect(engine).get_table_names())

    migrate(engine, "0013")

    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as conn:  # the tables are what the models say, indexes and all
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert [d for d in differences if _table_of(d) in TABLES] == []

    command.downgrade(alembic_config(engine), "0012")

    assert not TABLES & set(inspect(engine).get_table_names())
    migrate(engine)  # the session's PostgreSQL database is shared with the tests after this
    engine.dispose()
