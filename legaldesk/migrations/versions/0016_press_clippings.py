"""press clippings: a document's kind of material, and a clipping's own fields

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

`document.material` tells acts from press clippings (legaldesk/clippings/); every document
filed before this revision is an act. `clipping` holds where and when an article was printed
(newspaper or site, issue, date, pages, authors, headline, address).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, not a batch: SQLite would rebuild «document», and dropping the old
    # table fails while versions and references point at it with foreign keys on.
    op.add_column(
        "document",
        sa.Column(
            "material",
            sqlmodel.sql.sqltypes.AutoString(length=16),
            nullable=False,
            server_default="act",
        ),
    )
    op.create_index("ix_document_material", "document", ["material"])

    op.create_table(
        "clipping",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("source_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("source_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("issue", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("pages", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("document_id"),
    )
    with op.batch_alter_table("clipping", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clipping_source_name"), ["source_name"])
        batch_op.create_index(batch_op.f("ix_clipping_issued"), ["issued"])


def downgrade() -> None:
    op.drop_table("clipping")
    op.drop_index("ix_document_material", table_name="document")
    # The clippings stay as documents of no particular kind: acts, as before this revision.
    op.execute("ALTER TABLE document DROP COLUMN material")  # SQLite ≥ 3.35 and PostgreSQL
