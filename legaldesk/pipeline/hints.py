"""What an act keeps when a harvested listing and the document itself both describe it.

A listing row («12.03.2024 | 245-п | О тарифах…») is read by a harvester into :class:`Hints`;
the document's heading is read by the metadata parser. Neither is right by default: a
listing's «№» cell may be empty and its link text a file name, a title may cite another act
(«О внесении изменений в постановление от 12.03.2024 № 245-п»), and OCR may misread
«1056-п» as «1056п» or «ёлочных» as «блочных». The rules, per field (``merge``):

* the document's own clear statement wins; a listing value fills only what the document
  does not say, or says only through OCR of low confidence;
* a listing value counts only when it is clean: a number must look like an act number
  (``plausible_number``), never a file name, an upload hash or a 13-digit time stamp; a
  date or number the listing's own title cites is the cited act's, not this one's; a title
  that is a file name is no title;
* OCR text is weak where its confidence is below ``OCR_LOW_CONFIDENCE`` (every field), and
  for the number and date when its confidence is not known: there one misread digit makes
  another act, while the listing's cell was typed by a person;
* when both are clear and still differ after normalisation (numbers by
  ``normalize_number``, titles by their letters and digits), the better value is kept and
  the act goes to review with both values (``reasons.listing_disagrees``).

The type is never taken from words of a title («Об утверждении Положения…» names what the
act approves, not what it is): the parser reads it from the act's heading, a harvester from
the type word that opens a row or link text (legaldesk/harvesters/pages.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher

from legaldesk.actnumber import DASH_TRANS, clean_number, normalize_number
from legaldesk.pipeline.extract.base import Extraction
from legaldesk.pipeline.extract.ocr import (
    OCR_LOW_CONFIDENCE,  # below it OCR never overrides a listing
)
from legaldesk.pipeline.metadata import ActMetadata
from legaldesk.pipeline.metadata.dates import iter_dates
from legaldesk.pipeline.metadata.numbers import NUMBER_RE, number_from_match
from legaldesk.vocabulary import TextMethod

# Near-equal titles (a dropped quote, a typo) are one title, not a disagreement; OCR
# mangles whole words («cobiieiSiiic» for «соблюдению»), so its titles are compared looser.
SAME_TITLE_RATIO = 0.9
SAME_OCR_TITLE_RATIO = 0.75


@dataclass(frozen=True)
class Hints:
    """Metadata known from outside the file: a harvester's listing row, a librarian's form,
    CLI flags. The document's own clear statement wins over them (see ``merge``)."""

    doc_type: str | None = None
    number: str | None = None
    date_adopted: date | None = None
    title: str | None = None
    issuer: str | None = None
    level: str | None = None
    territory: str | None = None
    status: str | None = None
    official_publication: str | None = None
    source_url: str | None = None
    rubrics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Merged:
    meta: ActMetadata
    # (field, the listing's value, the document's value) where both were clear and differ
    disagreements: tuple[tuple[str, str, str], ...] = ()


# ------------------------------------------------------------------------------ numbers
_FILE_EXTENSION_RE = re.compile(
    r"\.(?:pdf|docx?|rtf|odt|txt|html?|php|aspx?|xlsx?|zip|rar|7z|jpe?g|png|gif|tiff?)$",
    re.IGNORECASE,
)
_LONG_DIGITS_RE = re.compile(r"\d{8,}")
_HEX_RUN_RE = re.compile(r"[0-9a-f]{8,}", re.IGNORECASE)
_LATIN_LOOKALIKES = set("aeopcxkmtbhyAEOPCXKMTBHY")
_NUMBER_SHAPE_RE = re.compile(
    r"[А-ЯЁA-Z]{0,3}-?\d{1,7}[А-ЯЁа-яёA-Za-z]{0,4}"
    r"(?:[-/.]\d{0,7}[А-ЯЁа-яёA-Za-z]{0,5}){0,4}"
)


def plausible_number(value: str | None) -> bool:
    """Whether ``value`` looks like an act number: «245-п», «12/3», «1056-па», «45-ФЗ»,
    «307/1-а», «01-10/123», «35». Not: runs of 8+ digits (a date written without
    separators, a 13-digit time stamp, a site's id), file names («scan_0001.pdf»), URL
    fragments («/upload/iblock/…», «?ELEMENT_ID=»), upload hashes, dates, words."""
    if not value:
        return False
    raw = value.strip()
    if len(raw) > 30 or _FILE_EXTENSION_RE.search(raw):
        return False
    if re.search(r"[/\\]{2}|https?:|www\.|[?=&%_#@]|upload|iblock", raw, re.IGNORECASE):
        return False
    number = clean_number(raw.translate(DASH_TRANS))
    if not number or not any(ch.isdigit() for ch in number):
        return False
    if _LONG_DIGITS_RE.search(number) or re.fullmatch(r"0+", number):
        return False
    if _HEX_RUN_RE.search(number) and re.search(r"[a-f]", number, re.IGNORECASE):
        return False  # an md5-like upload name («3a1f09c2…»)
    if re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}", number):
        return False  # a date
    # Latin letters in a number are OCR or a Latin keyboard standing in for Cyrillic
    # («12/3-pc»); other Latin letters are a file name's («scan», «pdf», «img»).
    if any(ch.isascii() and ch.isalpha() and ch not in _LATIN_LOOKALIKES for ch in number):
        return False
    return bool(_NUMBER_SHAPE_RE.fullmatch(number))


