"""Reading the heading block of an act the way a librarian does.

Layouts handled (see the package docstring for the decisions):

* municipal/regional acts: issuer block, type word, «от <date> № <number>» (before or, in
  some layouts, after the title), place, the «О …» title, then the body;
* appendices and approved documents: «Приложение к постановлению … от … № …» or
  «УТВЕРЖДЕНА постановлением …», then the document's own heading (programme, forecast…);
* laws: type heading, title, «Принят …», and the date/number under the signature
  («Москва, Кремль 12 января 1996 года N 8-ФЗ»);
* database citations on the first line: «Постановление Правительства РФ от 26.02.2022
  N 244 "О …"».
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, replace

from legaldesk.vocabulary import DocType, Level

from .dates import BLANK_DATE_RE, iter_dates
from .doctypes import act_type_of_line, cited_approving_act, doc_type_of_line, operative_type
from .issuers import (
    FEDERATION,
    is_organ_line,
    law_issuer,
    level_of,
    starts_genitive_organ,
    to_nominative,
)
from .numbers import NUMBER_RE, number_from_match
from .text import (
    clean_line,
    collapse,
    cyrillic_share,
    despace,
    detokenize,
    flat,
    is_upper_text,
    looks_pretokenized,
    readable_case,
)

log = logging.getLogger(__name__)

HEAD_CHARS = 12_000  # the heading is always inside this; a law's signature may be later
HEAD_LINES = 150
FIRST_PASS_CHARS = 6_000  # enough for the heading; the rest is read only when needed
TAIL_CHARS = 4_000  # where a long law is signed
MAX_LINE = 2_000  # a «line» longer than this is cut (one-line texts, tables)
SCAN_LINES = 45  # content lines searched for the type heading
MAX_TITLE_LINES = 12
MAX_TITLE_CHARS = 1_200


@dataclass(frozen=True)
class ActRef:
    """The act an appendix or approved document belongs to, as its header cites it."""

    doc_type: str | None = None
    issuer: str | None = None
    date_adopted: dt.date | None = None
    number: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class ActMetadata:
    doc_type: str | None = None
    issuer: str | None = None
    date_adopted: dt.date | None = None
    number: str | None = None
    title: str | None = None
    place: str | None = None
    level: str | None = None
    is_draft: bool = False
    confidence: float = 0.0
    is_appendix: bool = False
    parent: ActRef | None = None


# ------------------------------------------------------------------------------ lines
@dataclass
class _Line:
    raw: str
    flat: str
    skip: bool = False  # database banner, redaction note, OCR noise

    @property
    def blank(self) -> bool:
        return not self.raw and not self.skip


_BANNER_RE = re.compile(
    r"консультантплюс|consultant\.ru|garant\.ru|\bгарант\b|кодекс: ?техэксперт|"
    r"документ предоставлен|дата сохранения|надежная правовая поддержка|"
    r"^страница \d+ из \d+|список изменяющих документов|источник публикации|"
    r"^примечание к документу|^\(?текст с изменениями|^документ с изменениями|"
    r"^редакция документа с учетом|^\(?редакция,? действующая"
)
_REDACTION_RE = re.compile(
    r"^[(\[]\s*(?:в\s+ред\b|в\s+ред\.|ред\.|в\s+редакции|в\s+посл\.?\s+редакции|редакции\s|"
    r"с\s+изм|с\s+изменениями|с\s+дополнениями|в\s+новой\s+редакции|утратил|"
    r"документ\s+утратил|действующая|измен)"
    r"|^в\s+редакции\s*(?::|постановлени|решени|распоряжени)"
)
_INSTRUMENTAL_ACT_RE = re.compile(
    r"^(?:федеральн\w+\s+закон\w*|закон\w*|постановлени\w+|решени\w+|указ\w*|"
    r"распоряжени\w+|приказ\w*)\b"
)
_KOMI_TATAR_RE = re.compile(r"[öӧÖӦіІәӘөӨүҮҗҖңҢһҺ]|республикаса|\bкарар\b|башкарма|шуом\b")
_UNDERSCORE_LINE_RE = re.compile(r"^[_\-–—=.\s]{5,}$")
_EDGE_JUNK_RE = re.compile(r"^[|■•·*\u2022 ]+|[|■•·*\u2022 ]+$")


def _prepare(text: str, limit: int = HEAD_CHARS) -> list[_Line]:
    head = text[:limit].replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    raw_lines = head.split("\n", HEAD_LINES)[:HEAD_LINES]
    lines: list[_Line] = []
    in_changes = False  # «Документ с изменениями, внесенными:» list
    paren_depth = 0  # an open «(в ред. …» note spanning lines
    for raw in raw_lines:
        line = _ocr_slips(_EDGE_JUNK_RE.sub("", clean_line(raw[:MAX_LINE])))
        f = flat(line)
        item = _Line(line, f)
        if not line:
            # a line of only bullets or stars is noise, not a paragraph break
            item.skip = bool(raw.strip())
            lines.append(item)
            continue
        if paren_depth > 0:
            item.skip = True
            paren_depth = max(0, paren_depth + line.count("(") - line.count(")"))
        elif _BANNER_RE.search(f):
            item.skip = True
            in_changes = f.startswith("документ с изменениями")
        elif in_changes:
            if _UNDERSCORE_LINE_RE.match(line):
                item.skip = True
                in_changes = False
            elif (
                _INSTRUMENTAL_ACT_RE.match(f)
                or line[:1].islower()
                or line[:1] in "(-"
                or not line[:1].isalpha()
            ):
                item.skip = True
            else:
                in_changes = False
        elif _REDACTION_RE.match(f):
            item.skip = True
            paren_depth = max(0, line.count("(") - line.count(")"))
            # «В редакции постановлений: / администрации … № … от …» lists without brackets
            in_changes = paren_depth == 0 and f.rstrip().endswith(":")
        if not item.skip and _is_noise(line):
            item.skip = True
        lines.append(item)
    return lines


# Tesseract's usual slips on a heading: «Об» read as «06», a speck after the type word
# read as «_» («РЕШЕНИЕ _»).
_OCR_OB_RE = re.compile(r"^[0O]6(?=\s+[а-яё]{3})")
_OCR_SPECK_RE = re.compile(r"(?<=[А-ЯЁа-яё])\s+[_'`~]{1,2}$")


def _ocr_slips(line: str) -> str:
    return _OCR_SPECK_RE.sub("", _OCR_OB_RE.sub("Об", line))


_ALPHA_RE = re.compile(r"[^\W\d_]")


def _is_noise(line: str) -> bool:
    """OCR speckle, stamps, page numbers, Komi/Tatar translations of the heading."""
    sample = line[:120]  # a long line is prose: its start tells enough
    if _KOMI_TATAR_RE.search(sample.lower()):
        return True
    if len(line) > 120:
        return cyrillic_share(sample) < 0.5 and not re.search(r"№|\d", line[:300])
    if _UNDERSCORE_LINE_RE.match(line):
        return True
    letters = len(_ALPHA_RE.findall(line))
    if letters < 3 and not re.search(r"\d|№", line):
        return True
    return letters >= 3 and cyrillic_share(line) < 0.5 and not re.search(r"№|\d", line)


# ------------------------------------------------------------------------------ patterns
_TITLE_START_RE = re.compile(r"^[«\"“„']?\s*(?:о|об|обо)\s+[«\"“]?[а-яa-z]{3}|^по\s+вопрос")
_BODY_START_RE = re.compile(
    r"^(?:(?:в\s+)?соответствии\s|(?:в\s+)?целях\s|в\s+целя\b|руководствуясь|на\s+основании|"
    r"(?:в\s+)?связи\s+с|"
    r"рассмотрев|согласно|во\s+исполнение|в\s+рамках|учитывая|принимая\s+во\s+внимание|"
    r"с\s+целью|заслушав|по\s+результатам|в\s+порядке|для\s+|с\s+учетом|"
    r"постановля|постановил|решил|приказыва|распоряжа|"
    r"статья\s+\d|глава\s+[\dIVXivx]+\b|раздел\s+|паспорт\b|"
    r"(?:внести|утвердить|признать|установить|считать|назначить|определить|создать|отменить|"
    r"изложить|провести|разрешить|возложить|обязать|поручить|рекомендовать|организовать|"
    r"принять|дополнить|одобрить|согласиться|предоставить|осуществить|объявить|"
    r"продлить|выделить|направить|присвоить|наградить|включить|исключить)\b|"
    r"\d{1,2}\s?[.)]\s|\d{1,2}\s?\.?$|[ivx]{1,4}\s?\.\s|[-–—•]\s)"
)
_APPENDIX_RE = re.compile(
    r"^[«\"(]?\s*(?:приложение|утвержден|утверждаю|одобрен|согласован|"
    r"к\s+постановлени|к\s+распоряжени|к\s+решени|к\s+приказу|к\s+указу|"
    r"постановлением\s|распоряжением\s|решением\s|приказом\s)"
)
_PLACE_RE = re.compile(
    r"(?:^|[\s,])(?P<place>(?:г\.|гор\.|город|с\.|село|пос\.|п\.|пгт\.?|р\.\s?п\.|рп\.?|"
    r"д\.|дер\.|ст\.|ст-ца|станица|х\.|аул)\s?[А-ЯЁ][А-Яа-яЁё-]+(?:[ -][А-ЯЁ][а-яё-]+)?"
    r"(?:\s?-\s?[А-ЯЁ][а-яё]+)?)"
)
_PLACE_LINE_RE = re.compile(
    r"^(?:(?:г|гор|с|пос|п|пгт|р\.\s?п|рп|д|дер|ст|х)\s?\.\s?|(?:город|село|поселок|пгт|рп|"
    r"станица|деревня|аул)\s+|республика\s+[а-яё]+\s*,\s*)[а-яё]"
)
_YEAR_LINE_RE = re.compile(r"^(?:[А-ЯЁ][а-яё.-]+\s[-–—]?\s?)?(?:19|20)\d\d\s*(?:г\s*\.?|год)?$")
_REGION_NOMINATIVE_RE = re.compile(
    r"^(?:российская\s+федерация|республика\s+[а-яё-]+(?:\s+\([а-яё]+\))?|"
    r"[а-яё-]+(?:ская|цкая)\s+область|[а-яё-]+(?:ский|цкий)\s+край|"
    r"[а-яё-]+(?:ский|цкий)\s+(?:муниципальный\s+)?район|[а-яё-]+(?:ский|цкий)\s+сельсовет|"
    r"[а-яё-]+\s+автономный\s+округ|[а-яё-]+(?:ский|цкий)\s+городской\s+округ)$"
)
_GENITIVE_WORD_RE = re.compile(
    r"^[«\"]?(?:[а-яё-]+(?:ого|его|ой|ей|ых|их)|района|области|края|округа|поселения|"
    r"сельсовета|образования|города|республики|федерации|депутатов|мр|мо|го|г\.|"
    r"муниципального|поселка|села)(?![а-яё])"
)
_DRAFT_LINE_RE = re.compile(r"^(?:проект|project)\b")
_SECTION_HEADING_RE = re.compile(
    r"^(?:характеристика|введение|общая|общие|содержание|описание|оценка|цели|цель|задачи|"
    r"основные|основание|ответственный|наименование|сроки?|объемы?|источники|ожидаемые|"
    r"приоритеты|анализ|обоснование|сведения|механизм|ресурсное|целевые|участники|"
    r"исполнители|координатор|заказчик|разработчик|куратор|список|текущее|состояние)"
    r"(?![а-яё])"
)
_SECTION_NUMBER_RE = re.compile(r"^(?:\d{1,2}|[ivx]{1,4})(?:\s?\.\s?\d{1,2})*\s?\.?$")
_CITATION_TYPES = (
    r"(?P<type>Федеральный\s+конституционный\s+закон|Федеральный\s+закон|Постановление|"
    r"Распоряжение|Решение|Приказ|Указ|Закон|Инструктивное\s+письмо|Информационное\s+письмо|"
    r"Письмо|Определение|Протокол)"
)
_CITATION_RE = re.compile(
    r"^" + _CITATION_TYPES + r"(?P<issuer>[^\"«»\n]{0,200}?)\s*\bот\s*(?P<rest>.{0,500})",
    re.DOTALL,
)
_ABBREVIATED_ISSUERS = {
    "гд фс рф": "Государственная Дума Федерального Собрания Российской Федерации",
    "км рт": "Кабинет Министров Республики Татарстан",
    "президента рф": "Президент Российской Федерации",
    "правительства рф": "Правительство Российской Федерации",
}


# ------------------------------------------------------------------------------ helpers
def _raw_rest(line: _Line, offset: int) -> str:
    """The original-case text after the type word (``offset`` is into the flat form)."""
    spaced = despace(line.raw)
    if len(spaced) == len(line.flat):
        return spaced[offset:].strip()
    return line.flat[offset:].strip()


def _doc_code(lines: list[_Line], scan: list[int], pos: int) -> str | None:
    """doc_type of a non-act heading at ``scan[pos]``, reading a short line together with the
    next one («ПАСПОРТ / муниципальной программы»)."""
    f = lines[scan[pos]].flat
    if len(f) < 30 and pos + 1 < len(scan):
        joined = doc_type_of_line(f + " " + lines[scan[pos + 1]].flat[:80])
        if joined is not None:
            return joined
    return doc_type_of_line(f)


def _content(lines: list[_Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if not line.blank and not line.skip]


def _date_and_number(text: str) -> tuple[dt.date | None, str | None]:
    text = _clean_form(text)
    date = None
    for _s, _e, found in iter_dates(text):
        date = found
        break
    number = None
    for m in NUMBER_RE.finditer(text):
        number = number_from_match(m) or None
        if number:
            break
    return date, number


def _clean_form(text: str) -> str:
    """Filled-in form blanks: «от_10.11.2014_», «№ __2181__» → plain values."""
    return re.sub(r"_+", " ", text)


def _is_blank_form(text: str) -> bool:
    f = text.lower()
    if BLANK_DATE_RE.search(text):
        return True
    if re.search(
        r"№\s*_{2,}|№\s*(?:$|[а-яё]{1,3}\.\s)|№\s*0+\b|\bот\s*№|\bот\s*$|[«\"]\s*[»\"]", f
    ):
        return True
    return bool(re.search(r"№\s*(?:от|_)", f))


def _date_line_rest(raw: str) -> str:
    """What is left of a line after removing dates, numbers, places and filler words."""
    text = _clean_form(raw)
    for start, end, _d in sorted(iter_dates(text), reverse=True):
        text = text[:start] + " " + text[end:]
    text = NUMBER_RE.sub(" ", text)
    text = _PLACE_RE.sub(" ", text)
    text = re.sub(r"(?i)\b(?:от|года?|г\.?|№|n|гор\.?)(?![а-яё])", " ", text)
    return re.sub(r"[\s«»\"'.,:;()_–—-]+", "", text)


def _is_date_line(raw: str) -> bool:
    """A line that carries only a date and/or a number (and a place)."""
    has = any(True for _ in iter_dates(_clean_form(raw))) or bool(NUMBER_RE.search(raw))
    return has and len(_date_line_rest(raw)) <= 3


def _place_of(text: str) -> str | None:
    m = _PLACE_RE.search(text)
    if not m:
        return None
    place = collapse(m.group("place"))
    place = re.sub(r"^(г|с|п|д|ст|х|пос|дер|гор)\.\s?", r"\1. ", place)
    place = re.sub(r"^р\.\s?п\.\s?", "р.п. ", place)
    place = re.sub(r"^пгт\.?\s?", "пгт ", place)
    return re.sub(r"\s?-\s?", "-", place)


# ------------------------------------------------------------------------------ issuer
def _issuer_from_block(lines: list[_Line], idxs: list[int]) -> str | None:
    parts: list[str] = []
    for i in idxs:
        line = lines[i]
        f = line.flat
        if _DRAFT_LINE_RE.match(f) or _is_date_line(line.raw):
            if parts:
                break
            continue
        if is_organ_line(f):
            parts = [line.raw]
            continue
        if not parts:
            continue
        prev = flat(parts[-1])
        joins = prev.endswith(("образования", "–", "-", "—", "образования -", "«"))
        if _PLACE_LINE_RE.match(f) or "созыв" in f:
            break
        if _REGION_NOMINATIVE_RE.match(f.strip(" ,.")) and not joins:
            continue
        if joins or _GENITIVE_WORD_RE.match(_join_hyphens(f)) or f.startswith(("«", '"')):
            parts.append(line.raw)
            continue
        break
    if not parts:
        return None
    return _tidy_issuer(" ".join(parts))


def _join_hyphens(flat_line: str) -> str:
    """«елань - коленовского …» → «елань-коленовского …» for word-form checks."""
    return re.sub(r"(?<=[а-яё]) - (?=[а-яё])", "-", flat_line)


def _tidy_issuer(text: str) -> str:
    text = collapse(detokenize(collapse(text), pretokenized=True)).strip(" ,.;:")
    if not is_upper_text(text):
        # «Администрация ПЕТУШИНСКОГО РАЙОНА Владимирской области»: caps runs in mixed text
        text = _CAPS_RUN_RE.sub(_caps_run, text)
    text = readable_case(text)
    return text[:1].upper() + text[1:]


_CAPS_RUN_RE = re.compile(r"[А-ЯЁ][А-ЯЁ-]+(?:\s+[А-ЯЁ][А-ЯЁ-]+)*")
_SK_NAME_RE = re.compile(r"^[А-ЯЁ-]+(?:СК|ЦК)(?:ИЙ|ОГО|ОЙ|АЯ|ОЕ|ИХ)\b")


def _caps_run(m: re.Match[str]) -> str:
    run = m.group(0)
    if len(run) <= 5 and " " not in run:
        return run  # an abbreviation: МО, МР, РФ
    readable = readable_case(run)
    if m.start() and not _SK_NAME_RE.match(run):
        readable = readable[:1].lower() + readable[1:]  # «… МУНИЦИПАЛЬНОГО РАЙОНА»
    return readable


def _issuer_after_type(lines: list[_Line], idxs: list[int], rest: str) -> tuple[str | None, int]:
    """«ПОСТАНОВЛЕНИЕ АДМИНИСТРАЦИИ …» or the type line followed by «АДМИНИСТРАЦИИ» lines.
    Returns the issuer and how many following content lines it used."""
    parts: list[str] = []
    if rest and starts_genitive_organ(flat(rest)):
        parts.append(rest)
    used = 0
    for i in idxs:
        line = lines[i]
        f = line.flat
        if not parts and starts_genitive_organ(f):
            parts.append(line.raw)
            used += 1
            continue
        if (
            not parts
            and used == 0
            and is_organ_line(f)
            and not _BODY_START_RE.match(f)
            and len(f) < 150
            and not re.search(r"постановля|решил|приказыва", f)
        ):
            # «ПОСТАНОВЛЕНИЕ / АДМИНИСТРАЦИЯ ОСТРОВСКОГО РАЙОНА / …»
            parts.append(line.raw)
            used += 1
            continue
        continues = flat(parts[-1]).endswith(("–", "-", "образования")) if parts else False
        if parts and (_GENITIVE_WORD_RE.match(f) or continues):
            if _is_date_line(line.raw) or _TITLE_START_RE.match(f) or _PLACE_LINE_RE.match(f):
                break
            parts.append(line.raw)
            used += 1
            continue
        break
    if not parts:
        return None, 0
    return _tidy_issuer(to_nominative(collapse(" ".join(parts)))), used


# ------------------------------------------------------------------------------ title
def _title_from(
    lines: list[_Line], start: int, name_mode: bool = False, have_date: bool = False
) -> tuple[str | None, int]:
    """The title beginning at line ``start``; returns it and the index of its last line."""
    first = lines[start]
    parts = [first.raw]
    # ALL-CAPS mode: a caps title continues with caps lines. A short caps heading word
    # («ПАСПОРТ», «ПРОГНОЗ») does not decide it: the next line does.
    upper = is_upper_text(first.raw) and len(first.raw.split()) >= 3
    last = start
    i = start + 1
    blank_run = 0
    while i < len(lines) and len(parts) < MAX_TITLE_LINES:
        line = lines[i]
        if line.blank:
            blank_run += 1
            i += 1
            joined = " ".join(parts)
            name_pending = name_mode and re.search(r"программ[аы]$", flat(joined))
            if blank_run > 1 and not _quotes_open(joined) and not name_pending:
                break
            continue
        if line.skip:
            break
        f = line.flat
        joined = " ".join(parts)
        if sum(len(p) for p in parts) > MAX_TITLE_CHARS:
            break
        if have_date and _cites_reference(joined, line):
            parts.append(line.raw)
            last = i
            blank_run = 0
            i += 1
            continue
        # «КОМПЛЕКСНАЯ ПРОГРАММА / ПО ПРОФИЛАКТИКЕ …»: a short caps first line followed by
        # another caps line starts a caps title
        upper_now = upper or (
            len(parts) == 1 and is_upper_text(first.raw) and is_upper_text(line.raw)
        )
        if _continues_title(joined, parts[-1], line, upper_now, name_mode, blank_run > 0):
            upper = upper_now
            parts.append(line.raw)
            last = i
            blank_run = 0
            i += 1
            continue
        del f
        break
    return _tidy_title(parts), last


_REFERENCE_TAIL_RE = re.compile(
    r"(?:постановлени|решени|распоряжени|приказ|указ)[а-яё]*(?:\s+[^\s\d№]+){0,8}\s*$"
)


def _cites_reference(joined: str, line: _Line) -> bool:
    """«О внесении изменений в постановление администрации / от 14.10.2013 № 772-п»: once
    the act's own date is known, a date line right after a cited act belongs to the title."""
    return bool(
        line.flat.startswith("от")
        and _is_date_line(line.raw)
        and _REFERENCE_TAIL_RE.search(flat(joined))
    )


