"""the centre's thesaurus: residents' words and the acts' words, applied at query time

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

The table starts with the thesaurus LegalDesk ships (legaldesk/seed/thesaurus.tsv); from
then on it is the library's own, edited by an administrator.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.resources import files

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "thesaurus_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("phrases", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    # The shipped entries, read as the domain reads them (key, phrases), without importing
    # the domain: a migration must not change when the code does.
    text = files("legaldesk").joinpath("seed/thesaurus.tsv").read_text("utf-8")
    now = datetime.now(UTC)
    rows, seen = [], set()
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
            continue
        key, _, rest = line.partition("\t")
        key = " ".join(key.split()).lower()
        phrases = "; ".join(p.strip() for p in rest.split(";") if p.strip())
        if key and phrases and key not in seen:
            seen.add(key)
            rows.append({"key": key, "phrases": phrases, "position": len(rows), "updated_at": now})
    op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("thesaurus_entry")
