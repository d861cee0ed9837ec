"""relations between acts: the references read from their texts, the acts outside the
repository they name, and a status that follows from them

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30

`act_reference` holds what each act's text says of other acts (legaldesk/relations/);
`external_act` the federal and regional acts cited but not filed. `document.status` becomes
derived (legaldesk/relations/status.py): what the source or a librarian gave before this
revision moves to `status_given`, from which the derived status starts; the relations
consumer reads every act's text once on its first run (its position starts at the log's
beginning, or it rebuilds when the log was pruned: `legaldesk relations rebuild`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "external_act",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("doc_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("number_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("date_adopted", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("known_as", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("external_act", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_external_act_key"), ["key"], unique=True)
        batch_op.create_index(batch_op.f("ix_external_act_number_key"), ["number_key"])

    op.create_table(
        "act_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("doc_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("issuer", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("date_adopted", sa.Date(), nullable=True),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("number_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("known_as", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("part", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("resolution", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sa.Integer(), nullable=True),
        sa.Column("candidates", sa.JSON(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["document.id"]),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"]),
        sa.ForeignKeyConstraint(["target_id"], ["document.id"]),
        sa.ForeignKeyConstraint(["external_id"], ["external_act.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("act_reference", schema=None) as batch_op:
        for column in (
            "source_id",
            "role",
            "date_adopted",
            "number_key",
            "resolution",
            "target_id",
            "external_id",
        ):
            batch_op.create_index(batch_op.f(f"ix_act_reference_{column}"), [column])

    # Plain ALTER TABLE, not a batch: SQLite would rebuild «document», and dropping the old
    # table fails while versions and references point at it with foreign keys on.
    op.add_column(
        "document",
        sa.Column(
            "status_given",
            sqlmodel.sql.sqltypes.AutoString(length=16),
            nullable=False,
            server_default="unknown",
        ),
    )
    op.add_column(
        "document", sa.Column("status_override", sqlmodel.sql.sqltypes.AutoString(length=16))
    )
    op.add_column("document", sa.Column("status_reason", sa.Text()))
    op.add_column("document", sa.Column("status_since", sa.Date()))
    op.add_column("document", sa.Column("status_act_id", sa.Integer()))
    op.create_index("ix_document_status_act_id", "document", ["status_act_id"])
    op.execute("UPDATE document SET status_given = status")


def downgrade() -> None:
    op.execute("UPDATE document SET status = status_given")
    op.drop_index("ix_document_status_act_id", table_name="document")
    for column in (
        "status_act_id",
        "status_since",
        "status_reason",
        "status_override",
        "status_given",
    ):
        op.execute(f"ALTER TABLE document DROP COLUMN {column}")  # SQLite ≥ 3.35 and PostgreSQL
    op.drop_table("act_reference")
    op.drop_table("external_act")
