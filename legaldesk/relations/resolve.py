"""Which act a reference names: matched by number, date, type and issuer among the acts
filed, or kept as an act outside the repository, or left waiting for its target.

The rule that matters most is the one against a wrong match: districts number their acts
independently, so a number alone names nothing. A reference with a date matches only acts
of that date and number; without one, only a single act of that number. An issuer the
reference names must be the candidate's (spellings compared as the authority file compares
them, legaldesk/issuers.py); when it names none, a municipal act is taken to be of the
citing act's own place. Whatever still leaves two acts is ambiguous, shown as such, never
guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from legaldesk.actnumber import clean_number, normalize_number
from legaldesk.issuers import names_place, same_body, same_place
from legaldesk.models import ActReference, Document, ExternalAct, Organization
from legaldesk.models.relations import AMBIGUOUS, EXTERNAL, PENDING, RESOLVED
from legaldesk.pipeline.metadata.issuers import subject_in, to_nominative
from legaldesk.relations.extract.known import by_short_name
from legaldesk.vocabulary import DocType, Level, Material

# Kinds of act a municipality never issues: cited and not filed, they are kept as outside
# acts so that every act citing them can be found.
_OUTSIDE_TYPES = frozenset({DocType.FEDERALNYI_ZAKON, DocType.UKAZ, DocType.ZAKON, DocType.KODEKS})
# Kinds a reference with no issuer leaves to the citing act's own place.
_LOCAL_TYPES = frozenset(
    {DocType.POSTANOVLENIE, DocType.RASPORYAZHENIE, DocType.RESHENIE, DocType.PRIKAZ}
)


@dataclass(frozen=True)
class Candidate:
    id: int
    doc_type: str | None
    level: str
    issuer: str | None


def resolve(session: Session, ref: ActReference, source: Document) -> None:
    """Set ``ref``'s resolution, target, outside act and candidates from what is filed now."""
    found = candidates(session, ref, source)
    outside = _is_outside(ref)
    ref.external_id = external_act(session, ref).id if outside else None
    ref.target_id = None
    ref.candidates = None
    if len(found) == 1:
        ref.resolution, ref.target_id = RESOLVED, found[0]
    elif len(found) > 1:
        ref.resolution, ref.candidates = AMBIGUOUS, found
    else:
        ref.resolution = EXTERNAL if outside else PENDING


def candidates(session: Session, ref: ActReference, source: Document) -> list[int]:
    """The acts ``ref`` may name, best first; one id when it names one act."""
    if not ref.number_key:
        return []  # a title alone names no act safely enough to link it
    rows = _same_number(session, ref, source.id)
    if ref.doc_type:
        rows = [c for c in rows if c.doc_type in (None, ref.doc_type)]
    if ref.level in (Level.FEDERAL, Level.REGIONAL):
        rows = [c for c in rows if c.level in (ref.level, Level.UNKNOWN)]
    named = to_nominative(ref.issuer) if ref.issuer else ""
    if named and names_place(named):
        law = ref.doc_type == DocType.ZAKON
        rows = [c for c in rows if c.issuer is None or _fits(named, c.issuer, law)]
    elif ref.doc_type in _LOCAL_TYPES or (ref.doc_type is None and ref.level is None):
        own = _issuer_name(session, source.issuer_id)
        if own:
            same = [c for c in rows if c.issuer and same_body(own, c.issuer)]
            # The citing body's own act first; else an act of another body of its place
            # (the council's decision cited by the administration).
            rows = same or [c for c in rows if c.issuer is None or same_place(own, c.issuer)]
    return sorted(c.id for c in rows)


def _fits(named: str, issuer: str, law: bool) -> bool:
    """The body a reference names is the candidate's — or, for a law, whose issuer is the
    subject of the Federation («Закон Волжского края»), the candidate's body is that
    subject's («Законодательное Собрание Волжского края»)."""
    if same_body(named, issuer):
        return True
    if not law:  # two districts of one region are two bodies
        return False
    subject = subject_in(named)
    return subject is not None and subject == subject_in(issuer)


def _same_number(session: Session, ref: ActReference, source_id: int | None) -> list[Candidate]:
    query = (
        select(Document, col(Organization.name))
        .outerjoin(Organization, col(Organization.id) == col(Document.issuer_id))
        # Only acts are targets: a clipping has no number of its own to be cited by.
        .where(col(Document.id) != source_id, col(Document.material) == Material.ACT)
    )
    if ref.date_adopted is not None:
        query = query.where(Document.date_adopted == ref.date_adopted)
    else:
        query = query.where(col(Document.number).in_(_spellings(ref.number or "")))
    return [
        Candidate(id=document.id, doc_type=document.doc_type, level=document.level, issuer=name)
        for document, name in session.exec(query).all()
        if document.id is not None
        and document.number
        and normalize_number(document.number) == ref.number_key
    ]


def _spellings(number: str) -> set[str]:
    """Display spellings of a number, for the column lookup of a reference with no date
    (the key comparison after it decides)."""
    shown = clean_number(number)
    forms = {shown, shown.lower(), shown.upper()}
    for form in list(forms):
        i = len(form.rstrip("абвгдежзиклмнопрстуфхцчшщэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"))
        if 0 < i < len(form) and form[i - 1].isdigit():
            forms.add(f"{form[:i]}-{form[i:]}")
        forms.add(form.replace("-", ""))
    return forms


def _issuer_name(session: Session, issuer_id: int | None) -> str | None:
    if issuer_id is None:
        return None
    body = session.get(Organization, issuer_id)
    return body.name if body else None


def _is_outside(ref: ActReference) -> bool:
    return bool(
        ref.known_as
        or ref.level in (Level.FEDERAL, Level.REGIONAL)
        or ref.doc_type in _OUTSIDE_TYPES
    ) and bool(ref.number_key or ref.known_as)


def external_key(ref: ActReference) -> str:
    if ref.known_as and not ref.number_key:
        return f"known:{ref.known_as.casefold()}"
    date = ref.date_adopted.isoformat() if ref.date_adopted else ""
    return f"{ref.doc_type or ''}|{ref.number_key or ''}|{date}"


def external_act(session: Session, ref: ActReference) -> ExternalAct:
    """The outside act ``ref`` names, added on first mention; a later mention that gives
    more (the title, the date) fills what was missing."""
    key = external_key(ref)
    act = session.exec(select(ExternalAct).where(ExternalAct.key == key)).first()
    known = by_short_name(ref.known_as) if ref.known_as else None
    if act is None:
        act = ExternalAct(
            key=key,
            doc_type=ref.doc_type,
            number=ref.number,
            number_key=ref.number_key,
            date_adopted=ref.date_adopted,
            title=ref.title or (known.title if known else None),
            level=ref.level,
            known_as=ref.known_as,
        )
        session.add(act)
        session.flush()
    else:
        act.title = act.title or ref.title
        act.known_as = act.known_as or ref.known_as
        act.level = act.level or ref.level
    return act


def naming(session: Session, documents: Iterable[Document]) -> list[ActReference]:
    """Every reference whose number is one of these acts': an act arriving, corrected or
    merged may be the target a reference waited for — or a second act of its number that
    makes a resolved reference ambiguous. :func:`resolve` decides each again."""
    keys = {normalize_number(d.number) for d in documents if d.number}
    if not keys:
        return []
    return list(
        session.exec(
            select(ActReference).where(col(ActReference.number_key).in_(sorted(keys)))
        ).all()
    )
