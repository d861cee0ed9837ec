"""The database going away under a running service, on both databases: public pages, the
API and a librarian's pages answer 503 with a page (or the API's JSON) saying the database
does not answer — never a 500 with a traceback — with Retry-After, and answer again as soon
as it is back, without a restart. /readyz on the same fault: test_probes.py."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient

from legaldesk.repository import Repository
from tests.web.sessions import log_in
from tests.web.system.test_probes import database_gone

PAGES = ["/", "/search?q=налог", "/documents/1", "/staff/dossiers"]
API = ["/api/v1/documents/1", "/api/v1/search?q=налог", "/api/v1/rubrics"]


def test_pages_and_the_api_answer_503_while_the_database_is_gone_and_recover(
    app: Litestar, repo: Repository
) -> None:
    repo.update_index()
    with TestClient(app) as client:
        log_in(client, "librarian")
        before = {path: client.get(path).status_code for path in PAGES + API}
        with database_gone(repo):
            pages = {path: client.get(path, headers={"accept-language": "ru"}) for path in PAGES}
            api = {path: client.get(path) for path in API}
            with TestClient(app) as probe:  # as a monitor asks: no session cookie
                alive = probe.get("/healthz")
        after = {path: client.get(path).status_code for path in PAGES + API}

    assert set(before.values()) == {200}, before
    for path, page in pages.items():
        assert page.status_code == 503, (path, page.text[:500])
        assert page.headers["retry-after"] == "30"
        assert page.headers["content-type"].startswith("text/html")
        assert "База данных недоступна" in page.text, (path, page.text)
        assert "Traceback" not in page.text and "OperationalError" not in page.text
    for path, answer in api.items():
        assert answer.status_code == 503, (path, answer.text)
        assert answer.headers["retry-after"] == "30"
        body = answer.json()
        assert body["status_code"] == 503
        assert body["detail"].startswith("The database does not answer"), body
    assert alive.status_code == 200  # the process is alive: no reason to restart it
    assert set(after.values()) == {200}, after  # back without a restart
