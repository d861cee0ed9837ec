"""Whether the public sees an act: its publication state, the policy of each way in, and the
staff's decisions.

States (``legaldesk.vocabulary.Publication``): ``pending`` (awaits a librarian, not
public), ``published`` (public), ``rejected`` (kept back for good, with a reason; the file
and the record stay and it can be published later), ``withdrawn`` (was public, taken off
the public site, with a reason). Staff see every state; every public surface shows
published acts only.

**The policy of a way in** (:func:`on_filing`, the one place it is written). A file
imported by the operator on the machine (CLI), uploaded by a librarian, or harvested from a
source marked ``official = true`` publishes at once, unless the pipeline doubts it: any
review reason (no recognisable heading, needs OCR, text from OCR, OCR of low confidence,
suspected duplicate, draft, not an act) keeps it pending. A file harvested from any other
source, or imported with ``--hold``, waits in review with a reason saying so.

**A new version** keeps the act's state: a published act stays public, with the version's
doubts in the review queue for a look (its identity is certain — the act key matched —
and the act was public already); a rejected or withdrawn act stays so, since a file
arriving does not undo a librarian's decision; a pending act is published when the
version came a trusted way with no doubt.

**Decisions** (:func:`publish`, :func:`reject`, :func:`withdraw`) take several ids (the
review desk acts on a selection), in one transaction: all or none. Each act that changes
state gets its change in the change log (``published``, ``rejected``, ``withdrawn``) and an
audit event, in that transaction; asking for the state an act is in already changes
nothing. A decision ends the act's review: it leaves the queue, and the reasons it was
held for go into the audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import changes, reasons
from legaldesk.db import session_scope
from legaldesk.messages import Msg
from legaldesk.models import AuditEvent, Document
from legaldesk.models.base import utcnow
from legaldesk.reasons import Reason
from legaldesk.vocabulary import Publication

PENDING = Publication.PENDING.value
PUBLISHED = Publication.PUBLISHED.value
REJECTED = Publication.REJECTED.value
WITHDRAWN = Publication.WITHDRAWN.value
STATES = tuple(p.value for p in Publication)
PUBLIC = (PUBLISHED,)  # the states the public sees
MAX_REASON = 1000


class WayIn(StrEnum):
    """How a file reached the repository: it decides whether it may publish at once."""

    CLI = "cli"  # imported by the operator on the machine
    UPLOAD = "upload"  # uploaded by a librarian through the web
    OFFICIAL_SOURCE = "official_source"  # harvested from a source marked official
    SOURCE = "source"  # harvested from any other source
    HELD = "held"  # imported with --hold: somebody asked to review it first

    @property
    def trusted(self) -> bool:
        return self in (WayIn.CLI, WayIn.UPLOAD, WayIn.OFFICIAL_SOURCE)

    def reason(self) -> Reason | None:
        """Why a file that came this way waits, though the pipeline did not doubt it."""
        if self == WayIn.SOURCE:
            return Reason(reasons.SOURCE_NOT_OFFICIAL)
        if self == WayIn.HELD:
            return Reason(reasons.HELD)
        return None


@dataclass(frozen=True)
class Filing:
    """What filing a file does to its act's publication."""

    state: str
    reasons: list[Reason]  # to store on the act: the doubts, and why its way in held it
    needs_review: bool
    published: bool  # a pending act became public by this filing


def on_filing(way: WayIn, doubts: list[Reason], current: str | None) -> Filing:
    """The policy: the state an act is in after a file came ``way`` with the pipeline's
    ``doubts``; ``current`` is the act's state when the file is a new version of it, None
    for a new act."""
    held = [r for r in (way.reason(),) if r is not None]
    clear = way.trusted and not doubts
    if current is None or current == PENDING:
        if clear:
            return Filing(PUBLISHED, [], False, current == PENDING)
        return Filing(PENDING, [*doubts, *held], True, False)
    if current == PUBLISHED:
        return Filing(PUBLISHED, doubts, bool(doubts), False)
    # Rejected or withdrawn: a librarian decided; the version is kept, the act stays so.
    return Filing(current, doubts, False, False)


