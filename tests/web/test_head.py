"""HEAD, as monitoring and link checkers send it: every GET route answers it as it answers
GET — the status and the headers, Content-Length included — without the body; staff pages
refuse it as they refuse GET (tests/web/test_access.py asks every guarded route)."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
from litestar import Litestar

from tests.web.live import serving
from tests.web.sessions import Client, log_in

PATHS = ("/healthz", "/", "/documents/1", "/documents/1/versions/1/original", "/static/style.css")


@pytest.mark.parametrize("path", PATHS)
def test_head_answers_as_get_without_the_body(client: Client, path: str) -> None:
    got = client.get(path)
    head = client.head(path)

    assert got.status_code == 200 and got.content
    assert head.status_code == 200
    assert head.headers["content-length"] == str(len(got.content))
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.content == b""


def test_the_original_keeps_its_download_headers(client: Client) -> None:
    head = client.head("/documents/1/versions/1/original")

    assert head.headers["content-disposition"].startswith("attachment;")
    assert head.headers["x-content-type-options"] == "nosniff"


def test_a_staff_page_refuses_head_as_it_refuses_get(client: Client) -> None:
    for path in ("/staff/desk", "/api/v1/sources"):
        got = client.get(path, follow_redirects=False)
        head = client.head(path, follow_redirects=False)

        assert got.status_code in (302, 401), path
        assert head.status_code == got.status_code, path
        assert head.headers.get("location") == got.headers.get("location"), path


def test_a_role_refused_a_page_is_refused_its_head(client: Client) -> None:
    assert log_in(client, "deputy") == 302
    got = client.get("/staff/desk", follow_redirects=False)

    assert got.status_code == 403
    assert client.head("/staff/desk", follow_redirects=False).status_code == 403


def test_head_on_a_route_without_get_is_still_refused(client: Client) -> None:
    assert client.head("/logout").status_code == client.get("/logout").status_code == 405


def test_on_the_wire_no_body_follows_the_headers(app: Litestar) -> None:
    """Over a real socket, on one kept-alive connection: were a body sent after HEAD's
    headers, the next response would be read from its bytes and come out garbled."""
    with serving(app.state.repo) as base:
        address = urlsplit(base)
        connection = http.client.HTTPConnection(address.hostname or "", address.port)
        try:
            connection.request("HEAD", "/documents/1")
            head = connection.getresponse()
            head_length = head.getheader("content-length")
            assert head.read() == b""
            connection.request("GET", "/healthz")
            after = connection.getresponse()

            assert head.status == 200 and int(head_length or 0) > 1000
            assert (after.status, after.read()) == (200, b"ok")
        finally:
            connection.close()
