"""The search index as the first consumer of the change log (legaldesk.changes), and the
indexing loop that keeps it in step with the database, which is the source of truth.

One process writes the index: the loop (``legaldesk index --follow``, started by
``legaldesk serve`` beside its web workers) or, when none runs, a CLI command at its end.
The follower lock tells which: the loop holds it for its lifetime, a command only for its
catch-up. Web workers never write; their searches load each new commit (index/store.py).

Applying a batch: the acts the changes name are read from the database and written to the
index under the index's write lock — present ones upserted, absent ones (merged away)
deleted — and only then does the consumer's position advance. Reading inside the lock
matters: a rebuild holds the same lock from its first read to its swap, so whatever a
follower writes after it was read after it too.

Where the position lives: in the database (``change_consumer``, under the consumer's name)
on every node whose database is writable — ``legaldesk stats``, ``/readyz`` and
``prune-changes`` see it there. A reading node's database is a read-only replica, so its
index keeps the position in its own directory (``InIndex``): noted after each commit,
carried by a rebuild into the new directory, gone with the index when it is deleted —
and then the index is built anew from the database.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import changes
from legaldesk.blobs import is_disk_full
from legaldesk.index import IndexDoc, SearchIndex
from legaldesk.models import Change, Document, DocumentRubric, Rubric, Version
from legaldesk.queries import with_current_version

log = logging.getLogger(__name__)

Progress = Callable[[int], None]


def _rubric_ancestry(session: Session) -> dict[int, tuple[str, ...]]:
    rubrics = {r.id: r for r in session.exec(select(Rubric)).all()}
    ancestry: dict[int, tuple[str, ...]] = {}
    for rid, rubric in rubrics.items():
        assert rid is not None
        codes: list[str] = []
        node: Rubric | None = rubric
        seen: set[int] = set()
        while node is not None and node.id not in seen:
            seen.add(node.id)  # type: ignore[arg-type]
            codes.append(node.code)
            node = rubrics.get(node.parent_id) if node.parent_id else None
        ancestry[rid] = tuple(codes)
    return ancestry


def load_index_docs(session: Session, ids: Sequence[int]) -> list[IndexDoc]:
    """IndexDocs for the given document ids, in three set-wise queries (no per-row I/O)."""
    if not ids:
        return []
    rows = session.exec(with_current_version(ids, Version.text)).all()
    ancestry = _rubric_ancestry(session)
    links: dict[int, set[str]] = {}
    for doc_id, rubric_id in session.exec(
        select(DocumentRubric.document_id, DocumentRubric.rubric_id).where(
            col(DocumentRubric.document_id).in_(ids)
        )
    ).all():
        links.setdefault(doc_id, set()).update(ancestry.get(rubric_id, ()))
    return [
        to_index_doc(document, issuer, text or "", tuple(sorted(links.get(document.id or 0, ()))))
        for document, issuer, text in rows
    ]


def to_index_doc(
    document: Document, issuer: str | None, text: str, rubrics: tuple[str, ...]
) -> IndexDoc:
    assert document.id is not None
    return IndexDoc(
        id=document.id,
        title=document.title or "",
        text=text,
        number=document.number,
        doc_type=document.doc_type,
        issuer=issuer,
        level=document.level,
        status=document.status,
        rubrics=rubrics,
        date_adopted=document.date_adopted,
        created_at=document.created_at or datetime.min,
        publication=document.publication,
        material=document.material,
    )


class InIndex:
    """The index's position in the change log, in the index's own directory: a reading
    node's (``LEGALDESK_PRIMARY_URL``), which cannot write to its database. Never ahead of
    the index: noted after the commit, so a crash in between applies a batch again."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def get(self) -> int | None:
        return self.index.position()

    def register(self, start: int = 0) -> int:
        with self.index.exclusive():
            found = self.index.position()
            if found is not None:
                return found
            self.index.note_position(start)
            return start

    def advance(self, to: int) -> None:
        self.index.note_position(to)


class IndexConsumer:
    """Changes → the acts they name → upserts of the acts still present, deletions of the
    others. Idempotent: applying a change twice writes the same entry twice. ``at`` is
    where its position lives: the database under ``name`` unless given."""

    def __init__(
        self,
        engine: Engine,
        index: SearchIndex,
        name: str = changes.INDEX,
        at: changes.Position | None = None,
    ) -> None:
        self.engine = engine
        self.index = index
        self.name = name
        self.at = at or changes.InDatabase(engine, name)

    def apply(self, batch: Sequence[Change]) -> None:
        ids = sorted({c.document_id for c in batch})
        with self.index.exclusive():
            with Session(self.engine) as session:
                docs = load_index_docs(session, ids)
            present = {d.id for d in docs}
            self.index.write(upserts=docs, deletes=[i for i in ids if i not in present])


def iter_all_index_docs(engine: Engine, batch_size: int = 1000) -> Iterator[IndexDoc]:
    last = 0
    while True:
        with Session(engine) as session:
            ids = session.exec(
                select(Document.id)
                .where(col(Document.id) > last)
                .order_by(col(Document.id))
                .limit(batch_size)
            ).all()
            if not ids:
                return
            docs = load_index_docs(session, [i for i in ids if i is not None])
        yield from docs
        last = ids[-1] or last


