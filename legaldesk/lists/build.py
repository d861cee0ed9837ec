"""One list made from what a librarian asks (the CLI and the staff page share it): its kind,
period, words and rubric, grouping — selected, turned into items, described and grouped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from legaldesk.catalogue import rubric_names
from legaldesk.lists import gost_describe, make_list
from legaldesk.lists.exports import ListDocument
from legaldesk.lists.grouping import Describe, Grouping
from legaldesk.lists.items import ActItem, act_items, source_item
from legaldesk.lists.period import Period
from legaldesk.lists.selection import (
    DateBasis,
    SelectionError,
    Theme,
    answer_sources,
    filed_in,
    thematic,
)
from legaldesk.models import DeskRequest
from legaldesk.publication import PUBLIC
from legaldesk.repository import Repository


class Kind(StrEnum):
    NEW = "new"  # new arrivals: filed in the period
    THEME = "theme"  # a query and/or a rubric, in a period by one of the dates
    ANSWER = "answer"  # the sources an answer cites


@dataclass(frozen=True)
class ListSpec:
    kind: Kind
    period: Period | None = None
    query: str = ""
    rubric: str | None = None
    basis: DateBasis = DateBasis.ADOPTED
    request_id: int | None = None
    grouping: Grouping = field(default_factory=Grouping)
    published_only: bool = False  # what the public may take away: published acts alone


def title_of(repo: Repository, spec: ListSpec) -> str:
    if spec.kind == Kind.NEW:
        return "Новые поступления"
    if spec.kind == Kind.ANSWER:
        with Session(repo.engine) as session:
            request = session.get(DeskRequest, spec.request_id or 0)
        code = request.code if request else spec.request_id
        return f"Список источников к ответу на запрос № {code}"
    about = []
    if spec.query.strip():
        about.append(f"«{' '.join(spec.query.split())}»")
    if spec.rubric:
        about.append(f"рубрика «{rubric_names(repo.engine).get(spec.rubric, spec.rubric)}»")
    return "Тематический список: " + ", ".join(about)


def period_text(spec: ListSpec) -> str | None:
    if spec.period is None:
        return None
    text = spec.period.text()
    if spec.kind == Kind.THEME:
        basis = "по дате принятия" if spec.basis == DateBasis.ADOPTED else "по дате поступления"
        return f"{text} ({basis})"
    return text


def items_of(
    repo: Repository, spec: ListSpec, make_item: ActItem | None = None
) -> list[dict[str, Any]]:
    zone = repo.settings.zone
    states = PUBLIC if spec.published_only else None
    base_url = repo.settings.public_url.rstrip("/") or None
    sources: list[dict[str, Any]] = []
    if spec.kind == Kind.NEW:
        if spec.period is None:
            raise SelectionError("для списка новых поступлений нужен период")
        ids = filed_in(repo.engine, spec.period, zone, states)
    elif spec.kind == Kind.THEME:
        theme = Theme(spec.query, spec.rubric, spec.period, spec.basis, states)
        ids = thematic(repo.engine, repo.index, theme, zone)
    else:
        if spec.request_id is None:
            raise SelectionError("нужен номер запроса")
        with Session(repo.engine) as session:
            if session.get(DeskRequest, spec.request_id) is None:
                raise SelectionError(f"нет запроса {spec.request_id}")
        found = answer_sources(repo.engine, spec.request_id)
        ids = found.act_ids
        sources = [source_item(s, n) for n, s in enumerate(found.sources, start=1)]
    acts = act_items(repo.engine, ids, zone, base_url=base_url, accessed=date.today(),
                     make=make_item)  # fmt: skip
    return acts + sources


def build(
    repo: Repository,
    spec: ListSpec,
    describe: Describe | None = None,
    make_item: ActItem | None = None,
) -> ListDocument:
    """The list ``spec`` asks for. ``describe`` and ``make_item`` default to the
    bibliography's GOST formatter and act items."""
    items = items_of(repo, spec, make_item)
    return make_list(
        title_of(repo, spec),
        period_text(spec),
        items,
        describe or gost_describe(),
        spec.grouping,
        compiler=repo.settings.library_name,
    )
