"""Issuing bodies as an authority file: one ``Organization`` per body (official name, short
name, level, territory) and the spellings that name it (``IssuerVariant``; the official name
is one of them). Ingest and a librarian's correction find a body through ``match_issuer``;
librarians keep the file in legaldesk/authority.py.

A spelling is matched, in order:

1. **exactly** to a variant (white space folded) → its body;
2. **normalised** (``match_key``) to a variant → its body, and the spelling becomes a new
   variant. The key folds what differs between two spellings of one name: case, ё/е and
   й/и, spaces (also inside words: «Брянская г ородская»), hyphens, dashes, quotes and
   punctuation, Latin look-alikes (OCR reads «МУСП по» as «MYCI no»), the abbreviations МО,
   МР and РФ, and the letters OCR confuses most — Б, В, Р, Ь, Ъ, dropped altogether, so that
   «Рянская», «Ьрянская» and «Бьрянская» meet «Брянская»;
3. **near** a variant — keys within a small edit distance (another misread letter), or the
   same organ with most of the same proper names («Администрация города Брянска» for
   «Брянская городская администрация», a district with and without its region) → a new body
   **proposed**: its acts await a librarian, who confirms it or merges it into a candidate;
4. otherwise a new body.

Deleting the confusable letters could make two real bodies meet whose names differ only in
them; none of the bodies of the labelled corpus do (tests/legaldesk/test_issuers.py), and a
wrong merge is undone by renaming, while a missed one left the facet showing one
administration five times. Keys are stored: a change of ``match_key`` needs a migration that
recomputes ``issuer_variant.key``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from sqlmodel import Session, col, select

from legaldesk.models import IssuerVariant, Organization
from legaldesk.pipeline.metadata.issuers import FEDERATION, federation_subject
from legaldesk.vocabulary import Level

MAX_NAME = 512

# What OCR reads for Cyrillic letters: Latin look-alikes (after lower-casing) and digits
# inside words. «n» is «п» (OCR's «no» for «по»), «r» is «г», «u» is «и».
_LOOKALIKES = str.maketrans(
    {
        "a": "а",
        "b": "ь",
        "c": "с",
        "e": "е",
        "h": "н",
        "k": "к",
        "m": "м",
        "n": "п",
        "o": "о",
        "p": "р",
        "r": "г",
        "t": "т",
        "u": "и",
        "x": "х",
        "y": "у",
        "ё": "е",
        "й": "и",
    }
)
_DIGIT_IN_WORD = re.compile(r"(?<=[а-я])[036]|[036](?=[а-я])")
_DIGIT_LETTERS = {"0": "о", "3": "з", "6": "б"}
# Б, В, Р, Ь, Ъ: OCR turns one into another, doubles them («Бьрянская») and drops them at
# the start of a word («Рянская»). The key leaves them out.
_CONFUSED = frozenset("бвръь")
_ABBREVIATIONS = {
    "МО": "муниципального образования",
    "МР": "муниципального района",
    "РФ": "Российской Федерации",
}
_ABBREVIATION_RE = re.compile(r"(?<![А-ЯЁа-яёA-Za-z])(МО|МР|РФ)(?![А-ЯЁа-яёA-Za-z])")
_WORD_RE = re.compile(r"[0-9a-zа-я]+")


def spelling_of(name: str | None) -> str:
    """A name as it is stored: white space folded, bounded."""
    return " ".join((name or "").split())[:MAX_NAME]


def _words(name: str) -> list[str]:
    """The name's words in matching form: abbreviations spelt out, lower case, look-alikes
    and digits inside words as the Cyrillic letters they stand for."""
    text = _ABBREVIATION_RE.sub(lambda m: _ABBREVIATIONS[m.group(1)], name)
    text = text.lower().translate(_LOOKALIKES)
    text = _DIGIT_IN_WORD.sub(lambda m: _DIGIT_LETTERS[m.group(0)], text)
    return _WORD_RE.findall(text)


def _skeleton(word: str) -> str:
    return "".join(ch for ch in word if ch not in _CONFUSED)


def match_key(name: str) -> str:
    """The normalised key of a spelling: spellings with the same key name the same body."""
    return "".join(_skeleton(w) for w in _words(name))[:MAX_NAME]


# -- near matches ------------------------------------------------------------------------
# Endings of Russian nouns and adjectives (й read as и): «асиновского» and «асиновский»
# share «асиновск».
_ENDING_RE = re.compile(
    r"(?:ого|его|ому|ему|ими|ыми|ои|еи|ии|ыи|ая|яя|ое|ее|ие|ые|их|ых|ом|ем|ам|ям|ах|ях|"
    r"а|я|о|е|ы|и|у|ю)$"
)
_ORGAN_WORDS = (
    "администрация правительство глава губернатор президент совет дума собрание "
    "министерство комитет управление департамент кабинет мэр мэрия палата комиссия служба "
    "агентство инспекция отдел исполком"
)
# Words of the kind of territory: two bodies of different kinds are different bodies.
_KIND_WORDS = "район сельсовет поселение город округ"
# Words every other body's name has too: they say what kind of body, not which one.
_GENERIC_WORDS = (
    f"{_ORGAN_WORDS} {_KIND_WORDS} муниципальный муниципального городской городская "
    "сельский сельская сельское депутатов образование область край республика российской "
    "федерации исполнительный законодательный народных представительный областной краевой "
    "министров"
)
# A word before these names the region, shared by every body of the region.
_REGION_AFTER = ("оласт", "автономн")  # stems: Б, В, Р, Ь, Ъ left out


def _stem(word: str) -> str:
    return _ENDING_RE.sub("", _skeleton(word)) or _skeleton(word)


def _stems(words: str) -> list[str]:
    return [_stem(w) for w in _words(words)]


_ORGAN_STEMS = frozenset(s[:4] for s in _stems(_ORGAN_WORDS))
_KIND_STEMS = frozenset(_stems(_KIND_WORDS))
_GENERIC_STEMS = frozenset(_stems(_GENERIC_WORDS))
_REPUBLIC = _stem("республики")
_KRAI = _stem("края")


@dataclass(frozen=True)
class _Shape:
    """What near matching compares of a spelling."""

    key: str
    organ: str | None  # its first organ word, by the first letters OCR leaves: «адми»
    kinds: frozenset[str]  # kinds of territory it names: «аион», «гоод»
    names: frozenset[str]  # its proper names but the region's: «янск», «асиноск»


@lru_cache(maxsize=4096)
def _shape(spelling: str) -> _Shape:
    stems = _stems(spelling)
    organ = next((s[:4] for s in stems if s[:4] in _ORGAN_STEMS), None)
    names = set()
    for i, stem in enumerate(stems):
        following = stems[i + 1] if i + 1 < len(stems) else ""
        regional = (
            following.startswith(_REGION_AFTER) or following == _KRAI or _REPUBLIC in stems[:i]
        )
        if len(stem) >= 3 and stem not in _GENERIC_STEMS and not regional:
            names.add(stem)
    kinds = frozenset(s for s in stems if s in _KIND_STEMS)
    return _Shape(match_key(spelling), organ, kinds, frozenset(names))


def _edit_distance_within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` is at most ``limit``, computed in a band of
    that width: a new spelling is compared with every variant of the file."""
    if abs(len(a) - len(b)) > limit:
        return False
    big = limit + 1
    previous = [j if j <= limit else big for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [big] * (len(b) + 1)
        if i <= limit:
            current[0] = i
        low, high = max(1, i - limit), min(len(b), i + limit)
        for j in range(low, high + 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (a[i - 1] != b[j - 1]),
                big,
            )
        if min(current[max(0, low - 1) : high + 1]) > limit:
            return False
        previous = current
    return previous[len(b)] <= limit


def near(spelling: str, other: str) -> float:
    """How near two spellings of different keys are: 0 when not near; above 0 when one may
    well be the other, the nearer the higher. Near are keys one misread letter apart (two
    in a long name), and names of the same organ and kind of territory with mostly the same
    proper names, regions left aside: «Администрация города Брянска» and «Брянская городская
    администрация», a district with and without its region. Districts of one region are
    not near, nor a district and a village council of the same name."""
    a, b = _shape(spelling), _shape(other)
    if not a.key or not b.key:
        return 0.0
    limit = 1 if min(len(a.key), len(b.key)) < 40 else 2
    if _edit_distance_within(a.key, b.key, limit):
        return 1.0
    if a.organ is None or a.organ != b.organ or not a.names or not b.names:
        return 0.0
    if a.kinds and b.kinds and not a.kinds & b.kinds:
        return 0.0
    overlap = len(a.names & b.names) / len(a.names | b.names)
    return overlap if overlap >= 0.5 else 0.0


def same_body(spelling: str, other: str) -> bool:
    """Whether two spellings name the same body: the same key, or near (one misread letter,
    the same organ of the same place in other words). Reads nothing: a reference's issuer
    «администрации Ольховского района» is compared with a filed act's body without adding a
    variant for it."""
    return match_key(spelling) == match_key(other) or near(spelling, other) > 0


def same_place(spelling: str, other: str) -> bool:
    """Whether two bodies' names share a proper name of their territory (the regions left
    aside): a district's administration and its council of deputies, say."""
    return bool(_proper(spelling) & _proper(other))


def names_place(spelling: str) -> bool:
    """Whether a body's name says where it is: «администрации Заречного района» does, a bare
    «администрации» (the citing act's own, as a text means it) does not."""
    return bool(_proper(spelling))


def _proper(spelling: str) -> frozenset[str]:
    # Stems of inflected generic words slip through _shape («поселени» of «поселения»
    # against «поселен» of «поселение»): a name that merely extends one is no name.
    return frozenset(
        n for n in _shape(spelling).names if not any(n.startswith(g) for g in _GENERIC_STEMS)
    )


def near_bodies(
    session: Session, spelling: str, exclude: int | None = None, limit: int = 3
) -> tuple[int, ...]:
    """The bodies with a variant near ``spelling``, nearest first."""
    best: dict[int, float] = {}
    for org_id, other in session.exec(
        select(IssuerVariant.organization_id, IssuerVariant.spelling)
    ).all():
        if org_id == exclude:
            continue
        score = near(spelling, other)
        if score > best.get(org_id, 0.0):
            best[org_id] = score
    ranked = sorted(best, key=lambda org_id: (-best[org_id], org_id))
    return tuple(ranked[:limit])


# -- matching ----------------------------------------------------------------------------
VARIANT = "variant"
NORMALISED = "normalised"
NEW = "new"
PROPOSED = "proposed"


@dataclass(frozen=True)
class IssuerMatch:
    """The body a spelling names and how it was found (VARIANT, NORMALISED, NEW or
    PROPOSED); for a proposed body, the bodies it may be (``candidates``)."""

    body: Organization
    how: str
    candidates: tuple[int, ...] = ()


def match_issuer(
    session: Session,
    name: str | None,
    level: str | None = None,
    *,
    propose: bool = True,
) -> IssuerMatch | None:
    """The body ``name`` names (see the module's docstring), added to ``session`` when the
    file has none; None for no name. ``propose`` is false where a person typed the name: a
    name a librarian chose is no OCR reading to doubt. A body of unknown level takes the
    ``level`` a file makes clear."""
    spelling = spelling_of(name)
    if not spelling:
        return None
    variant = session.exec(select(IssuerVariant).where(IssuerVariant.spelling == spelling)).first()
    if variant is not None:
        body = _fill(session, variant.organization_id, level)
        return IssuerMatch(body, VARIANT, _candidates(session, body))
    key = match_key(spelling)
    if len(key) >= 2:
        owners = session.exec(
            select(IssuerVariant.organization_id).where(IssuerVariant.key == key)
        ).all()
        if owners:
            owner = _preferred(session, set(owners))
            body = _fill(session, owner, level)
            session.add(IssuerVariant(organization_id=owner, spelling=spelling, key=key))
            session.flush()
            return IssuerMatch(body, NORMALISED, _candidates(session, body))
    candidates = near_bodies(session, spelling) if propose else ()
    body = Organization(
        name=spelling,
        level=level or Level.UNKNOWN,
        territory=territory_of(spelling),
        proposed=bool(candidates),
    )
    session.add(body)
    session.flush()
    assert body.id is not None
    session.add(IssuerVariant(organization_id=body.id, spelling=spelling, key=key))
    session.flush()
    return IssuerMatch(body, PROPOSED if candidates else NEW, candidates)


def issuer_named(session: Session, name: str | None, level: str | None) -> Organization | None:
    """The body of this name as a librarian typed it (never proposed); None for no name."""
    found = match_issuer(session, name, level, propose=False)
    return found.body if found else None


def territory_of(name: str) -> str | None:
    """The territory a body's name is: the Federation or a subject, the issuers of laws."""
    subject = federation_subject(name)
    return subject if subject in (FEDERATION, name) else None


def _fill(session: Session, org_id: int, level: str | None) -> Organization:
    body = session.get(Organization, org_id)
    assert body is not None
    if level and level != Level.UNKNOWN and body.level == Level.UNKNOWN:
        body.level = level
        session.add(body)
    return body


def _preferred(session: Session, org_ids: set[int]) -> int:
    """Of bodies sharing a key (a librarian may have kept two apart): a confirmed one, the
    oldest."""
    rows = session.exec(
        select(Organization.proposed, Organization.id).where(col(Organization.id).in_(org_ids))
    ).all()
    return min((proposed, org_id or 0) for proposed, org_id in rows)[1]


def _candidates(session: Session, body: Organization) -> tuple[int, ...]:
    """The bodies a proposed body may be (none for a confirmed one)."""
    if not body.proposed:
        return ()
    return near_bodies(session, body.name, exclude=body.id)


# -- reading -----------------------------------------------------------------------------
def official_names(session: Session, names: Iterable[str]) -> tuple[str, ...]:
    """The official names of the bodies ``names`` name (variants, or normalised spellings of
    them), in order; a name the file does not know is kept as given. Search filters by
    body: a link made with an old spelling finds the body's acts."""
    out: list[str] = []
    for name in names:
        spelling = spelling_of(name)
        found = session.exec(
            select(Organization.name)
            .join(IssuerVariant, col(IssuerVariant.organization_id) == col(Organization.id))
            .where(IssuerVariant.spelling == spelling)
        ).first()
        if found is None and len(key := match_key(spelling)) >= 2:
            found = session.exec(
                select(Organization.name)
                .join(IssuerVariant, col(IssuerVariant.organization_id) == col(Organization.id))
                .where(IssuerVariant.key == key)
                .order_by(col(Organization.proposed), col(Organization.id))
            ).first()
        name = found or spelling
        if name and name not in out:
            out.append(name)
    return tuple(out)