def reindex(
    engine: Engine,
    index: SearchIndex,
    progress: Progress | None = None,
    name: str = changes.INDEX,
    at: changes.Position | None = None,
) -> int:
    """Rebuild the whole index from the database. The index consumer's position moves to
    the last change written before the rebuild read anything: those are in the new index,
    later ones are applied by the next follow. The write lock is held throughout, so no
    follower writes to the old index while the new one is built from older reads."""
    at = at or changes.InDatabase(engine, name)

    def counted(docs: Iterable[IndexDoc]) -> Iterator[IndexDoc]:
        for doc in docs:
            yield doc
            if progress is not None:
                progress(1)

    with index.exclusive():
        covered = changes.head(engine)
        # A position kept in the index goes into the new directory before the swap: a
        # crash just after it leaves no rebuilt index without its position.
        kept_here = covered if isinstance(at, InIndex) else None
        count = index.rebuild(counted(iter_all_index_docs(engine)), position=kept_here)
        at.register()
        at.advance(covered)
    return count


# -- the one writer ----------------------------------------------------------------------


def follower_lock(index_dir: Path) -> FileLock:
    """Held by whoever applies the change log to this index: the indexing loop for its
    lifetime, a CLI command for its catch-up. Beside the index, not in it: a rebuild swaps
    the index directory."""
    return FileLock(str(index_dir.with_name(index_dir.name + ".follow.lock")))


def rebuild_if_needed(
    engine: Engine, index: SearchIndex, name: str, at: changes.Position | None = None
) -> bool:
    """Rebuild from the database when following the log cannot make the index whole: an
    index of another schema (opened empty), or a log pruned past the consumer's position —
    and an index that keeps its own position but has none (a reading node's first start,
    or its index deleted): building it costs one pass over the acts, following the whole
    log from its start one pass per change."""
    at = at or changes.InDatabase(engine, name)
    new_here = isinstance(at, InIndex) and at.get() is None
    at.register()
    if not (new_here or index.needs_rebuild or changes.pruned_past(engine, at.get() or 0)):
        return False
    reindex(engine, index, name=name, at=at)
    return True


def catch_up(
    engine: Engine,
    index: SearchIndex,
    lock: FileLock,
    name: str,
    at: changes.Position | None = None,
) -> int | None:
    """Apply the change log to the index here, unless an indexing loop does (None then)."""
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return None
    try:
        rebuild_if_needed(engine, index, name, at)
        consumer = IndexConsumer(engine, index, name, at)
        return changes.follow(engine, consumer, at=consumer.at)
    finally:
        lock.release()


POLL_SECONDS = 0.1  # between looks at the log's last id: one lookup in its primary key
MAX_BACKOFF = 30.0


def run_loop(
    engine: Engine,
    index: SearchIndex,
    name: str,
    stop: threading.Event,
    interval: float = POLL_SECONDS,
    parent: int | None = None,
    also: Sequence[changes.Consumer] = (),
    each_turn: Sequence[Callable[[], object]] = (),
    at: changes.Position | None = None,
) -> None:
    """Follow the change log until ``stop`` is set; the caller holds the follower lock.
    Idle, a turn costs one lookup of the log's last id. A failure (the database
    restarting, a full disk) is logged and retried after growing pauses: the loop never
    gives up on its own. Given ``parent``, it also ends when that process is gone
    (``legaldesk serve`` killed without a chance to stop it). Consumers ``also`` given
    (the relations of acts, the desk's flags) follow the log in the same turn, before the
    index, so that the statuses the relations derive are indexed in that turn too; ``each_turn``
    (the Q&A index, which follows its entries' revisions, not the log) is called every
    turn. ``at`` is where the index's position lives (the database unless given)."""
    consumer = IndexConsumer(engine, index, name, at)
    seen = -1
    pause = 0.0
    while not stop.is_set():
        if parent is not None and os.getppid() != parent:
            return
        try:
            last = changes.head(engine)
            if last != seen:
                for other in also:
                    changes.follow(engine, other)
                if changes.pruned_past(engine, consumer.at.get() or 0):
                    # Pruned past this index while the loop ran (a reading node's position
                    # is not one `prune` waits for): following would skip changes for good.
                    reindex(engine, index, name=name, at=consumer.at)
                changes.follow(engine, consumer, at=consumer.at)
                seen = last  # the consumers' own changes (statuses) make the next turn
            for task in each_turn:
                task()
            pause = 0.0
        except Exception as exc:
            pause = min(MAX_BACKOFF, pause * 2 or 1.0)
            if is_disk_full(exc):  # the operator's to fix, not a bug: no traceback
                log.error(
                    "no room left on the disk of the search index (%s): the changes wait in "
                    "the log, the index keeps its last commit; trying again in %.0f s",
                    index.path,
                    pause,
                )
            else:
                log.exception("the indexing loop failed; trying again in %.0f s", pause)
        stop.wait(pause or interval)
