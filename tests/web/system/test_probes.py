"""/healthz, /readyz and /metrics on both databases: readiness fails when a follower of the
change log lags or the database goes away, the metrics hold what the service did and the
state of harvests, mail, the change log and the index, and only this machine and the
allowed networks may read them."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
from litestar import Litestar
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample
from sqlalchemy import text, update
from sqlalchemy.engine import make_url

from legaldesk.db import make_engine, session_scope, sqlite_path
from legaldesk.mail import outbox
from legaldesk.models import Change
from legaldesk.models.base import utcnow
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.conftest import PG_URL
from tests.factories import act_text, docx_bytes
from tests.web.live import serving


def file_act(repo: Repository, number: str) -> None:
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(act_text(number=number)), number))
    assert outcome.document_id is not None


def test_healthz_answers_ok_uncached(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/healthz")

    assert (response.status_code, response.text) == (200, "ok")
    assert response.headers["cache-control"] == "no-store"
    assert "set-cookie" not in response.headers


def test_readyz_is_ready_when_everything_answers(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/readyz")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"] == {"database": "ok", "index": "ok", "change_log": "ok"}
    assert body["lag"]["index"] == 0
    assert response.headers["cache-control"] == "no-store"


def test_readyz_is_503_while_a_follower_lags_past_the_threshold(
    app: Litestar, repo: Repository
) -> None:
    repo.update_index()
    repo.settings.ready_max_lag = 2
    file_act(repo, "1-п")
    # A client without the suite's index updates: the changes wait as for a stopped loop.
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200  # one change behind: under 2
        file_act(repo, "2-п")
        lagging = client.get("/readyz")
        repo.update_index()  # the loop catches up
        caught_up = client.get("/readyz")

    assert lagging.status_code == 503
    assert lagging.json()["failing"] == ["change_log"]
    # The loop's other followers (relations, the desk, subscriptions) wait with the index.
    assert "index" in lagging.json()["checks"]["change_log"].removeprefix("behind: ").split(", ")
    assert lagging.json()["lag"]["index"] == 2
    assert caught_up.status_code == 200


def test_readyz_is_503_when_a_waiting_change_is_too_old(app: Litestar, repo: Repository) -> None:
    repo.update_index()
    file_act(repo, "3-п")  # one change: far under 1000, but waiting ten minutes
    with session_scope(repo.engine) as session:
        session.execute(update(Change).values(at=utcnow() - timedelta(minutes=10)))

    with TestClient(app) as client:
        response = client.get("/readyz")

    assert response.status_code == 503
    assert "index" in response.json()["checks"]["change_log"]


@contextmanager
def database_gone(repo: Repository) -> Iterator[None]:
    """The database stops answering under the running service: PostgreSQL refuses
    connections to it (and drops the open ones); SQLite's file is replaced by a directory,
    as when its disk is gone."""
    url = make_url(repo.settings.resolved_database_url)
    if url.get_backend_name() == "postgresql":
        admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
        name = url.database
        try:
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
            yield
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            admin.dispose()
        return
    path = sqlite_path(repo.settings.resolved_database_url)
    assert path is not None
    repo.engine.dispose()  # the open connections would go on reading the file they hold
    kept = path.with_name("kept.sqlite3")
    path.rename(kept)
    path.mkdir()
    try:
        yield
    finally:
        shutil.rmtree(path)
        kept.rename(path)
        repo.engine.dispose()


def test_readyz_is_503_naming_the_database_when_it_does_not_answer(
    app: Litestar, repo: Repository
) -> None:
    repo.update_index()
    # Without the suite's index updates before each request, which need the database.
    with TestClient(app) as client:
        with database_gone(repo):
            gone = client.get("/readyz")
            alive = client.get("/healthz")
        back = client.get("/readyz")

    assert gone.status_code == 503, gone.text
    assert gone.json()["failing"] == ["database", "change_log"]
    assert gone.json()["checks"]["database"].startswith("does not answer (")
    assert gone.json()["checks"]["index"] == "ok"
    assert alive.status_code == 200  # the process itself is alive: not a reason to kill it
    assert back.status_code == 200  # and ready again without a restart


def samples(text_format: str) -> dict[str, list[Sample]]:
    return {family.name: family.samples for family in text_string_to_metric_families(text_format)}


def value(found: dict[str, list[Sample]], family: str, sample: str, **labels: str) -> float:
    matching = [
        s.value
        for s in found[family]
        if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items())
    ]
    assert len(matching) == 1, (family, sample, labels, found[family])
    return matching[0]


def test_metrics_hold_requests_by_route_template_harvests_mail_lag_and_the_index(
    repo: Repository, app: Litestar
) -> None:
    # The fixture's source «dead-site» has one failed run; one e-mail waits in the outbox.
    with session_scope(repo.engine) as session:
        outbox.enqueue(session, "reader@example.org", "Ответ", "Текст", kind="test")
    file_act(repo, "4-п")
    with serving(repo) as base:  # a real socket: the client is 127.0.0.1
        for document_id in (1, 1, 1):
            assert httpx.get(f"{base}/documents/{document_id}").status_code == 200
        assert httpx.get(f"{base}/documents/999").status_code == 404
        assert httpx.get(f"{base}/no/such/page/12345").status_code == 404
        response = httpx.get(f"{base}/metrics")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    found = samples(response.text)

    requests = "legaldesk_http_requests"
    document = "/documents/{document_id}"
    ok = {"route": document, "method": "GET", "status": "200"}
    assert value(found, requests, "legaldesk_http_requests_total", **ok) == 3
    assert (
        value(found, requests, "legaldesk_http_requests_total", route=document, status="404") == 1
    )
    unmatched = {"route": "<unmatched>", "status": "404"}
    assert value(found, requests, "legaldesk_http_requests_total", **unmatched) == 1
    # Templates only: no path with an id or a word of a URL a client made up.
    routes = {s.labels["route"] for s in found[requests]}
    assert not [r for r in routes if re.search(r"/\d|such", r)], routes
    duration = "legaldesk_http_request_duration_seconds"
    assert value(found, duration, duration + "_count", **ok) == 3
    assert value(found, duration, duration + "_sum", **ok) > 0
    assert value(found, duration, duration + "_bucket", le="+Inf", **ok) == 3

    runs = "legaldesk_harvest_runs"
    assert value(found, runs, runs + "_total", source="dead-site", status="failed") == 1
    failures = "legaldesk_harvest_failures"
    assert value(found, failures, failures + "_total", source="dead-site") == 1
    last_run = "legaldesk_harvest_last_run_timestamp_seconds"
    assert value(found, last_run, last_run, source="dead-site") > utcnow().timestamp() - 3600
    outbox_depth = "legaldesk_mail_outbox_messages"
    assert value(found, outbox_depth, outbox_depth, status="queued") == 1
    assert value(found, outbox_depth, outbox_depth, status="failed") == 0
    lag = "legaldesk_change_log_lag_changes"
    assert value(found, lag, lag, consumer="index") == 0  # the test service applied the log
    head = "legaldesk_change_log_head"
    assert value(found, head, head) >= 2
    assert value(found, "legaldesk_database_up", "legaldesk_database_up") == 1
    assert value(found, "legaldesk_index_documents", "legaldesk_index_documents") == 2
    assert value(found, "legaldesk_index_size_bytes", "legaldesk_index_size_bytes") > 1000


def test_metrics_are_refused_to_other_addresses_unless_allowed(
    repo: Repository,
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    # Through the reverse proxy (127.0.0.1 is trusted) a reader's address is the forwarded one.
    outside = {"x-forwarded-for": "203.0.113.7"}
    with serving(repo) as base:
        refused = httpx.get(f"{base}/metrics", headers=outside)
        repo.settings.metrics_allow = ("198.51.100.0/24", "203.0.113.0/24")
        allowed = httpx.get(f"{base}/metrics", headers=outside)
        elsewhere = httpx.get(f"{base}/metrics", headers={"x-forwarded-for": "192.0.2.1"})

    assert refused.status_code == 403
    assert "LEGALDESK_METRICS_ALLOW" in refused.text
    assert "legaldesk_" not in refused.text
    assert allowed.status_code == 200 and "legaldesk_http_requests_total" in allowed.text
    assert elsewhere.status_code == 403
    assert client.get("/metrics").status_code == 403  # «testclient» is no address at all
