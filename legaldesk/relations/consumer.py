"""The relations of acts as a consumer of the change log (legaldesk/changes.py).

An act filed, given a new text, corrected or merged has its references read again from its
current text and matched again; the references of other acts that name its number are
matched again too (the target a reference waited for has arrived, or a second act of that
number makes it ambiguous); an act merged away takes its references with it and the
references to it find the act it went into. Then every act whose incoming relations moved
has its status derived again (legaldesk/relations/status.py), which writes
``status_changed`` changes of its own — read by the index, the desk and subscriptions, and
ignored here, so the consumer never feeds itself.

Everything is recomputed from the database, so applying a change twice changes nothing:
a crash between applying and advancing is harmless, as for the other consumers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from legaldesk import changes
from legaldesk.actnumber import normalize_number
from legaldesk.db import session_scope
from legaldesk.models import ActReference, Change, Document, Material, Version
from legaldesk.relations import resolve as resolving
from legaldesk.relations import status

CITES = "cites"
RELATIONS = "relations"  # the consumer's name in the log
ACTOR = "relations"

# Changes after which the act's own references are read again.
_REREAD = frozenset({changes.FILED, changes.NEW_VERSION, changes.METADATA_CHANGED, changes.MERGED})
# Changes after which the act's relations count or stop counting for its targets.
_VISIBILITY = frozenset({changes.PUBLISHED, changes.REJECTED, changes.WITHDRAWN})


class ReadReference(Protocol):
    """What the extractor (legaldesk/relations/extract/) gives for one reference."""

    @property
    def role(self) -> str: ...
    @property
    def doc_type(self) -> str | None: ...
    @property
    def issuer(self) -> str | None: ...
    @property
    def level(self) -> str | None: ...
    @property
    def date(self) -> date | None: ...
    @property
    def number(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def partial(self) -> bool: ...
    @property
    def part(self) -> str | None: ...
    @property
    def sentence(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def known_as(self) -> str | None: ...


Extractor = Callable[[str, str | None, date | None], Sequence[ReadReference]]


def _extract(text: str, own_number: str | None, own_date: date | None) -> Sequence[ReadReference]:
    from legaldesk.relations.extract import extract

    return extract(text, own_number=own_number, own_date=own_date)


class RelationsConsumer:
    """Changes of acts → their references read and matched, their targets' statuses."""

    name = RELATIONS

    def __init__(self, engine: Engine, extractor: Extractor = _extract) -> None:
        self.engine = engine
        self.extractor = extractor

    def apply(self, batch: Sequence[Change]) -> None:
        reread = {c.document_id for c in batch if c.kind in _REREAD}
        gone = {c.document_id for c in batch if c.kind == changes.REMOVED}
        visibility = {c.document_id for c in batch if c.kind in _VISIBILITY}
        if not (reread or gone or visibility):
            return
        with session_scope(self.engine) as session:
            touched = refresh(session, reread - gone, self.extractor)
            touched |= forget(session, gone)
            touched |= _targets_of(session, visibility)
            status.recompute(session, touched - gone, ACTOR)


def refresh(session: Session, document_ids: Iterable[int], extractor: Extractor) -> set[int]:
    """Read these acts' references again and match every reference their numbers may
    answer; the acts whose incoming relations may have moved (these acts among them)."""
    documents = [d for d in (session.get(Document, i) for i in sorted(set(document_ids))) if d]
    touched: set[int] = {d.id for d in documents if d.id is not None}
    for document in documents:
        touched |= read_references(session, document, extractor)
    session.flush()
    touched |= rematch(session, resolving.naming(session, documents))
    touched |= rematch(
        session,
        session.exec(
            select(ActReference).where(col(ActReference.target_id).in_(sorted(touched)))
        ).all(),
    )
    return touched


def read_references(session: Session, document: Document, extractor: Extractor) -> set[int]:
    """Replace the act's references with those of its current text, matched; the targets
    they had and have."""
    assert document.id is not None
    old = _drop_outgoing(session, document.id)
    version = session.exec(
        select(Version)
        .where(Version.document_id == document.id)
        .order_by(col(Version.number_in_document).desc())
        .limit(1)
    ).first()
    if version is None:
        return old
    # A newspaper reports what acts did («постановление № 17 признано утратившим силу»); it
    # repeals and amends nothing itself. Its references are citations: the act it names
    # links back to it, and no status changes by it.
    reporting = document.material == Material.CLIPPING
    new: set[int] = set()
    for ordinal, found in enumerate(
        extractor(version.text or "", document.number, document.date_adopted)
    ):
        ref = ActReference(
            source_id=document.id,
            version_id=version.id,
            ordinal=ordinal,
            role=CITES if reporting else found.role,
            doc_type=found.doc_type,
            issuer=(found.issuer or None) and found.issuer[:512],
            level=found.level,
            date_adopted=found.date,
            number=(found.number or None) and found.number[:64],
            number_key=normalize_number(found.number)[:64] if found.number else None,
            title=found.title,
            known_as=(found.known_as or None) and found.known_as[:64],
            partial=found.partial,
            part=(found.part or None) and found.part[:255],
            sentence=found.sentence[:2000],
            start=found.start,
            end=found.end,
        )
        resolving.resolve(session, ref, document)
        session.add(ref)
        if ref.target_id is not None:
            new.add(ref.target_id)
    return old | new


