"""The change log of acts: every change to an act is appended here, in the transaction that
makes it, and every service that must react to acts follows the log from its own position.

Writers call :func:`record` and nothing else; no other code writes ``act_change``. A
consumer is a name and an idempotent ``apply(changes)``; :func:`follow` reads the changes
after its position, applies them, and only then advances the position. A crash between
the two applies the same changes again, never skips one. Positions only move forward, so
:func:`prune` may delete what every consumer has passed.

Ids are handed out in commit order. SQLite has one writer at a time, so that holds by
itself; PostgreSQL hands out sequence values before commit, so two transactions could
commit ids 11 then 10 and a follower that read 11 would step over 10 for good. There the
change is written under a transaction-level advisory lock, taken as the transaction's last
write, which makes act-changing transactions commit in the order of their ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from legaldesk.db import session_scope
from legaldesk.models import Change, ConsumerPosition
from legaldesk.models.base import utcnow

# -- kinds -------------------------------------------------------------------------------
# An open set: a new kind is a constant here and a line in KINDS, which record() checks so
# that a misspelt kind fails where it is written rather than in a consumer that ignores it.

FILED = "filed"
NEW_VERSION = "new_version"
METADATA_CHANGED = "metadata_changed"
RUBRICS_CHANGED = "rubrics_changed"
REVIEWED = "reviewed"
MERGED = "merged"
REMOVED = "removed"
GONE_FROM_SOURCE = "gone_from_source"
BACK_AT_SOURCE = "back_at_source"
PUBLISHED = "published"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
CHANGED = "changed"
STATUS_CHANGED = "status_changed"

KINDS: dict[str, str] = {
    FILED: "a new act, with its first version (version_id)",
    NEW_VERSION: "another text of a filed act (version_id)",
    METADATA_CHANGED: "a librarian corrected the act's fields (detail: fields)",
    RUBRICS_CHANGED: "a librarian changed the act's headings (detail: added, removed)",
    REVIEWED: "a librarian confirmed the act as it was: it left the review queue",
    MERGED: "another act was merged into this one (detail: from, versions)",
    REMOVED: "this act was merged into another and deleted (detail: into)",
    GONE_FROM_SOURCE: "a harvested source no longer offers the act's file (detail: url)",
    BACK_AT_SOURCE: "the source offers the file again (detail: url)",
    PUBLISHED: (
        "the act became public: published by staff, confirmed, or by a new version "
        "(detail: from, the state before); an act public from its filing has only «filed»"
    ),
    REJECTED: "a librarian kept the act back from the public (detail: from, reason)",
    WITHDRAWN: "the act was taken off the public site (detail: from, reason)",
    CHANGED: "the act changed in a way not recorded (index outbox rows carried over by 0005)",
    STATUS_CHANGED: (
        "the act's status or the act behind it changed: repealed, suspended, amended by "
        "another act, or overridden by a librarian (detail: from, to, since, by)"
    ),
}

INDEX = "index"  # the search index's consumer name, unless the settings give another


# -- writing -----------------------------------------------------------------------------

_ORDER_LOCK = 0x1E6A_1DE5_C4A6  # pg_advisory_xact_lock key: «act_change ids in commit order»


def record(
    session: Session,
    document_id: int,
    kind: str,
    actor: str,
    version_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> Change:
    """Append one change to the log in ``session``'s transaction. Call it after the
    transaction's other writes: on PostgreSQL it holds the log's order lock until commit."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of change {kind!r}: add it to legaldesk.changes.KINDS")
    session.flush()  # everything else first, so the lock below is held only to the commit
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ORDER_LOCK})
    change = Change(
        document_id=document_id,
        kind=kind,
        version_id=version_id,
        actor=actor[:128],
        detail=detail or {},
    )
    session.add(change)
    session.flush()
    return change


# -- following ---------------------------------------------------------------------------


class Consumer(Protocol):
    """Something that reacts to changes of acts. ``apply`` may see a change again after a
    crash (and several changes of one act in one call): it must be idempotent."""

    @property
    def name(self) -> str: ...

    def apply(self, changes: Sequence[Change]) -> None: ...


class Position(Protocol):
    """Where a consumer keeps how far it has applied the log. In the database
    (``InDatabase``, a row of ``change_consumer``) for every consumer of a writable
    database — where ``lag`` and ``prune`` see it; in the index's own directory
    (legaldesk/indexing.py, ``InIndex``) for the index of a reading node, whose database
    is a read-only replica."""

    def get(self) -> int | None:
        """The position; None when the consumer was never registered."""
        ...

    def register(self, start: int = 0) -> int:
        """The position, set to ``start`` first if there is none."""
        ...

    def advance(self, to: int) -> None:
        """Move forward to ``to``; never back."""
        ...


@dataclass(frozen=True)
class InDatabase:
    """A consumer's position as a row of ``change_consumer``, by its name."""

    engine: Engine
    name: str

    def get(self) -> int | None:
        return position(self.engine, self.name)

    def register(self, start: int = 0) -> int:
        return register(self.engine, self.name, start)

    def advance(self, to: int) -> None:
        advance(self.engine, self.name, to)


def register(engine: Engine, name: str, start: int = 0) -> int:
    """The consumer's position, creating it at ``start`` if it has none: the start of the
    log, unless the consumer only cares what happens from now on (subscriptions). A
    consumer added after older changes were pruned starts where the log starts: it builds
    its state from the database first (as ``reindex`` does for the index)."""
    with Session(engine) as session:
        row = session.get(ConsumerPosition, name)
        if row is not None:
            return row.position
    try:
        with session_scope(engine) as session:
            session.add(ConsumerPosition(name=name, position=start))
    except IntegrityError:  # registered by another process in between
        pass
    return position(engine, name) or 0


