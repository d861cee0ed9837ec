"""``extract(text)``: every reference to another act, in text order.

How a reference is read (see docs/references.md for how it was measured):

* **Requisites** — a number, a date, or both paired («от 12.03.2024 № 245-п», «№ 1522 – п от
  13.11.2013», «25.07.2018 № 460 г.»), found by :mod:`.anchors`. A date and number together
  are a reference even without a type word («( в редакции от 04.03.2016 г. № 95-п )»); a
  number or a date alone only right after a type word and its issuer («Указа № 618»,
  «Бюджетным кодексом … от 31.07.1998 года»). A number after «приложение», «таблица»,
  «пункт» … is the citing act's own part, not an act.
* **Type word and issuer** — the nearest «постановлением / решения / Федерального закона …»
  before the requisites, with only the issuer between («администрации МР « Усть - Вымский »»)
  or a title that comes first («Постановление … « О принятии … » № 1522 – п»). Requisites
  after another reference's inherit its type and issuer (an enumeration «постановления от …
  № 5, от … № 12 и от … № 40» or a list under «Признать утратившими силу постановления …:»).
* **Titles** — the quoted text right after the requisites. Whatever lies inside another
  reference's title is part of that title, never a reference of its own.
* **Title alone** — a type word followed by a quoted «О …» title and no requisites
  («Федеральным законом « Об особых экономических зонах … »»); the citing act's own title
  quoted in its appendices or mailing list is not one.
* **Codes and well-known laws** — by name («Бюджетного кодекса Российской Федерации», «БК
  РФ»), numbers repaired and dates filled from :mod:`.known` («№ 131-ФЭ», «13.1-ФЗ», «№ 8-03»
  of 12.01.1996, «Федеральным законом № 131-ФЗ» without a date).
* **Role** — a «признать утратившим силу» after the reference, else the nearest governing
  words before it in its clause (amending, repealing, suspending, or «в редакции / с
  изменениями», which cite), else ``based_on`` inside the enacting preamble, else ``cites``.
* **Own heading** — requisites equal to ``own_number`` (and ``own_date`` when both are
  known) are the act itself. Its own appendix and approval headers are known by their shape
  (:mod:`.own`): one repeating the own number is the act whatever its date says, and when the
  own number is unknown (a text that lost its heading) the first one gives it. Draft blanks
  («от ____ № ___») never form requisites.
* **Broken text** — a number broken after its dash at a line end («N 1164-» / «п») is one
  number (:mod:`.anchors`); «( в редакции … )» right after an inner closing quote of an
  unclosed title that itself names an act is part of that title.

Every pattern is linear and every look-around bounded, so the cost grows with the text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from legaldesk.actnumber import clean_number, normalize_number
from legaldesk.pipeline.metadata.issuers import (
    FEDERATION,
    federation_subject,
    level_of,
    starts_genitive_organ,
    to_nominative,
)
from legaldesk.vocabulary import DocType, Level

from . import known
from .anchors import TITLE_LIMIT, Group, TypeWord, groups, opens_quote, quote_end, type_words
from .context import REPEAL_AFTER_RE, Layout, Verb, layout, part_before, verbs
from .model import Reference
from .own import own_headers

_MAX_SENTENCE = 1000
_TYPE_GAP = 250  # type word … requisites, with the issuer between
_TYPE_GAP_SINGLE = 120  # the same when only a number or only a date follows
_OWN_PARTS_RE = re.compile(
    r"(?:приложени|таблиц|пункт|подпункт|раздел|стать|абзац|строк|форм|подпрограмм|"
    r"программ|поликлиник|отделени|участ|дом|комнат|кабинет|школ|протокол|проект|отчет|"
    r"договор|контракт|соглашени|свидетельств|лицензи|счет|заявк|пч)\w*\s*$",
    re.IGNORECASE,
)
_GAP_FORBIDDEN_RE = re.compile(
    r";|(?<![а-яёa-z][а-яёa-z])(?<!\sг)\.\s+[А-ЯЁ]|\n\s*(?:\d{1,2}\s?[.)]|[-–—•])\s|"
    r"(?<![а-яё])(?:приложени|таблиц|пункт|раздел|строк|утвержденн|утверждён)",
    re.IGNORECASE,
)
_BLANK_REQUISITES_RE = re.compile(r"\s*(?:от)?\s*_*\s*(?:№|N)?\s*_*\s*$", re.IGNORECASE)
_SEPARATORS_RE = re.compile(
    r"[\s,;:)(\-–—•»\"]*(?:(?:и|а\s+также)\s+)?(?:\d{1,2}\s?[.)]\s*|[а-я]\)\s*)?"
    r"(?:от\s*)?",
    re.IGNORECASE,
)
_TITLE_START_RE = re.compile(r"[«\"„“]\s{0,3}(?:о|об|обо|по)(?![а-яё])", re.IGNORECASE)
_FEDERAL_SUFFIX_RE = re.compile(r"-(?:ФЗ|ФКЗ)$", re.IGNORECASE)
_REGIONAL_SUFFIX_RE = re.compile(r"-(?:ОЗ|ЗРТ|КЗ|ЗС|З|РЗ|ЗО|ЗКО)$", re.IGNORECASE)
# «Пункты … Положения, утвержденного постановлением …, исключить»: the verb ends the clause.
_AMEND_AFTER_RE = re.compile(
    r"(?<![а-яё])(?:исключить|изложить\s+в\s+(?:новой|следующей)\s+редакции|дополнить|заменить)"
    r"(?=\s*[.;:]|\s*$)",
    re.IGNORECASE,
)
_LAW_OCR_RE = re.compile(r"^(?P<d>\d{1,4})(?:\.(?P<d2>\d{1,3}))?-(?:ФЗ|ФЭ|Ф3|03|ФЗ\.)$", re.I)


@dataclass
class _Found:
    start: int
    end: int  # end of the requisites (or of the title for a reference by title alone)
    full_end: int  # after its title
    doc_type: str | None
    issuer_text: str | None
    number: str | None
    date: dt.date | None
    title: str | None
    known: known.KnownAct | None = None
    type_start: int | None = None
    title_span: tuple[int, int] | None = None


def extract(
    text: str, *, own_number: str | None = None, own_date: dt.date | None = None
) -> list[Reference]:
    """All references in ``text`` in text order. ``own_number``/``own_date``: the citing act's
    own, so that its own heading («от 12.03.2024 № 312») is never a reference to itself."""
    if not text:
        return []
    own_key = normalize_number(own_number) if own_number else None
    found, own_ends = _assemble(text, own_key, own_date)
    if not found:
        return []
    shape = layout(text, own_ends)
    verb_list = verbs(text)
    titles = sorted(f.title_span for f in found if f.title_span)
    for f in found:
        _repair(f)
    _fill_dates(found)
    refs = [_reference(text, f, shape, verb_list, titles) for f in found]
    return _without_overlaps(refs)


# ------------------------------------------------------------------------------ assembly
def _assemble(
    text: str, own_key: str | None, own_date: dt.date | None
) -> tuple[list[_Found], list[int]]:
    """The references in text order, and where the act's own heading and title end (the
    governing words of its own title do not reach past them)."""
    kinds = type_words(text)
    reqs = groups(text)
    own_title = _own_title(text)
    headers = own_headers(text)
    if own_key is None:  # the heading is lost: the first header of its own appendix names it
        first = next((g for g in reqs if g.number and _inside(g.start, headers)), None)
        if first is not None and first.number:
            own_key, own_date = normalize_number(first.number), first.date
    events: list[tuple[int, int, TypeWord | Group]] = [(t.start, 0, t) for t in kinds]
    events += [(g.start, 1, g) for g in reqs]
    events.sort(key=lambda e: (e[0], e[1]))
    group_starts = [g.start for g in reqs]
    type_starts = [t.start for t in kinds]
    found: list[_Found] = []
    own_ends: list[int] = []
    masked_until = -1  # inside the title of the last reference
    last_group_end = -1
    last_type: TypeWord | None = None
    for _pos, _order, item in events:
        if item.start < masked_until:
            continue
        if isinstance(item, TypeWord):
            last_type = item
            if _group_follows(text, item, reqs, group_starts, kinds, type_starts):
                continue
            title_only = _title_only(text, item, own_title)
            if title_only is not None:
                found.append(title_only)
                masked_until = title_only.full_end
                continue
            if item.known is not None:  # a code by name: «статьей 179 Бюджетного кодекса РФ»
                act = item.known
                found.append(
                    _Found(
                        item.start,
                        item.end,
                        item.end,
                        act.doc_type,
                        None,
                        act.number,
                        act.date,
                        act.title,
                        act,
                        item.start,
                    )
                )
            continue
        group = item
        prev_end = max(last_group_end, found[-1].full_end if found else -1)
        kind, issuer_text, title_before = _type_for(text, group, last_type, prev_end)
        last_group_end = group.end
        if kind is None and not _standalone(text, group, found, prev_end):
            continue
        if group.number is None and group.date is not None and not group.after_ot:
            continue
        title, full_end = title_before, group.end
        if title is None:
            title, full_end = _title_after(text, group.end)
        if _own(group, own_key, own_date) or (
            own_key is not None
            and group.number is not None
            and normalize_number(group.number) == own_key
            and _inside(group.start, headers)  # its own header, the date a slip
        ):
            own_ends.append(max(full_end, group.end))
            continue
        doc_type = kind.doc_type if kind else None
        if kind is None and found and _chained(text, found[-1].full_end, group.start):
            doc_type, issuer_text = found[-1].doc_type, found[-1].issuer_text
        f = _Found(
            kind.start if kind else group.start,
            group.end,
            max(full_end, group.end),
            doc_type,
            issuer_text,
            group.number,
            group.date,
            title,
            kind.known if kind else None,
            kind.start if kind else None,
        )
        if title and title_before is None and full_end > group.end:
            f.title_span = (group.end, full_end)
        elif title_before is not None and kind is not None:
            f.title_span = (kind.end, group.start)
        if kind is not None and kind.known is not None:
            f.number = f.number or kind.known.number
            f.date = f.date or kind.known.date
            f.title = f.title or kind.known.title
        found.append(f)
        if f.full_end > f.end:
            masked_until = f.full_end
    return found, own_ends


def _group_follows(
    text: str,
    kind: TypeWord,
    reqs: list[Group],
    starts: list[int],
    kinds: list[TypeWord],
    type_starts: list[int],
) -> bool:
    """Whether requisites follow this type word with nothing but its issuer (and perhaps its
    title) between — no other type word."""
    i = bisect.bisect_left(starts, kind.end)
    if i >= len(reqs):
        return False
    j = bisect.bisect_left(type_starts, kind.end)
    if j < len(kinds) and kinds[j].start < reqs[i].start:
        return False
    return _valid_gap(text, kind.end, reqs[i])[0]


def _type_for(
    text: str, group: Group, kind: TypeWord | None, prev_end: int
) -> tuple[TypeWord | None, str | None, str | None]:
    """The type word governing ``group``, its issuer text, and a title standing between them."""
    if kind is None or kind.end > group.start or kind.start < prev_end:
        return None, None, None
    ok, issuer, title = _valid_gap(text, kind.end, group)
    if not ok:
        return None, None, None
    if kind.plural and group.number is None:
        return None, None, None
    return kind, issuer, title


def _valid_gap(text: str, start: int, group: Group) -> tuple[bool, str | None, str | None]:
    """Whether only an issuer (and perhaps the title) stands between a type word ending at
    ``start`` and ``group``; with that issuer text and title."""
    limit = _TYPE_GAP if group.number and group.date else _TYPE_GAP_SINGLE
    if group.start - start > limit + TITLE_LIMIT:
        return False, None, None
    gap = text[start : group.start]
    title = None
    m = _TITLE_START_RE.search(gap)
    if m:  # «Постановление … « О принятии … » № 1522 – п»: the title comes first
        end = quote_end(text, start + m.start()) - start
        if end > len(gap):  # unbalanced: it ends at its last closing quote before the number
            end = max(gap.rfind("»"), gap.rfind('"'), gap.rfind("”")) + 1
        if end > m.start() + 1 and _BLANK_REQUISITES_RE.fullmatch(gap, end):
            title = _clean_title(gap[m.start() : end])
            gap = gap[: m.start()]
        else:
            return False, None, None
    if len(gap) > limit or _GAP_FORBIDDEN_RE.search(gap):
        return False, None, None
    if group.number and not group.date and _OWN_PARTS_RE.search(gap):
        return False, None, None
    if re.search(r"\d", re.sub(r"[«\"„“][^«»\"„“”]{0,80}[»\"”]", "", gap)) and not re.search(
        r"\d\d?\.\d\d?\.\d{2,4}", gap
    ):
        return False, None, None
    issuer = re.sub(r"\s+от\s*[_N№\s]*$|[_N№\s]+$", "", gap, flags=re.I)
    issuer = re.sub(r"\s+от\s+\S*\d\S*$", "", issuer)  # an impossible date «от 09.21.2018»
    return True, " ".join(issuer.split()) or None, title


def _standalone(text: str, group: Group, found: list[_Found], prev_end: int) -> bool:
    """Requisites with no type word: kept when both number and date are there, when the number
    is a law's («44 - ФЗ»), or when they continue an enumeration."""
    before = text[max(0, group.start - 30) : group.start]
    if group.number and _OWN_PARTS_RE.search(before.rstrip("№N \t")):
        return False
    if group.number and group.date:
        return True
    if group.number and _FEDERAL_SUFFIX_RE.search(group.number):
        return True
    return bool(found) and _chained(text, found[-1].full_end, group.start)


