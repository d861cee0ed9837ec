"""Dates as Russian acts write them, including pre-tokenized and OCR-ish spellings.

Every pattern is linear (no nested quantifiers over the same characters), so a 2 MB line
costs a single scan. A date is returned only when it exists in the calendar: «31.02.2019»,
«00.00.2016» and an OCR «3.07.9084» give nothing rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

MIN_YEAR = 1900
MAX_YEAR = 2100

MONTHS: dict[str, int] = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,  # мая, май
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}

_MONTH_WORD = (
    r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|"
    r"сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])"
)

# «12 марта 2024 г.», «"12" марта 2024 года», «« 9 » октября 2017 г .», «9октября2017г.»
DATE_TEXT_RE = re.compile(
    r"(?<![\d.,/])(?P<d>[0-3]?\d)[ \t]{0,3}[»\"”“'’]?[ \t]{0,3}"
    r"(?P<mon>" + _MONTH_WORD + r")(?![а-яё])[ \t]{0,3}(?P<y>(?:1[89]|2[01])\d\d)(?!\d)",
    re.IGNORECASE,
)

# «12.03.2024», «12.03.24», «12 .03.2024», «30.12. 2016», «12/03/2024»
DATE_NUM_RE = re.compile(
    r"(?<![\d(\[{|/.,\-])(?P<d>[0-3]?\d)[ \t]?(?P<sep>[./])[ \t]?(?P<m>[01]?\d)[ \t]?(?P=sep)[ \t]?"
    r"(?P<y>(?:1[89]|2[01])\d\d|\d\d)(?![\d])(?![.,/]\d)"
)

# «« 25 » 12 2017 г.»: a quoted day followed by a numeric month
DATE_QUOTED_NUM_RE = re.compile(
    r"[«\"“](?:[ \t]{0,3})(?P<d>[0-3]?\d)[ \t]{0,3}[»\"”][ \t]{0,3}(?P<m>[01]?\d)[ \t]{1,3}"
    r"(?P<y>(?:1[89]|2[01])\d\d)(?!\d)"
)

_YEAR_WORD_RE = re.compile(r"^\s*(?:г\s*\.|года?\b|гг?\b)", re.IGNORECASE)


def _month_number(word: str) -> int | None:
    word = word.lower()
    if word.startswith("ма") and len(word) == 3:
        return 5
    for stem, number in MONTHS.items():
        if stem != "ма" and word.startswith(stem):
            return number
    return None


def make_date(day: int, month: int, year: int) -> dt.date | None:
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def iter_dates(text: str) -> Iterator[tuple[int, int, dt.date]]:
    """All valid dates in ``text`` as (start, end, date), in reading order; ``end`` includes
    a following «г.»/«года»."""
    found: list[tuple[int, int, dt.date]] = []
    for m in DATE_TEXT_RE.finditer(text):
        month = _month_number(m.group("mon"))
        date = make_date(int(m.group("d")), month, int(m.group("y"))) if month else None
        if date:
            found.append((m.start(), _extend_year_word(text, m.end()), date))
    for m in DATE_NUM_RE.finditer(text):
        year_text = m.group("y")
        date = make_date(int(m.group("d")), int(m.group("m")), int(year_text))
        if date:
            found.append((m.start(), _extend_year_word(text, m.end()), date))
    for m in DATE_QUOTED_NUM_RE.finditer(text):
        date = make_date(int(m.group("d")), int(m.group("m")), int(m.group("y")))
        if date:
            found.append((m.start(), _extend_year_word(text, m.end()), date))
    found.sort(key=lambda item: item[0])
    last_end = -1
    for start, end, date in found:
        if start < last_end:  # overlapping spellings of the same date
            continue
        last_end = end
        yield start, end, date


def _extend_year_word(text: str, end: int) -> int:
    m = _YEAR_WORD_RE.match(text, end)
    if m:
        end = m.end()
        dot = re.match(r"\s?\.", text[end : end + 3])
        if dot and text[end - 1 : end] != ".":
            end += dot.end()
    return end


# Something was meant to be a date here but is not one: «00.00.2016», «от ____», «« __ » ___ 2016»
BLANK_DATE_RE = re.compile(
    r"(?:\b0?0[ \t]?[./][ \t]?0?0[ \t]?[./][ \t]?\d{2,4}"
    r"|[«\"][ \t]*_{1,}[ \t]*[»\"]|_{3,})"
)
