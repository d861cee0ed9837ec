"""What the acts API answers: declared, so the OpenAPI schema promises it and the tests
(schemathesis) hold the answers to it."""

from __future__ import annotations

from datetime import date

import msgspec


class Hit(msgspec.Struct):
    id: int
    score: float
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    issuer: str | None
    level: str
    status: str
    snippet_html: str | None
    sha256: str | None
    filename: str | None


class SearchResult(msgspec.Struct):
    total: int
    offset: int
    limit: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]


class VersionOut(msgspec.Struct):
    id: int
    n: int
    filename: str
    media_type: str
    size: int
    sha256: str
    text_method: str
    source_url: str | None
    download: str


class DocumentOut(msgspec.Struct):
    id: int
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    issuer: str | None
    level: str
    territory: str | None
    status: str
    official_publication: str | None
    source_url: str | None
    rubrics: list[str]
    versions: list[VersionOut]
