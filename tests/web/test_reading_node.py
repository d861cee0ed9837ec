"""A reading node's web service (LEGALDESK_PRIMARY_URL set; web/reading.py): every public
reading page answers from a read-only database, everything else is sent to the primary.
The read-only database is the test's own, opened read-only by the node: a page that tried
to write would fail here as it would on a standby."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from prometheus_client import generate_latest

from legaldesk import changes, publication
from legaldesk.config import Settings
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from legaldesk.web.auth.guard import is_guarded
from legaldesk.web.reading import READS, served_here
from tests.web.sessions import Client, log_in

PRIMARY = "https://pravo.example.ru"
# What the route table and the middleware decide is the same on either database; the
# pages' own queries meet PostgreSQL's read-only transactions in the test of the pages.
ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
EXAMPLES = {
    "document_id": "1",
    "version_id": "1",
    "external_id": "1",
    "entry_id": "1",
    "code": "ru",
    "file_path": "style.css",
}
# What each reading page answers on the fixture's data: an act, no question–answer entry,
# no act outside the collection.
ANSWERS = {
    "/acts/outside/{external_id}": 404,
    "/qa/{entry_id}": 404,
    "/api/v1/qa/{entry_id}": 404,
    "/lang/{code}": 302,
    "/metrics": 403,  # to the test client, which is not this machine: scraped below
}
QUERIES = {"/search": "?q=земельный+налог", "/api/v1/search": "?q=земельный+налог"}


@pytest.fixture
def node(app: Litestar, tmp_path: Path) -> Iterator[Litestar]:
    """Node 2 on the staff application's database, with its own data directory and index."""
    primary: Repository = app.state.repo
    publication.publish(primary.engine, [1], "test")  # filed for review; public now
    settings = primary.settings
    reader = Repository(
        Settings(
            data_dir=tmp_path / "node2",
            database_url=settings.resolved_database_url,
            primary_url=PRIMARY,
            index_consumer="index@node2",
            ready_max_lag=1,
            ocr=False,
        )
    )
    reader.update_index()
    yield create_app(reader)
    reader.close()


@pytest.fixture
def reader(node: Litestar) -> Iterator[Client]:
    with TestClient(node, base_url="http://node2.example") as test_client:
        yield test_client


def filled(path: str) -> str:
    """A path of the route template ``path``: the fixture's objects where named, else 1
    (a valid value of every parameter's type)."""
    return re.sub(r"\{(\w+)\}", lambda m: EXAMPLES.get(m[1], "1"), path)


def routes(app: Litestar) -> list[tuple[str, str]]:
    """(method, route template) of every route, OPTIONS aside (Litestar's own)."""
    return [
        (method, route.path_format)
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        for method in getattr(handler, "http_methods", ())
        if method != "OPTIONS"
    ]


def test_public_pages_answer_from_a_read_only_database(
    app: Litestar, node: Litestar, reader: Client
) -> None:
    for path in sorted(READS):
        response = reader.get(filled(path) + QUERIES.get(path, ""), follow_redirects=False)
        assert response.status_code == ANSWERS.get(path, 200), (path, response.text[:300])
    found = reader.get("/api/v1/search", params={"q": "земельный налог"}).json()
    assert [hit["id"] for hit in found["hits"]] == [1]  # from the node's own index
    # The primary's followers (one stalled here) are the primary's nodes' to report.
    changes.register(app.state.repo.engine, "stalled")
    ready = reader.get("/readyz").json()
    assert ready["status"] == "ready", ready
    assert ready["lag"]["index@node2"] == 0 and ready["lag"]["stalled"] >= 1
    scraped = generate_latest(node.state.metrics.scrape_registry()).decode()
    assert 'legaldesk_change_log_lag_changes{consumer="index@node2"} 0.0' in scraped
    assert "legaldesk_database_up 1.0" in scraped


@ON_SQLITE
def test_reading_routes_are_public_gets_and_everything_else_goes_to_the_primary(
    node: Litestar, reader: Client
) -> None:
    table: dict[str, set[str]] = {}
    for route in node.routes:
        for handler in getattr(route, "route_handlers", []):
            assert not (route.path_format in READS and is_guarded(handler)), route.path
            table.setdefault(route.path_format, set()).update(getattr(handler, "http_methods", ()))
    assert READS - set(table) == set()  # no entry names a route that is gone
    assert {m for path in READS for m in table[path]} <= {"GET", "HEAD", "OPTIONS"}
    sent = 0
    for method, path in routes(node):
        if served_here(method, path):
            continue
        target = filled(path)
        response = reader.request(method, target + "?next=%2Fstaff", follow_redirects=False)
        assert response.status_code == 307, (method, path)
        assert response.headers["location"] == PRIMARY + target + "?next=%2Fstaff"
        sent += 1
    assert sent > 100  # staff pages, forms, signing in, residents' and subscribers' pages


@ON_SQLITE
def test_a_librarian_signed_in_on_the_primary_reads_here_as_anyone(
    app: Litestar, client: Client, reader: Client
) -> None:
    assert log_in(client, "librarian") == 302
    reader.cookies.update(client.cookies)  # one site behind one load balancer

    page = reader.get("/documents/1")

    assert page.status_code == 200
    assert "/staff/subscriptions/follow/1" not in page.text  # a staff form; not here
    assert "set-cookie" not in page.headers  # the session is neither read nor ended
    assert client.get("/documents/1").text.count("/staff/subscriptions/follow/1") == 1
