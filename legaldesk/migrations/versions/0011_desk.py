"""the reference desk: requests, answers and their citations, history, review flags,
deadline rules and the decree table of transferred days off

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

The deadline rules and the transferred days of 2025 and 2026 start from the files LegalDesk
ships (legaldesk/seed/deadlines.toml, calendar.toml), read here without importing the
domain: a migration must not change when the code does. From then on both are the
library's, kept by an administrator. Downgrading drops the desk whole.
"""

import tomllib
from collections.abc import Sequence
from datetime import date
from importlib.resources import files

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _seed(name: str) -> dict:
    return tomllib.loads(files("legaldesk").joinpath(f"seed/{name}").read_text("utf-8"))


def upgrade() -> None:
    op.create_table(
        "desk_branch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    day_table = op.create_table(
        "desk_calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("decree", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    rule_table = op.create_table(
        "desk_deadline_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("basis", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "category"),
    )
    op.create_table(
        "desk_request_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "desk_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("priority", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("requester_user_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("answered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["desk_branch.id"],
        ),
        sa.ForeignKeyConstraint(
            ["requester_user_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "seq"),
    )
    with op.batch_alter_table("desk_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_request_assignee_id"), ["assignee_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_desk_request_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_desk_request_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_desk_request_channel"), ["channel"], unique=False)
        batch_op.create_index(batch_op.f("ix_desk_request_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_desk_request_due_on"), ["due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_desk_request_received_at"), ["received_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_desk_request_requester_user_id"), ["requester_user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_desk_request_status"), ["status"], unique=False)

    op.create_table(
        "desk_answer",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("delivery", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("printed_pages", sa.Integer(), nullable=True),
        sa.Column("minutes_spent", sa.Integer(), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_table(
        "desk_cited_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("container", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("issue", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("pages", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("accessed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("desk_cited_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_cited_source_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "desk_request_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("desk_request_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_request_event_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "desk_request_rubric",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("rubric_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.ForeignKeyConstraint(
            ["rubric_id"],
            ["rubric.id"],
        ),
        sa.PrimaryKeyConstraint("request_id", "rubric_id"),
    )
    with op.batch_alter_table("desk_request_rubric", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_request_rubric_rubric_id"), ["rubric_id"], unique=False
        )

    op.create_table(
        "desk_requester",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_table(
        "desk_review_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("cited_version_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("raised_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("cleared_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("cleared_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "change_id"),
    )
    with op.batch_alter_table("desk_review_flag", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_review_flag_cleared_at"), ["cleared_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_desk_review_flag_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "desk_cited_act",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("seen_change", sa.Integer(), nullable=False),
        sa.Column("cited_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("cited_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["desk_request.id"],
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "version_id"),
    )
    with op.batch_alter_table("desk_cited_act", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_cited_act_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_desk_cited_act_request_id"), ["request_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_desk_cited_act_version_id"), ["version_id"], unique=False
        )

    rules = _seed("deadlines.toml")["rule"]
    op.bulk_insert(
        rule_table,
        [
            {
                "channel": r["channel"],
                "category": r.get("category"),
                "amount": r["amount"],
                "unit": r["unit"],
                "basis": r["basis"],
            }
            for r in rules
        ],
    )
    op.bulk_insert(
        day_table,
        [
            {
                "day": date.fromisoformat(d["date"]),
                "working": d["working"],
                "note": d["note"],
                "decree": decree["title"],
            }
            for decree in _seed("calendar.toml")["decree"]
            for d in decree["day"]
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("desk_cited_act", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_cited_act_version_id"))
        batch_op.drop_index(batch_op.f("ix_desk_cited_act_request_id"))
        batch_op.drop_index(batch_op.f("ix_desk_cited_act_document_id"))

    op.drop_table("desk_cited_act")
    with op.batch_alter_table("desk_review_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_review_flag_request_id"))
        batch_op.drop_index(batch_op.f("ix_desk_review_flag_cleared_at"))

    op.drop_table("desk_review_flag")
    op.drop_table("desk_requester")
    with op.batch_alter_table("desk_request_rubric", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_request_rubric_rubric_id"))

    op.drop_table("desk_request_rubric")
    with op.batch_alter_table("desk_request_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_request_event_request_id"))

    op.drop_table("desk_request_event")
    with op.batch_alter_table("desk_cited_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_cited_source_request_id"))

    op.drop_table("desk_cited_source")
    op.drop_table("desk_answer")
    with op.batch_alter_table("desk_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_request_status"))
        batch_op.drop_index(batch_op.f("ix_desk_request_requester_user_id"))
        batch_op.drop_index(batch_op.f("ix_desk_request_received_at"))
        batch_op.drop_index(batch_op.f("ix_desk_request_due_on"))
        batch_op.drop_index(batch_op.f("ix_desk_request_code"))
        batch_op.drop_index(batch_op.f("ix_desk_request_channel"))
        batch_op.drop_index(batch_op.f("ix_desk_request_category"))
        batch_op.drop_index(batch_op.f("ix_desk_request_branch_id"))
        batch_op.drop_index(batch_op.f("ix_desk_request_assignee_id"))

    op.drop_table("desk_request")
    op.drop_table("desk_request_counter")
    op.drop_table("desk_deadline_rule")
    op.drop_table("desk_calendar_day")
    op.drop_table("desk_branch")
