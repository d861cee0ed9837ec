"""Migration 0012: the outbox and the rates of public forms appear on upgrade, as the
models describe them, and go on downgrade."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from legaldesk.db import alembic_config, make_engine, migrate

TABLES = {"mail_outbox", "rate_limit"}
# Columns later migrations add to these tables (0019: a message's own headers).
LATER = {("mail_outbox", "headers")}


def test_the_outbox_migration_goes_up_and_down(database_url: str) -> None:
    engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:  # the session's database is migrated already: start over
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    config = alembic_config(engine)
    before = ScriptDirectory.from_config(config).get_revision("0012").down_revision
    assert isinstance(before, str)
    migrate(engine, before)
    assert not TABLES & set(inspect(engine).get_table_names())

    migrate(engine, "0012")

    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as conn:  # the tables are what the models say, index and all
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    drift = [d for d in differences if _table_of(d) in TABLES and _column_of(d) not in LATER]
    assert drift == []
    with engine.begin() as conn:  # a queued message (as 0012 knew it) does not stop a downgrade
        conn.execute(
            text(
                "INSERT INTO mail_outbox (kind, recipient, subject, text, token, status, "
                "attempts, next_attempt_at, created_at) VALUES ('test', "
                "'resident@example.test', 'Тема', 'Текст', 'abc', 'queued', 0, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )

    command.downgrade(alembic_config(engine), before)

    assert not TABLES & set(inspect(engine).get_table_names())
    migrate(engine)  # the session's PostgreSQL database is shared with the tests after this
    engine.dispose()


def _column_of(difference: object) -> tuple[str, str] | None:
    """(table, column) of a column added, else None."""
    if isinstance(difference, tuple) and difference[0] == "add_column":
        return (str(difference[2]), str(difference[3].name))
    return None


def _table_of(difference: object) -> str:
    """The table an autogenerate difference is about: (op, Table), (op, Index or
    constraint), (op, schema, table, …), or a list of those for a column's changes."""
    first = difference[0] if isinstance(difference, list) else difference
    assert isinstance(first, tuple)
    op, *rest = first
    if op.endswith("_table"):
        return str(rest[0].name)
    if op.endswith(("_index", "_constraint", "_fk")):
        return str(rest[0].table.name)
    return str(rest[1])
