"""the authority file keeps a body's name in the genitive where descriptions need it spelt
otherwise than it inflects

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30

`organization.genitive`: «постановление администрации …» is printed from the body's name
inflected by pymorphy3 (legaldesk/bibliography/names.py) unless a librarian stored the
body's own spelling here. Empty for every body on upgrade: nothing was stored before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE: a batch would rebuild «organization» under documents' foreign keys.
    op.add_column(
        "organization",
        sa.Column("genitive", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE organization DROP COLUMN genitive")  # SQLite ≥ 3.35, PostgreSQL
