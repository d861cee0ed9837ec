"""What a repository's desk starts with: the deadline rules and the decree table, each put
in when its table is empty (a new repository, or a test database emptied between tests)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from legaldesk.desk.calendar import seed_transfers
from legaldesk.desk.deadlines import seed_rules


def seed_desk(engine: Engine) -> int:
    return seed_rules(engine) + seed_transfers(engine)
