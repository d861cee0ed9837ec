"""Entries of the public question–answer base: a librarian publishes an answered (or closed)
request in an edited, anonymised form, edits it, unpublishes it; the public reads the
published ones.

Nothing of the request reaches the public by itself: the editor starts from the question
and the answer, and what is published is what the librarian saved — never the requester's
name or contact, which live apart (``desk_requester``) and are never copied. Before
publishing, the texts are checked for what looks like personal data (legaldesk/qa/
personal.py); with findings, publishing is refused until the librarian, having seen them,
publishes anyway — and the request's history records that, with the kinds of findings
(never the text found: it may be the very data to keep out).

Each change takes the next revision number (``qa_revision``) in its transaction: the Q&A
index applies the entries whose revision is past its position (legaldesk/qa/indexing.py).
The acts an entry cites are the request's citations, each as the version cited; a flag the
desk raised on a citation (legaldesk/desk/flags.py) marks the act as changed since the
answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.desk import answers, history
from legaldesk.desk.requests import _rubric_codes
from legaldesk.messages import Msg
from legaldesk.models import (
    Answer,
    DeskRequest,
    QaEntry,
    QaEntryRubric,
    QaRevision,
    ReviewFlag,
    Rubric,
)
from legaldesk.models.base import utcnow
from legaldesk.qa.personal import Finding, findings

PUBLISHED, UNPUBLISHED = "published", "unpublished"
PUBLISHABLE = ("answered", "closed")  # a request's statuses that may become an entry
MAX_QUESTION = 5_000
MAX_ANSWER = 50_000
MAX_RUBRICS = 10


class QaError(ValueError):
    """A refusal, as a :class:`Msg`."""


class PersonalDataFound(QaError):
    """The texts hold what looks like personal data: each finding with the text it is in
    (``question`` or ``answer``). Publish anyway only once the librarian has seen them."""

    def __init__(self, found: list[tuple[str, Finding]]) -> None:
        super().__init__(Msg("the texts hold what looks like personal data"))
        self.found = found


@dataclass(frozen=True)
class Draft:
    """An entry as the librarian edits it."""

    question: str
    answer: str
    rubrics: tuple[str, ...] = ()


def check(draft: Draft) -> list[tuple[str, Finding]]:
    """What looks like personal data in each text, the question's first."""
    return [("question", f) for f in findings(draft.question)] + [
        ("answer", f) for f in findings(draft.answer)
    ]


def _text(value: str, limit: int, empty: Msg, long: Msg) -> str:
    # Paragraphs are kept: an answer is read as the librarian laid it out.
    kept = "\n".join(line.rstrip() for line in value.strip().replace("\r\n", "\n").splitlines())
    if not kept.strip():
        raise QaError(empty)
    if len(kept) > limit:
        raise QaError(long)
    return kept


def _take_revision(session: Session) -> int:
    """The next revision, taken in ``session``'s transaction (the row stays locked until it
    ends on PostgreSQL, so revisions commit in their order)."""
    table: Any = QaRevision.__table__  # type: ignore[attr-defined]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(table)
        .values(id=1, last=1)
        .on_conflict_do_update(index_elements=[table.c.id], set_={"last": table.c.last + 1})
        .returning(table.c.last)
    )
    return int(session.execute(statement).scalar_one())


def _rubric_ids(session: Session, codes: Sequence[str]) -> list[int]:
    wanted = list(dict.fromkeys(c for c in codes if c))[:MAX_RUBRICS]
    if not wanted:
        return []
    found = dict(
        session.exec(select(Rubric.code, Rubric.id).where(col(Rubric.code).in_(wanted))).all()
    )
    missing = [c for c in wanted if c not in found]
    if missing:
        raise QaError(Msg("no heading %(code)s", code=", ".join(missing)))
    return [int(found[c] or 0) for c in wanted]


def entry_of(engine: Engine, request_id: int) -> QaEntry | None:
    with Session(engine) as session:
        entry = session.exec(select(QaEntry).where(QaEntry.request_id == request_id)).first()
        if entry is not None:
            session.expunge(entry)
        return entry


def entry_rubrics(engine: Engine, entry_id: int) -> list[str]:
    with Session(engine) as session:
        return _entry_rubrics(session, entry_id)


def _entry_rubrics(session: Session, entry_id: int) -> list[str]:
    return list(
        session.exec(
            select(Rubric.code)
            .join(QaEntryRubric, col(QaEntryRubric.rubric_id) == col(Rubric.id))
            .where(QaEntryRubric.entry_id == entry_id)
            .order_by(col(Rubric.position))
        ).all()
    )


