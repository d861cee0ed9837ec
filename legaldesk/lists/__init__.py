"""Bibliographic lists: the month's new arrivals (the bulletin), thematic lists, the sources
of an answer — selected (selection.py), grouped and numbered (grouping.py) and written out
(exports/). The descriptions themselves are the bibliography's (GOST R 7.0.100-2018,
legaldesk/bibliography/gost.py): every function here that prints one takes a ``describe``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from legaldesk.lists.exports import ListDocument
from legaldesk.lists.grouping import Describe, Grouping, group

Item = Mapping[str, Any]


def gost_describe() -> Describe:
    """The bibliography's formatter, imported when a list is made (see items._act_item)."""
    from legaldesk.bibliography.gost import describe

    return describe


def careful(describe: Describe) -> Describe:
    """``describe``, but an item it cannot describe (it raises ValueError with the reason)
    is listed by its title with the reason in brackets, not the whole list lost."""

    def wrapped(item: Item) -> str:
        try:
            return describe(item)
        except ValueError as error:
            title = " ".join(str(item.get("title") or "без заглавия").split())
            return f"{title} [описание не составлено: {error}]"

    return wrapped


def describe_items(items: Iterable[Item], describe: Describe | None = None) -> list[str]:
    """The items' descriptions, in order, by the GOST formatter unless another is given."""
    chosen = careful(describe or gost_describe())
    return [chosen(item) for item in items]


def make_list(
    title: str,
    period: str | None,
    items: Iterable[Item],
    describe: Describe,
    grouping: Grouping | None = None,
    compiled: date | None = None,
    compiler: str = "",
) -> ListDocument:
    return ListDocument(
        title=title,
        period=period,
        groups=group(items, careful(describe), grouping or Grouping()),
        compiled=compiled or date.today(),
        compiler=compiler,
    )


__all__ = ["careful", "describe_items", "gost_describe", "make_list"]
