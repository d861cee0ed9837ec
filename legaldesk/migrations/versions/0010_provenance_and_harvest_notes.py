"""how a version's text was read; kinds of a run's notes

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

Versions keep tesseract's mean word confidence when their text came from OCR and the
converter that read a legacy file, shown with the version's provenance. Versions filed
before keep both empty: nothing recorded which converter read them, and their OCR is not
redone here. A run's error rows get a kind, so that a retry that ended well, a URL skipped
because its host stopped answering and the run's deadline are told apart from failures;
the rows a repository already has were all failures. Downgrading drops the retries' rows,
which would read as failures there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("version") as batch_op:
        batch_op.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("text_converter", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
    with op.batch_alter_table("harvest_error") as batch_op:
        # The server default fills the existing rows; it goes again below, so that a row
        # written without a kind is an error, not silently a failure.
        batch_op.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="error",
            )
        )
    with op.batch_alter_table("harvest_error") as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=16),
            existing_nullable=False,
            server_default=None,
        )


def downgrade() -> None:
    # Without a kind every row reads as a failure: a retry that ended well is none.
    op.execute("DELETE FROM harvest_error WHERE kind = 'retry'")
    with op.batch_alter_table("harvest_error") as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("version") as batch_op:
        batch_op.drop_column("text_converter")
        batch_op.drop_column("ocr_confidence")
