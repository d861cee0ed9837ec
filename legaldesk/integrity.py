"""Whether the parts of a repository agree: the database (the source of truth), the blob
store of original files, the search index and the change log's positions. What an operator
runs after a crash, a full disk or a restore (``legaldesk check``), and what the fault
tests run to prove that killing a process at any point leaves the repository whole.

Faults (each would lose or show something wrongly):

- a file a row names (a version's original, a dossier's delivery) missing from the store,
  or no longer matching its sha256;
- an act without any version: the pipeline writes both in one transaction;
- an act missing from the search index, in it twice, in it with another publication
  state than the database's (so public search would show what is not public, or hide
  what is), or an entry of the index no act of the database has;
- a follower of the change log whose position is past the log's last change.

The index is compared for the acts whose changes it has applied: an act with changes
after the index's position is on its way (the indexing loop applies them within a
moment), not a fault — it is counted as ``waiting``.

Not faults, counted apart: files of the store no row names (a crash between storing a
file and committing its row leaves one; the store is content-addressed, so a later upload
of the same file uses it, and a backup copies it harmlessly), and files being written
(``.incoming-…``) — or left by a process killed while writing one, never under a blob's
name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, col, func, select

from legaldesk import changes
from legaldesk.backup.database import BLOB_COLUMNS
from legaldesk.messages import Msg
from legaldesk.models import Change, ConsumerPosition, Document, Version
from legaldesk.repository import Repository

FILE_MISSING = "file_missing"
FILE_DAMAGED = "file_damaged"
ACT_WITHOUT_VERSION = "act_without_version"
NOT_INDEXED = "not_indexed"
INDEXED_TWICE = "indexed_twice"
INDEX_STATE_DIFFERS = "index_state_differs"
INDEXED_NOT_IN_DATABASE = "indexed_not_in_database"
POSITION_PAST_HEAD = "position_past_head"
INDEX_DAMAGED = "index_damaged"

CHUNK = 1 << 20  # bytes read at a time when a file's sha256 is checked


@dataclass(frozen=True)
class Problem:
    kind: str
    subject: str  # a sha256, an act's id, a consumer's name
    message: Msg


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # files the database names
    acts: int = 0
    indexed: int = 0  # entries of the search index
    waiting: int = 0  # acts with changes the index has not applied yet
    consumers: int = 0
    unreferenced: list[str] = field(default_factory=list)  # files no row names
    incoming: list[str] = field(default_factory=list)  # files being written, or left so

    @property
    def consistent(self) -> bool:
        return not self.problems

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}


def check(repo: Repository, hash_files: bool = True) -> Report:
    """Compare the parts of ``repo``. ``hash_files`` reads every file of the store to
    check its sha256 (the costly part: the whole store is read); without it only their
    presence is checked."""
    report = Report()
    _check_files(repo, report, hash_files)
    _check_positions(repo, report)
    _check_index(repo, report)
    return report


def _referenced(repo: Repository) -> set[str]:
    found: set[str] = set()
    with repo.engine.connect() as conn:
        for table, column in BLOB_COLUMNS:
            rows = conn.execute(text(f"SELECT {column} FROM {table}"))  # names from code
            found.update(str(r[0]) for r in rows if r[0])
    return found


def _check_files(repo: Repository, report: Report, hash_files: bool) -> None:
    store = repo.blobs
    # The store is listed before the rows are read: a file stored meanwhile, with its row
    # committed after, is then a named file found (not an unnamed one, nor a missing one).
    stored = set(store.digests())
    report.incoming = sorted(_incoming(repo))
    referenced = _referenced(repo)
    report.files = len(referenced)
    for digest in sorted(referenced):
        path = store.path_for(digest)
        if not path.is_file():
            report.problems.append(
                Problem(
                    FILE_MISSING,
                    digest,
                    Msg(
                        "The file %(sha)s is named in the database but missing from the store.",
                        sha=digest,
                    ),
                )
            )
        elif hash_files and _sha256(path) != digest:
            report.problems.append(
                Problem(
                    FILE_DAMAGED,
                    digest,
                    Msg(
                        "The file %(sha)s in the store no longer matches its checksum.", sha=digest
                    ),
                )
            )
    report.unreferenced = sorted(stored - referenced)
    with Session(repo.engine) as session:
        report.acts = session.exec(select(func.count()).select_from(Document)).one()
        bare = session.exec(
            select(Document.id)
            .where(~select(Version.id).where(Version.document_id == Document.id).exists())
            .order_by(col(Document.id))
        ).all()
    for act in bare:
        report.problems.append(
            Problem(ACT_WITHOUT_VERSION, str(act), Msg("Act %(id)s has no version.", id=act))
        )


def _incoming(repo: Repository) -> Iterator[str]:
    root = repo.blobs.root
    if root.is_dir():
        for path in root.glob("*/*/.incoming-*"):
            yield str(path.relative_to(root))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_positions(repo: Repository, report: Report) -> None:
    head = changes.head(repo.engine)
    with Session(repo.engine) as session:
        positions = [(r.name, r.position) for r in session.exec(select(ConsumerPosition)).all()]
    if repo.settings.read_only:  # a reading node's index keeps its own
        own = repo.index.position()
        if own is not None:
            positions.append((repo.settings.index_consumer, own))
    report.consumers = len(positions)
    if head == 0:
        return  # an empty log (pruned whole, or never written): no position can be judged
    for name, at in positions:
        if at > head:
            report.problems.append(
                Problem(
                    POSITION_PAST_HEAD,
                    name,
                    Msg(
                        "The follower «%(name)s» of the change log is at change %(at)d, "
                        "past the last one, %(head)d.",
                        name=name,
                        at=at,
                        head=head,
                    ),
                )
            )


def _check_index(repo: Repository, report: Report) -> None:
    index = repo.index
    # The position before the entries: whatever the index held at the position is in them,
    # and what it applied since is among the changes after it, read last.
    at = repo.index_position.get() or 0
    entries = index.entries()
    if index.damaged:
        report.problems.append(
            Problem(
                INDEX_DAMAGED,
                str(repo.settings.resolved_index_dir),
                Msg(
                    "The search index in %(path)s is damaged: the indexing loop rebuilds it "
                    "from the database (or run legaldesk reindex).",
                    path=str(repo.settings.resolved_index_dir),
                ),
            )
        )
        return
    report.indexed = sum(len(states) for states in entries.values())
    with Session(repo.engine) as session:
        # Read after the index: an act changed in between is among the waiting ones.
        waiting = set(session.exec(select(Change.document_id).where(col(Change.id) > at)).all())
        states: dict[int, str] = {
            i: state
            for i, state in session.exec(select(Document.id, Document.publication)).all()
            if i is not None
        }
    report.waiting = len(waiting & (set(states) | set(entries)))
    for act in sorted((set(states) | set(entries)) - waiting):
        held = entries.get(act, [])
        state = states.get(act)
        if state is None:
            report.problems.append(
                Problem(
                    INDEXED_NOT_IN_DATABASE,
                    str(act),
                    Msg("The search index holds act %(id)s, which the database does not.", id=act),
                )
            )
        elif not held:
            report.problems.append(
                Problem(
                    NOT_INDEXED, str(act), Msg("Act %(id)s is not in the search index.", id=act)
                )
            )
        elif len(held) > 1:
            report.problems.append(
                Problem(
                    INDEXED_TWICE,
                    str(act),
                    Msg("Act %(id)s is in the search index %(n)d times.", id=act, n=len(held)),
                )
            )
        elif held[0] != state:
            report.problems.append(
                Problem(
                    INDEX_STATE_DIFFERS,
                    str(act),
                    Msg(
                        "Act %(id)s is «%(indexed)s» in the search index but «%(state)s» in "
                        "the database.",
                        id=act,
                        indexed=held[0],
                        state=state,
                    ),
                )
            )