def _quotes_open(text: str) -> bool:
    return text.count("«") > text.count("»") or text.count('"') % 2 == 1


_DANGLING = (
    "образования",
    "–",
    "-",
    "—",
    ",",
    " в",
    " и",
    " на",
    " по",
    " о",
    " об",
    " для",
    " к",
    " с",
    " от",
    " за",
    " из",
    " при",
    " со",
    " во",
)


def _continues_title(
    joined: str, prev: str, line: _Line, upper: bool, name_mode: bool, after_blank: bool
) -> bool:
    f = line.flat
    raw = line.raw
    # hard stops: the body, the next heading, a note
    if re.match(r"^[(\[]\s*(?:в\s+ред|ред\.|с\s+изм|в\s+редакции|редакции|наименование|далее)", f):
        return False
    if re.match(r"^(?:часть|раздел|глава|подпрограмма)\s+[\divxlc]+\b", f):
        return False
    if re.match(r"^(?:содержание|оглавление)\b", f) or raw.rstrip().endswith(":"):
        return False
    if re.match(r"^принят[аоы]?\s", f) and raw[:1].isupper():
        return False  # «Принят Законодательным Собранием …» under a law's title
    if raw[:1].isupper() and _SECTION_HEADING_RE.match(f):
        return False  # «Паспорт муниципальной программы / Характеристика проблемы …»
    if _BODY_START_RE.match(f) or operative_type(f) or _is_date_line(raw):
        return False
    prev_f = flat(prev)
    dangling = prev_f.endswith(_DANGLING)
    if act_type_of_line(f) and not dangling:
        return False
    if is_organ_line(f) and not raw[:1].islower() and not dangling:
        return False
    if _PLACE_LINE_RE.match(f) and not dangling:
        # «г. Брянск» under the date is the place; «г. Брянска» ends a title
        last = re.findall(r"[а-яё]+", f)
        if not last or not last[-1].endswith(("а", "и", "е", "у", "ы")) or len(raw) > 40:
            return False
        # a title that already ends with its period («на 2016-2020 гг.») is complete
        return not re.search(r"(?:годы|годов|года|гг|г\.\s?г|\d{4})\s*\.?\s*[»\"]?$", prev_f)
    if _APPENDIX_RE.match(f) and not _quotes_open(joined):
        return False
    if _YEAR_LINE_RE.match(raw) and not dangling:
        return False  # «Нерехта 2016», «2017 год» on a programme cover
    if (
        len(raw) < 60
        and re.search(r"(?:19|20)\d\d\s*(?:г\s*\.?|год)?$", f)
        and not re.search(r"(?<![а-яё])(?:на|до|в|по|период\w*|годы|годах)(?![а-яё])", f)
        and not dangling
    ):
        return False  # «МО « Домбаровский район » 2014 г .»
    if _quotes_open(joined) and len(raw) < 400:
        return True
    if len(raw) > 300:
        return False
    # «Муниципальная программа / Профилактика правонарушений …»: the name follows unquoted
    if (
        name_mode
        and len(raw) <= 160
        and not re.search(r"[«\"“]", joined)
        and re.search(r"программ[аы]$", flat(joined))
    ):
        return True
    if prev.rstrip().endswith((".", ";", ":")) and not re.search(r"\b(?:г|ст|п|им|д)\.$", prev):
        return False
    lower_start = raw[:1].islower()
    name_pending = name_mode and re.search(r"программ[аы]$", flat(joined))
    if after_blank and not (lower_start or raw[:1] in '«"(' or name_pending):
        return False
    if upper and is_upper_text(raw):
        return True
    if raw[:1] in '«"“' and not _quotes_open(joined):
        return True
    if upper and not is_upper_text(raw) and not lower_start:
        # «СТРАТЕГИЯ … РАЗВИТИЯ / Коморгузинского СЕЛЬСКОГО ПОСЕЛЕНИЯ»: a genitive name goes on
        return bool(name_mode and len(raw) <= 90 and _GENITIVE_WORD_RE.match(f))
    if lower_start or raw[:1] in '«"“(':
        return True
    if dangling:
        return True
    if name_mode:
        return bool(len(raw) <= 90 and _GENITIVE_WORD_RE.match(f))
    if _GENITIVE_WORD_RE.match(_join_hyphens(f)) and len(raw) <= 250:
        return True  # «Об утверждении муниципальной программы / Нижнекисляйского поселения …»
    return len(raw) <= 70 and not raw.rstrip().endswith(":")


