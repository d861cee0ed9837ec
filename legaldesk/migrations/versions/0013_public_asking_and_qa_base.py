"""questions asked on the public website (how to answer, private links); the public
question-answer base

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04

`desk_website_request` and `desk_request_link` belong to requests asked on the website
(legaldesk/desk/website.py): the way the resident wants the answer, and the hashes of the
private links by which they follow it. `qa_entry`, `qa_entry_rubric` and `qa_revision`
hold the public question-answer base (legaldesk/qa/). All start empty; downgrading drops
them, and with them every private link and published entry.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "qa_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "desk_request_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("desk_request_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_request_link_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "desk_website_request",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("reply_by", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("consented_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_table(
        "qa_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id"),
    )
    with op.batch_alter_table("qa_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qa_entry_revision"), ["revision"], unique=False)
        batch_op.create_index(batch_op.f("ix_qa_entry_state"), ["state"], unique=False)

    op.create_table(
        "qa_entry_rubric",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("rubric_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["qa_entry.id"],
        ),
        sa.ForeignKeyConstraint(
            ["rubric_id"],
            ["rubric.id"],
        ),
        sa.PrimaryKeyConstraint("entry_id", "rubric_id"),
    )
    with op.batch_alter_table("qa_entry_rubric", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qa_entry_rubric_rubric_id"), ["rubric_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("qa_entry_rubric", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qa_entry_rubric_rubric_id"))

    op.drop_table("qa_entry_rubric")
    with op.batch_alter_table("qa_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qa_entry_state"))
        batch_op.drop_index(batch_op.f("ix_qa_entry_revision"))

    op.drop_table("qa_entry")
    op.drop_table("desk_website_request")
    with op.batch_alter_table("desk_request_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_request_link_request_id"))

    op.drop_table("desk_request_link")
    op.drop_table("qa_revision")
