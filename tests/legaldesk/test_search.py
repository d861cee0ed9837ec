"""Search results as the reference desk shows them: ranked by the index, described by the
database."""

from __future__ import annotations

from legaldesk.index import SearchQuery
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from tests.factories import act_text


def test_hits_carry_act_metadata_and_the_original_checksum(repo: Repository) -> None:
    outcome = repo.ingestor().ingest(RawFile(act_text().encode(), "245.txt"))
    repo.update_index()

    page = search_documents(repo.engine, repo.index, SearchQuery(text="земельный налог"))

    assert page.total == 1
    hit = page.hits[0]
    assert hit.id == outcome.document_id
    assert hit.number == "245-п"
    assert hit.sha256 == outcome.sha256
    assert hit.snippet_html is not None and "<b>" in hit.snippet_html
    assert page.as_json()["hits"][0]["date_adopted"] == "2024-03-12"
