"""An act's status, derived from what other acts in the repository say of it.

Strongest first: a librarian's override (with a reason, in the audit trail); a whole
repeal by a resolved reference («признать утратившим силу постановление … № 17») —
«утратил силу» since the repealing act's date; a whole suspension; any amendment, or a repeal
or suspension of a part — «действует с изменениями», the amending acts being its history of
changes; and when no act says anything, what the act's source said (``status_given``).
A rejected or withdrawn act says nothing: its relations do not count until it is public or
awaiting review again.

The status is derived, so it is recomputed rather than edited: whenever a reference to the
act appears, resolves, moves or goes (legaldesk/relations/consumer.py), and when the
override is set or cleared. A recomputation that changes the status, or the act behind it,
is a ``status_changed`` change in the log: the index refilters, the desk flags answers
citing the act, subscribers hear of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import changes
from legaldesk.db import session_scope
from legaldesk.messages import Msg
from legaldesk.models import ActReference, AuditEvent, Document
from legaldesk.models.relations import RESOLVED
from legaldesk.publication import REJECTED, WITHDRAWN
from legaldesk.vocabulary import Status

AMENDS, REPEALS, SUSPENDS = "amends", "repeals", "suspends"
ACTING = (AMENDS, REPEALS, SUSPENDS)  # the roles that change the act they name
STATUSES = tuple(s.value for s in Status)
SILENT = (REJECTED, WITHDRAWN)  # publication states whose acts' relations do not count
OVERRIDE = "status_override"  # the audit action of a librarian's override


class StatusError(ValueError):
    pass


@dataclass(frozen=True)
class Derived:
    status: str
    since: date | None = None
    act_id: int | None = None  # the act that made it so: the repealing or latest amending one


def derive(session: Session, document: Document) -> Derived:
    if document.status_override:
        return Derived(document.status_override)
    acting = session.exec(
        select(
            col(ActReference.role),
            col(ActReference.partial),
            col(Document.id),
            col(Document.date_adopted),
        )
        .join(Document, col(Document.id) == col(ActReference.source_id))
        .where(
            ActReference.target_id == document.id,
            ActReference.resolution == RESOLVED,
            col(ActReference.role).in_(ACTING),
            col(Document.publication).not_in(SILENT),
        )
    ).all()

    def when(row: tuple[str, bool, int | None, date | None]) -> tuple[date, int]:
        return (row[3] or date.min, row[2] or 0)

    repeals = sorted((r for r in acting if r[0] == REPEALS and not r[1]), key=when)
    if repeals:
        first = repeals[0]  # repealed once is repealed: the first repeal dates it
        return Derived(Status.REPEALED, first[3], first[2])
    suspends = sorted((r for r in acting if r[0] == SUSPENDS and not r[1]), key=when)
    if suspends:
        last = suspends[-1]
        return Derived(Status.SUSPENDED, last[3], last[2])
    if acting:
        last = max(acting, key=when)
        return Derived(Status.AMENDED, last[3], last[2])
    return Derived(document.status_given or Status.UNKNOWN)


def recompute(session: Session, document_ids: Iterable[int], actor: str) -> list[int]:
    """Derive the acts' statuses again; the ids whose status or acting act changed (each
    with a ``status_changed`` change in ``session``'s transaction)."""
    changed: list[int] = []
    for document_id in sorted(set(document_ids)):
        document = session.get(Document, document_id)
        if document is None:
            continue
        now = derive(session, document)
        before = (document.status, document.status_since, document.status_act_id)
        if before == (now.status, now.since, now.act_id):
            continue
        document.status, document.status_since, document.status_act_id = (
            now.status,
            now.since,
            now.act_id,
        )
        session.add(document)
        changes.record(
            session,
            document_id,
            changes.STATUS_CHANGED,
            actor,
            detail={
                "from": before[0],
                "to": now.status,
                "since": now.since.isoformat() if now.since else None,
                "by": now.act_id,
            },
        )
        changed.append(document_id)
    return changed


def override(engine: Engine, document_id: int, status: str | None, reason: str, actor: str) -> bool:
    """Set the act's status by hand (``status`` None: back to what relations say), with a
    reason kept in the audit trail. True when the shown status changed."""
    with session_scope(engine) as session:
        document = session.get(Document, document_id)
        if document is None:
            raise StatusError(Msg("no document %(id)s", id=document_id))
        return set_override(session, document, status, reason, actor)


def set_override(
    session: Session, document: Document, status: str | None, reason: str, actor: str
) -> bool:
    """:func:`override` in ``session``'s transaction (a librarian's save of the act's
    fields sets the status this way too)."""
    assert document.id is not None
    reason = " ".join(reason.split())[:2000]
    if status is not None and status not in STATUSES:
        raise StatusError(Msg("unknown status %(status)s", status=status))
    if status is not None and not reason:
        raise StatusError(Msg("say why the status is set by hand"))
    before = (document.status_override, document.status_reason)
    if before == (status, reason or None):
        return False
    document.status_override = status
    document.status_reason = reason or None
    session.add(document)
    session.add(
        AuditEvent(
            actor=actor[:128],
            action=OVERRIDE,
            document_id=document.id,
            detail={
                "before": before[0],
                "after": status,
                "shown_before": document.status,
                "reason": reason,
            },
        )
    )
    session.flush()
    return bool(recompute(session, [document.id], actor))
