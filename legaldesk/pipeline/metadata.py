"""Act metadata from the heading block of a Russian legal act.

Reads type, issuing body, date, number, title and place from the first lines, the way a
librarian does: the heading lists the issuer, then the type word, then «от <date> № <number>»
and the title starting with «О»/«Об». Unknown fields stay None: nothing is invented.

Decisions:
  * An appendix («Приложение к постановлению … от … № …») is not the act it cites: its
    doc_type stays None so that it is never merged into the parent act as a version, but
    the cited date and number are not reported either.
  * Commercial-database banners («Документ предоставлен КонсультантПлюс», «ред. от …»,
    «с изменениями на …») are skipped before parsing.
  * Numbers are normalised for keys by ``normalize_number``: lower case, «№»/«N» and all
    spaces removed, ё → е («№ 307/1 - а» → «307/1-а», «35 па» → «35па»).
  * Pre-tokenized text («12 . 03 . 2017 г .», «П О С Т А Н О В Л Е Н И Е») is normalised
    before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

HEAD_CHARS = 4000
HEAD_LINES = 60


@dataclass(frozen=True)
class ActMetadata:
    doc_type: str | None = None
    issuer: str | None = None
    date_adopted: date | None = None
    number: str | None = None
    title: str | None = None
    place: str | None = None
    level: str | None = None
    is_draft: bool = False
    confidence: float = 0.0


TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("федеральный закон", "federal_zakon"),
    ("постановление", "postanovlenie"),
    ("распоряжение", "rasporyazhenie"),
    ("решение", "reshenie"),
    ("приказ", "prikaz"),
    ("указ", "ukaz"),
    ("закон", "zakon"),
    ("устав", "ustav"),
    ("положение", "polozhenie"),
    ("письмо", "pismo"),
    ("протокол", "protokol"),
)
LETTER = re.compile(r"^(?:инструктивное|информационное|методическое)\s+письмо\b")
TYPE_CODES = {"federal_zakon": "federalnyi_zakon"}

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "мая": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
MONTH_RE = (
    r"(январ[яь]|феврал[яь]|марта?|апрел[яь]|мая|май|июн[яь]|июл[яь]|августа?|"
    r"сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])"
)

NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\s?\.\s?(\d{1,2})\s?\.\s?(\d{4}|\d{2})(?!\d)")
WORD_DATE = re.compile(
    r"(?<!\d)[«\"“]?\s?(\d{1,2})\s?[»\"”]?\s+" + MONTH_RE + r"\s+(\d{4})", re.IGNORECASE
)
NUMBER = re.compile(
    r"(?:№|N)\s?(\d[\dа-яёa-z]*(?:\s?[/\-–]\s?[\dа-яёa-z]+){0,3}(?:\s[а-яё]{1,4}(?![а-яё]))?)",
    re.IGNORECASE,
)
DRAFT_DATE = re.compile(r"от\s*[«\"]?\s*_{2,}|_{3,}\s*№|№\s*_{2,}", re.IGNORECASE)
TITLE_START = re.compile(r"^(?:«|\")?\s*(?:О|Об|Обо|ОБ|ОБО|о|об)\s+\S", re.UNICODE)
BODY_START = re.compile(
    r"^(В\s+соответствии|В\s+целях|Руководствуясь|На\s+основании|В\s+связи|Рассмотрев|"
    r"Согласно|ПОСТАНОВЛЯ|РЕШИЛ|ПРИКАЗЫВА|П\s?О\s?С\s?Т\s?А\s?Н\s?О\s?В\s?Л\s?Я|"
    r"Администрация\s+\S+\s+(?:района|поселения|округа)\s+постановляет|1\.\s|"
    r".{0,80}\b(?:РЕШИЛ|РЕШИЛА|ПОСТАНОВЛЯЕТ|ПОСТАНОВЛЯЮ|ПРИКАЗЫВАЮ)\s*:)",
    re.IGNORECASE,
)
BANNER = re.compile(
    r"(КонсультантПлюс|Консультант\s*Плюс|Документ предоставлен|www\.consultant\.ru|"
    r"Дата сохранения|Система ГАРАНТ|garant\.ru|с изменениями на|Список изменяющих документов)",
    re.IGNORECASE,
)
REDACTION = re.compile(r"^\(?\s*(?:в\s+)?ред\.", re.IGNORECASE)
APPENDIX = re.compile(r"^\s*(Приложение|УТВЕРЖДЕН[АОЫ]?|Утвержден[аоы]?)\b", re.IGNORECASE)
ISSUER_START = re.compile(
    r"^(АДМИНИСТРАЦИЯ|Администрация|ПРАВИТЕЛЬСТВО|Правительство|СОВЕТ|Совет|ДУМА|Дума|"
    r"ГЛАВА|Глава|МИНИСТЕРСТВО|Министерство|КАБИНЕТ|Кабинет|ГУБЕРНАТОР|Губернатор|"
    r"СОБРАНИЕ|Собрание|КОМИТЕТ|Комитет|УПРАВЛЕНИЕ|Управление|ДЕПАРТАМЕНТ|Департамент|"
    r"ЗАКОНОДАТЕЛЬНОЕ|Законодательное|ГОСУДАРСТВЕННАЯ ДУМА|Президент|ПРЕЗИДЕНТ|"
    r"[А-ЯЁ][А-ЯЁ\-]+(?:АЯ|ЫЙ|ИЙ|ОЕ)\s+(?:ГОРОДСКАЯ|РАЙОННАЯ|СЕЛЬСКАЯ|ОБЛАСТНАЯ)?\s*"
    r"(?:АДМИНИСТРАЦИЯ|ДУМА|СОВЕТ)|[А-ЯЁ][а-яё\-]+(?:ая|ий|ый)\s+(?:городская|районная)\s+"
    r"(?:администрация|Дума))"
)
BODY_NOUN = re.compile(
    r"администрац|совет|дума|управлени|комитет|министерств|правительств|глава|собрани|"
    r"департамент|отдел|комисси|кабинет|губернатор|президент|инспекци|служб"
)
# «Павинского муниципального района», «Костромской области»: the rest of an issuer's name.
ISSUER_TAIL = re.compile(
    r"^[А-ЯЁ][а-яё\-]+(?:ого|ой|их|ского|ской)\s+(?:муниципального|городского|сельского|"
    r"района|области|края|округа|поселения|республики)"
)
PLACE = re.compile(
    r"^(?:г\.|город|р\.\s?п\.|пгт\.?|с\.|село|пос\.|п\.|ст\.|д\.)\s?[А-ЯЁ][а-яё\-]+(?:\s[А-ЯЁ][а-яё\-]+)?\s*$"
)
SPACED_LINE = re.compile(r"^(?:[А-ЯЁа-яёÖö] ){3,}[А-ЯЁа-яёÖö]\s?:?$")
SPACED = re.compile(r"\b(?:[А-ЯЁ] ){3,}[А-ЯЁ]\b")
LOWER_KEEP = {
    "и",
    "в",
    "на",
    "по",
    "о",
    "об",
    "при",
    "с",
    "для",
    "к",
    "от",
    "муниципального",
    "муниципальный",
    "городского",
    "сельского",
    "района",
    "поселения",
    "округа",
    "области",
    "края",
    "города",
}

FEDERAL_ISSUERS = (
    "президент",
    "правительство российской федерации",
    "государственная дума",
    "правительства рф",
    "правительство рф",
    "министерство",
    "федеральн",
)
REGIONAL_HINTS = ("област", "края", "краевой", "республики", "губернатор", "законодательное")
MUNICIPAL_HINTS = ("район", "поселени", "город", "округ", "муниципальн", "сельск", "глава")


def normalize_number(raw: str) -> str:
    value = raw.replace("ё", "е").replace("Ё", "Е").lower()
    value = value.replace("№", "").replace("–", "-").replace(" ", "").strip(".,;")
    if value.startswith("n") and value[1:2].isdigit():
        value = value[1:]
    return value


def looks_like_act_number(token: str) -> bool:
    value = normalize_number(token)
    return bool(re.fullmatch(r"\d+(?:[/\-][\dа-яa-z]+)+|\d+[а-я]{1,4}", value))


def _despace(line: str) -> str:
    """«П О С Т А Н О В Л Е Н И Е» → «ПОСТАНОВЛЕНИЕ»; «2017 г .» → «2017 г.»."""
    stripped = line.strip()
    if SPACED_LINE.match(stripped):  # «п о с т а н о в л е н и е» in any case
        return stripped.replace(" ", "").upper()
    line = SPACED.sub(lambda m: m.group(0).replace(" ", ""), line)
    line = re.sub(r"\s+([.,;:)»])", r"\1", line)
    line = re.sub(r"([(«])\s+", r"\1", line)
    return " ".join(line.split())


def _head_lines(text: str) -> list[str]:
    lines = []
    for raw in text[:HEAD_CHARS].replace("\f", "\n").split("\n")[: HEAD_LINES * 2]:
        line = _despace(raw)
        # A banner ends whatever it interrupts (a title must not run into it).
        lines.append("" if BANNER.search(line) or REDACTION.match(line) else line)
    return lines[:HEAD_LINES]


def _find_type(lines: list[str]) -> tuple[str | None, int]:
    for i, line in enumerate(lines[:25]):
        low = line.lower().strip(" .:")
        if APPENDIX.match(line):
            return None, -1
        if i < 3 and LETTER.match(low):
            return "pismo", i
        for word, code in TYPE_WORDS:
            # The type word stands alone on its line (or opens it, followed by the issuer
            # in the genitive or by «от»): «ПОСТАНОВЛЕНИЕ», «Постановление Правительства РФ от …».
            if low == word or (
                low.startswith(word + " ")
                and (line[: len(word)].isupper() or i < 3 or " от " in low or "№" in low)
            ):
                return TYPE_CODES.get(code, code), i
    return None, -1


def _parse_date(text: str) -> date | None:
    """The first date written in ``text`` (a title on the same line may cite older ones)."""
    found: list[tuple[int, date]] = []
    word = _word_date(text)
    if word:
        found.append(word)
    numeric = _numeric_date(text)
    if numeric:
        found.append(numeric)
    return min(found)[1] if found else None


def _word_date(text: str) -> tuple[int, date] | None:
    for m in WORD_DATE.finditer(text):
        month_word = m.group(2).lower()
        month = next(
            (v for k, v in MONTHS.items() if month_word.startswith(k) and len(k) > 2),
            5 if month_word.startswith("ма") else None,
        )
        if month is None:
            continue
        try:
            return m.start(), date(int(m.group(3)), month, int(m.group(1)))
        except ValueError:
            continue
    return None


def _numeric_date(text: str) -> tuple[int, date] | None:
    for m in NUMERIC_DATE.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < 100:
            year += 2000 if year < 50 else 1900
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if 1900 <= found.year <= 2100:
            return m.start(), found
    return None


def _parse_number(text: str) -> str | None:
    m = NUMBER.search(text)
    if not m:
        return None
    raw = re.sub(r"\s*([/\-–])\s*", r"\1", m.group(1)).replace("–", "-")
    raw = raw.strip(" .,;")
    # A trailing lower-case word after a space is a suffix only when short («35 па»).
    parts = raw.split(" ")
    if len(parts) == 2 and not (
        parts[1].isalpha()
        and len(parts[1]) <= 3
        and parts[1] not in {"от", "о", "об", "и", "в", "на", "г"}
    ):
        raw = parts[0]
    elif len(parts) == 2:
        raw = parts[0] + parts[1]
    return raw or None


def _date_number_line(lines: list[str], start: int) -> tuple[date | None, str | None, int]:
    """The first «от … № …» (or «… №…») within a few lines of the type word."""
    found_date: date | None = None
    found_number: str | None = None
    last = -1
    for i in range(max(0, start), min(len(lines), start + 12)):
        line = lines[i]
        if TITLE_START.match(line) and i > start:
            break  # a municipal heading dates the act before its title
        if line.startswith("("):  # «(с изменениями от … № …)» lists other acts
            continue
        if i > start and BODY_START.match(line):  # the body cites other acts' dates
            break
        if len(line) > 160 and i > start:  # prose, not a heading line
            continue
        d = _parse_date(line)
        n = _parse_number(line) if ("№" in line or re.search(r"\bN\s?\d", line)) else None
        if d and not found_date:
            found_date, last = d, i
        if n and not found_number:
            found_number, last = n, i
        if found_date and found_number:
            break
    return found_date, found_number, last


def _title(lines: list[str], after: int) -> str | None:
    for i in range(max(0, after), min(len(lines), after + 15)):
        line = lines[i]
        inline = re.search(r"[\"«]\s?(Об?\s.+)$", line) if i == after else None
        if not TITLE_START.match(line) and not inline:
            continue
        if inline and not TITLE_START.match(line):
            # «Постановление … от … N 244 "О …"» on one line: the title ends with the line.
            title = inline.group(1).strip()
            while title[-1:] in '"»”' and _unbalanced(title):
                title = title[:-1].rstrip()
            return title[:1000] if len(title) > 3 else None
        parts = [line]
        for nxt in lines[i + 1 : i + 8]:
            if not nxt.strip() or BODY_START.match(nxt) or APPENDIX.match(nxt):
                break
            if (
                nxt.startswith("(")
                or PLACE.match(nxt)
                or (NUMERIC_DATE.match(nxt) and len(nxt) < 30)
            ):
                break
            if sum(c.isalpha() for c in nxt) < 3:  # a page number or scanner noise
                break
            parts.append(nxt)
        title = " ".join(" ".join(parts).split()).rstrip(".").strip()
        if title.isupper():  # «ОБ УТВЕРЖДЕНИИ ПОЛОЖЕНИЯ…»: shown in sentence case
            title = title[:1] + title[1:].lower()
        if title[:1] in '"«“':
            title = title[1:]
            if title[-1:] in '"»”' and _unbalanced(title):
                title = title[:-1]
        return title.strip()[:1000] if len(title) > 3 else None
    return None


def _unbalanced(title: str) -> bool:
    return title.count("«") < title.count("»") or title.count('"') % 2 == 1


def _nice_case(line: str) -> str:
    if not line.isupper():
        return line
    words = line.lower().split()
    out = []
    for i, word in enumerate(words):
        if i == 0 or (word not in LOWER_KEEP and i > 0 and _proper(word)):
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def _proper(word: str) -> bool:
    # Place names in the genitive after the body («администрация города Брянска») are the
    # words that are not common nouns of a heading; a short list keeps the common ones low.
    common = (
        "администрац",
        "совет",
        "дума",
        "депутат",
        "собрани",
        "глава",
        "правительств",
        "министерств",
        "управлени",
        "комитет",
        "отдел",
        "народн",
        "городск",
        "районн",
        "сельск",
        "муниципальн",
        "образовани",
        "федераци",
        "российск",
        "законодательн",
        "государственн",
        "кабинет",
        "министр",
        "губернатор",
        "департамент",
    )
    return not word.startswith(common)


def _issuer(lines: list[str], type_index: int) -> str | None:
    # Type word on the very first line: «Указ Президента РФ от …» names the issuer itself.
    window = [] if type_index == 0 else lines[: type_index if type_index > 0 else 8]
    parts: list[str] = []
    for line in window:
        if not line.strip():
            if parts:
                break
            continue
        starts = not parts and (
            ISSUER_START.match(line) or (line.isupper() and BODY_NOUN.search(line.lower()))
        )
        continues = (
            parts
            and len(parts) < 4
            and not PLACE.match(line)
            and not TITLE_START.match(line)
            and (line.isupper() or ISSUER_TAIL.match(line) is not None)
        )
        if starts or continues:
            parts.append(line)
        elif parts:
            break
    if not parts and type_index >= 0:
        # «Постановление Правительства Курганской области» / «Решение Думы …»: the issuer
        # follows the type word in the genitive.
        line = lines[type_index]
        m = re.match(
            r"^\S+\s+((?:Правительства|Администрации|Главы|Совета|Думы|Кабинета|"
            r"Губернатора|Министерства|Собрания|Президента|Комитета|Государственной Думы|ГД)"
            r"[^,]*?)(?:\s+от\s|\s*$|\s+N|\s+№)",
            line,
        )
        if m:
            return " ".join(m.group(1).split())
    if not parts:
        return None
    issuer = " ".join(_nice_case(p) for p in parts)
    issuer = re.sub(r"\s+", " ", issuer).strip(" ,.")
    if issuer.lower().startswith(("российская федерация",)):
        return None
    return issuer[:300]


def _level(issuer: str | None, doc_type: str | None) -> str | None:
    if doc_type == "federalnyi_zakon":
        return "federal"
    if not issuer:
        return None
    low = issuer.lower()
    if any(k in low for k in MUNICIPAL_HINTS) and not low.startswith(
        ("правительств", "губернатор")
    ):
        return "municipal"
    if any(k in low for k in REGIONAL_HINTS):
        return "regional"
    if any(k in low for k in FEDERAL_ISSUERS):
        return "federal"
    return None


FEDERAL_SIGNATURE = re.compile(
    r"(\d{1,2}\s+" + MONTH_RE + r"\s+\d{4})\s*(?:года|г\.)?\s*(?:№|N)\s*(\d+-ФЗ)",
    re.IGNORECASE,
)
FEDERAL_HEAD = re.compile(
    r"от\s+(\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\s+\S+\s+\d{4})\s*(?:года|г\.)?"
    r"\s*(?:№|N)\s*(\d+-ФЗ)",
    re.IGNORECASE,
)


def _federal_signature(text: str) -> tuple[date | None, str | None]:
    """A federal law is dated and numbered under the signature («12 января 1996 года
    N 8-ФЗ»), or in a one-line heading «Федеральный закон от 31.12.2014 N 496-ФЗ»."""
    first = text[:300].split("\n", 1)[0]
    m = FEDERAL_HEAD.search(first)
    if m:
        return _parse_date(m.group(1)), m.group(2)
    matches = list(FEDERAL_SIGNATURE.finditer(text[-3000:]))
    if matches:
        m = matches[-1]
        return _parse_date(m.group(1)), m.group(3)
    return None, None


def parse_act(text: str) -> ActMetadata:
    try:
        return _parse(text)
    except Exception:  # the parser must never stop an import; an empty result is honest
        return ActMetadata()


def _parse(text: str) -> ActMetadata:
    lines = _head_lines(text or "")
    if not lines:
        return ActMetadata()
    head = "\n".join(lines[:20])
    is_draft = bool(DRAFT_DATE.search(head)) or any(
        line.strip().upper() == "ПРОЕКТ" for line in lines[:5]
    )
    doc_type, type_index = _find_type(lines)
    appendix = any(APPENDIX.match(line) for line in lines[:3]) and doc_type is None
    date_adopted = number = None
    anchor = type_index
    # Without a type word there is no heading to read: dates, numbers and «О …» lines
    # further down are references to other acts, not this one's.
    if doc_type is None:
        return ActMetadata(is_draft=is_draft)
    if not appendix:
        date_adopted, number, last = _date_number_line(lines, max(type_index, 0))
        if is_draft:
            date_adopted = number = None
        anchor = max(type_index, last)
    if doc_type == "federalnyi_zakon":
        date_adopted, number = _federal_signature(text)
    title = None if appendix else _title(lines, max(anchor, 0))
    if title is None and not appendix and doc_type == "federalnyi_zakon":
        title = _title(lines, type_index + 1)
    issuer = None if appendix else _issuer(lines, type_index)
    place = next((line for line in lines[:25] if PLACE.match(line)), None)
    found = sum(1 for v in (doc_type, date_adopted, number, title) if v)
    return ActMetadata(
        doc_type=doc_type,
        issuer=issuer,
        date_adopted=date_adopted,
        number=number,
        title=title,
        place=place,
        level=_level(issuer, doc_type),
        is_draft=is_draft,
        confidence=found / 4,
    )
