"""What the acts API answers: declared, so the OpenAPI schema promises it and the tests
(schemathesis) hold the answers to it. The fields are the domain's views of an act
(``legaldesk.catalogue``); only what the API adds or reshapes is here. Search answers with
the domain's own ``legaldesk.search.SearchResult``."""

from __future__ import annotations

from dataclasses import dataclass

from legaldesk.catalogue import (
    ActFields,
    ActView,
    ClippingView,
    Identified,
    VersionFields,
    project,
)
from legaldesk.relations.views import ActRelations


@dataclass(frozen=True, kw_only=True)
class VersionOut(VersionFields):
    download: str  # the original file's address on this site


@dataclass(frozen=True, kw_only=True)
class DocumentOut(ActFields, Identified):
    material: str  # act | clipping
    # A press clipping's newspaper or site, issue, date, pages, authors, headline, address;
    # null for an act.
    clipping: ClippingView | None
    territory: str | None
    official_publication: str | None
    source_url: str | None
    rubrics: list[str]  # codes
    versions: list[VersionOut]
    # Its status with what made it so, and its relations: outgoing (what it amends,
    # repeals, suspends, rests on, cites) and incoming, each with the other act's id when
    # the reference resolved to a published act.
    relations: ActRelations


def document_out(view: ActView, relations: ActRelations) -> DocumentOut:
    return project(
        DocumentOut,
        view,
        relations=relations,
        rubrics=[code for code, _name in view.rubrics],
        versions=[
            project(VersionOut, v, download=f"/documents/{view.id}/versions/{v.id}/original")
            for v in view.versions
        ],
    )
