"""The CSL-JSON items of a list: the acts of the repository, through the bibliography's
``act_item`` (legaldesk/bibliography/acts.py), with LegalDesk's own keys the grouping and the
catalogue records read; and the other sources a desk answer cites, from their rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from typing import Any

from sqlalchemy.engine import Engine

from legaldesk.catalogue import ActView, act
from legaldesk.models import CitedSource

ActItem = Callable[..., dict[str, Any]]


def _act_item() -> ActItem:
    # Imported when a list is made, not with this module: the bibliography is its own
    # package, and the lists' grouping and exports are tested with items given directly.
    from legaldesk.bibliography.acts import act_item

    return act_item


def own_keys(view: ActView, zone: tzinfo) -> dict[str, Any]:
    """What the lists need of an act beyond CSL: its id, level and kind (grouping), the
    day it was filed in the library's zone (the bulletin shows it) and its rubrics' names
    (the catalogue record's subjects, RIS keywords)."""
    return {
        "legaldesk:id": view.id,
        "legaldesk:level": view.level,
        "legaldesk:doc_type": view.doc_type or "other",
        "legaldesk:filed": view.created_at.astimezone(zone).date().isoformat(),
        "legaldesk:rubrics": [name for _code, name in view.rubrics],
    }


def act_items(
    engine: Engine,
    ids: Iterable[int],
    zone: tzinfo,
    *,
    base_url: str | None = None,
    accessed: date | None = None,
    make: ActItem | None = None,
) -> list[dict[str, Any]]:
    """The items of the acts ``ids`` (acts gone meanwhile are left out). ``make`` turns an
    act's view into its CSL item; the bibliography's ``act_item`` by default."""
    make = make or _act_item()
    out = []
    for document_id in ids:
        view = act(engine, document_id)
        if view is None:
            continue
        item = dict(make(view, base_url=base_url, accessed=accessed))
        item.update(own_keys(view, zone))
        item.setdefault("id", f"legaldesk-{view.id}")
        out.append(item)
    return out


SOURCE_TYPES: dict[str, str] = {
    "newspaper_article": "article-newspaper",
    "website": "webpage",
    "book": "book",
    "other": "document",
}
_AUTHORS = re.compile(r"\s*[;,]\s*(?=[А-ЯЁA-Z])")
_PERSON = re.compile(r"^(?P<family>[^\s.]+)\s+(?P<given>(?:[А-ЯЁA-Z]\.\s?){1,2})$")


def _authors(text: str | None) -> list[dict[str, str]]:
    """The desk's author text as CSL names: «Иванова М. П., Петров А. А.» → two persons
    with family and given names; what does not read as «Фамилия И. О.» stays a literal."""
    if not text or not text.strip():
        return []
    people = []
    for part in _AUTHORS.split(text.strip()):
        part = " ".join(part.split()).rstrip(",;")
        match = _PERSON.match(part)
        if match:
            given = " ".join(match["given"].replace(".", ". ").split())
            people.append({"family": match["family"], "given": given})
        elif part:
            people.append({"literal": part})
    return people


def source_item(source: CitedSource, n: int) -> dict[str, Any]:
    """A source an answer cites (a newspaper article, a website, a book) as a CSL item."""
    item: dict[str, Any] = {
        "id": f"source-{source.id or n}",
        "type": SOURCE_TYPES.get(source.source_type, "document"),
        "title": source.title,
    }
    authors = _authors(source.author)
    if authors:
        item["author"] = authors
    if source.container:
        key = "publisher" if source.source_type == "book" else "container-title"
        item[key] = source.container
    if source.year:
        item["issued"] = {"date-parts": [[source.year]]}
    if source.issue:
        item["issue"] = source.issue
    if source.pages:
        item["page"] = source.pages
    if source.url:
        item["URL"] = source.url
    if source.accessed_on:
        day = source.accessed_on
        item["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
    return item
