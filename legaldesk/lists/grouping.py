"""A bibliographic list's order: its items grouped by level (federal → regional → municipal →
level unknown, then the other sources an answer cites), within a level by kind of act in the
order a reader looks for them (laws before decrees, decrees before decisions and orders…),
within a kind by date (newest first, or oldest) or by alphabet; numbered from 1 straight
through the groups, as a printed list is.

Items are CSL-JSON dicts. What an item is comes from LegalDesk's own keys where the item has
them (``legaldesk:level``, ``legaldesk:doc_type``), else from the CSL variables (``genre``
read with the pipeline's table of type words); an item that is not ``legislation`` is a
source of another kind (an article, a website, a book).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import groupby
from typing import Any

from legaldesk.pipeline.metadata.doctypes import TYPE_WORDS
from legaldesk.vocabulary import DocType, Level

Item = Mapping[str, Any]
Describe = Callable[[Item], str]

OTHER_SOURCES = "sources"  # the section after the acts: what an answer cites besides acts

LEVEL_ORDER: tuple[str, ...] = (
    Level.FEDERAL,
    Level.REGIONAL,
    Level.MUNICIPAL,
    Level.UNKNOWN,
    OTHER_SOURCES,
)
LEVEL_HEADINGS: dict[str, str] = {
    Level.FEDERAL: "Федеральные акты",
    Level.REGIONAL: "Региональные акты",
    Level.MUNICIPAL: "Муниципальные акты",
    Level.UNKNOWN: "Акты, уровень которых не указан",
    OTHER_SOURCES: "Другие источники",
}

# The order a reader looks for acts in: codes and laws, the charter, decrees of a head, then
# the acts of administrations and councils, then what accompanies them.
TYPE_ORDER: tuple[str, ...] = (
    DocType.KODEKS,
    DocType.FEDERALNYI_ZAKON,
    DocType.ZAKON,
    DocType.USTAV,
    DocType.UKAZ,
    DocType.POSTANOVLENIE,
    DocType.RESHENIE,
    DocType.RASPORYAZHENIE,
    DocType.PRIKAZ,
    DocType.POLOZHENIE,
    DocType.PROGRAMMA,
    DocType.PROTOKOL,
    DocType.PISMO,
    DocType.OTHER,
)
TYPE_HEADINGS: dict[str, str] = {
    DocType.KODEKS: "Кодексы",
    DocType.FEDERALNYI_ZAKON: "Федеральные законы",
    DocType.ZAKON: "Законы",
    DocType.USTAV: "Уставы",
    DocType.UKAZ: "Указы",
    DocType.POSTANOVLENIE: "Постановления",
    DocType.RESHENIE: "Решения",
    DocType.RASPORYAZHENIE: "Распоряжения",
    DocType.PRIKAZ: "Приказы",
    DocType.POLOZHENIE: "Положения",
    DocType.PROGRAMMA: "Программы",
    DocType.PROTOKOL: "Протоколы",
    DocType.PISMO: "Письма",
    DocType.OTHER: "Другие документы",
}
# The other sources by CSL type, in the order a list of literature usually gives them.
SOURCE_ORDER: tuple[str, ...] = ("book", "article-newspaper", "article", "webpage", "other")
SOURCE_HEADINGS: dict[str, str] = {
    "book": "Книги",
    "article-newspaper": "Статьи",
    "article": "Статьи",
    "webpage": "Сайты и веб-страницы",
    "other": "Другие материалы",
}


class SortBy(StrEnum):
    DATE = "date"  # by the act's date (issued), newest first unless ``oldest_first``
    ALPHABET = "alphabet"  # by the description as printed


@dataclass(frozen=True)
class Grouping:
    """How a list is ordered. ``by_level`` and ``by_kind`` may be turned off: a short list of
    an answer's sources reads better as one run."""

    by_level: bool = True
    by_kind: bool = True
    sort: SortBy = SortBy.DATE
    oldest_first: bool = False


