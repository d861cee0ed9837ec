"""What goes into the index and what comes out of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from legaldesk.index.thesaurus import Entry


@dataclass(frozen=True)
class IndexDoc:
    id: int
    title: str
    text: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    level: str
    status: str
    rubrics: tuple[str, ...]
    date_adopted: date | None
    created_at: datetime
    publication: str = "pending"  # legaldesk/publication.py; the public finds "published"
    material: str = "act"  # legaldesk.vocabulary.Material: an act or a press clipping


@dataclass
class SearchQuery:
    text: str = ""
    materials: tuple[str, ...] = ()  # acts, press clippings (legaldesk.vocabulary.Material)
    doc_types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    rubrics: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    # Publication states to search: the public asks for ("published",); () finds every
    # state (staff, the operator's CLI).
    publication: tuple[str, ...] = ()
    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 10
    facets: bool = True
    snippets: bool = True
    # Run the words as typed: no correction of the keyboard layout or of misspelt words
    # (index/spelling.py) — «искать как введено».
    as_typed: bool = False
    # The centre's thesaurus (index/thesaurus.py), applied to the words at query time.
    thesaurus: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Hit:
    id: int
    score: float
    title_html: str | None
    snippet_html: str | None


@dataclass(frozen=True)
class Correction:
    """The query as it was run when it was not run as typed, and why: ``layout`` (typed on
    the English keyboard layout) and/or misspelt ``words`` (as typed, corrected)."""

    text: str
    layout: bool
    words: tuple[tuple[str, str], ...]


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    corrected: Correction | None = None
