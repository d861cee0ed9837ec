"""subscriptions: subscribers, their standing queries and followed acts, what each was
told of; headers of an e-mail's own in the outbox

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30

legaldesk/subscriptions/: selective dissemination of new acts. ``mail_outbox.headers``
carries a digest's List-Unsubscribe; empty for every message queued before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString
_T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "subscriber",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", _S(length=255), nullable=False),
        sa.Column("email", _S(length=320), nullable=True),
        sa.Column("email_confirmed_at", _T(), nullable=True),
        sa.Column("mail_stopped_at", _T(), nullable=True),
        sa.Column("feed_key", _S(length=64), nullable=False),
        sa.Column("created_at", _T(), nullable=False),
        sa.Column("created_by", _S(length=128), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
    )
    op.create_index("ix_subscriber_email", "subscriber", ["email"])
    op.create_table(
        "subscription_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("title", _S(length=300), nullable=False),
        sa.Column("query", _S(length=500), nullable=False),
        sa.Column("doc_type", _S(length=64), nullable=False),
        sa.Column("level", _S(length=16), nullable=False),
        sa.Column("issuer", _S(length=300), nullable=False),
        sa.Column("rubric", _S(length=64), nullable=False),
        sa.Column("follow_document_id", sa.Integer(), nullable=True),
        sa.Column("frequency", _S(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_sent_at", _T(), nullable=True),
        sa.Column("created_at", _T(), nullable=False),
        sa.Column("created_by", _S(length=128), nullable=False),
        sa.ForeignKeyConstraint(["subscriber_id"], ["subscriber.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_subscription_profile_subscriber_id", "subscription_profile", ["subscriber_id"]
    )
    op.create_index(
        "ix_subscription_profile_follow_document_id",
        "subscription_profile",
        ["follow_document_id"],
    )
    op.create_table(
        "subscription_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("reason", _S(length=16), nullable=False),
        sa.Column("reason_key", _S(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _T(), nullable=False),
        sa.Column("mailed_at", _T(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["subscriber_id"], ["subscriber.id"]),
        sa.ForeignKeyConstraint(["profile_id"], ["subscription_profile.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "subscriber_id", "document_id", "reason_key", name="uq_subscription_item"
        ),
    )
    for column in ("subscriber_id", "profile_id", "document_id", "created_at"):
        op.create_index(f"ix_subscription_item_{column}", "subscription_item", [column])
    op.add_column("mail_outbox", sa.Column("headers", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE mail_outbox DROP COLUMN headers")  # SQLite ≥ 3.35, PostgreSQL
    op.drop_table("subscription_item")
    op.drop_table("subscription_profile")
    op.drop_table("subscriber")
