"""the desk's statistics and personal data: searches that found nothing; a cancelled
request's end

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04

`desk_search_gap` counts the public site's searches that found nothing, per normalised
query and day (legaldesk/desk/gaps.py). `desk_request.closed_at` now also marks when a
request was cancelled — the moment its requester's personal data starts to age
(legaldesk/desk/privacy.py) — so requests cancelled before this revision take it from
their history (the line that cancelled them), else from their last change. Downgrading
drops the table and leaves `closed_at` of cancelled requests set: harmless to 0012, which
never reads it for them.

(0013, the public side's migration, was made in parallel; the chain was mended when both
met: 0012 → 0013 → 0014.)
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "desk_search_gap",
        sa.Column("query", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("query", "day"),
    )
    with op.batch_alter_table("desk_search_gap", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_search_gap_day"), ["day"], unique=False)

    conn = op.get_bind()
    cancelled = conn.execute(
        sa.text(
            "SELECT id, updated_at FROM desk_request "
            "WHERE status = 'cancelled' AND closed_at IS NULL"
        )
    ).all()
    for request_id, updated_at in cancelled:
        ended = updated_at
        events = conn.execute(
            sa.text(
                "SELECT at, changes FROM desk_request_event "
                "WHERE request_id = :id AND action = 'status' ORDER BY id DESC"
            ),
            {"id": request_id},
        ).all()
        for at, changes in events:
            if isinstance(changes, str):
                changes = json.loads(changes)
            if any(
                c.get("field") == "status" and c.get("after") == "cancelled" for c in changes or []
            ):
                ended = at
                break
        conn.execute(  # as stored: SQLite gives text and takes the same text back
            sa.text("UPDATE desk_request SET closed_at = :at WHERE id = :id"),
            {"at": ended, "id": request_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("desk_search_gap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_search_gap_day"))
    op.drop_table("desk_search_gap")