def _chained(text: str, prev_end: int, start: int) -> bool:
    if prev_end < 0 or start - prev_end > 40:
        return False
    return bool(_SEPARATORS_RE.fullmatch(text, prev_end, start))


def _own(group: Group, own_key: str | None, own_date: dt.date | None) -> bool:
    if own_key and group.number and normalize_number(group.number) == own_key:
        return own_date is None or group.date is None or group.date == own_date
    return False


def _title_after(text: str, end: int) -> tuple[str | None, int]:
    m = re.compile(r"[ \t\n]{0,3}(?:г\s?\.|года)?[ \t\n]{0,3}").match(text, end)
    pos = m.end() if m else end
    if not opens_quote(text, pos):
        return None, end
    close = quote_end(text, pos)
    title = _clean_title(text[pos:close])
    return (title, close) if title else (None, end)


def _clean_title(quoted: str) -> str | None:
    inner = quoted.strip()
    inner = re.sub(r"^[«\"„“]\s*", "", inner)
    inner = re.sub(r"\s*[»\"”]$", "", inner)
    inner = " ".join(inner.split())
    inner = re.sub(r"([«„“])\s+", r"\1", inner)
    inner = re.sub(r"\s+([»”])", r"\1", inner)
    return inner or None


def _title_only(text: str, kind: TypeWord, own_title: str | None) -> _Found | None:
    if kind.plural or kind.known is not None:
        return None
    window = text[kind.end : kind.end + _TYPE_GAP_SINGLE + 10]
    m = _TITLE_START_RE.search(window)
    if not m:
        return None
    gap = window[: m.start()]
    if _GAP_FORBIDDEN_RE.search(gap) or re.search(r"\d", gap) or len(gap) > _TYPE_GAP_SINGLE:
        return None
    start = kind.end + m.start()
    close = quote_end(text, start)
    title = _clean_title(text[start:close])
    if not title or (own_title and _same_title(title, own_title)):
        return None
    issuer = re.sub(r"\s+от\s*[_N№\s]*$|[_N№\s]+$", "", gap, flags=re.I)
    return _Found(
        kind.start,
        close,
        close,
        kind.doc_type,
        " ".join(issuer.split()) or None,
        None,
        None,
        title,
        None,
        kind.start,
        (start, close),
    )


