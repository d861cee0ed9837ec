"""Act numbers: «№ 245-п», «N 12/3-рс», «№12/1243», «№ 307/1 - а», «№ 35 па», «N 86-ЗС».

Finding them in text is here; the display form (``clean_number``) and the comparison key
(``normalize_number``) live in ``legaldesk.actnumber``, shared with the search index.
"""

from __future__ import annotations

import re

from legaldesk.actnumber import DASH_TRANS, clean_number

# The sign before a number: «№», «N» / «No» when a digit follows (never the N of a word).
NUMBER_SIGN = r"(?:№|(?<![A-Za-z])N(?:o\.?|º)?(?=[ \t]{0,3}_*\d)|#(?=[ \t]{0,3}\d))"

# Stop words that may follow a number and must not be read as its letter suffix.
_STOP_SUFFIXES = frozenset(
    {"от", "г", "гг", "и", "в", "с", "со", "по", "на", "до", "о", "об", "из", "за", "к"}
)

_LETTER = r"[0-9A-Za-zА-Яа-яЁё]"
NUMBER_CORE = (
    r"\d" + _LETTER + r"{0,12}"
    r"(?:[ \t]?[-/.\u2010-\u2015\u2212][ \t]?" + _LETTER + r"{1,12}){0,4}"
)

# A number after its sign, with an optional detached lowercase suffix («35 па», «111 а»).
NUMBER_RE = re.compile(
    NUMBER_SIGN
    + r"[ \t]{0,3}_*[ \t]{0,2}(?P<num>"
    + NUMBER_CORE
    + r")(?:[ \t](?P<suffix>[а-яё]{1,2}|[А-ЯЁ]{2,3})(?![\w.]))?"
)

_STANDALONE_RE = re.compile(
    r"^\s*(?:№|N|No\.?|Nº)?\s*(?P<num>" + NUMBER_CORE + r")(?:\s(?P<suffix>[а-яё]{1,2}))?\s*$"
)
_DATE_LIKE_RE = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
_YEAR_RANGE_RE = re.compile(r"^(?:19|20)\d\d-(?:19|20)\d\d$")
_HAS_SIGN_RE = re.compile(r"^\s*(?:№|N|No\.?|Nº|#)\s*\d")


def _accept_suffix(suffix: str | None) -> bool:
    return bool(suffix) and suffix is not None and suffix.lower() not in _STOP_SUFFIXES


def number_from_match(m: re.Match[str]) -> str:
    num = m.group("num")
    suffix = m.group("suffix")
    # «1712 г. Асино»: a trailing «.x» picked up by the core is a place, not the number
    num = re.sub(r"[ \t]?\.[ \t]?[А-Яа-яЁё]+$", "", num)
    if _accept_suffix(suffix):
        num += suffix
    value = clean_number(num)
    return "" if re.fullmatch(r"0+", value) else value  # «№ 00» is a blank in a draft


def find_number(text: str) -> str | None:
    """The first «№ …» number in ``text``."""
    for m in NUMBER_RE.finditer(text):
        value = number_from_match(m)
        if value:
            return value
    return None


def looks_like_act_number(query: str) -> bool:
    """Whether a search query is an act number: «245-п», «№ 12/3-рс», «N 86-ЗС», «№ 35».

    Bare digits («2024», «35») are not: without «№» they are as likely a year or a count.
    Dates («12.03.2024») and year ranges («2014-2020») are not numbers either.
    """
    if not query or len(query) > 40:
        return False
    has_sign = bool(_HAS_SIGN_RE.match(query))
    m = _STANDALONE_RE.match(query.translate(DASH_TRANS))
    if not m:
        return False
    value = clean_number(m.group("num") + (m.group("suffix") or ""))
    if not value or _DATE_LIKE_RE.match(value) or _YEAR_RANGE_RE.match(value):
        return False
    if has_sign:
        return True
    return bool(re.search(r"[-/]|[^\d]", value))
