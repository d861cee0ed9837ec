"""Act numbers: «№ 245-п», «N 12/3-рс», «№12/1243», «№ 307/1 - а», «№ 35 па», «N 86-ЗС».

Two forms:

``clean_number`` — the display form stored in ``ActMetadata.number``: the «№»/«N»/«No» sign
and form underscores dropped, every dash (‐ ‒ – — −) an ASCII hyphen-minus, all whitespace
removed (pre-tokenized «307/1 - а» → «307/1-а», «131 - ФЗ» → «131-ФЗ», detached suffixes
joined: «35 па» → «35па», «111 а» → «111а»), trailing punctuation dropped; letter case kept
as written («1797-п», «8-ФЗ»).

``normalize_number`` — the key for dedup and exact-number search, on top of that: lower
case; Latin look-alike letters (a e o p c x k m t b h y) mapped to their Cyrillic twins (OCR
and Latin keyboards: «12/3-pc» = «12/3-рс»); a hyphen between digits and a letter suffix
dropped («1797-п» = «1797п», «35-па» = «35 па»). Hyphens and slashes between digits stay:
«12-3» and «123» are different acts.
"""

from __future__ import annotations

import re

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_TRANS = str.maketrans({ch: "-" for ch in _DASHES})
_LATIN_TO_CYRILLIC = str.maketrans("aeopcxkmtbhy", "аеорсхкмтвну")

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
_SIGN_RE = re.compile(r"^\s*(?:№|N(?:o\.?|º)?|#)\s*", re.IGNORECASE)


def clean_number(raw: str) -> str:
    """The display form of an act number (see the module docstring)."""
    text = _SIGN_RE.sub("", raw or "")
    text = text.translate(_DASH_TRANS).replace("_", "")
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"-{2,}", "-", text)
    return text.strip(".,;:-/")


def normalize_number(raw: str) -> str:
    """The comparison key of an act number (see the module docstring)."""
    text = clean_number(raw).casefold().replace("ё", "е").translate(_LATIN_TO_CYRILLIC)
    return re.sub(r"(?<=\d)-(?=[^\W\d_])", "", text)


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
    m = _STANDALONE_RE.match(query.translate(_DASH_TRANS))
    if not m:
        return False
    value = clean_number(m.group("num") + (m.group("suffix") or ""))
    if not value or _DATE_LIKE_RE.match(value) or _YEAR_RANGE_RE.match(value):
        return False
    if has_sign:
        return True
    return bool(re.search(r"[-/]|[^\d]", value))
