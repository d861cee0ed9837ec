"""review reasons as codes with parameters; harvest errors keep their message as data

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

The reasons were English sentences joined with «; » in a VARCHAR(512), cut there and
parsed back by prefix; they become a JSON list of codes with parameters
(legaldesk/reasons.py). Existing text is read back once, here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

document = sa.table(
    "document",
    sa.column("id", sa.Integer()),
    sa.column("review_reasons", sa.String()),
    sa.column("review_codes", sa.JSON()),
)


def upgrade() -> None:
    from legaldesk.reasons import dump, from_legacy

    with op.batch_alter_table("document") as batch_op:
        batch_op.add_column(sa.Column("review_codes", sa.JSON(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(document.c.id, document.c.review_reasons).where(
            document.c.review_reasons.is_not(None)
        )
    ).all()
    for doc_id, text in rows:
        conn.execute(
            document.update()
            .where(document.c.id == doc_id)
            .values(review_codes=dump(from_legacy(text)))
        )
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_column("review_reasons")
        batch_op.alter_column("review_codes", new_column_name="review_reasons")
    with op.batch_alter_table("harvest_error") as batch_op:
        batch_op.add_column(sa.Column("message", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("harvest_error") as batch_op:
        batch_op.drop_column("message")
    from legaldesk.reasons import text

    with op.batch_alter_table("document") as batch_op:
        batch_op.add_column(sa.Column("review_text", sa.String(length=512), nullable=True))
    conn = op.get_bind()
    table = sa.table(
        "document",
        sa.column("id", sa.Integer()),
        sa.column("review_reasons", sa.JSON()),
        sa.column("review_text", sa.String()),
    )
    rows = conn.execute(
        sa.select(table.c.id, table.c.review_reasons).where(table.c.review_reasons.is_not(None))
    ).all()
    for doc_id, stored in rows:
        conn.execute(
            table.update().where(table.c.id == doc_id).values(review_text=text(stored)[:512])
        )
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_column("review_reasons")
        batch_op.alter_column("review_text", new_column_name="review_reasons")