def looks_like_file_name(text: str | None) -> bool:
    """A link text that is a file's name («Постановление 245-п от 12.03.2024.pdf»,
    «scan_0001.pdf», «1710241234567»): what the site's software named the upload, which
    says nothing reliable about the act."""
    if not text:
        return False
    text = text.strip()
    if _FILE_EXTENSION_RE.search(text):
        return True
    if " " in text:
        return False
    return bool(re.search(r"[_]|\d{8,}", text) or re.fullmatch(r"[\w.-]*[A-Za-z][\w.-]*", text))


# ------------------------------------------------------------------------------ titles
def cited_in(title: str | None) -> tuple[set[date], set[str]]:
    """The dates and numbers (normalised) a title mentions. A title never states its own
    act's date or number: those it carries are of acts it amends, repeals or cites."""
    if not title:
        return set(), set()
    dates = {day for _s, _e, day in iter_dates(title)}
    found = (number_from_match(m) for m in NUMBER_RE.finditer(title))
    numbers = {normalize_number(n) for n in found if n}
    return dates, numbers


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-zа-я]+", "", text.lower().replace("ё", "е"))


def same_title(a: str, b: str, ratio: float = SAME_TITLE_RATIO) -> bool:
    """One title in two spellings: equal letters and digits, one cut short of the other
    («О внесении изменений в постановление…»), or nearly equal (``ratio``)."""
    fa, fb = _fold(a), _fold(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    shorter, longer = sorted((fa, fb), key=len)
    if len(shorter) >= 20 and longer.startswith(shorter):
        return True
    return SequenceMatcher(None, fa, fb, autojunk=False).ratio() >= ratio


# ------------------------------------------------------------------------------ the merge
def clean_hints(hints: Hints) -> Hints:
    """The listing's values that can be trusted at all: an implausible number, a date or
    number the listing's own title cites, a title that is a file name are dropped."""
    title = hints.title
    if title is not None and (looks_like_file_name(title) or len(title.strip()) < 5):
        title = None
    cited_dates, cited_numbers = cited_in(title)
    number = hints.number
    if number is not None and (
        not plausible_number(number) or normalize_number(number) in cited_numbers
    ):
        number = None
    day = hints.date_adopted
    if day is not None and day in cited_dates:
        day = None
    return replace(hints, number=number and clean_number(number), date_adopted=day, title=title)


def weak_fields(extraction: Extraction | None) -> frozenset[str]:
    """The fields whose document value may not override a clean listing value."""
    if extraction is None or extraction.method != TextMethod.OCR:
        return frozenset()
    confidence = extraction.ocr_confidence
    if confidence is None:
        return frozenset({"number", "date_adopted"})
    if confidence < OCR_LOW_CONFIDENCE:
        return frozenset({"doc_type", "number", "date_adopted", "title", "issuer"})
    return frozenset()


def merge(parsed: ActMetadata, hints: Hints, extraction: Extraction | None = None) -> Merged:
    """The act's metadata from the document (``parsed``) and its listing (``hints``), and
    the fields where they disagree (see the module docstring)."""
    listing = clean_hints(hints)
    weak = weak_fields(extraction)
    ocr = extraction is not None and extraction.method == TextMethod.OCR
    # An appendix or approved programme carries no date or number of its own and is not of
    # the listed act's type: the listing fills what it lacks, and nothing there disagrees.
    compare = not parsed.is_appendix
    disagreements: list[tuple[str, str, str]] = []

    def pick(
        name: str,
        mine: str | None,
        theirs: str | None,
        same: Callable[[str, str], bool],
        report: bool = True,
    ) -> str | None:
        if not theirs:
            return mine
        if not mine:
            return theirs
        if same(mine, theirs):
            # One value in two spellings: the listing's when the document's is OCR output
            # («1056п» for «1056-п», «блочных» for «ёлочных»), else the document's own.
            return theirs if name in weak or (ocr and name == "title") else mine
        if compare and report:
            disagreements.append((name, theirs, mine))
        return theirs if name in weak else mine

    number = parsed.number if plausible_number(parsed.number) else None
    day = pick(
        "date_adopted",
        parsed.date_adopted.isoformat() if parsed.date_adopted else None,
        listing.date_adopted.isoformat() if listing.date_adopted else None,
        lambda a, b: a == b,
    )
    meta = replace(
        parsed,
        doc_type=pick("doc_type", parsed.doc_type, listing.doc_type, lambda a, b: a == b),
        number=pick(
            "number",
            number,
            listing.number,
            lambda a, b: normalize_number(a) == normalize_number(b),
        ),
        date_adopted=date.fromisoformat(day) if day else None,
        title=pick(
            "title",
            parsed.title,
            listing.title,
            lambda a, b: same_title(a, b, SAME_OCR_TITLE_RATIO if ocr else SAME_TITLE_RATIO),
        ),
        # Spellings of one body differ too much to compare here: the authority file matches
        # them, and a body it does not know goes to review as ``issuer_unsure``.
        issuer=pick("issuer", parsed.issuer, listing.issuer, lambda a, b: True, report=False),
        level=parsed.level or listing.level,
    )
    return Merged(meta, tuple(disagreements))
