"""The Q&A index kept in step with the database, which is the source of truth.

Every change of an entry (published, edited, unpublished) takes the next revision number in
its own transaction (legaldesk/qa/entries.py), and revisions commit in their order. The
index notes the last revision it applied; :func:`follow` applies the entries whose revision
is past it — published ones upserted, the others deleted — and then moves the note. A
crash in between applies them again, which writes the same entries again. :func:`rebuild`
(``legaldesk reindex``, or an index found empty or of another schema) notes the last
revision before it reads anything, so an entry changed meanwhile is applied again by the
next follow.

Who follows: the indexing loop, each turn (an idle turn costs one lookup of the highest
revision), or, when no loop runs, a command's catch-up (``Repository.update_index``) — as
for the acts' index, web workers never write it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.index.qa import QaDoc, QaIndex
from legaldesk.models import QaEntry, QaEntryRubric, Rubric
from legaldesk.qa.entries import PUBLISHED

BATCH = 500


def head(engine: Engine) -> int:
    """The highest revision of any entry (0 with none): one lookup in its index."""
    with Session(engine) as session:
        return int(session.exec(select(func.max(QaEntry.revision))).one() or 0)


def _docs(session: Session, entries: Sequence[QaEntry]) -> list[QaDoc]:
    ids = [e.id for e in entries if e.id is not None]
    rubrics: dict[int, list[str]] = {}
    if ids:
        for entry_id, code in session.exec(
            select(QaEntryRubric.entry_id, Rubric.code)
            .join(Rubric, col(Rubric.id) == col(QaEntryRubric.rubric_id))
            .where(col(QaEntryRubric.entry_id).in_(ids))
        ).all():
            rubrics.setdefault(entry_id, []).append(code)
    return [
        QaDoc(
            id=e.id,
            question=e.question,
            answer=e.answer,
            rubrics=tuple(rubrics.get(e.id, ())),
            published_at=e.published_at or e.updated_at or datetime.min,
        )
        for e in entries
        if e.id is not None
    ]


def follow(engine: Engine, index: QaIndex) -> int:
    """Apply every entry changed since the index's position; the number applied."""
    if head(engine) <= index.position():
        return 0
    done = 0
    with index.exclusive():  # a rebuild in between moves the position: read it under the lock
        while True:
            after = index.position()
            with Session(engine) as session:
                entries = list(
                    session.exec(
                        select(QaEntry)
                        .where(col(QaEntry.revision) > after)
                        .order_by(col(QaEntry.revision))
                        .limit(BATCH)
                    ).all()
                )
                docs = _docs(session, [e for e in entries if e.state == PUBLISHED])
            if not entries:
                return done
            gone = [e.id for e in entries if e.state != PUBLISHED and e.id is not None]
            index.write(docs, gone, entries[-1].revision)
            done += len(entries)


def all_docs(engine: Engine) -> Iterator[QaDoc]:
    last = 0
    while True:
        with Session(engine) as session:
            entries = list(
                session.exec(
                    select(QaEntry)
                    .where(col(QaEntry.state) == PUBLISHED, col(QaEntry.id) > last)
                    .order_by(col(QaEntry.id))
                    .limit(BATCH)
                ).all()
            )
            docs = _docs(session, entries)
        if not entries:
            return
        yield from docs
        last = entries[-1].id or last


def rebuild(engine: Engine, index: QaIndex) -> int:
    """The whole Q&A index anew from the database; the number of entries indexed."""
    with index.exclusive():
        covered = head(engine)
        return index.rebuild(all_docs(engine), covered)


def rebuild_if_needed(engine: Engine, index: QaIndex) -> bool:
    """Rebuild an index found empty or of another schema (a new machine, an upgrade)."""
    if not index.needs_rebuild:
        return False
    rebuild(engine, index)
    return True