def _tidy_title(parts: list[str]) -> str | None:
    if not is_upper_text(" ".join(parts)):
        # «ПРОГНОЗ / социально-экономического развития …»: only the heading word is in caps
        parts = [readable_case(p) if is_upper_text(p) and len(p) < 60 else p for p in parts]
    text = ""
    for part in parts:
        part = part.strip()
        if text.endswith("-") and part[:1].islower() and not text.endswith(" -"):
            text = text[:-1] + part  # a word broken across lines
        else:
            text = f"{text} {part}" if text else part
    text = collapse(text)
    text = re.sub(r"^(?:(?:\d{1,2}|[IVX]{1,4})\s?\.\s+)+(?=[А-ЯЁA-Z])", "", text)
    text = re.sub(r"\s*\(?в\s+новой\s+редакции\)?\s*$", "", text, flags=re.IGNORECASE)
    text = re.sub(
        r"\s*[(\[]\s*(?:в\s+ред|ред\.|с\s+изм|в\s+редакции|редакции|далее|новая\s+редакция|"
        r"в\s+новой\s+редакции)[^)]*\)?\s*$",
        "",
        text,
        flags=re.IGNORECASE,
    )
    pretok = looks_pretokenized(text) or bool(re.search(r"\w - \w|« \w|\w »", text))
    text = _strip_enclosing_quotes(text)
    text = detokenize(text, pretokenized=pretok)
    text = text.rstrip(" .;,")
    text = readable_case(text)
    text = text.strip()
    if len(text) < 4:
        return None
    return text[:1].upper() + text[1:]