def draft_for(engine: Engine, request_id: int) -> Draft | None:
    """What the editor opens with: the entry as published, else the request's question and
    answer and its headings. None for a request that does not exist."""
    entry = entry_of(engine, request_id)
    if entry is not None and entry.id is not None:
        return Draft(entry.question, entry.answer, tuple(entry_rubrics(engine, entry.id)))
    with Session(engine) as session:
        request = session.get(DeskRequest, request_id)
        if request is None:
            return None
        answer = session.get(Answer, request_id)
        rubrics = _rubric_codes(session, request_id)
    return Draft(request.question, answer.text if answer else "", tuple(rubrics))


def publish(
    engine: Engine, request_id: int, draft: Draft, actor: str, *, despite_findings: bool = False
) -> QaEntry:
    """Publish the request as an entry (or the entry anew, edited). Refused for a request
    not answered, empty texts, unknown headings, and — unless ``despite_findings`` — texts
    that look as if they hold personal data (:class:`PersonalDataFound`)."""
    question = _text(
        draft.question,
        MAX_QUESTION,
        Msg("the public question is empty"),
        Msg("the public question is longer than %(n)d characters", n=MAX_QUESTION),
    )
    answer = _text(
        draft.answer,
        MAX_ANSWER,
        Msg("the public answer is empty"),
        Msg("the public answer is longer than %(n)d characters", n=MAX_ANSWER),
    )
    found = check(Draft(question, answer))
    if found and not despite_findings:
        raise PersonalDataFound(found)
    with session_scope(engine) as session:
        request = session.get(DeskRequest, request_id)
        if request is None:
            raise QaError(Msg("no request %(id)s", id=request_id))
        if request.status not in PUBLISHABLE:
            raise QaError(Msg("only an answered or closed request can be published"))
        rubric_ids = _rubric_ids(session, draft.rubrics)
        entry = session.exec(select(QaEntry).where(QaEntry.request_id == request_id)).first()
        first = entry is None
        now = utcnow()
        if entry is None:
            entry = QaEntry(
                request_id=request_id,
                question=question,
                answer=answer,
                state=PUBLISHED,
                revision=0,
                updated_by=actor[:128],
            )
        was = entry.state
        entry.question, entry.answer, entry.state = question, answer, PUBLISHED
        entry.revision = _take_revision(session)
        entry.published_at = entry.published_at or now
        entry.updated_at, entry.updated_by = now, actor[:128]
        session.add(entry)
        session.flush()
        assert entry.id is not None
        for link in session.exec(
            select(QaEntryRubric).where(QaEntryRubric.entry_id == entry.id)
        ).all():
            session.delete(link)
        session.flush()
        for rubric_id in rubric_ids:
            session.add(QaEntryRubric(entry_id=entry.id, rubric_id=rubric_id))
        changes: list[dict[str, Any]] = [
            {"field": "qa", "before": None if first else was, "after": PUBLISHED, "entry": entry.id}
        ]
        if found:
            # That the librarian published despite the warnings, and of which kinds — never
            # the text found: it may be the very personal data to keep out of records.
            kinds = Counter(f.kind for _where, f in found)
            changes.append(
                {"field": "warnings", "before": None, "after": dict(sorted(kinds.items()))}
            )
        history.record(session, request_id, actor, "qa_published", changes)
        session.flush()
        session.expunge(entry)
        return entry


def unpublish(engine: Engine, entry_id: int, actor: str) -> QaEntry:
    """Take the entry off the public site; it stays, and may be published again."""
    with session_scope(engine) as session:
        entry = session.get(QaEntry, entry_id)
        if entry is None:
            raise QaError(Msg("no entry %(id)s", id=entry_id))
        if entry.state != UNPUBLISHED:
            entry.state = UNPUBLISHED
            entry.revision = _take_revision(session)
            entry.updated_at, entry.updated_by = utcnow(), actor[:128]
            session.add(entry)
            history.record(
                session,
                entry.request_id,
                actor,
                "qa_unpublished",
                [{"field": "qa", "before": PUBLISHED, "after": UNPUBLISHED, "entry": entry.id}],
            )
        session.flush()
        session.expunge(entry)
        return entry


# -- reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CitedAct:
    """An act an entry cites, as the public sees it: linked while it is published,
    described otherwise; ``changed``: the act changed after the answer (a new version,
    withdrawn, merged, its status), as the desk's flags say."""

    document_id: int
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    public: bool
    changed: bool


@dataclass(frozen=True)
class EntryView:
    id: int
    question: str
    answer: str
    rubrics: list[str]
    answered_at: datetime | None  # when the request was answered (closed, if never)
    published_at: datetime | None
    acts: list[CitedAct] = field(default_factory=list)


