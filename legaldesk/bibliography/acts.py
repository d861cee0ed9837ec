"""The CSL-JSON item for an act of the repository, for the one formatter to describe.

Which publication the description names, in this order:
1. the official print publication, when the act's ``official_publication`` text reads as a
   newspaper or bulletin with its issue («газета «Ольховская новь» от 15.03.2024 № 11,
   с. 3»): a component part of that issue, «Текст : непосредственный»;
2. else, with ``base_url``, the repository's own copy online at base_url/documents/{id}: an
   electronic resource of its own with its URL and date of access;
3. else the repository's file copy as a document of its own, «Текст : электронный».
A publication text that does not read so (the legal portal's «номер опубликования …», a
bare «опубликовано на сайте») is not guessed into an issue: the act falls to 2 or 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from legaldesk.actnumber import clean_number
from legaldesk.bibliography.names import genitive as to_genitive
from legaldesk.catalogue import ActView
from legaldesk.pipeline.metadata.dates import iter_dates
from legaldesk.pipeline.metadata.issuers import subject_in
from legaldesk.vocabulary import DOC_TYPE_LABELS_RU

# Kinds whose name says the issuer («Федеральный закон») or is written with a capital.
_GENRES = {"federalnyi_zakon": "Федеральный закон", "kodeks": "Кодекс"}
_MAX_PUBLICATION = 1000  # characters of the publication text read

_QUOTED_NAME_RE = re.compile(r"«([^«»]{2,200})»|\"([^\"]{2,200})\"|“([^“”]{2,200})”")
_ISSUE_RE = re.compile(r"(?:№|(?<![A-Za-z])N)\s*([0-9][0-9A-Za-zА-Яа-я/()\-–]{0,20})")
_PAGE_RE = re.compile(r"(?<![а-яё])(?:с|стр)\.\s*(\d{1,5}(?:\s*[-–]\s*\d{1,5})?)", re.IGNORECASE)
_ARTICLE_RE = re.compile(r"(?<![а-яё])ст\.\s*(\d{1,6})", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_LEADING_NAME_RE = re.compile(r"^\s*(?:опубликован[оа]?\s+в\s+)?([^,\d№«»\"]{3,200}?)\s*[,.]")


@dataclass(frozen=True)
class PrintPublication:
    """An act's print publication as read from its text."""

    container: str
    issue: str | None
    page: str | None
    day: date | None
    year: int


def read_publication(text: str | None) -> PrintPublication | None:
    """The newspaper or bulletin, issue, date and page an official publication text names;
    None unless it names a title and a year and either an issue or a full date."""
    if not text:
        return None
    text = " ".join(text[:_MAX_PUBLICATION].split())
    quoted = _QUOTED_NAME_RE.search(text)
    if quoted:
        name = next(g for g in quoted.groups() if g)
    else:
        leading = _LEADING_NAME_RE.match(text)
        if leading is None:
            return None
        name = leading.group(1)
    name = re.sub(r"^(?:газет[аеы]|бюллетен[ьея]|сборник[еа]?)\s+", "", name.strip(), flags=re.I)
    if not name or re.search(r"портал|сайт|pravo\.gov", name, re.IGNORECASE):
        return None
    # The date readers skip a date in brackets (in an act's text that is a reference's);
    # here «№ 11 (15.03.2024)» is the issue's date.
    dates = [d for _s, _e, d in iter_dates(re.sub(r"[()]", " ", text))]
    day = dates[0] if dates else None
    year = day.year if day else None
    if year is None:
        found = _YEAR_RE.search(text)
        year = int(found.group(1)) if found else None
    issue_match = _ISSUE_RE.search(text)
    issue = issue_match.group(1).rstrip("-–") if issue_match else None
    if year is None or (issue is None and day is None):
        return None
    page: str | None = None
    article = _ARTICLE_RE.search(text)
    page_match = _PAGE_RE.search(text)
    if article:
        page = f"ст. {article.group(1)}"
    elif page_match:
        page = page_match.group(1).replace(" ", "")
    return PrintPublication(name.strip(" ,.;"), issue, page, day, year)


def _genre(view: ActView) -> tuple[str, str | None]:
    """The act's kind as the description names it, and the authority to add after it
    (None when the kind names it already)."""
    code = view.doc_type or "other"
    if code in _GENRES:
        return _GENRES[code], None
    if code == "zakon":
        subject = subject_in(view.issuer or "")
        if subject and subject != "Российская Федерация":
            return "Закон " + to_genitive(subject), None
        # A legislature's name ends with its subject in the genitive already: «Законодательное
        # Собрание Энской области» (a subject the table does not know, as in the demo).
        tail = re.search(r"(\w+(?:ой|ого)\s+(?:области|края|округа))$", view.issuer or "")
        if tail:
            return "Закон " + tail.group(1), None
        return "Закон", None
    label = DOC_TYPE_LABELS_RU.get(code, "Документ")
    return label.lower(), view.issuer


def _date_parts(day: date) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def act_item(
    view: ActView,
    *,
    genitive: str | None = None,
    accessed: date | None = None,
    base_url: str | None = None,
) -> dict[str, Any]:
    """The CSL-JSON item describing ``view``; ``genitive`` is the authority file's stored
    spelling of the issuer in the genitive, which wins over pymorphy3's."""
    genre, authority = _genre(view)
    item: dict[str, Any] = {"id": f"legaldesk-{view.id}", "type": "legislation", "genre": genre}
    if view.title:
        item["title"] = view.title
    if authority:
        item["authority"] = authority
    if view.number:
        item["number"] = clean_number(view.number)
    if view.date_adopted:
        item["issued"] = _date_parts(view.date_adopted)
    notes = []
    if genitive and authority:
        notes.append(f"authority-genitive: {genitive}")
    printed = read_publication(view.official_publication)
    if printed is not None:
        item["container-title"] = printed.container
        if printed.issue:
            item["issue"] = printed.issue
        if printed.page:
            item["page"] = printed.page
        item["available-date"] = (
            _date_parts(printed.day) if printed.day else {"date-parts": [[printed.year]]}
        )
    elif base_url:
        item["URL"] = f"{base_url.rstrip('/')}/documents/{view.id}"
        item["accessed"] = _date_parts(accessed or date.today())
    else:
        item["medium"] = "электронный"  # the repository's file copy
    if notes:
        item["note"] = "\n".join(notes)
    return item
