"""The pieces a reference is made of, found in one linear pass each: type words
(«постановлением», «Федерального закона», a code by name), act numbers («№ 245-п», «N 86-ЗС»,
a bare «44 - ФЗ»), dates, and the quoted title after them. ``groups`` pairs dates and numbers
that belong together («от 12.03.2024 № 245-п», «№ 1522 – п от 13.11.2013»)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from legaldesk.actnumber import DASH_TRANS, clean_number
from legaldesk.pipeline.metadata.dates import iter_dates
from legaldesk.vocabulary import DocType

from .known import CODE_NAMES_LOWER_RE, CODE_NAMES_RE, KnownAct, code_of_match

_W = r"[а-яёa-z]"
_TYPE_ALTERNATIVES: tuple[tuple[str, str], ...] = (
    (r"федеральн\w*\s+конституционн\w*\s+закон\w*", DocType.FEDERALNYI_ZAKON),
    (r"федеральн\w*\s+закон\w*", DocType.FEDERALNYI_ZAKON),
    (rf"(?<!{_W})закон(?:а|у|ом|е|ы|ов|ам|ами|ах)?(?!{_W})", DocType.ZAKON),
    (rf"(?<!{_W})постановлени\w*|(?<!{_W})пост\.", DocType.POSTANOVLENIE),
    (rf"(?<!{_W})решени\w*", DocType.RESHENIE),
    (rf"(?<!{_W})распоряжени\w*", DocType.RASPORYAZHENIE),
    (rf"(?<!{_W})приказ(?:а|у|ом|е|ы|ов|ам|ами|ах)?(?!{_W})", DocType.PRIKAZ),
    (rf"(?<!{_W})указ(?:а|у|ом|е|ы|ов|ам|ами|ах)?(?!{_W})", DocType.UKAZ),
    (rf"(?<!{_W})(?:инструктивн\w*\s+)?письм(?:о|а|у|ом|е)(?!{_W})", DocType.PISMO),
    (rf"(?<!{_W})предупреждени\w*", DocType.OTHER),
)
_TYPE_PATTERN = "|".join(
    f"(?P<t{i}>{pattern})" for i, (pattern, _code) in enumerate(_TYPE_ALTERNATIVES)
)
TYPE_RE = re.compile(_TYPE_PATTERN, re.IGNORECASE)
# The same on lower-cased text, without IGNORECASE: twice as fast on megabytes of Cyrillic.
# Every type word starts with one of these letters, which lets the scan skip the rest.
_TYPE_LOWER_RE = re.compile(r"(?=[фзпрусиклвтгнжб])(?:" + _TYPE_PATTERN + ")")


def lowered(text: str) -> str | None:
    """``text`` in lower case when that keeps every offset (it does for Russian text)."""
    low = text.lower()
    return low if len(low) == len(text) else None


_PLURAL_RE = re.compile(r"(?:ах|ями|ами|ям|ов|ий|ей|ы)$", re.IGNORECASE)


@dataclass(frozen=True)
class TypeWord:
    start: int
    end: int
    doc_type: str
    plural: bool
    known: KnownAct | None = None  # a code named by its name


def type_words(text: str) -> list[TypeWord]:
    found: list[TypeWord] = []
    low = lowered(text)
    matches = _TYPE_LOWER_RE.finditer(low) if low is not None else TYPE_RE.finditer(text)
    for m in matches:
        code = next(
            _TYPE_ALTERNATIVES[int(k[1:])][1] for k, v in m.groupdict().items() if v is not None
        )
        found.append(TypeWord(m.start(), m.end(), code, bool(_PLURAL_RE.search(m.group()))))
    codes = CODE_NAMES_LOWER_RE.finditer(low) if low is not None else CODE_NAMES_RE.finditer(text)
    for m in codes:
        act = code_of_match(m)
        found.append(TypeWord(m.start(), m.end(), DocType.KODEKS, False, act))
    found.sort(key=lambda t: t.start)
    return found


# ------------------------------------------------------------------------------ numbers
_L = r"[0-9A-Za-zА-Яа-яЁё]"
_SEP = r"(?:[ \t]?[-/\u2010-\u2015\u2212][ \t]?|\.(?=\d))"
# A number a text layer broke after its dash («N 1164-» / «п (ред. …»): the dash must touch the
# number and the next line start with a short suffix or digits standing alone, so that a dash
# ending a line of prose («№ 5 -» / «постановление») never joins the next word, nor digits the
# next list item («1.», «2)»).
_LINE_BROKEN = (
    r"(?:-[ \t]*\r?\n[ \t]*"
    r"(?:[А-Яа-яЁёA-Za-z]{1,3}(?![0-9A-Za-zА-Яа-яЁё])|\d{1,6}(?![0-9A-Za-zА-Яа-яЁё.)])))"
)
_CORE = rf"(?:[А-ЯЁA-Z]{{1,4}}-)?\d{_L}{{0,12}}(?:{_SEP}{_L}{{1,12}}){{0,4}}{_LINE_BROKEN}?"
SIGNED_RE = re.compile(
    r"(?:№|(?<![A-Za-zА-Яа-яЁё])N(?:o\.?|º)?(?=\s{0,3}_{0,20}\s{0,2}(?:\d|[А-ЯЁA-Z]{1,4}-\d)))"
    rf"\s{{0,3}}_{{0,20}}\s{{0,2}}(?P<num>{_CORE})"
    r"(?:[ \t](?P<suffix>[а-яё]{1,2}|[А-ЯЁ]{2,3})(?![\w.]))?"
)
# A federal law's number without its sign: «в соответствии с 44 - ФЗ», OCR «13.1-ФЗ».
LAW_NUMBER_RE = re.compile(
    r"(?<![\w./-])(?P<num>\d{1,4}(?:\.\d{1,3})?[ \t]?[-\u2010-\u2015\u2212]"
    r"(?:[ \t]?|[ \t]*\r?\n[ \t]*)(?:ФКЗ|ФЗ|ФЭ|Ф3))(?![\w])"
)
# After «от <date>» a number may come without its sign (a lost «№» in a text layer).
BARE_AFTER_DATE_RE = re.compile(
    r"[ \t]{1,3}(?P<num>\d{1,5}(?:[ \t]?[-\u2010-\u2015][ \t]?[а-яА-ЯёЁ]{1,3})?)"
    r"(?=[ \t]*(?:[«\"„“,;)]|\n|$))"
)
_STOP_SUFFIXES = frozenset({"от", "г", "гг", "и", "в", "с", "со", "по", "на", "до", "о", "об"})
_OT_BEFORE_RE = re.compile(r"(?:^|[\s(])от\s{0,3}[«\"]?\s{0,3}$", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: str  # clean_number form


@dataclass(frozen=True)
class Date:
    start: int
    end: int
    value: dt.date
    after_ot: bool  # «от 12.03.2024», not a date in prose


def numbers(text: str) -> list[Number]:
    found: list[Number] = []
    for m in SIGNED_RE.finditer(text):
        num, end = m.group("num"), m.end("num")
        suffix = m.group("suffix")
        if suffix and suffix.lower() not in _STOP_SUFFIXES:
            num, end = num + suffix, m.end("suffix")
        value = clean_number(num)
        # «№ 00», and a blank date read as a number («№\n00.00.2016»), are draft blanks
        if value and not re.fullmatch(r"[0.]+|\d{1,2}\.\d{1,2}\.\d{2,4}", value):
            found.append(Number(m.start(), end, value))
    taken = [(n.start, n.end) for n in found]
    for m in LAW_NUMBER_RE.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append(Number(m.start(), m.end(), clean_number(m.group("num"))))
    found.sort(key=lambda n: n.start)
    return found


# «г.», «г .», «года» after a date. (dates.iter_dates means to include it, but its «^»-anchored
# pattern only matches at the start of the text, so it is extended here.)
_YEAR_WORD_RE = re.compile(r"[ \t]{0,3}(?:г[ \t]?\.|года?(?![а-яё])|гг?(?![а-яё]))", re.IGNORECASE)


def dates(text: str) -> list[Date]:
    found = []
    for start, end, value in iter_dates(text):
        year_word = _YEAR_WORD_RE.match(text, end)
        if year_word:
            end = year_word.end()
        before = text[max(0, start - 12) : start]
        found.append(Date(start, end, value, bool(_OT_BEFORE_RE.search(before))))
    return found


@dataclass(frozen=True)
class Group:
    """The requisites of one reference: its number, its date, or both."""

    start: int
    end: int
    number: str | None
    date: dt.date | None
    after_ot: bool


_DATE_THEN_NUMBER_RE = re.compile(r"\s{0,4}(?:,\s{0,2})?(?:№\s{0,3})?")
_NUMBER_THEN_DATE_RE = re.compile(r"\s{0,3}(?:г\s?\.?\s{0,2})?от\s{0,3}[«\"]?\s{0,2}", re.I)


def groups(text: str) -> list[Group]:
    """Dates and numbers paired where they belong together, each once, in text order."""
    nums = numbers(text)
    ds = dates(text)
    # A bare number right after «от <date>» (the text layer lost its «№»).
    for d in ds:
        if d.after_ot:
            m = BARE_AFTER_DATE_RE.match(text, d.end)
            if m and not any(n.start <= m.start("num") < n.end for n in nums):
                nums.append(Number(m.start("num"), m.end("num"), clean_number(m.group("num"))))
    nums.sort(key=lambda n: n.start)
    anchors: list[Number | Date] = sorted([*nums, *ds], key=lambda a: a.start)
    result: list[Group] = []
    i = 0
    while i < len(anchors):
        a = anchors[i]
        nxt = anchors[i + 1] if i + 1 < len(anchors) else None
        if isinstance(a, Date):
            if isinstance(nxt, Number) and _DATE_THEN_NUMBER_RE.fullmatch(text, a.end, nxt.start):
                result.append(Group(a.start, nxt.end, nxt.value, a.value, a.after_ot))
                i += 2
                continue
            result.append(Group(a.start, a.end, None, a.value, a.after_ot))
        else:
            if isinstance(nxt, Date) and _NUMBER_THEN_DATE_RE.fullmatch(text, a.end, nxt.start):
                # «№ 345 от 30.12.2016 г. № 411 от …»: «от» binds the date to the number before it
                result.append(Group(a.start, nxt.end, a.value, nxt.value, True))
                i += 2
                continue
            result.append(Group(a.start, a.end, a.value, None, False))
        i += 1
    return result


# ------------------------------------------------------------------------------ quotes
OPENERS = "«„“"
CLOSERS = "»”"
TITLE_LIMIT = 600
_TITLE_LIMIT = TITLE_LIMIT
_TITLE_STOP_RE = re.compile(
    r";|\.\s*\n|\(\s*(?:в\s+ред|с\s+изм)|\n\s*(?:\d{1,2}(?:\s?\.\d{1,2})*\s?[.)]|[-–—•])\s*|"
    r"\n\s*(?:п\s?о\s?с\s?т\s?а\s?н\s?о\s?в\s?л\s?я|"
    r"р\s?е\s?ш\s?и\s?л|приказываю|в\s+соответстви|на\s+основании|руководствуясь|"
    r"во\s+исполнение|в\s+целях|в\s+связи)",
    re.IGNORECASE,
)


_AFTER_TITLE_RE = re.compile(
    r"[ \t]*(?:\n|[,;:)(]|\.[ \t]*(?:\n|$)|(?:следующ|изменени|признать|считать|утративш|"
    r"в\s+редакции|с\s+изменени)\w*)",
    re.IGNORECASE,
)


def quote_end(text: str, start: int) -> int:
    """End (after the closing quote) of the quoted text opening at ``start``. Nested «…»
    count; a straight quote opens when a capital or a digit follows and closes otherwise.

    An unbalanced title — usually an inner and the outer closing quote written as one («… «
    Развитие культуры » следующие изменения») — ends at the first inner closing quote after
    which the text plainly goes on outside the title (a comma, a bracket, a new line,
    «следующие изменения», «признать утратившим силу»); failing that, at «;», a sentence end,
    the next list item, the preamble or 600 characters."""
    depth = 0
    limit = min(len(text), start + _TITLE_LIMIT)
    stop = _TITLE_STOP_RE.search(text, start + 1, limit)
    limit = stop.start() if stop else limit
    candidate = candidate_depth = -1
    open_kinds: list[str] = []
    i = start
    while i < limit:
        ch = text[i]
        closed = False
        if ch in OPENERS:
            depth += 1
            open_kinds.append(ch)
        elif ch in CLOSERS:
            depth -= 1
            closed = True
            if open_kinds:
                open_kinds.pop()
        elif ch == '"':
            nxt = text[i + 1 : i + 4].lstrip()
            # A straight quote closes the straight quote it is inside; otherwise it opens when
            # a capital Cyrillic letter or a digit follows («" N 4218-1» closes a title).
            opens = bool(nxt) and re.match(r"[А-ЯЁ0-9«]", nxt[0]) is not None
            if i > start and (not opens or (open_kinds and open_kinds[-1] == '"')):
                depth -= 1
                closed = True
                if open_kinds:
                    open_kinds.pop()
            else:
                depth += 1
                open_kinds.append(ch)
        if depth <= 0 and i > start:
            return i + 1
        if closed and depth >= 1 and candidate < 0 and _AFTER_TITLE_RE.match(text, i + 1):
            candidate, candidate_depth = i + 1, depth
        i += 1
    if stop is not None and candidate > 0 and candidate_depth >= 2:
        edition = _edition_in_title(text, start, candidate, stop.start())
        if edition is not None:
            return edition
    return candidate if candidate > 0 else limit


_INNER_NUMBER_RE = re.compile(r"(?:№|(?<![A-Za-zА-Яа-яЁё])N)\s{0,3}\d")
_EDITION_BRACKET_RE = re.compile(r"[ \t]*\(\s*(?:в\s+ред|с\s+изм)[^()\n;]{0,300}\)")


def _edition_in_title(text: str, start: int, candidate: int, stop: int) -> int | None:
    """The end of «( в редакции … )» when it belongs to an unclosed title: the title names an
    act of its own («О внесении изменений в постановление … № 1266 « Об утверждении … «
    Медицинские кадры … » ( в редакции постановления … № 1521 )»), the bracket follows an inner
    closing quote right away and two quotes are still open there — so it is inside the title
    of that inner act, telling its wording, not the cited act's. With one quote left open
    («… » » ( в редакции …)») the title is taken as closed, its last two quotes written as
    one, and the bracket cites (the caller checks the depth)."""
    if text[candidate:stop].strip() or not _INNER_NUMBER_RE.search(text, start, candidate):
        return None
    m = _EDITION_BRACKET_RE.match(text, candidate)
    return m.end() if m else None


def opens_quote(text: str, pos: int) -> bool:
    return pos < len(text) and (text[pos] in OPENERS or text[pos] == '"')


def normalize_dashes(value: str) -> str:
    return value.translate(DASH_TRANS)