def _strip_enclosing_quotes(text: str) -> str:
    text = text.strip()
    for _ in range(2):
        if text[:1] in '«"“„' and len(text) > 2:
            inner = text[1:].strip()
            if inner[-1:] in '»"”':
                candidate = inner[:-1].strip()
                if candidate.count("«") == candidate.count("»") and candidate.count('"') % 2 == 0:
                    text = candidate
                    continue
            if inner.count("«") < inner.count("»") or (
                text[0] == '"' and inner.count('"') % 2 == 0
            ):
                text = inner
                continue
            if inner.count("«") == inner.count("»") and text[0] == "«":
                pass
            elif text[0] == "«" and inner.count("«") + 1 > inner.count("»"):
                text = inner if inner.count("«") == inner.count("»") else text
        break
    text = text.rstrip(" .")
    if text.startswith("«") and text.count("«") > text.count("»"):
        text = text[1:].lstrip()
    if text.endswith(("»", '"')) and (
        text.count("»") > text.count("«") or (text.endswith('"') and text.count('"') % 2 == 1)
    ):
        text = text[:-1].rstrip()
    return text


# ------------------------------------------------------------------------------ citation
def _citation(lines: list[_Line], idxs: list[int]) -> tuple[ActMetadata, int] | None:
    """«Постановление Правительства РФ от 26.02.2022 N 244"О …"» on the first line (or two):
    the name a legal database gives the act. Returns it and how many content lines it took."""
    if not idxs:
        return None
    for count in (1, 2):
        joined = "\n".join(lines[i].raw for i in idxs[:count])[:2000]
        m = _CITATION_RE.match(joined)
        if not m:
            continue
        rest = m.group("rest")
        date_m = next(iter(iter_dates(rest[:60])), None)
        if date_m is None or date_m[0] > 3:
            continue
        after_date = rest[date_m[1] :].lstrip(" ,\n")
        num_m = NUMBER_RE.match(after_date)
        if not num_m:
            continue
        number = number_from_match(num_m) or None
        tail = after_date[num_m.end() :]
        tail = re.sub(r"^\s*\((?:ред|с\s+изм|в\s+ред)[^)]*\)", "", tail)
        title = _quoted_title(tail)
        code = act_type_of_line(flat(collapse(m.group("type"))))
        issuer_raw = collapse(m.group("issuer"))
        issuer = _ABBREVIATED_ISSUERS.get(issuer_raw.lower())
        if code and code[0] in (DocType.ZAKON, DocType.FEDERALNYI_ZAKON):
            issuer = law_issuer(code[0], issuer_raw, [])
        elif issuer is None and issuer_raw:
            expanded = re.sub(r"\bРФ\b", "Российской Федерации", issuer_raw)
            expanded = re.sub(r"\bРТ\b", "Республики Татарстан", expanded)
            issuer = _tidy_issuer(to_nominative(expanded))
        meta = ActMetadata(
            doc_type=code[0] if code else None,
            issuer=issuer or None,
            date_adopted=date_m[2],
            number=number,
            title=title,
        )
        return meta, count
    return None