_OWN_TITLE_RE = re.compile(r"^[ \t]*(?:о|об|обо)\s+\S", re.IGNORECASE | re.MULTILINE)


def _own_title(text: str) -> str | None:
    """The act's own title: the first «О …» line near the top."""
    m = _OWN_TITLE_RE.search(text, 0, min(len(text), 3000))
    if not m:
        return None
    return " ".join(text[m.start() : m.start() + 300].split())


def _stems(title: str) -> list[str]:
    words = re.findall(r"[а-яёa-z]+", title.lower())
    return [w[:5] for w in words[:8]]


def _same_title(a: str, b: str) -> bool:
    sa, sb = _stems(a), _stems(b)
    n = min(len(sa), len(sb))
    if n < 3:
        return False
    return sum(x == y for x, y in zip(sa[:n], sb[:n], strict=True)) >= n - 1


# ------------------------------------------------------------------------------ repair
def _repair(f: _Found) -> None:
    """OCR'd and abbreviated numbers of federal laws, and what the known acts add."""
    if f.number:
        f.number = clean_number(f.number)
    federal = f.doc_type == DocType.FEDERALNYI_ZAKON or (
        f.number is not None and _LAW_OCR_RE.match(f.number) is not None and "-" in f.number
    )
    if federal and f.number:
        m = _LAW_OCR_RE.match(f.number)
        if m:
            f.number = f"{m.group('d')}{m.group('d2') or ''}-ФЗ"
            f.doc_type = f.doc_type or DocType.FEDERALNYI_ZAKON
        elif re.fullmatch(r"\d{1,4}", f.number) and f.doc_type == DocType.FEDERALNYI_ZAKON:
            f.number += "-ФЗ"
        elif re.fullmatch(r"\d{1,4}-\S{1,3}", f.number) and f.date:
            act = known.by_date(f.date, f.number.split("-")[0])
            if act is not None:
                f.number = act.number
    if f.known is None and (f.doc_type in (DocType.FEDERALNYI_ZAKON, None)):
        act = None
        if f.number and _FEDERAL_SUFFIX_RE.search(f.number):
            act = known.by_number(f.number, f.date, f.title)
        elif f.number is None and f.title and f.doc_type == DocType.FEDERALNYI_ZAKON:
            act = known.by_title(f.title)
        if act is not None:
            f.known = act
            f.doc_type = f.doc_type or act.doc_type
            f.number = f.number or act.number
            f.date = f.date or act.date
    if f.doc_type is None and f.number and _FEDERAL_SUFFIX_RE.search(f.number):
        f.doc_type = DocType.FEDERALNYI_ZAKON


