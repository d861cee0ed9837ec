"""What every response tells the browser, requests that must never become a server error,
links that must not follow a forged Host header, and the size of what may be uploaded."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from legaldesk.config import Settings
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from legaldesk.web.security import HEADERS
from tests.factories import act_text
from tests.web.sessions import Client, log_in, token

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def assert_protected(response: object, where: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name, value in HEADERS.items():
        assert headers.get(name) == value, f"{where}: {name}"


def test_every_kind_of_response_carries_the_security_headers(client: Client) -> None:
    for path in [
        "/",
        "/search?q=налог",
        "/documents/1",
        "/documents/1/versions/1/original",
        "/new.atom",
        "/api/v1/search?q=налог",
        "/api/v1/documents/999",  # a JSON error
        "/static/style.css",
        "/schema",
        "/schema/openapi.json",
        "/no/such/page",  # matches no route: refused before any route's middleware
        "/staff",  # a redirect to the login page
    ]:
        assert_protected(client.get(path, follow_redirects=False), path)
    log_in(client, "librarian")
    assert_protected(client.get("/staff"), "/staff signed in")


def test_the_policy_allows_no_inline_code_and_no_framing() -> None:
    csp = dict(
        ([*part.split(" ", 1), ""])[:2] for part in HEADERS["content-security-policy"].split("; ")
    )
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["default-src"] == "'self'"
    assert "unsafe" not in HEADERS["content-security-policy"]
    assert HEADERS["x-frame-options"] == "DENY"


def test_no_template_holds_inline_script_style_or_event_handlers() -> None:
    """The policy forbids them, so a page that had one would be broken in the browser."""
    found = {}
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text("utf-8")
        problems = [
            *re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text),
            *re.findall(r"<style\b", text),
            *re.findall(r"\sstyle\s*=", text),
            *re.findall(r"\son[a-z]+\s*=", text),
            *re.findall(r"javascript:", text),
        ]
        if problems:
            found[template.name] = problems
    assert found == {}


def test_the_api_reference_is_served_from_here_and_names_every_operation(
    client: Client,
) -> None:
    page = client.get("/schema")
    schema = client.get("/schema/openapi.json").json()

    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    outside = re.findall(r'(?:src|href)="(https?://[^"]+)"', page.text)
    assert outside == []
    assert "<script" not in page.text
    # the JSON API only: the pages and forms are for people, not for the schema
    assert schema["paths"] and all(path.startswith("/api/") for path in schema["paths"])
    for path, item in schema["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in page.text


def test_feed_links_come_from_the_configured_address_never_the_host_header(
    client: Client, repo: Repository
) -> None:
    repo.settings.public_url = "https://pravo.zarechnoe.ru/"

    feed = client.get("/new.atom", headers={"Host": "evil.example"}).text

    assert "evil.example" not in feed and "testserver" not in feed
    links = re.findall(r'href="([^"]+)"', feed)
    assert links and all(link.startswith("https://pravo.zarechnoe.ru/") for link in links)


MALFORMED = [
    "/static/%00",
    "/static/%00.css",
    "/static/..%2f..%2fsecret.key",
    "/static/%2e%2e/%2e%2e/legaldesk.sqlite3",
    "/static/%ff%fe",
    "/documents/%00",
    "/documents/1%00",
    "/documents/99999999999999999999999999",
    "/documents/-1",
    "/documents/1/versions/%00/original",
    "/lang/%00",
    "/lang/%ff",
    "/search?q=%00",
    "/search?q=%ff%fe%fd",
    "/search?year=%00&page=%00",
    "/search?page=-5&year=99999999999999999999",
    "/api/v1/search?q=%00",
    "/api/v1/search?q=%c0%af&page=0",
    "/api/v1/documents/%00",
    "/new.atom?%00=%00",
    "/%00",
    "/%ff",
    "/staff/sources/%00/test",
    "/login?next=%00",
    "/login?next=//evil.example",
]


def test_malformed_addresses_are_refused_never_a_server_error(client: Client) -> None:
    answers = {path: client.get(path, follow_redirects=False).status_code for path in MALFORMED}

    assert {path: code for path, code in answers.items() if code >= 500} == {}
    assert answers["/static/%00"] == 400 and answers["/search?q=%00"] == 400


PIECES = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from(["%00", "%ff", "%2f", "%2e%2e", "..", "%", "/", "?", "&", "="]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.sampled_from(
        ["/static/", "/documents/", "/lang/", "/search?q=", "/api/v1/search?q=", "/"]
    ),
    tail=st.lists(PIECES, max_size=12).map("".join),
)
def test_no_address_at_all_makes_a_server_error(client: Client, prefix: str, tail: str) -> None:
    from urllib.parse import quote

    path = prefix + quote(tail, safe="%/.")
    # «//…» is a network-path reference to the test client, refused before any request:
    # such raw request lines go over the real socket (below).
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    assert client.get(path, follow_redirects=False).status_code < 500, path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The service on a real socket, as uvicorn decodes raw request lines."""
    repo = Repository(Settings(data_dir=tmp_path_factory.mktemp("served"), ocr=False))
    repo.init()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(repo), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    yield "127.0.0.1", port
    server.should_exit = True
    thread.join(timeout=10)
    repo.close()


def raw_status(address: tuple[str, int], target: bytes) -> int:
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head = sock.recv(64)
    return int(head.split(b" ")[1])


def test_raw_malformed_request_lines_are_refused_by_the_real_server(
    served: tuple[str, int],
) -> None:
    statuses = {
        target: raw_status(served, target)
        for target in [
            b"/static/%00",
            b"/static/%ff",
            b"/static/..%2F..%2Fsecret.key",
            b"/documents/%00",
            b"/search?q=%00",
            b"/search?q=%ff",
            b"/%c0%ae%c0%ae/",
            b"//static/%00",
            b"//evil.example/%2e%2e",
        ]
    }

    assert {target: code for target, code in statuses.items() if code >= 500} == {}
    assert statuses[b"/static/%00"] == 400 and statuses[b"/search?q=%00"] == 400


def test_an_upload_up_to_the_file_limit_is_taken_by_the_web(
    client: Client, repo: Repository
) -> None:
    """Litestar refuses bodies over 10 MB by default, though files up to 50 MB are allowed:
    a 12 MB act must reach the pipeline."""
    log_in(client, "librarian")
    appendix = "\n".join(
        f"{n}. Участок с кадастровым номером 76:01:{n:06d}" for n in range(300_000)
    )
    big = (act_text(number="77-п") + appendix).encode("utf-8")
    assert len(big) > 12 * 1024 * 1024
    page = client.post(
        "/staff/upload",
        files=[("files", ("77-p.txt", big, "text/plain"))],
        data={"_csrf_token": token(client, "/staff/upload")},
    )

    assert page.status_code == 200, page.text[:300]
    assert "77-p.txt" in page.text and 'href="/staff/documents/' in page.text


def test_an_upload_over_the_batch_limit_is_refused_with_a_reason(
    app: Litestar, repo: Repository
) -> None:
    repo.settings.max_file_size = 1024 * 1024
    limited = create_app(repo)
    with TestClient(limited) as client:
        log_in(client, "librarian")
        form_token = token(client, "/staff/upload")
        files = [
            ("files", (f"{n}.docx", b"\0" * (2 * 1024 * 1024), "application/octet-stream"))
            for n in range(3)
        ]

        page = client.post("/staff/upload", files=files, data={"_csrf_token": form_token})

    assert page.status_code == 413
    assert "1 MB" in page.text and "5 MB" in page.text  # each file, and the whole form
