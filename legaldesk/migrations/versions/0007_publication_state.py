"""publication state of acts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

An act is public only when published (legaldesk/publication.py). Acts already in a
repository being upgraded were all public; they stay so unless they await review, which
until now meant «the pipeline doubted it» — those become pending, as they would be if filed
today, so nothing a librarian has not looked at stays on the public site. Who and when are
left empty: nobody decided, the upgrade did.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

document = sa.table(
    "document",
    sa.column("needs_review", sa.Boolean()),
    sa.column("publication", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("document") as batch_op:
        # A server default fills the existing rows; it goes again below, so that a row
        # written without a state is an error, not silently pending.
        batch_op.add_column(
            sa.Column(
                "publication",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="pending",
            )
        )
        batch_op.add_column(
            sa.Column("publication_by", sqlmodel.sql.sqltypes.AutoString(length=128))
        )
        batch_op.add_column(sa.Column("publication_at", sqlmodel.sql.sqltypes.UTCDateTime()))
        batch_op.add_column(sa.Column("publication_reason", sa.Text()))
        batch_op.create_index("ix_document_publication", ["publication"], unique=False)
    op.get_bind().execute(
        document.update().where(document.c.needs_review.is_(False)).values(publication="published")
    )
    with op.batch_alter_table("document") as batch_op:
        batch_op.alter_column(
            "publication",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=16),
            existing_nullable=False,
            server_default=None,
        )


def downgrade() -> None:
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_index("ix_document_publication")
        batch_op.drop_column("publication_reason")
        batch_op.drop_column("publication_at")
        batch_op.drop_column("publication_by")
        batch_op.drop_column("publication")
