"""The one formatter: a CSL-JSON item → its bibliographic description to GOST R 7.0.100-2018.

A description is built from areas joined by the area separator «. – » (an en dash); a
component part (an act or an article in a newspaper, a page of a site) is the description of
the part, then « // », then the host's. Inside an area the prescribed marks are « : » before
other title information, « / » before the statement of responsibility, « ; » between groups
of responsibility, « , » between names; supplied information is in square brackets. A full
stop that ends an element (an abbreviation, «[и др.].») is not doubled by the separator.
docs/bibliography.md lists the rules, the CSL mapping and the choices the standard leaves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from legaldesk.bibliography import csl
from legaldesk.bibliography.csl import Date, DescriptionError, Name
from legaldesk.bibliography.names import genitive

__all__ = ["DescriptionError", "describe"]

DASH = "–"  # the en dash of «. – »
AREA = f". {DASH} "
PRINT = "Текст : непосредственный"
ONLINE = "Текст : электронный"

# Months in the genitive as a date of issue writes them, abbreviated as GOST R 7.0.12-2011
# abbreviates them (март, май, июнь, июль are not abbreviated).
MONTHS = (
    "янв.",
    "февр.",
    "марта",
    "апр.",
    "мая",
    "июня",
    "июля",
    "авг.",
    "сент.",
    "окт.",
    "нояб.",
    "дек.",
)
# A host named without saying it is a site gets «[сайт]» (supplied, so in brackets), as in
# the standard's «Газета.ru : [сайт]».
_SITE_WORDS_RE = re.compile(r"сайт|портал", re.IGNORECASE)
_FEDERATION = "российская федерация"
_ARTICLE_RE = re.compile(r"^\s*ст(?:атья)?\.?\s*(\S.*)$", re.IGNORECASE)
_PAGE_RE = re.compile(r"^\s*(?:с(?:тр)?\.?\s*)?(\S.*)$", re.IGNORECASE)
_NUMBER_SIGN_RE = re.compile(r"^\s*(?:№|N|No\.?)\s*", re.IGNORECASE)
_QUOTED_RE = re.compile(r"^[«\"“](.*)[»\"”]$")


def describe(item: Mapping[str, Any]) -> str:
    """The description of one CSL-JSON item, one line; DescriptionError says why not."""
    data = csl.checked(item)
    kind = data["type"]
    head = _title_area(_act_title(data), []) if kind == "legislation" else _authored_head(data)
    if kind == "periodical":
        return _periodical(data, head)
    container = csl.text(data, "container-title")
    if container:
        return _component(data, head, container)
    return _separate(data, head)


# --- the part described --------------------------------------------------------------------


def _act_title(item: Mapping[str, Any]) -> tuple[str, list[str]]:
    """An act's title and its other title information: «постановление администрации … от
    12.03.2024 № 312», the revision it is in, the statements of its adoption."""
    genre = csl.text(item, "genre")
    if not genre:
        raise DescriptionError("не указан вид акта (genre): постановление, решение, закон …")
    phrase = genre
    authority = csl.text(item, "authority")
    # The issuer is named after a one-word kind («постановление администрации …»); a kind of
    # several words names it already («Федеральный закон», «Закон Волжского края»).
    if authority and " " not in genre and authority.lower() != _FEDERATION:
        phrase += " " + genitive(authority, csl.extra(item, "authority-genitive"))
    issued = csl.date_of(item, "issued")
    if issued is not None and issued.day is not None and issued.month is not None:
        phrase += f" от {issued.day:02d}.{issued.month:02d}.{issued.year}"
    number = csl.text(item, "number")
    if number:
        phrase += " № " + _NUMBER_SIGN_RE.sub("", number)
    others = [phrase]
    revision = csl.extra(item, "revision")
    if revision:
        others.append(revision)
    adopted = csl.extra(item, "adopted")
    if adopted:
        others.append(adopted if adopted.startswith("[") else f"[{adopted}]")
    title = _clean_title(csl.text(item, "title"))
    if not title:
        # An act without a title is named by what it is, supplied, so in brackets.
        return f"[{phrase[:1].upper()}{phrase[1:]}]", others[1:]
    return title, others


def _authored_head(item: Mapping[str, Any]) -> str:
    """«Фамилия, И. О. Заглавие / И. О. Фамилия, И. О. Фамилия» for one to three authors,
    «Заглавие / И. О. Фамилия, И. О. Фамилия, И. О. Фамилия [и др.]» for four and more, the
    title alone for an unsigned work."""
    title = _clean_title(csl.text(item, "title"))
    if not title:
        raise DescriptionError("нет заглавия (title)")
    authors = csl.names(item, "author")
    heading = ""
    if 1 <= len(authors) <= 3 and authors[0].family and not authors[0].literal:
        heading = _inverted(authors[0]) + " "
    shown = authors if len(authors) <= 3 else authors[:3]
    statement = ", ".join(_direct(a) for a in shown)
    if len(authors) > 3:
        statement += " [и др.]"
    return heading + _title_area((title, []), [statement] if statement else [])


def _title_area(title: tuple[str, list[str]], responsibility: list[str]) -> str:
    main, others = title
    area = main
    for other in others:
        area += " : " + other
    if responsibility:
        area += " / " + " ; ".join(responsibility)
    return area


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    quoted = _QUOTED_RE.match(title)
    if quoted and "«" not in quoted.group(1) and "»" not in quoted.group(1):
        title = quoted.group(1).strip()
    title = title.rstrip(" .")  # the separator that follows brings the full stop
    return title or None


def _initials(given: str | None) -> str:
    if not given:
        return ""
    out = []
    for word in re.split(r"[\s.]+", given):
        if not word:
            continue
        out.append("-".join(part[:1].upper() + "." for part in word.split("-") if part))
    return " ".join(out)


def _inverted(name: Name) -> str:
    initials = _initials(name.given)
    return f"{name.family}, {initials}" if initials else f"{name.family}"


def _direct(name: Name) -> str:
    if name.literal:
        return name.literal
    initials = _initials(name.given)
    return f"{initials} {name.family}" if initials else f"{name.family}"


# --- the forms of a description ------------------------------------------------------------


def _electronic(item: Mapping[str, Any]) -> bool:
    medium = csl.text(item, "medium") or ""
    return bool(csl.text(item, "URL")) or "электрон" in medium.lower()


def _component(item: Mapping[str, Any], head: str, container: str) -> str:
    """«Часть. – Текст : непосредственный // Газета. – 2024. – 15 марта. – № 11. – С. 3.»"""
    electronic = _electronic(item)
    host = _host_name(container, online=bool(csl.text(item, "URL")))
    areas = [host]
    when = _publication_date(item)
    if when is not None:
        areas.append(str(when.year))
        if when.day is not None and when.month is not None:
            areas.append(f"{when.day} {MONTHS[when.month - 1]}")
    numbering = _numbering(item)
    if numbering:
        areas.append(numbering)
    location = _location(item)
    if location:
        areas.append(location)
    online = _online(item)
    if online:
        areas.append(online)
    part = _join([head, ONLINE if electronic else PRINT])
    return _end(part + " // " + _join(areas))


