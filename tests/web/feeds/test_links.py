"""The pages offer their feeds: the search page the feed of its own search, visibly and in
its head, the new-acts page the feed of new acts. Page markup, not database work: SQLite
alone."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from litestar.testing import TestClient
from selectolax.lexbor import LexborHTMLParser

from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.factories import act_text, docx_bytes
from tests.web.indexing import indexing
from tests.web.sessions import Client

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def client(repo: Repository) -> Iterator[Client]:
    repo.init()
    raw = RawFile(docx_bytes(act_text()), "245.docx", Hints(rubrics=("budget_taxes",)))
    outcome = repo.ingestor("test").ingest(raw)
    assert outcome.document_id is not None
    with TestClient(indexing(create_app(repo))) as test_client:
        yield test_client


def feeds_in_head(html: str) -> list[str]:
    head = LexborHTMLParser(html).css("head link[rel=alternate][type='application/atom+xml']")
    return [node.attributes.get("href") or "" for node in head]


def test_the_search_page_offers_the_feed_of_its_own_search(client: Client) -> None:
    search = {"q": "земельный налог", "rubric": "budget_taxes", "type": "postanovlenie"}
    page = client.get("/search", params={**search, "sort": "date_desc", "page": "1"})

    tree = LexborHTMLParser(page.text)
    visible = [a for a in tree.css("main a") if a.text(strip=True) == "Лента Atom по этому поиску"]
    assert len(visible) == 1 and "Найден 1 акт." in page.text
    href = visible[0].attributes.get("href") or ""
    assert urlsplit(href).path == "/new.atom"
    assert parse_qs(urlsplit(href).query) == {k: [v] for k, v in search.items()}
    assert href in feeds_in_head(page.text)
    assert "/new.atom" in feeds_in_head(page.text)  # and the feed of all new acts beside it

    feed = client.get(href)  # the link leads to the feed of that search
    assert feed.status_code == 200 and feed.content.count(b"<entry>") == 1


def test_the_search_page_without_words_offers_the_plain_feed(client: Client) -> None:
    tree = LexborHTMLParser(client.get("/search").text)

    links = [a.attributes.get("href") for a in tree.css("p.follow-search a")]
    assert links == ["/new.atom"]


def test_the_link_speaks_the_readers_language(client: Client) -> None:
    page = client.get("/search", params={"q": "налог"}, headers={"Accept-Language": "en"})

    assert "Atom feed of this search" in page.text


def test_the_new_acts_page_has_its_feed_in_the_head(client: Client) -> None:
    assert feeds_in_head(client.get("/new").text) == ["/new.atom"]
