"""What the lists' tests stand in for the bibliography (legaldesk/bibliography/, written
apart): a description that is the title, and an act's item with its plain CSL variables.
The lists must order, number and write whatever they are given; the GOST text is tested
with the formatter."""

from __future__ import annotations

from datetime import date
from typing import Any

from legaldesk.catalogue import ActView
from legaldesk.vocabulary import DOC_TYPE_LABELS_RU


def title(item: Any) -> str:
    return str(item.get("title") or "")


def plain_item(view: ActView, *, base_url: str | None = None, accessed: date | None = None,
               ) -> dict[str, Any]:  # fmt: skip
    item: dict[str, Any] = {
        "type": "legislation",
        "title": view.title or "",
        "genre": DOC_TYPE_LABELS_RU.get(view.doc_type or "other", "").lower(),
        "number": view.number,
        "authority": view.issuer,
    }
    if view.date_adopted:
        d = view.date_adopted
        item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    if base_url:
        item["URL"] = f"{base_url}/documents/{view.id}"
    return item


def act(
    title: str,
    level: str,
    doc_type: str,
    adopted: tuple[int, ...] | None,
    **more: Any,
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": "legislation",
        "title": title,
        "legaldesk:level": level,
        "legaldesk:doc_type": doc_type,
    }
    if adopted:
        item["issued"] = {"date-parts": [list(adopted)]}
    item.update(more)
    return item