def _separate(item: Mapping[str, Any], head: str) -> str:
    """A separate edition or a resource of its own: the content type comes last, as in the
    standard's «… – URL: http://government.ru (дата обращения: 19.02.2018). – Текст :
    электронный.»"""
    areas = [head]
    edition = csl.text(item, "edition")
    if edition:
        areas.append(f"{edition}-е изд." if edition.isdigit() else edition)
    publication = _publication_area(item)
    if publication:
        areas.append(publication)
    pages = csl.text(item, "number-of-pages")
    if pages:
        areas.append(f"{pages} с." if pages.isdigit() else pages)
    series = csl.text(item, "collection-title")
    if series:
        number = csl.text(item, "collection-number")
        areas.append(f"({series}{' ; ' + number if number else ''})")
    isbn = csl.text(item, "ISBN")
    if isbn:
        areas.append(f"ISBN {isbn}")
    online = _online(item)
    if online:
        areas.append(online)
    areas.append(ONLINE if _electronic(item) else PRINT)
    return _end(_join(areas))


def _periodical(item: Mapping[str, Any], head: str) -> str:
    """One issue of a newspaper, a bulletin or a collection: «Вестник … – 2024. – 15 марта.
    – № 5. – Ольховка : Администрация …, 2024. – 48 с. – Текст : непосредственный.»"""
    areas = [head]
    when = csl.date_of(item, "issued")
    if when is not None:
        areas.append(str(when.year))
        if when.day is not None and when.month is not None:
            areas.append(f"{when.day} {MONTHS[when.month - 1]}")
    numbering = _numbering(item)
    if not numbering and when is None:
        raise DescriptionError("у выпуска нет ни номера (issue), ни даты (issued)")
    if numbering:
        areas.append(numbering)
    publication = _publication_area(item)
    if publication:
        areas.append(publication)
    pages = csl.text(item, "number-of-pages")
    if pages:
        areas.append(f"{pages} с." if pages.isdigit() else pages)
    online = _online(item)
    if online:
        areas.append(online)
    areas.append(ONLINE if _electronic(item) else PRINT)
    return _end(_join(areas))