def rematch(session: Session, references: Iterable[ActReference]) -> set[int]:
    """Match these references again; the targets they had and have."""
    touched: set[int] = set()
    sources: dict[int, Document | None] = {}
    for ref in references:
        if ref.source_id not in sources:
            sources[ref.source_id] = session.get(Document, ref.source_id)
        source = sources[ref.source_id]
        if source is None:
            continue
        before = ref.target_id
        resolving.resolve(session, ref, source)
        session.add(ref)
        touched |= {t for t in (before, ref.target_id) if t is not None}
    session.flush()
    return touched


def forget(session: Session, document_ids: Iterable[int]) -> set[int]:
    """Acts merged away: their references go, and references to them are matched again
    (to the act they went into, which has their number)."""
    ids = sorted(set(document_ids))
    touched: set[int] = set()
    for document_id in ids:
        touched |= _drop_outgoing(session, document_id)
    if ids:
        touched |= rematch(
            session,
            session.exec(select(ActReference).where(col(ActReference.target_id).in_(ids))).all(),
        )
    return touched


def hand_over(session: Session, duplicate_id: int, into_id: int) -> None:
    """In the transaction that merges a duplicate away: its own references go (the act it
    went into is read again on «merged»), references to it now name the act it went into
    (the consumer matches them again on «removed»)."""
    _drop_outgoing(session, duplicate_id)
    for ref in session.exec(
        select(ActReference).where(ActReference.target_id == duplicate_id)
    ).all():
        ref.target_id = into_id
        session.add(ref)
    session.flush()


def _drop_outgoing(session: Session, document_id: int) -> set[int]:
    targets = session.exec(
        select(ActReference.target_id).where(
            ActReference.source_id == document_id, col(ActReference.target_id).is_not(None)
        )
    ).all()
    session.execute(delete(ActReference).where(col(ActReference.source_id) == document_id))
    return {t for t in targets if t is not None}


def _targets_of(session: Session, document_ids: Iterable[int]) -> set[int]:
    ids = sorted(set(document_ids))
    if not ids:
        return set()
    rows = session.exec(
        select(ActReference.target_id).where(
            col(ActReference.source_id).in_(ids), col(ActReference.target_id).is_not(None)
        )
    ).all()
    return {t for t in rows if t is not None}


def follow(engine: Engine) -> int:
    """Apply the change log to the relations now; the number of changes read."""
    return changes.follow(engine, RelationsConsumer(engine), batch=200)


def rebuild(engine: Engine, progress: Callable[[int], None] | None = None) -> int:
    """Read every act's references again and derive every status: for a repository whose
    log was pruned past the consumer, or after the extractor improved. Returns the number
    of acts read."""
    covered = changes.head(engine)
    last, done = 0, 0
    consumer = RelationsConsumer(engine)
    while True:
        with Session(engine) as session:
            ids = [
                i
                for i in session.exec(
                    select(Document.id)
                    .where(col(Document.id) > last)
                    .order_by(col(Document.id))
                    .limit(200)
                ).all()
                if i is not None
            ]
        if not ids:
            break
        with session_scope(engine) as session:
            touched = refresh(session, ids, consumer.extractor)
            status.recompute(session, touched, ACTOR)
        last, done = ids[-1], done + len(ids)
        if progress is not None:
            progress(len(ids))
    with session_scope(engine) as session:  # statuses of acts no batch touched: overrides
        every = session.exec(select(Document.id)).all()
        status.recompute(session, [i for i in every if i is not None], ACTOR)
    changes.register(engine, RELATIONS)
    changes.advance(engine, RELATIONS, covered)
    return done


def rebuild_if_needed(engine: Engine) -> bool:
    """Rebuild when the log was pruned past the consumer's position."""
    changes.register(engine, RELATIONS)
    if not changes.missed(engine, RELATIONS):
        return False
    rebuild(engine)
    return True