def _quoted_title(tail: str) -> str | None:
    """The quoted title at the start of ``tail``. Tokenized quotes («" О … "») cannot be
    paired reliably, so the title then runs to the end of the line."""
    s = tail.lstrip(" \t")
    if not s or s[0] not in '"«“':
        return None
    if s[1:2].isspace():
        return _tidy_title([s.split("\n", 1)[0]])
    depth = 0
    for i, ch in enumerate(s):
        if ch in "«“":
            depth += 1
        elif ch in "»”":
            depth -= 1
        elif ch == '"':
            opening = i == 0 or (s[i - 1] in " (\n" and i + 1 < len(s) and s[i + 1].isalnum())
            depth += 1 if opening else -1
        if depth <= 0 and i > 0:
            return _tidy_title([s[1:i]])
    return _tidy_title([s.split("\n", 1)[0]])


# ------------------------------------------------------------------------------ laws
_SIGNATURE_RE = re.compile(
    r"(?:(?:Москва|г\.\s?[А-ЯЁ][а-яё-]+|[А-ЯЁ][а-яё-]+),?\s*(?:Кремль)?\s*\n?\s*)"
    r"(?P<date>[0-3]?\d\s+[а-яё]+\s+(?:19|20)\d\d\s*(?:года|г\.)?)\s*,?\s*\n?\s*"
    r"(?P<num>(?:№|N)\s*\d[\w/-]*(?:\s?-\s?[А-ЯЁа-яё]+)?)",
)