def _fill_dates(found: list[_Found]) -> None:
    """A number cited once with its date and once without («№ 56») is one act."""
    dated: dict[str, dt.date] = {}
    for f in found:
        if f.number and f.date:
            dated.setdefault(normalize_number(f.number), f.date)
    for f in found:
        if f.number and f.date is None:
            f.date = dated.get(normalize_number(f.number))


# ------------------------------------------------------------------------------ reference
def _reference(
    text: str,
    f: _Found,
    shape: Layout,
    verb_list: list[Verb],
    titles: list[tuple[int, int]],
) -> Reference:
    role = _role(text, f, shape, verb_list, titles)
    part = part_before(text, f.start)
    issuer = _issuer(f)
    return Reference(
        role=role,
        doc_type=str(f.doc_type) if f.doc_type else None,
        issuer=issuer,
        level=_level(f, issuer),
        date=f.date,
        number=f.number,
        title=f.title,
        partial=part is not None,
        part=part,
        sentence=_sentence(text, f, shape),
        start=f.start,
        end=f.end,
        known_as=f.known.known_as if f.known else None,
    )


def _role(
    text: str,
    f: _Found,
    shape: Layout,
    verb_list: list[Verb],
    titles: list[tuple[int, int]],
) -> str:
    if REPEAL_AFTER_RE.match(text, f.full_end, min(len(text), f.full_end + 260)):
        return "repeals"
    clause = shape.clause_start(f.start)
    starts = [v.start for v in verb_list]
    i = bisect.bisect_left(starts, f.start) - 1
    while i >= 0 and verb_list[i].start >= clause:
        verb = verb_list[i]
        i -= 1
        if _inside(verb.start, titles) or verb.end > f.start:
            continue
        if verb.in_parenthesis and ")" in text[verb.end : f.start]:
            continue
        return verb.role
    if shape.in_preamble(f.start):
        return "based_on"
    after = text[f.full_end : min(shape.clause_end(f.full_end), f.full_end + 600)]
    return "amends" if _AMEND_AFTER_RE.search(after) else "cites"


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _issuer(f: _Found) -> str | None:
    raw = (f.issuer_text or "").strip(" ,:-–—")
    if f.doc_type in (DocType.FEDERALNYI_ZAKON, DocType.KODEKS):
        return None
    if not raw:
        return None
    lower = raw.lower()
    if f.doc_type == DocType.ZAKON:
        if re.fullmatch(r"(?:рф|российской\s+федерации)", lower):
            return FEDERATION
        return federation_subject(raw)
    if starts_genitive_organ(lower):
        nominative = to_nominative(raw)
        return nominative[:1].upper() + nominative[1:]
    return None


