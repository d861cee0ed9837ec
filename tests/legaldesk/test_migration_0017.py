"""Migrations 0017 and 0018: the dossiers' tables and the authority file's genitive arrive
as the models describe them and go on downgrade, leaving the acts."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from legaldesk.db import alembic_config, make_engine, migrate
from tests.legaldesk.mail.test_migration import _table_of

TABLES = {"dossier", "dossier_section", "dossier_item", "dossier_delivery"}


def test_dossiers_and_the_stored_genitive_go_up_and_down(database_url: str) -> None:
    engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:  # the session's database is migrated already: start over
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine, "0016")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organization (id, name, level, proposed) "
                "VALUES (1, 'А', 'municipal', false)"
            )
        )

    migrate(engine, "0018")

    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert conn.execute(text("SELECT genitive FROM organization")).scalar() is None
    assert [d for d in differences if _table_of(d) in TABLES | {"organization"}] == []

    command.downgrade(alembic_config(engine), "0016")

    assert not TABLES & set(inspect(engine).get_table_names())
    assert "genitive" not in {c["name"] for c in inspect(engine).get_columns("organization")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM organization")).scalar() == 1
    migrate(engine)  # the session's PostgreSQL database is shared with the tests after this
    engine.dispose()
