"""dossiers on a topic: what was ordered, its sections and items, its deliveries

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30

legaldesk/dossiers/: an employee orders a dossier (or a librarian opens one for an
organisation), LegalDesk proposes items from its saved query, the librarian composes it in
sections, and each delivery records exactly what was sent.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "dossier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", _S(length=500), nullable=False),
        sa.Column("requester_user_id", sa.Integer(), nullable=True),
        sa.Column("requester_name", _S(length=500), nullable=False),
        sa.Column("requester_email", _S(length=320), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=True),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("query", _S(length=500), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("standing", sa.Boolean(), nullable=False),
        sa.Column("state", _S(length=16), nullable=False),
        sa.Column("compiler", _S(length=128), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["requester_user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dossier_requester_user_id", "dossier", ["requester_user_id"])
    op.create_index("ix_dossier_state", "dossier", ["state"])
    op.create_table(
        "dossier_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("title", _S(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dossier_section_dossier_id", "dossier_section", ["dossier_id"])
    op.create_table(
        "dossier_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("by", _S(length=128), nullable=False),
        sa.Column("emailed_to", _S(length=320), nullable=True),
        sa.Column("contents", sa.JSON(), nullable=False),
        sa.Column("sha256", _S(length=64), nullable=False),
        sa.Column("filename", _S(length=255), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dossier_delivery_dossier_id", "dossier_delivery", ["dossier_id"])
    op.create_table(
        "dossier_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("qa_entry_id", sa.Integer(), nullable=True),
        sa.Column("state", _S(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("delivered_in", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"]),
        sa.ForeignKeyConstraint(["section_id"], ["dossier_section.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.ForeignKeyConstraint(["qa_entry_id"], ["qa_entry.id"]),
        sa.ForeignKeyConstraint(["delivered_in"], ["dossier_delivery.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("dossier_id", "section_id", "document_id", "qa_entry_id", "state"):
        op.create_index(f"ix_dossier_item_{column}", "dossier_item", [column])


def downgrade() -> None:
    op.drop_table("dossier_item")
    op.drop_table("dossier_delivery")
    op.drop_table("dossier_section")
    op.drop_table("dossier")