def position(engine: Engine, name: str) -> int | None:
    with Session(engine) as session:
        row = session.get(ConsumerPosition, name)
        return None if row is None else row.position


def advance(engine: Engine, name: str, to: int) -> None:
    """Move the consumer's position forward to ``to``; never back. A consumer rebuilt
    from the database (``reindex``) advances to the last change its rebuild covered while
    a follower may still be finishing a batch it read before: the later of the two wins."""
    with session_scope(engine) as session:
        session.execute(
            update(ConsumerPosition)
            .where(col(ConsumerPosition.name) == name, col(ConsumerPosition.position) < to)
            .values(position=to, updated_at=utcnow())
        )


def head(engine: Engine) -> int:
    """The id of the last change written (0 for an empty log): one lookup in the key."""
    with engine.connect() as conn:
        return int(conn.execute(_HEAD).scalar() or 0)


_HEAD = select(func.max(Change.id))


def missed(engine: Engine, name: str) -> bool:
    """True when changes this consumer never applied were pruned: it was registered after
    the log had been pruned past its position (a new machine's index, say) and must build
    its state from the database. A gap left by a rolled-back transaction at the very start
    of the log looks the same and costs one needless rebuild."""
    return pruned_past(engine, position(engine, name) or 0)


def pruned_past(engine: Engine, at: int) -> bool:
    """True when changes after ``at`` are gone from the log (``missed``, for a position
    kept anywhere)."""
    with engine.connect() as conn:
        first = conn.execute(_FIRST).scalar()
    return first is not None and at < int(first) - 1


_FIRST = select(func.min(Change.id))


def read(engine: Engine, after: int, limit: int) -> list[Change]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Change).where(col(Change.id) > after).order_by(col(Change.id)).limit(limit)
            ).all()
        )


def follow(engine: Engine, consumer: Consumer, batch: int = 500, at: Position | None = None) -> int:
    """Apply every change after the consumer's position, ``batch`` at a time, advancing
    the position after each batch is applied. The position is the consumer's row in the
    database unless ``at`` keeps it elsewhere. Returns the number of changes applied."""
    at = at or InDatabase(engine, consumer.name)
    done = 0
    # A consumer that cares only for what happens from now on (subscriptions) says so; it
    # starts at the head of the log, not at its first change.
    at.register(head(engine) if getattr(consumer, "from_now_on", False) else 0)
    while True:
        after = at.get() or 0
        changes = read(engine, after, batch)
        if not changes:
            return done
        consumer.apply(changes)
        last = changes[-1].id
        assert last is not None
        at.advance(last)
        done += len(changes)


# -- watching ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lag:
    """How far a consumer is behind the log."""

    consumer: str
    position: int
    head: int
    behind: int  # changes after the position
    oldest_pending_at: datetime | None  # when the first of them was written
    age: timedelta | None  # how long it has been waiting
    updated_at: datetime  # when the position last moved


def lag(engine: Engine, now: datetime | None = None) -> list[Lag]:
    """Every consumer's lag, by name: the consumers whose positions are in the database."""
    now = now or utcnow()
    last = head(engine)
    with Session(engine) as session:
        consumers = session.exec(
            select(ConsumerPosition).order_by(col(ConsumerPosition.name))
        ).all()
        return [_lag(session, c.name, c.position, last, c.updated_at, now) for c in consumers]


def lag_at(engine: Engine, name: str, at: int, updated_at: datetime | None = None) -> Lag:
    """The lag of a consumer whose position ``at`` is kept outside the database (a reading
    node's index)."""
    now = utcnow()
    with Session(engine) as session:
        return _lag(session, name, at, head(engine), updated_at or now, now)


def _lag(
    session: Session, name: str, at: int, last: int, updated_at: datetime, now: datetime
) -> Lag:
    behind = session.exec(select(func.count()).select_from(Change).where(col(Change.id) > at)).one()
    oldest = session.exec(
        select(Change.at).where(col(Change.id) > at).order_by(col(Change.id)).limit(1)
    ).first()
    return Lag(
        consumer=name,
        position=at,
        head=max(last, at),
        behind=int(behind),
        oldest_pending_at=oldest,
        age=now - oldest if oldest is not None else None,
        updated_at=updated_at,
    )


def prune(engine: Engine, keep_days: float, now: datetime | None = None) -> int:
    """Delete changes that every consumer has applied and that are older than
    ``keep_days``; returns how many. With no consumer at all nothing is deleted: the
    log is kept for the first one. Positions never move back, so a change below all of
    them at the moment of the delete is never asked for again."""
    if keep_days < 0:
        raise ValueError("keep_days must not be negative")
    cutoff = (now or utcnow()) - timedelta(days=keep_days)
    with session_scope(engine) as session:
        floor = session.exec(select(func.min(ConsumerPosition.position))).one()
        if floor is None:
            return 0
        result = session.exec(
            delete(Change).where(col(Change.id) <= floor, col(Change.at) < cutoff)
        )
        return int(result.rowcount or 0)


def recent(engine: Engine, limit: int = 30) -> list[Change]:
    """The latest changes, newest first (the workspace's status page)."""
    with Session(engine) as session:
        return list(session.exec(select(Change).order_by(col(Change.id).desc()).limit(limit)).all())