def _law_signature(text: str) -> tuple[dt.date | None, str | None]:
    head = text[:HEAD_CHARS]
    tail = text[-TAIL_CHARS:] if len(text) > HEAD_CHARS else ""
    for part in (head, tail):
        for m in _SIGNATURE_RE.finditer(part):
            date = next((d for _s, _e, d in iter_dates(m.group("date"))), None)
            num_m = NUMBER_RE.search(m.group("num"))
            if date and num_m:
                return date, number_from_match(num_m) or None
    return None, None


# ------------------------------------------------------------------------------ main
def parse_act(text: str) -> ActMetadata:
    """Metadata from the heading block of one act. Never raises on any string input."""
    if not isinstance(text, str) or not text.strip():
        return ActMetadata()
    try:
        return _parse(text)
    except Exception:  # pragma: no cover - a parser bug must not stop an ingest run
        # the tests fuzz ``_parse`` itself, so a bug shows there instead of hiding here
        log.exception("act metadata parser failed; the document keeps empty metadata")
        return ActMetadata()


def _parse(text: str) -> ActMetadata:
    lines = _prepare(text, FIRST_PASS_CHARS)
    idxs = _content(lines)
    if not idxs:
        return ActMetadata()
    found_citation = _citation(lines, idxs)
    citation = None
    idxs_after = idxs
    if found_citation is not None:
        # the database name line is the act's citation; the heading below repeats it
        citation, used = found_citation
        idxs_after = idxs[used:]
    draft_line = any(
        _DRAFT_LINE_RE.match(lines[i].flat) and len(lines[i].flat) < 40 for i in idxs[:6]
    )
    scan = idxs_after[:SCAN_LINES]
    if scan and _APPENDIX_RE.match(lines[scan[0]].flat):
        return _finish(_parse_appendix(lines, scan, draft_line))
    if (
        len(scan) > 1
        and re.match(r"^\d{1,2}(?:\s?\.\s?\d{1,2})+\s?\.?$", lines[scan[0]].flat)
        and not _doc_code(lines, scan, 1)
    ):
        scan = []  # «2.3. / Оценка …»: a fragment starting inside a numbered section
    # the first act heading; a programme heading before it makes the file a programme
    type_pos = doc_pos = None
    type_code = type_rest = doc_code = None
    for pos, i in enumerate(scan):
        f = lines[i].flat
        if _SECTION_NUMBER_RE.match(f):
            continue  # «1.» above «Паспорт муниципальной программы»
        found = act_type_of_line(f)
        if found and type_pos is None:
            type_pos, type_code = pos, found[0]
            type_rest = _raw_rest(lines[i], found[1])
            break
        if doc_pos is None:
            code = _doc_code(lines, scan, pos)
            if code is not None and pos < 8:
                doc_pos, doc_code = pos, code
                break
        if _BODY_START_RE.match(f) and pos > 0 and len(f) > 60:
            break
        if _APPENDIX_RE.match(f) and pos > 0:
            break
        if pos > 0 and len(f) > 200 and not re.match(r"^(?:№|n\s?\d|от\s)", f):
            break  # prose: a fragment without a heading
    if type_pos is not None and type_code is not None:
        meta = _parse_act_heading(
            text, lines, scan, type_pos, type_code, type_rest or "", draft_line
        )
    elif doc_pos is not None and doc_code is not None:
        meta = _parse_named_document(lines, scan, doc_pos, doc_code, draft_line)
    else:
        meta = _parse_headless(lines, scan, draft_line)
    if citation is not None:
        meta = _merge_citation(meta, citation)
    if meta.doc_type in _ACT_CODES and not meta.is_appendix:
        meta = _fill_from_body(text, lines, idxs, meta)
    return _finish(meta)


_ACT_CODES = frozenset(
    {
        DocType.POSTANOVLENIE,
        DocType.RASPORYAZHENIE,
        DocType.RESHENIE,
        DocType.PRIKAZ,
        DocType.UKAZ,
    }
)
_OPERATIVE_VERB_RE = re.compile(
    r"(?<![а-яё])(?:постановляет|постановляю|решил[аио]?|решает|приказывает|распоряжается)"
    r"\s*(?::|[,.]?\s*$)"
)
_NOMINATIVE_ORGAN_RE = re.compile(
    r"(?:^|[\s,(])((?:[а-яё-]+(?:ая|ый|ий|ое|ой)\s+){0,2}"
    r"(?:администрация|правительство|кабинет\s+министров|совет|дума|собрание|"
    r"исполнительный\s+комитет|мэрия|губернатор|глава)(?![а-яё]).{0,160}?)\s*$"
)


def _fill_from_body(
    text: str, lines: list[_Line], idxs: list[int], meta: ActMetadata
) -> ActMetadata:
    """What the heading lacked, from the body: the issuer of «администрация … постановляет:»,
    and the date/number from the header of the act's own appendix («Приложение к
    постановлению администрации … от 28.09.2018 № 46/09»)."""
    issuer = meta.issuer
    date_adopted, number = meta.date_adopted, meta.number
    if issuer is None:
        issuer = _operative_issuer(lines, idxs[:40])
    if date_adopted is None and number is None and not meta.is_draft:
        if len(text) > FIRST_PASS_CHARS:  # the act's own appendix may start further down
            lines = _prepare(text)
            idxs = _content(lines)
        ref = _own_appendix_ref(lines, idxs)
        if ref is not None and ref.doc_type == meta.doc_type:
            date_adopted, number = ref.date_adopted, ref.number
    if (issuer, date_adopted, number) == (meta.issuer, meta.date_adopted, meta.number):
        return meta
    return ActMetadata(
        doc_type=meta.doc_type,
        issuer=issuer,
        date_adopted=date_adopted,
        number=number,
        title=meta.title,
        place=meta.place,
        is_draft=meta.is_draft,
    )


def _operative_issuer(lines: list[_Line], idxs: list[int]) -> str | None:
    for k, i in enumerate(idxs):
        f = despace(lines[i].flat)
        m = _OPERATIVE_VERB_RE.search(f)
        if not m:
            continue
        before = f[: m.start()].rstrip(" ,")
        raw = despace(lines[i].raw)
        if not before and k > 0:
            prev = lines[idxs[k - 1]]
            before = despace(prev.flat).rstrip(" ,")
            raw = despace(prev.raw)
        elif len(raw) != len(f):
            return None
        org = _NOMINATIVE_ORGAN_RE.search(before)
        if not org:
            return None
        start = org.start(1)
        phrase = raw[start : start + len(org.group(1))] if len(raw) >= len(before) else org.group(1)
        if len(phrase) < 8 or re.search(r"\d{4}|№", phrase):
            return None
        return _tidy_issuer(phrase)
    return None


