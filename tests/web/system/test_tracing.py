"""Every response carries its request's id, kept from a sane X-Request-ID or made anew, and
every log record of the request carries it too; in JSON each record is one object a line.
These do not depend on the database engine: SQLite only."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from legaldesk.observability import logs
from legaldesk.repository import Repository
from legaldesk.web.app import create_app

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

NEW_ID = re.compile(r"^[0-9a-f]{32}$")


def test_a_sane_incoming_id_is_kept_and_any_other_replaced(client: TestClient) -> None:  # type: ignore[type-arg]
    kept = client.get("/healthz", headers={"x-request-id": "proxy-7f3a9c21-0001"})
    made = client.get("/healthz")
    again = client.get("/healthz")
    script = client.get("/healthz", headers={"x-request-id": "<script>alert(1)</script>"})
    long = client.get("/healthz", headers={"x-request-id": "a" * 500})
    unmatched = client.get("/no/such/page")  # refused before any route's middleware

    assert kept.headers["x-request-id"] == "proxy-7f3a9c21-0001"
    assert NEW_ID.match(made.headers["x-request-id"])
    assert made.headers["x-request-id"] != again.headers["x-request-id"]
    assert NEW_ID.match(script.headers["x-request-id"])
    assert NEW_ID.match(long.headers["x-request-id"])
    assert unmatched.status_code == 404 and NEW_ID.match(unmatched.headers["x-request-id"])


@pytest.fixture
def json_logging() -> Iterator[None]:
    """LEGALDESK_LOG_FORMAT=json for one test: the root logger as it was afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    access = logging.getLogger(logs.ACCESS)
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    access.setLevel(logging.NOTSET)


def test_json_logs_carry_the_request_id_route_status_and_duration(
    repo: Repository, app: Litestar, json_logging: None, caplog: pytest.LogCaptureFixture
) -> None:
    repo.settings.log_format = "json"
    json_app = create_app(repo)
    [ours] = [
        h for h in logging.getLogger().handlers if isinstance(h.formatter, logs.JsonFormatter)
    ]
    # Records reach pytest's handler as they reach ours: with the same filter in front.
    caplog.handler.addFilter(logs.RequestContext())
    caplog.set_level(logging.INFO)
    with TestClient(json_app) as client:
        response = client.get("/documents/1", headers={"x-request-id": "trace-0123456789"})
        logging.getLogger("legaldesk.test").warning("outside any request")

    lines = [json.loads(ours.format(r)) for r in caplog.records]
    [access] = [line for line in lines if line["logger"] == logs.ACCESS]
    assert response.status_code == 200
    assert access["request_id"] == "trace-0123456789" == response.headers["x-request-id"]
    assert access["route"] == "/documents/{document_id}"
    assert access["method"] == "GET" and access["status"] == 200
    assert access["duration_ms"] > 0
    assert access["level"] == "INFO" and re.match(r"^\d{4}-\d\d-\d\dT", access["time"])
    assert access["message"].startswith("GET /documents/{document_id} 200 ")
    [outside] = [line for line in lines if line["logger"] == "legaldesk.test"]
    assert "request_id" not in outside and outside["message"] == "outside any request"


def test_the_human_format_prints_no_line_per_request(
    client: TestClient,  # type: ignore[type-arg]
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    client.get("/healthz")

    assert not [r for r in caplog.records if r.name == logs.ACCESS]


def test_a_head_is_logged_as_a_head_with_its_route(
    repo: Repository, app: Litestar, json_logging: None, caplog: pytest.LogCaptureFixture
) -> None:
    """HEAD runs through the application as a GET (web/head.py); the access log still
    names the method the client sent, and the route the GET found."""
    repo.settings.log_format = "json"
    json_app = create_app(repo)
    [ours] = [
        h for h in logging.getLogger().handlers if isinstance(h.formatter, logs.JsonFormatter)
    ]
    caplog.handler.addFilter(logs.RequestContext())
    caplog.set_level(logging.INFO)
    with TestClient(json_app) as client:
        response = client.head("/documents/1")

    lines = [json.loads(ours.format(r)) for r in caplog.records]
    [access] = [line for line in lines if line["logger"] == logs.ACCESS]
    assert response.status_code == 200
    assert access["method"] == "HEAD" and access["status"] == 200
    assert access["route"] == "/documents/{document_id}"
