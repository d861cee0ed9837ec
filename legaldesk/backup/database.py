"""The database's side of a snapshot, whichever the database: what it holds (read inside
the very snapshot that is copied), whether this code knows its schema and brings it up to
date, and whether a repository holds data a restore would replace."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

from legaldesk.backup.errors import BackupError
from legaldesk.backup.progress import UPGRADING, Report
from legaldesk.db import alembic_config, head_revision, migrate
from legaldesk.messages import Msg

# The columns that name a file of the blob store. A new table keeping its files there adds
# itself here (tests/legaldesk/backup/test_database.py fails until it does): a backup checks
# these references, a restore warns of any the snapshot lacks.
BLOB_COLUMNS = (("version", "sha256"), ("dossier_delivery", "sha256"))
# Columns called sha256 that are checksums of something else: what a harvest fetched.
NOT_BLOBS = (("remote_file", "sha256"),)

# What `legaldesk init` fills in a new repository: subject headings, the thesaurus, the
# desk's calendar and deadlines, the change log's consumers, the schema's revision. A
# repository with rows elsewhere (an act, an account, a request…) holds data.
SEEDED = frozenset(
    {
        "alembic_version",
        "change_consumer",
        "rubric",
        "thesaurus_entry",
        "desk_calendar_day",
        "desk_deadline_rule",
        "sqlite_sequence",
    }
)

Query = Callable[[str], Sequence[Sequence[Any]]]


def kind_of(url: str) -> str:
    if url.startswith("sqlite"):
        return "sqlite"
    if url.startswith("postgresql"):
        return "postgresql"
    raise BackupError(
        Msg("Only SQLite and PostgreSQL databases can be backed up, not %(url)s.", url=url)
    )


KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class View:
    """What a snapshot's database holds: read in the snapshot's own transaction."""

    revision: str | None
    acts: int
    referenced: frozenset[str]


def read_view(query: Query, tables: set[str]) -> View:
    revision = None
    if "alembic_version" in tables:
        rows = query("SELECT version_num FROM alembic_version")
        revision = str(rows[0][0]) if rows else None
    acts = int(query("SELECT count(*) FROM document")[0][0]) if "document" in tables else 0
    referenced: set[str] = set()
    for table, column in BLOB_COLUMNS:
        if table in tables:  # an older schema may not have it yet
            referenced.update(str(r[0]) for r in query(f"SELECT {column} FROM {table}") if r[0])
    return View(revision, acts, frozenset(referenced))


def engine_query(connection: Any) -> Query:
    """A :data:`Query` on a SQLAlchemy connection."""
    return lambda sql: connection.execute(text(sql)).all()


def newer(revision: str) -> BackupError:
    return BackupError(
        Msg(
            "The backup was made by a newer LegalDesk (database revision %(revision)s): "
            "update LegalDesk first, then restore it.",
            revision=revision,
        )
    )


def check_known(engine: Engine, revision: str | None) -> None:
    """Refuses a snapshot whose schema this code cannot upgrade: none at all, or a newer
    one (its migrations are not here)."""
    if revision is None:
        raise BackupError(
            Msg("The backup's database has no LegalDesk schema: there is nothing to restore.")
        )
    script = ScriptDirectory.from_config(alembic_config(engine))
    if revision not in {r.revision for r in script.walk_revisions()}:
        raise newer(revision)


def upgrade(engine: Engine, revision: str, report: Report) -> bool:
    """Runs the migrations from ``revision`` up, as ``legaldesk init`` would on that
    repository; True if there were any."""
    if revision == head_revision():
        return False
    report.stage(UPGRADING)
    migrate(engine)
    return True


def reset_index_position(engine: Engine, consumer: str) -> None:
    """The restored index starts empty: its consumer of the change log starts from the
    beginning, so that whatever opens the repository next (the restore's own rebuild, or
    the indexing loop if the restore was cut short) makes the index whole."""
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE change_consumer SET position = 0 WHERE name = :name"), {"name": consumer}
        )


def holds_data(query: Query, tables: set[str]) -> tuple[int, bool]:
    """The acts in the repository, and whether anything besides what ``init`` seeds is."""
    acts = int(query("SELECT count(*) FROM document")[0][0]) if "document" in tables else 0
    for table in sorted(tables - SEEDED):
        if query(f'SELECT 1 FROM "{table}" LIMIT 1'):
            return acts, True
    return acts, False
