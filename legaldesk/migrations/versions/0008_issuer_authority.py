"""issuing bodies as an authority file: short names, proposed bodies, variant spellings

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

Every issuing body becomes a body of the authority file with its name as its first variant.
Bodies whose names are spellings of one name (``legaldesk.issuers.match_key``: «Брянская
городская администрация», «Рянская …», «Ьрянская …», «Брянская г ородская …») become one:
the spelling most acts carry stays the official name, the others become its variants, and
their acts move to it — each with a change-log entry, so that the index shows them under
the official name, and an audit event per body merged. An act whose key then equals
another's (the same act filed under two spellings) loses its key and awaits review as a
possible duplicate. Downgrading keeps the merged bodies merged.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTOR = "upgrade"

# The tables as this revision knows them: later models may have more columns.
organization = sa.table(
    "organization",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("level", sa.String()),
    sa.column("territory", sa.String()),
)
variant = sa.table(
    "issuer_variant",
    sa.column("organization_id", sa.Integer()),
    sa.column("spelling", sa.String()),
    sa.column("key", sa.String()),
    sa.column("created_at", sqlmodel.sql.sqltypes.UTCDateTime()),
)
document = sa.table(
    "document",
    sa.column("id", sa.Integer()),
    sa.column("doc_type", sa.String()),
    sa.column("number", sa.String()),
    sa.column("date_adopted", sa.Date()),
    sa.column("issuer_id", sa.Integer()),
    sa.column("act_key", sa.String()),
    sa.column("needs_review", sa.Boolean()),
    sa.column("review_reasons", sa.JSON()),
    sa.column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime()),
)
act_change = sa.table(
    "act_change",
    sa.column("document_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("version_id", sa.Integer()),
    sa.column("actor", sa.String()),
    sa.column("at", sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column("detail", sa.JSON()),
)
audit_event = sa.table(
    "audit_event",
    sa.column("at", sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("document_id", sa.Integer()),
    sa.column("detail", sa.JSON()),
)


def upgrade() -> None:
    # Plain ALTER TABLE, not a batch: SQLite would copy the table, and dropping the old copy
    # fails while acts refer to it.
    op.add_column(
        "organization",
        sa.Column("short_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    )
    op.add_column(
        "organization",
        sa.Column("proposed", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index(op.f("ix_organization_proposed"), "organization", ["proposed"], unique=False)
    op.create_table(
        "issuer_variant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("spelling", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("spelling"),
    )
    with op.batch_alter_table("issuer_variant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issuer_variant_key"), ["key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_issuer_variant_organization_id"), ["organization_id"], unique=False
        )
    merge_spellings(op.get_bind())


def merge_spellings(conn: sa.Connection) -> dict[int, int]:
    """Each body's name becomes its variant; bodies of one key are merged into the one most
    acts carry (then the oldest). Returns {merged body: the body it went into}."""
    from legaldesk.issuers import match_key

    now = datetime.now(UTC)
    counts = dict(
        conn.execute(
            sa.select(document.c.issuer_id, sa.func.count()).group_by(document.c.issuer_id)
        ).all()
    )
    bodies = conn.execute(
        sa.select(organization.c.id, organization.c.name, organization.c.level)
    ).all()
    bodies.sort(key=lambda body: (-counts.get(body.id, 0), body.id))
    keepers: dict[str, dict[str, Any]] = {}
    merged: dict[int, int] = {}
    for body in bodies:
        key = match_key(body.name)
        keeper = keepers.get(key) if len(key) >= 2 else None
        owner = body.id if keeper is None else keeper["id"]
        conn.execute(
            variant.insert().values(
                organization_id=owner, spelling=body.name, key=key, created_at=now
            )
        )
        if keeper is None:
            keepers[key] = dict(body._mapping)
            continue
        if keeper["level"] == "unknown" and body.level != "unknown":
            keeper["level"] = body.level
            conn.execute(
                organization.update()
                .where(organization.c.id == keeper["id"])
                .values(level=body.level)
            )
        acts = _move_acts(conn, body.id, keeper["id"], keeper["name"], now)
        conn.execute(
            audit_event.insert().values(
                at=now,
                actor=ACTOR,
                action="issuers_merged",
                document_id=None,
                detail={"from": body.id, "into": keeper["id"], "name": body.name, "acts": acts},
            )
        )
        conn.execute(organization.delete().where(organization.c.id == body.id))
        merged[body.id] = keeper["id"]
    return merged


def _move_acts(conn: sa.Connection, from_id: int, into_id: int, name: str, now: Any) -> list[int]:
    from legaldesk import reasons
    from legaldesk.pipeline.ingest import act_key
    from legaldesk.pipeline.metadata import ActMetadata

    rows = conn.execute(
        sa.select(
            document.c.id,
            document.c.doc_type,
            document.c.number,
            document.c.date_adopted,
            document.c.act_key,
            document.c.review_reasons,
        )
        .where(document.c.issuer_id == from_id)
        .order_by(document.c.id)
    ).all()
    for row in rows:
        values: dict[str, Any] = {"issuer_id": into_id, "updated_at": now}
        if row.act_key is not None:  # an act keyed by its old body's name: key it by the new
            meta = ActMetadata(
                doc_type=row.doc_type, number=row.number, date_adopted=row.date_adopted
            )
            key = act_key(meta, name)
            holder = conn.execute(
                sa.select(document.c.id).where(document.c.act_key == key)
            ).scalar()
            if holder is None:
                values["act_key"] = key
            else:  # the same act under two spellings: a librarian merges the two acts
                why = [*reasons.load(row.review_reasons), reasons.duplicate_of([holder])]
                values.update(act_key=None, needs_review=True, review_reasons=reasons.dump(why))
        conn.execute(document.update().where(document.c.id == row.id).values(**values))
        conn.execute(
            act_change.insert().values(
                document_id=row.id,
                kind="metadata_changed",
                version_id=None,
                actor=ACTOR,
                at=now,
                detail={"fields": ["issuer"]},
            )
        )
    return [row.id for row in rows]


def downgrade() -> None:
    with op.batch_alter_table("issuer_variant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issuer_variant_organization_id"))
        batch_op.drop_index(batch_op.f("ix_issuer_variant_key"))
    op.drop_table("issuer_variant")
    op.drop_index(op.f("ix_organization_proposed"), table_name="organization")
    op.drop_column("organization", "proposed")  # ALTER TABLE: acts refer to the table
    op.drop_column("organization", "short_name")