class PublicationError(ValueError):
    """A decision that cannot be made (the message is a Msg: the web translates it)."""


def publish(engine: Engine, ids: Iterable[int], actor: str) -> list[int]:
    """Make the acts public (a pending one after review, a rejected one reconsidered, a
    withdrawn one put back). Returns the ids whose state changed."""
    return _decide(engine, ids, PUBLISHED, actor, None)


def reject(engine: Engine, ids: Iterable[int], reason: str, actor: str) -> list[int]:
    """Keep acts awaiting review back from the public for good, with the reason; nothing is
    deleted, and :func:`publish` reconsiders. A published act is withdrawn, not rejected."""
    return _decide(engine, ids, REJECTED, actor, _reason(reason))


def withdraw(engine: Engine, ids: Iterable[int], reason: str, actor: str) -> list[int]:
    """Take published acts off the public site, with the reason."""
    return _decide(engine, ids, WITHDRAWN, actor, _reason(reason))


# Which states each decision may start from (the target state itself is a no-op).
_FROM = {
    PUBLISHED: (PENDING, REJECTED, WITHDRAWN),
    REJECTED: (PENDING, WITHDRAWN),
    WITHDRAWN: (PUBLISHED,),
}
_KIND = {PUBLISHED: changes.PUBLISHED, REJECTED: changes.REJECTED, WITHDRAWN: changes.WITHDRAWN}


def _reason(text: str) -> str:
    reason = " ".join((text or "").split())[:MAX_REASON]
    if not reason:
        raise PublicationError(Msg("give the reason"))
    return reason


def _decide(
    engine: Engine, ids: Iterable[int], target: str, actor: str, reason: str | None
) -> list[int]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    with session_scope(engine) as session:
        found = {
            d.id: d
            for d in session.exec(select(Document).where(col(Document.id).in_(wanted))).all()
        }
        missing = [i for i in wanted if i not in found]
        if missing:
            raise PublicationError(Msg("no document %(id)s", id=missing[0]))
        for doc_id in wanted:
            state = found[doc_id].publication
            if state != target and state not in _FROM[target]:
                raise PublicationError(_refusal(doc_id, state, target))
        done = []
        for doc_id in wanted:
            if found[doc_id].publication != target:
                set_state(session, found[doc_id], target, actor, reason)
                done.append(doc_id)
        return done


def _refusal(doc_id: int, state: str, target: str) -> Msg:
    if target == REJECTED:
        return Msg("act %(id)s is published: withdraw it instead of rejecting it", id=doc_id)
    return Msg("act %(id)s is not published: only a published act is withdrawn", id=doc_id)


def set_state(
    session: Session,
    document: Document,
    target: str,
    actor: str,
    reason: str | None = None,
    detail: dict[str, object] | None = None,
) -> None:
    """Move one act to ``target`` in ``session``'s transaction: its state, who, when and
    why; out of the review queue; an audit event and the change in the log. Call it after
    the transaction's other writes to the act (the change log wants to be last)."""
    assert document.id is not None
    before = document.publication
    held_for = document.review_reasons
    document.publication = target
    document.publication_by = actor[:128]
    document.publication_at = utcnow()
    document.publication_reason = reason
    document.needs_review = False
    document.review_reasons = None
    document.updated_at = utcnow()
    session.add(document)
    about: dict[str, object] = {"from": before, **(detail or {})}
    if reason:
        about["reason"] = reason
    session.add(
        AuditEvent(
            actor=actor,
            action=target,
            document_id=document.id,
            detail={**about, **({"review_reasons": held_for} if held_for else {})},
        )
    )
    changes.record(session, document.id, _KIND[target], actor, detail=about)


def is_public(state: str | None) -> bool:
    return state in PUBLIC