_OWN_APPENDIX_RE = re.compile(r"^[«\"]?\s*(?:Приложение|ПРИЛОЖЕНИЕ|Утвержден|УТВЕРЖДЕН)")


def _own_appendix_ref(lines: list[_Line], idxs: list[int]) -> ActRef | None:
    """The header of the first appendix after the act's body, when it cites the act."""
    for k, i in enumerate(idxs[3:], start=3):
        raw = lines[i].raw
        if len(raw) > 80 or not _OWN_APPENDIX_RE.match(raw):
            continue
        header_idx = [i]
        for j in idxs[k + 1 : k + 7]:
            line = lines[j]
            if len(line.raw) > 100 or _BODY_START_RE.match(line.flat):
                break
            if act_type_of_line(line.flat) or doc_type_of_line(line.flat):
                break
            header_idx.append(j)
        header = " ".join(lines[j].raw for j in header_idx)
        if _is_blank_form(header):
            return None
        ref = _parent_ref(header)
        if ref is not None and (ref.date_adopted or ref.number):
            return ref
        return None
    return None


def _merge_citation(meta: ActMetadata, citation: ActMetadata) -> ActMetadata:
    """The database citation names the act exactly; the heading may add a fuller issuer."""
    issuer = meta.issuer
    if citation.issuer and (not issuer or len(citation.issuer) > len(issuer)):
        issuer = citation.issuer
    return ActMetadata(
        doc_type=citation.doc_type or meta.doc_type,
        issuer=issuer,
        date_adopted=citation.date_adopted or meta.date_adopted,
        number=citation.number or meta.number,
        title=citation.title or meta.title,
        place=meta.place,
        is_draft=False,
    )


def _finish(meta: ActMetadata) -> ActMetadata:
    core = (meta.doc_type, meta.date_adopted, meta.number, meta.title)
    confidence = sum(1 for value in core if value) / len(core)
    parent = meta.parent
    level = meta.level or level_of(
        meta.issuer or (parent.issuer if parent else None),
        (parent.doc_type if parent else None) if meta.is_appendix else meta.doc_type,
    )
    if level is None and meta.doc_type == DocType.PROGRAMMA and meta.title:
        lowered = meta.title.lower()
        if lowered.startswith("муниципальн"):
            level = Level.MUNICIPAL
        elif lowered.startswith("государственн"):
            level = Level.REGIONAL
    if parent is not None and parent.doc_type is not None:
        parent = replace(parent, doc_type=str(parent.doc_type))
    return ActMetadata(
        doc_type=str(meta.doc_type) if meta.doc_type else None,  # plain str, not the enum
        issuer=meta.issuer,
        date_adopted=meta.date_adopted,
        number=meta.number,
        title=meta.title,
        place=meta.place,
        level=str(level) if level else None,
        is_draft=meta.is_draft,
        confidence=round(confidence, 2),
        is_appendix=meta.is_appendix,
        parent=parent,
    )


def _parse_act_heading(
    text: str,
    lines: list[_Line],
    scan: list[int],
    type_pos: int,
    doc_type: str,
    type_rest: str,
    draft_line: bool,
) -> ActMetadata:
    before = scan[:type_pos]
    after = scan[type_pos + 1 :]
    issuer = _issuer_from_block(lines, before)
    issuer2, used = _issuer_after_type(lines, after, type_rest)
    if issuer2 and (issuer is None or used or type_rest):
        issuer = issuer2
    after = after[used:]
    if doc_type in (DocType.ZAKON, DocType.FEDERALNYI_ZAKON):
        by_law = law_issuer(doc_type, type_rest, [lines[i].flat for i in before])
        # «РОССИЙСКАЯ ФЕДЕРАЦИЯ / ЗАКОНОДАТЕЛЬНОЕ СОБРАНИЕ … ОБЛАСТИ / ЗАКОН»: the line of
        # the Federation heads regional laws too; the assembly under it passed this one.
        regional_assembly = doc_type == DocType.ZAKON and issuer is not None
        if not (by_law == FEDERATION and regional_assembly):
            issuer = by_law or issuer
    # the zone between the type heading and the title
    zone: list[int] = []
    title_at: int | None = None
    for pos, i in enumerate(after[:10]):
        f = lines[i].flat
        if _TITLE_START_RE.match(f) and not _is_date_line(lines[i].raw):
            title_at = pos
            break
        if re.match(r"^[\d\s.]{1,8}$", f):  # «От 4 . / 10 . / 2017 года № 421»
            zone.append(i)
            continue
        if _BODY_START_RE.match(f) and not _is_date_line(lines[i].raw):
            break
        if operative_type(f) or (is_organ_line(f) and pos > 0):
            break
        if len(lines[i].raw) > 200:
            break
        zone.append(i)
    zone_text = " ".join(lines[i].raw for i in zone)
    # a date line above the heading («09 декабря 2014 г. № 3012 / ПОСТАНОВЛЕНИЕ»)
    pre_dates = [i for i in before if _is_date_line(lines[i].raw)]
    is_law = doc_type in (DocType.ZAKON, DocType.FEDERALNYI_ZAKON)
    date_adopted: dt.date | None = None
    number: str | None = None
    blank_form = False
    if is_law:
        date_adopted, number = _law_signature(text)
        if date_adopted is None:
            adopted = re.search(
                r"принят\w*\s+государственной\s+думой\s*(.{0,40})",
                flat(zone_text) + " " + " ".join(lines[i].flat for i in after[:30]),
            )
            if adopted:
                date_adopted = next((d for _s, _e, d in iter_dates(adopted.group(1))), None)
    else:
        date_adopted, number = _date_and_number(type_rest + " " + zone_text)
        blank_form = _is_blank_form(type_rest + " " + zone_text)
        if date_adopted is None and number is None and pre_dates:
            date_adopted, number = _date_and_number(" ".join(lines[i].raw for i in pre_dates))
    place = _place_of(" ".join(lines[i].raw for i in zone)) or _place_of(
        " ".join(lines[i].raw for i in before if _PLACE_LINE_RE.match(lines[i].flat))
    )
    title = None
    title_end = None
    if title_at is not None:
        title, title_end = _title_from(
            lines, after[title_at], have_date=date_adopted is not None or number is not None
        )
    elif is_law:
        # «ФЕДЕРАЛЬНЫЙ ЗАКОН / О погребении и похоронном деле» — or an ALL-CAPS title
        for i in after[:4]:
            f = lines[i].flat
            if _TITLE_START_RE.match(f) or (is_upper_text(lines[i].raw) and len(f) > 10):
                title, title_end = _title_from(lines, i)
                break
    # a date/number after the title in some layouts
    if not is_law and (date_adopted is None or number is None) and title_end is not None:
        rest_idx = [i for i in scan if i > title_end][:4]
        for i in rest_idx:
            raw = lines[i].raw
            if _BODY_START_RE.match(lines[i].flat) and not _is_date_line(raw):
                break
            if _is_date_line(raw):
                d, n = _date_and_number(raw)
                date_adopted = date_adopted or d
                number = number or n
                blank_form = blank_form or _is_blank_form(raw)
    is_draft = draft_line or (blank_form and date_adopted is None)
    return ActMetadata(
        doc_type=doc_type,
        issuer=issuer,
        date_adopted=date_adopted,
        number=number,
        title=title,
        place=place,
        is_draft=is_draft,
    )


