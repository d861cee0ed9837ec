"""Subscriptions as a consumer of the change log (legaldesk/changes.py).

Each change is read once, in order, by this consumer alone:

* an act that became public (filed public, or published later), or a recent act whose
  fields or headings a librarian corrected, is matched against every standing query
  (legaldesk/subscriptions/matching.py): each subscriber it matches is told of it once;
* a new text or a change of status of an act that a subscriber follows, or was told of,
  tells them again, once per text and once per status and acting act — «изменён
  постановлением от … № …» — with a link to the act that made the change.

What a subscriber is told of is a row of ``subscription_item``, unique for the subscriber,
the act and the reason, so a change read twice (after a crash between applying and
advancing) adds nothing. The digests (legaldesk/subscriptions/digests.py), the private
feed and the workspace list read these rows; nothing here sends mail.

The consumer starts at the head of the log when it first runs: subscriptions are about what
arrives from then on, and a repository upgraded with years of acts in its log must not mail
them all to its first subscriber.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import changes, thesaurus
from legaldesk.db import session_scope
from legaldesk.index.thesaurus import Entry
from legaldesk.indexing import load_index_docs
from legaldesk.models import Change, Document, SubscriptionItem, SubscriptionProfile
from legaldesk.models.base import utcnow
from legaldesk.publication import PUBLIC
from legaldesk.subscriptions.matching import Standing, match

SUBSCRIPTIONS = "subscriptions"  # the consumer's name in the log
# A librarian's correction (headings given at review, a type fixed) makes an act new to
# the subscribers it now matches — but only an act filed lately: reclassifying the
# archive must not mail it out.
RECENT = timedelta(days=30)

_NEW = frozenset({changes.FILED, changes.PUBLISHED})
_CORRECTED = frozenset({changes.METADATA_CHANGED, changes.RUBRICS_CHANGED, changes.REVIEWED})
# A status («to» of a status_changed change) → the reason a follower is told.
_STATUS_REASONS = {
    "repealed": "repealed",
    "suspended": "suspended",
    "amended": "amended",
    "in_force": "in_force",
}


class SubscriptionsConsumer:
    """Changes of acts → what each subscriber is told of, and why."""

    name = SUBSCRIPTIONS
    from_now_on = True  # registered at the head of the log (legaldesk/changes.py follow)

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def apply(self, batch: Sequence[Change]) -> None:
        gone = {c.document_id for c in batch if c.kind == changes.REMOVED}
        arrived = {c.document_id for c in batch if c.kind in _NEW} - gone
        corrected = {c.document_id for c in batch if c.kind in _CORRECTED} - gone - arrived
        alerts = [
            c
            for c in batch
            if c.kind in (changes.NEW_VERSION, changes.STATUS_CHANGED) and c.document_id not in gone
        ]
        if not (arrived or corrected or alerts):
            return
        with session_scope(self.engine) as session:
            public = _public(session, arrived | corrected | {c.document_id for c in alerts})
            recent = _recent(session, corrected & public)
            new = sorted((arrived & public) | recent)
            entries = thesaurus.entries(self.engine) if new else ()
            told = tell_of_new(session, new, batch, entries)
            tell_of_changes(session, [c for c in alerts if c.document_id in public], told)


def _public(session: Session, ids: Iterable[int]) -> set[int]:
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    rows = session.exec(
        select(Document.id).where(
            col(Document.id).in_(wanted), col(Document.publication).in_(PUBLIC)
        )
    ).all()
    return {i for i in rows if i is not None}


def _recent(session: Session, ids: Iterable[int]) -> set[int]:
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    since = utcnow() - RECENT
    rows = session.exec(
        select(Document.id).where(col(Document.id).in_(wanted), col(Document.created_at) >= since)
    ).all()
    return {i for i in rows if i is not None}


def standing_profiles(session: Session) -> list[tuple[SubscriptionProfile, Standing]]:
    """Every active standing query (followed acts are not queries)."""
    profiles = session.exec(
        select(SubscriptionProfile)
        .where(
            col(SubscriptionProfile.active),
            col(SubscriptionProfile.follow_document_id).is_(None),
        )
        .order_by(col(SubscriptionProfile.id))
    ).all()
    out = []
    for p in profiles:
        assert p.id is not None
        standing = Standing(p.id, p.subscriber_id, p.query, p.doc_type, p.level, p.issuer, p.rubric)
        out.append((p, standing))
    return out


def tell_of_new(
    session: Session,
    document_ids: Sequence[int],
    batch: Sequence[Change],
    entries: tuple[Entry, ...] = (),
) -> set[int]:
    """Match these public acts against every standing query and record what each
    subscriber is told; the acts anyone was told of."""
    if not document_ids:
        return set()
    profiles = standing_profiles(session)
    if not profiles:
        return set()
    titles = {s.profile_id: p.title for p, s in profiles}
    docs = load_index_docs(session, document_ids)
    found = match(docs, [s for _, s in profiles], entries)
    change_of = {c.document_id: c.id for c in batch}
    # One item per subscriber and act, naming every profile of theirs that found it.
    items: dict[tuple[int, int], dict[str, Any]] = {}
    for m in found:
        item = items.setdefault(
            (m.subscriber_id, m.document_id),
            {"profile_id": m.profile_id, "detail": {"profiles": [], "words": [], "filters": {}}},
        )
        detail = item["detail"]
        detail["profiles"].append({"id": m.profile_id, "title": titles[m.profile_id]})
        detail["words"] = list(dict.fromkeys([*detail["words"], *m.words]))
        detail["filters"] = {**m.filters, **detail["filters"]}
    for (subscriber_id, document_id), item in items.items():
        _add(
            session,
            subscriber_id=subscriber_id,
            profile_id=item["profile_id"],
            document_id=document_id,
            reason="new",
            reason_key="new",
            detail=item["detail"],
            change_id=change_of.get(document_id),
        )
    return {document_id for _, document_id in items}


def tell_of_changes(session: Session, alerts: Sequence[Change], fresh: set[int]) -> None:
    """A new text or a new status of an act → everyone who follows it or was told of it
    (unless they were told of it in this very batch: its news are in that item)."""
    ids = sorted({c.document_id for c in alerts} - fresh)
    if not ids:
        return
    watchers = _watchers(session, ids)
    for change in alerts:
        if change.document_id in fresh:
            continue
        found = _reason(change)
        if found is None:
            continue
        reason, key, detail = found
        for subscriber_id, profile_id in watchers.get(change.document_id, {}).items():
            _add(
                session,
                subscriber_id=subscriber_id,
                profile_id=profile_id,
                document_id=change.document_id,
                reason=reason,
                reason_key=key,
                detail=detail,
                change_id=change.id,
            )


def _reason(change: Change) -> tuple[str, str, dict[str, Any]] | None:
    if change.kind == changes.NEW_VERSION:
        return "new_version", f"version:{change.version_id}", {"version_id": change.version_id}
    reason = _STATUS_REASONS.get(str(change.detail.get("to")))
    if reason is None:
        return None
    by = change.detail.get("by")
    detail = {"by": by, "since": change.detail.get("since"), "from": change.detail.get("from")}
    return reason, f"{reason}:{by if by is not None else change.id}"[:64], detail


def _watchers(session: Session, ids: Sequence[int]) -> dict[int, dict[int, int]]:
    """act → {subscriber → the profile they watch it through}: a follow of the act, else
    the standing query that told them of it, while that profile is active."""
    out: dict[int, dict[int, int]] = {}
    follows = session.exec(
        select(SubscriptionProfile).where(
            col(SubscriptionProfile.follow_document_id).in_(ids), col(SubscriptionProfile.active)
        )
    ).all()
    for p in follows:
        assert p.follow_document_id is not None and p.id is not None
        out.setdefault(p.follow_document_id, {})[p.subscriber_id] = p.id
    told = session.exec(
        select(
            SubscriptionItem.document_id,
            SubscriptionItem.subscriber_id,
            SubscriptionItem.profile_id,
        )
        .join(SubscriptionProfile, col(SubscriptionProfile.id) == col(SubscriptionItem.profile_id))
        .where(
            col(SubscriptionItem.document_id).in_(ids),
            col(SubscriptionItem.reason) == "new",
            col(SubscriptionProfile.active),
        )
    ).all()
    for document_id, subscriber_id, profile_id in told:
        out.setdefault(document_id, {}).setdefault(subscriber_id, profile_id)
    return out


def _add(session: Session, **values: Any) -> None:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = SubscriptionItem.__table__  # type: ignore[attr-defined]
    session.execute(
        insert(table)
        .values(created_at=utcnow(), **values)
        .on_conflict_do_nothing(
            index_elements=[table.c.subscriber_id, table.c.document_id, table.c.reason_key]
        )
    )


def follow(engine: Engine) -> int:
    """Apply the change log to the subscriptions now; the number of changes read. A
    consumer that never ran starts at the head of the log (see the module's note)."""
    return changes.follow(engine, SubscriptionsConsumer(engine))
