"""What a librarian says of a clipping — the newspaper or site, issue, date, pages, authors,
headline — cleaned and checked before anything is filed. The text of a newspaper article
says none of this reliably (a masthead is not on the cut-out page), so it is given, never
parsed: the act-metadata parser never reads a clipping."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from legaldesk.messages import Msg
from legaldesk.vocabulary import SourceKind

# Bounds of the stored columns (legaldesk/models/clippings.py) and of what is sensible.
MAX_SOURCE = 255
MAX_ISSUE = 64
MAX_PAGES = 32
MAX_HEADLINE = 1000
MAX_AUTHOR = 255
MAX_AUTHORS = 20
MAX_URL = 2000
EARLIEST = date(1700, 1, 1)

_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})
# A page is a number with a letter or two («3», «3а», «A2») or a Roman numeral (a supplement's
# «IV»); pages are ranges and lists of them («3-4», «3, 5»).
_PAGE = r"(?:[A-Za-zА-Яа-я]{0,2}\d{1,4}[A-Za-zА-Яа-я]{0,2}|[IVXLC]{1,6})"
_PAGES_RE = re.compile(rf"{_PAGE}(?:\s*[-,]\s*{_PAGE}){{0,5}}")


class ClippingError(ValueError):
    """A clipping's fields that cannot be filed; the message (a Msg) says which and why."""


@dataclass(frozen=True)
class ClippingDetails:
    source_name: str  # the newspaper or the site, as it names itself
    headline: str
    issued: date  # the date of the issue (of the publication on a site)
    source_kind: str = SourceKind.NEWSPAPER
    issue: str | None = None  # «25 (10234)», without «№»
    pages: str | None = None  # «3», «3-4», «3, 5»
    authors: tuple[str, ...] = ()
    url: str | None = None


def _line(value: str | None) -> str:
    return " ".join((value or "").split())


# One message per field, each whole, so that each translates as a sentence.
_TOO_LONG: dict[str, Callable[[int], Msg]] = {
    "source": lambda n: Msg(
        "the name of the newspaper or site is longer than %(limit)s characters", limit=n
    ),
    "headline": lambda n: Msg("the headline is longer than %(limit)s characters", limit=n),
    "issue": lambda n: Msg("the issue number is longer than %(limit)s characters", limit=n),
    "pages": lambda n: Msg("the pages are longer than %(limit)s characters", limit=n),
    "author": lambda n: Msg("an author's name is longer than %(limit)s characters", limit=n),
    "url": lambda n: Msg("the address is longer than %(limit)s characters", limit=n),
}


def _bounded(value: str | None, limit: int, field: str) -> str | None:
    text = _line(value)
    if len(text) > limit:
        raise ClippingError(_TOO_LONG[field](limit))
    return text or None


_ONLY_INITIALS_RE = re.compile(r"(?:[А-ЯЁA-Z]\.\s?){1,2}")


def split_authors(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Authors given as a list, or in one line separated by semicolons, new lines or commas
    («М. Иванова, П. Сидоров»). A comma that parts a family name from its initials
    («Иванова, М. П.», as a bibliographer writes it) parts nobody."""
    if value is None:
        return ()
    if not isinstance(value, str):
        return tuple(name for name in (_line(p) for p in value) if name)
    names: list[str] = []
    for chunk in re.split(r"[;\n]", value):
        parts = [_line(p) for p in chunk.split(",")]
        if any(_ONLY_INITIALS_RE.fullmatch(p) for p in parts if p):
            names.append(_line(chunk.replace(",", " ")))
        else:
            names.extend(parts)
    return tuple(name for name in names if name)


def clipping_details(
    *,
    source_name: str | None,
    headline: str | None,
    issued: date | str | None,
    source_kind: str | None = None,
    issue: str | None = None,
    pages: str | None = None,
    authors: str | Iterable[str] | None = None,
    url: str | None = None,
) -> ClippingDetails:
    """The fields, cleaned (spaces, «№», dashes); ClippingError for what cannot be filed:
    no newspaper, headline or date, a date that is no date, a value too long."""
    source = _bounded(source_name, MAX_SOURCE, "source")
    if not source:
        raise ClippingError(Msg("give the newspaper or site"))
    title = _bounded(headline, MAX_HEADLINE, "headline")
    if not title:
        raise ClippingError(Msg("give the headline"))
    day = _date(issued)
    kind = _line(source_kind) or SourceKind.NEWSPAPER
    if kind not in {k.value for k in SourceKind}:
        raise ClippingError(Msg("unknown kind of source: %(kind)s", kind=kind[:32]))
    number = _bounded(issue, MAX_ISSUE, "issue")
    if number:
        number = re.sub(r"^(?:№|N|No\.?)\s*", "", number, flags=re.IGNORECASE) or None
    page = _bounded(pages, MAX_PAGES, "pages")
    if page:
        page = re.sub(r"^(?:с\.|стр\.|p\.|pp\.)\s*", "", page.translate(_DASHES), flags=re.I)
        if not _PAGES_RE.fullmatch(page):
            raise ClippingError(Msg("pages are not like «3» or «3-4»: %(pages)s", pages=page))
    names = split_authors(authors)
    if len(names) > MAX_AUTHORS:
        raise ClippingError(Msg("more than %(limit)s authors", limit=MAX_AUTHORS))
    for name in names:
        _bounded(name, MAX_AUTHOR, "author")
    link = _bounded(url, MAX_URL, "url")
    if link and not re.match(r"https?://\S+$", link):
        raise ClippingError(Msg("the address is not a web address: %(url)s", url=link[:100]))
    return ClippingDetails(
        source_name=source,
        headline=title,
        issued=day,
        source_kind=kind,
        issue=number,
        pages=page or None,
        authors=names,
        url=link,
    )


def _date(value: date | str | None) -> date:
    if isinstance(value, date):
        day: date | None = value
    else:
        day = parse_day(_line(value))
    if day is None:
        raise ClippingError(Msg("give the date of the issue, as 2024-03-12 or 12.03.2024"))
    if not EARLIEST <= day <= date(2200, 1, 1):
        raise ClippingError(
            Msg("the date of the issue is out of range: %(date)s", date=day.isoformat())
        )
    return day


_DAY_PATTERNS = (
    (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
    (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
)


def parse_day(text: str) -> date | None:
    """«2024-03-12» (a form's date field) or «12.03.2024» (as librarians write it)."""
    for pattern, order in _DAY_PATTERNS:
        match = re.fullmatch(pattern, text)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None
