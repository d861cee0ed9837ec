"""The issue's own case: a deputy subscribed to «жилищно-коммунальное хозяйство» is told,
after a harvest of a municipal website served over real HTTP, of exactly the new acts the
words find — each once, however many harvests follow — and the digest names them."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from legaldesk import thesaurus
from legaldesk.harvesters.config import load_sources
from legaldesk.harvesters.runner import Harvester
from legaldesk.harvesters.store import get_source, save_source
from legaldesk.index import SearchQuery
from legaldesk.index.query import build_query
from legaldesk.models import Document, SubscriptionItem
from legaldesk.publication import PUBLIC
from legaldesk.repository import Repository
from legaldesk.subscriptions import digests
from legaldesk.synth.webserver import Site, serve
from legaldesk.synth.website import build_site
from tests.legaldesk.subscriptions.conftest import LINKS, deputy

REPO = Path(__file__).resolve().parents[3]
SOURCES = REPO / "data" / "sources" / "demo-site.toml"
HOUSING = "жилищно-коммунальное хозяйство"


def harvest(repo: Repository, site: Site) -> None:
    for name in ("demo-postanovleniya", "demo-resheniya"):
        config = next(c for c in load_sources(SOURCES) if c.name == name)
        data = config.to_json()
        path = data["start_urls"][0].split("8642", 1)[1]
        data["start_urls"] = [site.url(path)]
        save_source(repo.engine, type(config).model_validate(data))
        policy = repo.settings.fetch_policy.allowing(site.url("/").split("/")[2])
        report = Harvester(repo, get_source(repo.engine, name), policy=policy).run()
        assert report.status == "ok", report.errors
    repo.update_index()


def told(repo: Repository) -> list[tuple[int, str]]:
    with Session(repo.engine) as session:
        rows = session.exec(select(SubscriptionItem).order_by(SubscriptionItem.id)).all()  # type: ignore[arg-type]
        return [(i.document_id, i.reason) for i in rows]


def found_by_the_search_index(repo: Repository) -> set[int]:
    """What the words find among the public acts of the repository's own index, by the
    search's strict query: the answer the consumer must give, computed the other way
    (the whole index, one query, no batches, no grouping of profiles)."""
    repo.index.refresh()
    searcher = repo.index.raw_index.searcher()
    query = SearchQuery(text=HOUSING, publication=PUBLIC, thesaurus=thesaurus.entries(repo.engine))
    match = build_query(repo.index.schema, query, searcher, strict=True).match
    hits = searcher.search(match, 1000, count=False).hits
    return {searcher.doc(address)["id"][0] for _, address in hits}


def test_after_a_harvest_the_deputy_is_told_of_exactly_the_matching_acts_once(
    repo: Repository, tmp_path: Path
) -> None:
    repo.init()
    subscriber = deputy(repo)
    build_site(tmp_path / "site", count=40, seed=7, formats=("docx",), npa=0)

    with serve(Site.from_directory(tmp_path / "site")) as site:
        harvest(repo, site)
        first = told(repo)
        expected = found_by_the_search_index(repo)
        harvest(repo, site)  # the same site again: nothing is new

    assert len(expected) >= 2, "the generated site should hold acts on housing and utilities"
    with Session(repo.engine) as session:
        filed = len(session.exec(select(Document.id)).all())
    assert len(expected) < filed, "and acts on other subjects"
    assert sorted(first) == sorted((d, "new") for d in expected)
    assert told(repo) == first
    sent = digests.send_due(repo.engine, LINKS, str)
    assert [(s.subscriber_id, s.items) for s in sent] == [(subscriber, len(expected))]