def _parse_named_document(
    lines: list[_Line],
    scan: list[int],
    doc_pos: int,
    doc_code: str,
    draft_line: bool,
    parent: ActRef | None = None,
    is_appendix: bool = False,
) -> ActMetadata:
    start = scan[doc_pos]
    title, _end = _title_from(lines, start, name_mode=True)
    # «МУНИЦИПАЛЬНОЕ ЗАДАНИЕ № 1»: a number on the heading line is the document's own
    own = NUMBER_RE.search(lines[start].raw)
    return ActMetadata(
        doc_type=doc_code,
        number=(number_from_match(own) or None) if own else None,
        title=title,
        is_draft=draft_line,
        is_appendix=is_appendix,
        parent=parent,
    )


def _parse_headless(lines: list[_Line], scan: list[int], draft_line: bool) -> ActMetadata:
    """No type heading: a title on top and an operative verb below make an act of that kind
    («Об утверждении … / … / ПОСТАНОВЛЯЮ:»); anything else is left unknown."""
    if not scan:
        return ActMetadata()
    pre_date: tuple[dt.date | None, str | None] = (None, None)
    pos = 0
    if _is_date_line(lines[scan[0]].raw):
        pre_date = _date_and_number(lines[scan[0]].raw)
        pos = 1
    if pos >= len(scan) or not _TITLE_START_RE.match(lines[scan[pos]].flat):
        # the heading and title are lost: a preamble ending «постановляю:» still tells the type
        for i in scan[pos : pos + 3]:
            found = operative_type(despace(lines[i].flat))
            if found:
                return ActMetadata(doc_type=found, is_draft=draft_line)
        return ActMetadata(is_draft=draft_line)
    doc_type = None
    for i in scan[pos + 1 : pos + 25]:
        doc_type = operative_type(despace(lines[i].flat))
        if doc_type:
            break
    if doc_type is None and pre_date == (None, None):
        return ActMetadata(is_draft=draft_line)
    # «08.08.2018 № 2654-п / О внесении изменений …»: an act heading even when the type
    # word and the operative verb are lost; the type then stays unknown
    title, _end = _title_from(lines, scan[pos])
    return ActMetadata(
        doc_type=doc_type,
        date_adopted=pre_date[0],
        number=pre_date[1],
        title=title,
        is_draft=draft_line,
    )


def _parse_appendix(lines: list[_Line], scan: list[int], draft_line: bool) -> ActMetadata:
    """«Приложение к постановлению … от … № …» / «УТВЕРЖДЕНА постановлением …» and the
    document's own heading below it."""
    header: list[int] = []
    doc_pos = None
    doc_code = None
    for pos, i in enumerate(scan[:16]):
        f = lines[i].flat
        if _SECTION_NUMBER_RE.match(f):
            continue
        code = _doc_code(lines, scan, pos)
        act = act_type_of_line(f)
        if (code or act) and pos > 0:
            doc_pos, doc_code = pos, code or (act[0] if act else None)
            break
        if _BODY_START_RE.match(f) and len(f) > 60:
            break
        header.append(i)
    header_text = " ".join(lines[i].raw for i in header)
    parent = _parent_ref(header_text)
    is_draft = draft_line or (
        parent is not None and parent.date_adopted is None and _is_blank_form(header_text)
    )
    if doc_pos is not None and doc_code is not None:
        meta = _parse_named_document(lines, scan, doc_pos, doc_code, is_draft, parent, True)
        # «МУНИЦИПАЛЬНОЕ ЗАДАНИЕ № 1»: the document's own number on its heading line
        return meta
    return ActMetadata(is_draft=is_draft, is_appendix=True, parent=parent)


def _parent_ref(header: str) -> ActRef | None:
    f = flat(header)
    cited = cited_approving_act(f)
    if not cited:
        return None
    code, end = cited
    spaced = despace(header)
    if len(spaced) != len(f):
        spaced = f
    after = spaced[end:]
    # a nested header («Приложение к постановлению … от ____ / « Приложение к постановлению
    # … от 26.11.2015 № 828») cites the original act: the first segment is the parent
    nested = re.search(r"(?:приложени|утвержд)", after.lower())
    if nested:
        after = after[: nested.start()]
    date, number = _date_and_number(after)
    if date is None and number is None and _is_blank_form(after):
        date = None
    # the issuer: from after the type word to «от», «№», a date or a quoted title
    cut = re.search(
        r"\sот(?=[\s_\d]|$)|№|\bn\s?\d|[«\"]\s*(?:о|об)\s|\d{1,2}\s?[./]\s?\d|\d{1,2}\s+[а-яё]+\s+\d{4}|"
        r"[«\"]\s*_|[«\"]\s*\d|_{2,}|\(",
        after.lower(),
    )
    issuer_text = collapse(after[: cut.start()] if cut else after)
    issuer = None
    if issuer_text and starts_genitive_organ(re.sub(r"^и\.\s?о\.\s?", "", flat(issuer_text))):
        issuer = _tidy_issuer(to_nominative(issuer_text))
    title = None
    tm = re.search(r"[«\"]\s*(?:О|Об|Обо|ОБ)\s", header)
    if tm:
        title = _quoted_title(header[tm.start() :])
    return ActRef(doc_type=code, issuer=issuer, date_adopted=date, number=number, title=title)