def _level(f: _Found, issuer: str | None) -> str | None:
    number = f.number or ""
    if f.doc_type in (DocType.FEDERALNYI_ZAKON, DocType.KODEKS) or _FEDERAL_SUFFIX_RE.search(
        number
    ):
        return str(Level.FEDERAL)
    if f.doc_type == DocType.ZAKON:
        if issuer == FEDERATION:
            return str(Level.FEDERAL)
        if issuer or _REGIONAL_SUFFIX_RE.search(number):
            return str(Level.REGIONAL)
    found = level_of(issuer, f.doc_type)
    return str(found) if found else None


def _sentence(text: str, f: _Found, shape: Layout) -> str:
    start = shape.clause_start(f.start)
    end = min(shape.clause_end(f.end), f.end + _MAX_SENTENCE)
    if end - start > _MAX_SENTENCE:
        start = max(start, f.start - _MAX_SENTENCE // 2)
        end = min(end, start + _MAX_SENTENCE)
    sentence = " ".join(text[start:end].split())
    return sentence[:_MAX_SENTENCE]


def _without_overlaps(refs: list[Reference]) -> list[Reference]:
    result: list[Reference] = []
    for ref in sorted(refs, key=lambda r: (r.start, r.end)):
        if result and ref.start < result[-1].end:
            continue
        result.append(ref)
    return result
