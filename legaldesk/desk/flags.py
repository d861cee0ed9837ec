"""Review flags: a request whose answer cites an act that has changed since — a new version,
taken off the public site, merged into another record, its status changed — is flagged,
and the flag says what happened. A librarian looks and clears it.

The desk is a consumer of the change log (legaldesk/changes.py), as the index is: it reads
the changes after its position, raises the flags they call for and only then advances.
Applying a change twice raises nothing new (a flag is unique per request and change), so a
crash in between, or two processes catching up at once, is harmless. Only changes written
after an act was cited count for it (``CitedAct.seen_change``): an act withdrawn before a
librarian cited it is not news to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import changes
from legaldesk.db import session_scope
from legaldesk.desk import history
from legaldesk.desk.requests import DeskError
from legaldesk.messages import Msg
from legaldesk.models import Change, CitedAct, Document, ReviewFlag, Version
from legaldesk.models.base import utcnow

DESK = "desk"  # the desk's name as a consumer of the change log
ACTOR = "change log"

# The kinds of change that flag a citing request. «status_changed» is the relations' kind to
# come (amended, repealed); it is read as soon as changes.KINDS has it.
FLAGGING = (
    changes.NEW_VERSION,
    changes.WITHDRAWN,
    changes.REJECTED,
    changes.REMOVED,
    changes.MERGED,
    changes.METADATA_CHANGED,
    "status_changed",
)


class DeskConsumer:
    """Changes of acts → flags on the requests whose answers cite them."""

    name = DESK

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def apply(self, batch: Sequence[Change]) -> None:
        relevant = [c for c in batch if c.kind in FLAGGING]
        if not relevant:
            return
        ids = sorted({c.document_id for c in relevant})
        with session_scope(self.engine) as session:
            citations = session.exec(
                select(CitedAct, Version.document_id, Version.number_in_document)
                .join(Version, col(Version.id) == col(CitedAct.version_id))
                .where(or_(col(CitedAct.document_id).in_(ids), col(Version.document_id).in_(ids)))
            ).all()
            if not citations:
                return
            for change in relevant:
                for cited, now_in, cited_n in citations:
                    if change.document_id not in (cited.document_id, now_in):
                        continue
                    detail = _flag_detail(session, change, cited, cited_n)
                    if detail is None:
                        continue
                    _raise(session, cited, change, detail)


def _flag_detail(
    session: Session, change: Change, cited: CitedAct, cited_n: int
) -> dict[str, Any] | None:
    """What the flag says, or None when this change is no news for this citation."""
    assert change.id is not None
    if change.id <= cited.seen_change:
        return None
    if change.kind == changes.NEW_VERSION:
        if change.version_id == cited.version_id:
            return None
        version = session.get(Version, change.version_id) if change.version_id else None
        return {
            "cited_n": cited_n,
            "n": version.number_in_document if version else None,
            "filed": change.at.date().isoformat(),
        }
    if change.kind in (changes.WITHDRAWN, changes.REJECTED):
        return {"reason": change.detail.get("reason") or ""}
    if change.kind == changes.REMOVED:
        return {"into": change.detail.get("into")}
    if change.kind == changes.MERGED:
        if cited.document_id == change.detail.get("from"):
            return None  # the citation's own act was the one merged away: «removed» says it
        return {"from": change.detail.get("from")}
    if change.kind == changes.METADATA_CHANGED:
        if "status" not in (change.detail.get("fields") or ()):
            return None  # a corrected title or number is no news for an answer
        document = session.get(Document, change.document_id)
        return {"status": document.status if document else None}
    return dict(change.detail)


def _raise(session: Session, cited: CitedAct, change: Change, detail: dict[str, Any]) -> None:
    table: Any = ReviewFlag.__table__  # type: ignore[attr-defined]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(table)
        .values(
            request_id=cited.request_id,
            change_id=change.id,
            document_id=change.document_id,
            cited_version_id=cited.version_id,
            kind=change.kind,
            detail=detail,
            raised_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=[table.c.request_id, table.c.change_id])
    )
    if session.execute(statement).rowcount:  # type: ignore[attr-defined]
        history.record(
            session,
            cited.request_id,
            ACTOR,
            "flagged",
            [{"field": "flag", "before": None, "after": change.kind, "act": change.document_id}],
        )


def follow(engine: Engine) -> int:
    """Apply the change log to the desk's flags now; the number of changes read."""
    return changes.follow(engine, DeskConsumer(engine))


def open_flags(engine: Engine, request_id: int) -> list[ReviewFlag]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(ReviewFlag)
                .where(ReviewFlag.request_id == request_id, col(ReviewFlag.cleared_at).is_(None))
                .order_by(col(ReviewFlag.id))
            ).all()
        )


def clear_flags(
    engine: Engine, request_id: int, actor: str, flag_ids: Sequence[int] | None = None
) -> int:
    """A librarian has looked: clear the request's flags (these, or all). Returns how many."""
    with session_scope(engine) as session:
        query = select(ReviewFlag).where(
            ReviewFlag.request_id == request_id, col(ReviewFlag.cleared_at).is_(None)
        )
        if flag_ids is not None:
            query = query.where(col(ReviewFlag.id).in_(list(flag_ids)))
        flags = session.exec(query).all()
        if flag_ids is not None and len(flags) != len(set(flag_ids)):
            raise DeskError(Msg("no such flag"))
        now = utcnow()
        for flag in flags:
            flag.cleared_at, flag.cleared_by = now, actor[:128]
            session.add(flag)
        if flags:
            history.record(
                session,
                request_id,
                actor,
                "flag_cleared",
                [{"field": "flag", "before": f.kind, "after": None} for f in flags],
            )
        return len(flags)
