"""Act numbers as LegalDesk keys them, shared by the metadata parser and the search index.

``clean_number`` — the display form: the «№»/«N»/«No» sign and form underscores dropped,
every dash (‐ ‒ – — −) an ASCII hyphen-minus, all whitespace removed («307/1 - а» →
«307/1-а», «35 па» → «35па»), trailing punctuation dropped; letter case kept («1797-п»).

``normalize_number`` — the key for dedup and exact-number search: on top of that lower
case; Latin look-alike letters (a e o p c x k m t b h y) mapped to their Cyrillic twins (OCR
and Latin keyboards: «12/3-pc» = «12/3-рс»); a hyphen between digits and a letter suffix
dropped («1797-п» = «1797п» = «1797 п»). Hyphens and slashes between digits stay: «12-3»
and «123» are different acts.

One function on both sides, so that what the parser keys an act by is what a query for that
number looks up in the index.
"""

from __future__ import annotations

import re

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASH_TRANS = str.maketrans({ch: "-" for ch in _DASHES})
_LATIN_TO_CYRILLIC = str.maketrans("aeopcxkmtbhy", "аеорсхкмтвну")
_SIGN_RE = re.compile(r"^\s*(?:№|N(?:o\.?|º)?|#)\s*", re.IGNORECASE)


def clean_number(raw: str) -> str:
    """The display form of an act number (see the module docstring)."""
    text = _SIGN_RE.sub("", raw or "")
    text = text.translate(DASH_TRANS).replace("_", "")
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"-{2,}", "-", text)
    return text.strip(".,;:-/")


def normalize_number(raw: str) -> str:
    """The comparison key of an act number (see the module docstring)."""
    text = clean_number(raw).casefold().replace("ё", "е").translate(_LATIN_TO_CYRILLIC)
    return re.sub(r"(?<=\d)-(?=[^\W\d_])", "", text)
