"""The centre's thesaurus as the library keeps it: entries in the database (the shipped
ones, legaldesk/seed/thesaurus.tsv, to start with), read by every search and edited by an
administrator as plain lines «ключ = фраза; фраза». The search applies them at query time
(legaldesk/index/thesaurus.py), so an edit is in force at the next search, in every worker,
with no reindex.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from threading import Lock

from sqlalchemy import func, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from legaldesk.db import session_scope
from legaldesk.index.thesaurus import MAX_ALTERNATIVES, Entry
from legaldesk.messages import Msg
from legaldesk.models import AuditEvent, ThesaurusEntry
from legaldesk.models.base import utcnow

MAX_KEY = 255
MAX_PHRASES = 2000
MAX_ENTRIES = 5000


class ThesaurusError(ValueError):
    """The text cannot be the thesaurus; the message names the line and what is wrong."""


@dataclass(frozen=True)
class Saved:
    added: int
    changed: int
    removed: int


def normal_key(key: str) -> str:
    return " ".join(key.split()).lower().replace("ё", "е")


def parse_lines(text: str) -> list[Entry]:
    """Entries from an administrator's text: «ключ = фраза; фраза» (or a tab instead of
    «=»), one a line; # starts a comment. A line that is not an entry is refused with its
    number, so that nothing is half-saved."""
    entries: dict[str, Entry] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        sep = "\t" if "\t" in stripped else "="
        key, found, rest = stripped.partition(sep)
        key = normal_key(key)
        phrases = tuple(" ".join(p.split()) for p in rest.split(";") if p.strip())
        if not found or not key or not phrases:
            raise ThesaurusError(Msg("line %(n)d: write «word = phrase; phrase»", n=n))
        if len(key) > MAX_KEY or len("; ".join(phrases)) > MAX_PHRASES:
            raise ThesaurusError(Msg("line %(n)d is too long", n=n))
        if len(phrases) > MAX_ALTERNATIVES:
            raise ThesaurusError(
                Msg("line %(n)d: at most %(max)d phrases for one word", n=n, max=MAX_ALTERNATIVES)
            )
        if key in entries:
            raise ThesaurusError(Msg("line %(n)d: «%(key)s» is given twice", n=n, key=key))
        entries[key] = Entry(key, phrases)
    if len(entries) > MAX_ENTRIES:
        raise ThesaurusError(Msg("at most %(max)d entries", max=MAX_ENTRIES))
    return list(entries.values())


def shipped() -> list[Entry]:
    """The thesaurus a new library starts with (legaldesk/seed/thesaurus.tsv)."""
    return parse_lines(files("legaldesk").joinpath("seed/thesaurus.tsv").read_text("utf-8"))


def seed_if_empty(engine: Engine) -> int:
    """Fill an empty table with the shipped entries (the migration does it for a new
    repository; a test database emptied between tests needs it again). Returns how many."""
    with session_scope(engine) as session:
        if session.exec(select(func.count(col(ThesaurusEntry.id)))).one():
            return 0
        entries = shipped()
        now = utcnow()
        # One multi-row INSERT, not 400 ORM objects: the tests seed this again for every
        # PostgreSQL test, and building the objects was most of the seeding's time.
        session.execute(
            insert(ThesaurusEntry),
            [
                {
                    "key": entry.key,
                    "phrases": "; ".join(entry.phrases),
                    "position": position,
                    "updated_at": now,
                }
                for position, entry in enumerate(entries)
            ],
        )
    return len(entries)


def as_text(engine: Engine) -> str:
    """The thesaurus as an administrator edits it."""
    return "\n".join(f"{e.key} = {'; '.join(e.phrases)}" for e in entries(engine)) + "\n"


def save(engine: Engine, text: str, actor: str) -> Saved:
    """Replace the thesaurus with the entries of ``text``, in one transaction with an audit
    event saying what changed; a text with an error changes nothing."""
    wanted = parse_lines(text)
    now = utcnow()
    with session_scope(engine) as session:
        rows = {r.key: r for r in session.exec(select(ThesaurusEntry)).all()}
        added = changed = 0
        for position, entry in enumerate(wanted):
            phrases = "; ".join(entry.phrases)
            row = rows.pop(entry.key, None)
            if row is None:
                session.add(
                    ThesaurusEntry(
                        key=entry.key, phrases=phrases, position=position, updated_at=now
                    )
                )
                added += 1
            elif row.phrases != phrases or row.position != position:
                changed += row.phrases != phrases
                row.phrases, row.position, row.updated_at = phrases, position, now
                session.add(row)
        if rows:
            session.exec(delete(ThesaurusEntry).where(col(ThesaurusEntry.key).in_(list(rows))))
        saved = Saved(added, changed, len(rows))
        if added or changed or rows:
            session.add(
                AuditEvent(
                    actor=actor,
                    action="thesaurus_changed",
                    detail={"added": added, "changed": changed, "removed": sorted(rows)},
                )
            )
    return saved


def not_adopted(engine: Engine) -> list[Entry]:
    """The shipped entries whose key the library's thesaurus lacks: words a newer LegalDesk
    ships (the library's copy was made from an older one), or entries taken out here."""
    with Session(engine) as session:
        held = set(session.exec(select(ThesaurusEntry.key)).all())
    return [e for e in shipped() if e.key not in held]


def adopt_shipped(engine: Engine, keys: Iterable[str], actor: str) -> Saved:
    """Add the shipped entries of ``keys`` that the library lacks, after its own entries,
    in one transaction with an audit event. The library's own entries — its edits of a
    shipped one included — are left as they are: a key the library holds is not taken."""
    wanted = {normal_key(k) for k in keys}
    now = utcnow()
    with session_scope(engine) as session:
        held = set(session.exec(select(ThesaurusEntry.key)).all())
        last = session.exec(select(func.max(ThesaurusEntry.position))).one()
        position = -1 if last is None else int(last)
        added = [e for e in shipped() if e.key in wanted and e.key not in held]
        for entry in added:
            position += 1
            session.add(
                ThesaurusEntry(
                    key=entry.key,
                    phrases="; ".join(entry.phrases),
                    position=position,
                    updated_at=now,
                )
            )
        if added:
            session.add(
                AuditEvent(
                    actor=actor,
                    action="thesaurus_changed",
                    detail={
                        "added": len(added),
                        "changed": 0,
                        "removed": [],
                        "from_shipped": [e.key for e in added],
                    },
                )
            )
    return Saved(len(added), 0, 0)


_cache: dict[str, tuple[tuple[int, datetime | None], tuple[Entry, ...]]] = {}
_cache_lock = Lock()


def entries(engine: Engine) -> tuple[Entry, ...]:
    """The thesaurus every search applies: read again only when it changed (its count and
    latest edit, one small query), so each search sees an edit made in another worker."""
    with Session(engine) as session:
        stamp_row = session.exec(
            select(func.count(col(ThesaurusEntry.id)), func.max(ThesaurusEntry.updated_at))
        ).one()
        stamp = (int(stamp_row[0]), stamp_row[1])
        key = str(engine.url)
        with _cache_lock:
            cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        rows = session.exec(
            select(ThesaurusEntry).order_by(col(ThesaurusEntry.position), col(ThesaurusEntry.id))
        ).all()
    found = tuple(
        Entry(r.key, tuple(p.strip() for p in r.phrases.split(";") if p.strip())) for r in rows
    )
    with _cache_lock:
        _cache[key] = (stamp, found)
    return found
