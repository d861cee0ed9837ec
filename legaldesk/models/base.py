from __future__ import annotations

from datetime import UTC, datetime

# Row ids fit a 32-bit integer in every database we run on: a larger number typed by a
# person is their mistake to be told of, not a database's overflow.
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    """Aware UTC: SQLModel's datetime columns refuse naive values, rightly."""
    return datetime.now(UTC)