@dataclass(frozen=True)
class Entry:
    n: int  # the number printed before it, continuous across the groups
    item: Item
    text: str  # the description as given by ``describe``


@dataclass(frozen=True)
class Group:
    """A run of entries under a heading: ``heading`` is the level's («Федеральные акты»),
    None when the list is not grouped by level; ``subheading`` the kind's («Постановления»),
    None when not grouped by kind. A heading is printed where it changes."""

    heading: str | None
    subheading: str | None
    entries: tuple[Entry, ...]


def level_of(item: Item) -> str:
    if item.get("type") != "legislation":
        return OTHER_SOURCES
    level = str(item.get("legaldesk:level") or "")
    return level if level in LEVEL_HEADINGS and level != OTHER_SOURCES else Level.UNKNOWN


_GENRES = tuple((re.compile(w.heading), w.doc_type) for w in TYPE_WORDS)


def kind_of(item: Item) -> str:
    """A DocType code for an act, a CSL type among SOURCE_ORDER for another source."""
    if item.get("type") != "legislation":
        kind = str(item.get("type") or "other")
        return kind if kind in SOURCE_HEADINGS else "other"
    given = str(item.get("legaldesk:doc_type") or "")
    if given in TYPE_HEADINGS:
        return given
    genre = " ".join(str(item.get("genre") or "").lower().replace("ё", "е").split())
    for pattern, doc_type in _GENRES:
        if pattern.fullmatch(genre):
            return doc_type
    return DocType.OTHER


def issued(item: Item) -> date | None:
    """The item's CSL ``issued`` date; a year alone counts as its 1 January, a month as its
    first day. None when absent or not a date."""
    try:
        parts = item["issued"]["date-parts"][0]
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def alphabet_key(text: str) -> str:
    """Russian alphabetical order as a librarian files cards: case and ё set aside, the
    quotes and brackets a description may open with skipped."""
    return text.casefold().replace("ё", "е").lstrip(" «\"'[(")


def group(
    items: Iterable[Item], describe: Describe, grouping: Grouping = Grouping()
) -> list[Group]:
    described = [(item, describe(item)) for item in items]

    def order(pair: tuple[Item, str]) -> tuple[Any, ...]:
        item, text = pair
        level = LEVEL_ORDER.index(level_of(item)) if grouping.by_level else 0
        kind = kind_of(item)
        if not grouping.by_kind:
            rank = 0
        elif kind in TYPE_ORDER:
            rank = TYPE_ORDER.index(kind)
        else:
            rank = len(TYPE_ORDER) + SOURCE_ORDER.index(kind)
        if grouping.sort == SortBy.ALPHABET:
            return (level, rank, alphabet_key(text))
        when = issued(item)
        # Undated items go last either way; among dated ones newest first unless asked.
        ordinal = when.toordinal() if when else 0
        dated = 0 if when else 1
        return (
            level,
            rank,
            dated,
            ordinal if grouping.oldest_first else -ordinal,
            alphabet_key(text),
        )

    ordered = sorted(described, key=order)
    groups: list[Group] = []
    n = 0
    for (heading, subheading), run in groupby(ordered, key=lambda p: _headings(p[0], grouping)):
        entries = []
        for item, text in run:
            n += 1
            entries.append(Entry(n, item, text))
        groups.append(Group(heading, subheading, tuple(entries)))
    return groups


def _headings(item: Item, grouping: Grouping) -> tuple[str | None, str | None]:
    level = level_of(item)
    heading = LEVEL_HEADINGS[level] if grouping.by_level else None
    if not grouping.by_kind:
        return heading, None
    kind = kind_of(item)
    sub = TYPE_HEADINGS.get(kind) or SOURCE_HEADINGS.get(kind, SOURCE_HEADINGS["other"])
    return heading, sub


def count(groups: Iterable[Group]) -> int:
    return sum(len(g.entries) for g in groups)