def _answered_at(request: DeskRequest | None) -> datetime | None:
    if request is None:
        return None
    return request.answered_at or request.closed_at


def get_entry(engine: Engine, entry_id: int, public: bool = True) -> EntryView | None:
    """An entry with its headings and cited acts; with ``public``, only a published one."""
    with Session(engine) as session:
        entry = session.get(QaEntry, entry_id)
        if entry is None or (public and entry.state != PUBLISHED):
            return None
        request = session.get(DeskRequest, entry.request_id)
        rubrics = _entry_rubrics(session, entry_id)
        flagged = set(
            session.exec(
                select(ReviewFlag.cited_version_id).where(ReviewFlag.request_id == entry.request_id)
            ).all()
        )
    acts = [
        CitedAct(
            document_id=a.document_id,
            doc_type=a.doc_type,
            number=a.number,
            date_adopted=a.date_adopted,
            title=a.title,
            public=a.publication == "published",
            changed=a.version_id in flagged,
        )
        for a in answers.cited_acts(engine, entry.request_id)
    ]
    return EntryView(
        id=entry_id,
        question=entry.question,
        answer=entry.answer,
        rubrics=rubrics,
        answered_at=_answered_at(request),
        published_at=entry.published_at,
        acts=acts,
    )


@dataclass(frozen=True)
class EntryRow:
    id: int
    question: str
    answer: str
    rubrics: list[str]
    published_at: datetime | None
    state: str = PUBLISHED
    request_id: int = 0
    code: str = ""


def rows(engine: Engine, ids: Sequence[int], public: bool = True) -> list[EntryRow]:
    """Entries by id, in the order given (search ranks them); unpublished ones dropped for
    the public."""
    if not ids:
        return []
    with Session(engine) as session:
        query = select(QaEntry, DeskRequest.code).join(
            DeskRequest, col(DeskRequest.id) == col(QaEntry.request_id)
        )
        query = query.where(col(QaEntry.id).in_(list(ids)))
        if public:
            query = query.where(col(QaEntry.state) == PUBLISHED)
        found = {
            entry.id: (entry, code)
            for entry, code in session.exec(query).all()
            if entry.id is not None
        }
        links = _rubrics_of(session, [i for i in found if i is not None])
    out = []
    for entry_id in ids:
        if entry_id not in found:
            continue
        entry, code = found[entry_id]
        out.append(
            EntryRow(
                id=entry_id,
                question=entry.question,
                answer=entry.answer,
                rubrics=links.get(entry_id, []),
                published_at=entry.published_at,
                state=entry.state,
                request_id=entry.request_id,
                code=code,
            )
        )
    return out


def _rubrics_of(session: Session, entry_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not entry_ids:
        return out
    for entry_id, code in session.exec(
        select(QaEntryRubric.entry_id, Rubric.code)
        .join(Rubric, col(Rubric.id) == col(QaEntryRubric.rubric_id))
        .where(col(QaEntryRubric.entry_id).in_(entry_ids))
        .order_by(col(Rubric.position))
    ).all():
        out.setdefault(entry_id, []).append(code)
    return out


def listing(
    engine: Engine,
    rubric: str = "",
    offset: int = 0,
    limit: int = 20,
    public: bool = True,
) -> tuple[list[EntryRow], int]:
    """Entries newest first, optionally of one heading; and how many there are."""
    with Session(engine) as session:
        query = select(QaEntry.id)
        if public:
            query = query.where(col(QaEntry.state) == PUBLISHED)
        if rubric:
            query = (
                query.join(QaEntryRubric, col(QaEntryRubric.entry_id) == col(QaEntry.id))
                .join(Rubric, col(Rubric.id) == col(QaEntryRubric.rubric_id))
                .where(col(Rubric.code) == rubric)
            )
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        ids = session.exec(
            query.order_by(col(QaEntry.published_at).desc(), col(QaEntry.id).desc())
            .offset(offset)
            .limit(limit)
        ).all()
    return rows(engine, [i for i in ids if i is not None], public), int(total)


def rubric_counts(engine: Engine) -> dict[str, int]:
    """Published entries per heading (code)."""
    with Session(engine) as session:
        found = session.exec(
            select(Rubric.code, func.count())
            .join(QaEntryRubric, col(QaEntryRubric.rubric_id) == col(Rubric.id))
            .join(QaEntry, col(QaEntry.id) == col(QaEntryRubric.entry_id))
            .where(col(QaEntry.state) == PUBLISHED)
            .group_by(col(Rubric.code))
        ).all()
    return {code: int(n) for code, n in found}