# --- elements ------------------------------------------------------------------------------


def _host_name(container: str, *, online: bool) -> str:
    name = _clean_title(container) or container
    if online and not _SITE_WORDS_RE.search(name):
        return name + " : [сайт]"
    return name


def _publication_date(item: Mapping[str, Any]) -> Date | None:
    """When the host printed or posted the part: an act's ``issued`` is the date of the
    act itself, so its publication's date is ``available-date``."""
    if item.get("type") == "legislation":
        return csl.date_of(item, "available-date")
    return csl.date_of(item, "issued")


def _numbering(item: Mapping[str, Any]) -> str | None:
    volume = csl.text(item, "volume")
    issue = csl.text(item, "issue")
    parts = []
    if volume:
        parts.append(f"Т. {volume}")
    if issue:
        parts.append("№ " + _NUMBER_SIGN_RE.sub("", issue))
    return ", ".join(parts) or None


def _location(item: Mapping[str, Any]) -> str | None:
    """«С. 3», «С. 3–4»; an article of a collection of legislation, «Ст. 6928»."""
    page = csl.text(item, "page")
    if not page:
        return None
    article = _ARTICLE_RE.match(page)
    if article and not page.lower().startswith("стр"):
        return "Ст. " + article.group(1)
    match = _PAGE_RE.match(page)
    value = match.group(1) if match else page
    return "С. " + re.sub(r"\s*[-–—]\s*", "–", value)


def _publication_area(item: Mapping[str, Any]) -> str | None:
    """«Москва : Проспект, 2017»; a site's place alone, «Москва». An act's or an issue's
    area is given only when its place or publisher is: an act's own date is no year of
    publication, and an issue's year stands in its numbering already."""
    place = csl.text(item, "publisher-place")
    publisher = csl.text(item, "publisher")
    kind = item.get("type")
    if kind in ("legislation", "periodical") and not (place or publisher):
        return None
    when = _publication_date(item)
    area = place or ""
    if publisher:
        area += (" : " if area else "") + publisher
    if when is not None:
        area += (", " if area else "") + str(when.year)
    return area or None


def _online(item: Mapping[str, Any]) -> str | None:
    url = csl.text(item, "URL")
    if not url:
        return None
    if re.search(r"\s", url):
        raise DescriptionError("в адресе (URL) есть пробелы")
    accessed = csl.date_of(item, "accessed")
    if accessed is None or accessed.as_date() is None:
        raise DescriptionError("для электронного ресурса нужна полная дата обращения (accessed)")
    return f"URL: {url} (дата обращения: {accessed.day:02d}.{accessed.month:02d}.{accessed.year})"


def _join(areas: list[str]) -> str:
    """Areas joined by «. – », a full stop that ends an area not doubled."""
    out = areas[0]
    for area in areas[1:]:
        out += (f" {DASH} " if out.endswith(".") else AREA) + area
    return out


def _end(description: str) -> str:
    return description if description.endswith(".") else description + "."
