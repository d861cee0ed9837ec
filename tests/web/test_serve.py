"""`legaldesk serve` as a server runs it (docs/deployment.md): two web workers and beside them
the indexing loop and the expiry of personal data, on PostgreSQL (on SQLite where no
PostgreSQL is given for the tests), reached through the reverse proxy. An act filed from the
command line is found by every worker; an act a librarian uploads through one worker is
found by the other; a loop that dies is started again; /metrics adds up the workers; the
stop systemd sends stops the loops too. Which worker answers a connection is read from the
operating system. And `legaldesk serve` as a reading node (LEGALDESK_PRIMARY_URL): reads
here, writes sent to the primary, no job that writes."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bench.freshness import WorkerConnection, one_per_worker
from bench.load import serve
from legaldesk import changes, publication
from legaldesk.accounts.users import create_user
from legaldesk.config import Settings
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text

PASSWORD = "correct horse battery"


# PostgreSQL, the deployment's database, when the tests are given one (CI always is); else
# SQLite. One start of the service costs seconds of both cores, so the test runs once.
SERVICE_DATABASE = "postgresql" if os.environ.get("LEGALDESK_TEST_DATABASE_URL") else "sqlite"


@pytest.mark.parametrize("database_url", [SERVICE_DATABASE], indirect=True)
def test_the_service_as_deployed_serves_every_act_from_every_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    monkeypatch.delenv("LEGALDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    database = {"LEGALDESK_DATABASE_URL": database_url}
    stale = tmp_path / "data" / "metrics" / "counter_1.db"  # an earlier run's metrics
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"\0" * 16)
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, ocr=False)
    repo = Repository(settings)
    repo.init()
    create_user(repo.engine, "librarian", PASSWORD, "librarian")
    repo.close()
    process, base = serve(tmp_path / "data", workers=2, extra_env=database)
    service = psutil.Process(process.pid)
    try:
        loops = _loops(service)
        assert len(loops) == 1
        # Beside them, the expiry of residents' personal data (legaldesk/desk/privacy.py).
        expiry = _children(service, "expire-personal-data")
        assert len(expiry) == 1
        workers = one_per_worker(int(base.rsplit(":", 1)[1]), service, workers=2)
        assert len({w.worker for w in workers}) == 2 and loops[0].pid not in {
            w.worker for w in workers
        }
        assert all("77-р" not in w.numbers("77-р") for w in workers)
        act = tmp_path / "77.txt"
        act.write_text(act_text(number="77-р", title="О проверке двух процессов"), "utf-8")

        importing = subprocess.Popen(
            [sys.executable, "-m", "legaldesk.cli", "import", str(act)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, **database},
        )
        while importing.poll() is None:
            _keep_alive(workers)
        assert importing.returncode == 0, importing.stderr.read() if importing.stderr else ""
        _found_by_every_worker(workers, "77-р")

        # Through the reverse proxy (deploy/nginx sends these from 127.0.0.1; the nginx
        # test, tests/test_deploy.py, shows it does): a librarian signs in and uploads an
        # act on one worker's connection, with Secure cookies; the other worker finds it.
        one, other = workers
        browser = _Browser({"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"})
        login = browser.call(one, "GET", "/login")
        assert login.status == 200 and login.headers["strict-transport-security"]
        assert login.cookies and all("Secure" in c for c in login.cookies)
        sign_in = {"username": "librarian", "password": PASSWORD}
        signed_in = browser.call(one, "POST", "/login", form=sign_in, on=login)
        assert signed_in.status == 302, signed_in.text
        [session] = [c for c in signed_in.cookies if c.startswith("ld_session=")]
        assert "Secure" in session and "HttpOnly" in session
        form = browser.call(one, "GET", "/staff/upload")
        upload = act_text(number="79-р", title="О загрузке через один процесс").encode()
        filed = browser.call(one, "POST", "/staff/upload", upload=upload, on=form)
        assert filed.status == 200 and 'href="/documents/2"' in filed.text, filed.text
        _found_by_every_worker(workers, "79-р")
        # Straight to a worker over plain HTTP, the same service sets no Secure cookie.
        plain = _Browser({}).call(other, "GET", "/login")
        assert plain.cookies and not any("Secure" in c for c in plain.cookies)

        loops[0].kill()  # the loop dies: the service starts another
        deadline = time.monotonic() + 60
        while not (again := [p for p in _loops(service) if p.pid != loops[0].pid]):
            assert time.monotonic() < deadline, "no new indexing loop"
            _keep_alive(workers)
        loops = again
        Repository(settings).ingestor().ingest(RawFile(act_text(number="78-р").encode(), "78"))
        _found_by_every_worker(workers, "78-р")
        ready = _Browser({}).call(other, "GET", "/readyz")
        assert ready.status == 200 and json.loads(ready.text)["checks"]["database"] == "ok"
        # /metrics, answered by either worker, adds up both workers' requests
        # (prometheus-client's multiprocess files, emptied at the start).
        assert not stale.exists()
        for n, worker in enumerate(workers):  # 3 on one worker, 4 on the other
            for _ in range(3 + n):
                worker.http.request("GET", "/healthz")
                assert worker.http.getresponse().read() == b"ok"
        scrapes = []
        for worker in workers:  # each worker answers a scrape
            worker.http.request("GET", "/metrics")
            scrapes.append(worker.http.getresponse().read().decode())
        assert [_healthz_count(scrape) for scrape in scrapes] == [7, 7]
        for worker in workers:
            worker.close()
    finally:
        process.send_signal(signal.SIGTERM)  # as systemd stops it (deploy/systemd)
        assert process.wait(timeout=60) == 0
    deadline = time.monotonic() + 30
    while loops[0].is_running() and loops[0].status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the indexing loop outlived the service"
        time.sleep(0.05)
    while expiry[0].is_running() and expiry[0].status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the expiry of personal data outlived the service"
        time.sleep(0.05)


def _found_by_every_worker(workers: list[WorkerConnection], number: str) -> None:
    """Searches on every worker's connection until each finds the act. Each round asks them
    all, those that found it too: uvicorn closes a connection idle for 5 s, and on a busy
    machine one worker can find an act that long before the other."""
    deadline = time.monotonic() + 60
    found: set[int | None] = set()
    while len(found) < len(workers):
        assert time.monotonic() < deadline, f"{number}: found by {found} only"
        found = {w.worker for w in workers if number in w.numbers(number)}
        time.sleep(0.05)


def _keep_alive(workers: list[WorkerConnection]) -> None:
    """A request on each worker's connection while the test waits: uvicorn closes a
    connection idle for 5 s, and on a busy machine an import takes longer than that; a new
    connection could reach another worker."""
    for worker in workers:
        worker.numbers("нет такого")
    time.sleep(0.2)


def _healthz_count(text: str) -> float:
    for family in text_string_to_metric_families(text):
        if family.name == "legaldesk_http_requests":
            return sum(
                s.value
                for s in family.samples
                if s.name.endswith("_total") and s.labels["route"] == "/healthz"
            )
    return 0.0


def _children(service: psutil.Process, word: str) -> list[psutil.Process]:
    found = []
    for child in service.children(recursive=True):
        try:
            if word in child.cmdline() and child.status() != psutil.STATUS_ZOMBIE:
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def _loops(service: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in service.children(recursive=True):
        try:
            command = child.cmdline()
            if (
                "index" in command
                and "--follow" in command
                and child.status() != psutil.STATUS_ZOMBIE
            ):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


@dataclass
class _Answer:
    status: int
    headers: http.client.HTTPMessage
    cookies: list[str]  # its Set-Cookie headers
    text: str


class _Browser:
    """Requests on a worker's own kept-alive connection, with ``headers`` on each (the
    proxy's), the cookies the service set, and the CSRF token of the form last shown."""

    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers
        self.jar: dict[str, str] = {}

    def call(
        self,
        worker: WorkerConnection,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        upload: bytes | None = None,
        on: _Answer | None = None,
    ) -> _Answer:
        fields = dict(form or {})
        if on is not None:  # the form's hidden CSRF field, as a browser sends it
            token = re.search(r'name="_csrf_token" value="([^"]+)"', on.text)
            assert token, "no form on the page"
            fields["_csrf_token"] = token.group(1)
        files = {"files": ("79.txt", upload, "text/plain")} if upload is not None else None
        request = httpx.Request(method, "http://service" + path, data=fields or None, files=files)
        body = request.read()
        sent = dict(self.headers)
        if self.jar:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        if body:
            sent["Content-Type"] = request.headers["content-type"]
        worker.http.request(method, path, body=body or None, headers=sent)
        response = worker.http.getresponse()
        cookies = response.headers.get_all("set-cookie") or []
        for cookie in cookies:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            if value:
                self.jar[name] = value
            else:
                self.jar.pop(name, None)  # told to forget it
        text = response.read().decode()
        return _Answer(response.status, response.headers, cookies, text)


PRIMARY = "https://primary.pravo.example.ru"


@pytest.mark.parametrize("database_url", [SERVICE_DATABASE], indirect=True)
def test_serve_as_a_reading_node_reads_here_and_sends_writes_to_the_primary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    """`legaldesk serve` with LEGALDESK_PRIMARY_URL (docs/deployment.md, «Reading nodes»),
    on the primary's database — a replica's stand-in, which the node opens read-only: its
    index built from the database and followed by its own loop, public pages answered here,
    forms, signing in and staff pages redirected to the primary with 307, and none of the
    jobs that write (the expiry of personal data, the mail sender) started. An idle
    kept-alive connection outlives uvicorn's own five seconds."""
    monkeypatch.delenv("LEGALDESK_DATABASE_URL", raising=False)
    primary = Repository(Settings(data_dir=tmp_path / "primary", database_url=database_url))
    primary.init()
    first = primary.ingestor().ingest(RawFile(act_text(number="81-р").encode(), "81.txt"))
    assert first.document_id is not None
    publication.publish(primary.engine, [first.document_id], "test")
    node_env = {
        "LEGALDESK_DATABASE_URL": database_url,
        "LEGALDESK_PRIMARY_URL": PRIMARY,
        "LEGALDESK_INDEX_CONSUMER": "index@node2",
        # Mail configured, as on the primary's nodes: a reading node still sends none.
        "LEGALDESK_SMTP_HOST": "127.0.0.1",
        "LEGALDESK_SMTP_FROM": "pravo@example.ru",
    }
    process, base = serve(tmp_path / "node2", workers=1, extra_env=node_env)
    service = psutil.Process(process.pid)
    loops = _loops(service)
    try:
        assert len(loops) == 1
        assert _children(service, "expire-personal-data") == []
        assert _children(service, "send") == []  # legaldesk mail send --follow
        with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as node:
            page = node.get(f"/documents/{first.document_id}")
            assert page.status_code == 200 and "81-р" in page.text
            _found(node, "81-р")  # in the index the node's loop builds from the database

            asked = node.post("/ask", data={"question": "Где найти тарифы?"})
            signing_in = node.get("/login?next=/staff")
            staff = node.get("/staff/desk")
            assert [r.status_code for r in (asked, signing_in, staff)] == [307, 307, 307]
            assert asked.headers["location"] == f"{PRIMARY}/ask"
            assert signing_in.headers["location"] == f"{PRIMARY}/login?next=/staff"
            assert staff.headers["location"] == f"{PRIMARY}/staff/desk"

            # Filed on the primary: the node's loop follows the change log to it.
            later = primary.ingestor().ingest(RawFile(act_text(number="82-р").encode(), "82"))
            assert later.document_id is not None
            publication.publish(primary.engine, [later.document_id], "test")
            _found(node, "82-р")
        _idle_connection_kept(base)
        # Nothing the node did was written to the database: its loop keeps its position in
        # its own index directory, not among the primary's consumers.
        assert changes.position(primary.engine, "index@node2") is None
    finally:
        process.send_signal(signal.SIGTERM)
        # With one worker uvicorn, having shut down, raises the signal it caught once more:
        # the service still exits 0, having stopped its loop itself.
        assert process.wait(timeout=60) == 0
        primary.close()
    assert not loops[0].is_running() or loops[0].status() == psutil.STATUS_ZOMBIE


# uvicorn's own keep-alive, and httpx's: a connection idle this long was closed by the service
# just as clients reused it (nine errors in the ten-minute soak; behind nginx, 502s).
UVICORN_KEEP_ALIVE = 5


def _idle_connection_kept(base: str) -> None:
    """A kept-alive connection left idle past uvicorn's five seconds still answers: the
    service keeps it longer than the proxy in front keeps its own (LEGALDESK_KEEP_ALIVE_SECONDS),
    so that the proxy, not the service, closes it."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", "/healthz")
        assert connection.getresponse().read() == b"ok"
        time.sleep(UVICORN_KEEP_ALIVE + 1)  # idle: what is tested is the wait itself
        connection.request("GET", "/healthz")
        assert connection.getresponse().read() == b"ok"
    finally:
        connection.close()


def _found(node: httpx.Client, number: str) -> None:
    """Searches the node until it finds the act numbered ``number``."""
    deadline = time.monotonic() + 60
    while True:
        found = node.get("/api/v1/search", params={"q": number})
        assert found.status_code == 200, found.text
        if number in [hit["number"] for hit in found.json()["hits"]]:
            return
        assert time.monotonic() < deadline, f"the reading node does not find {number}"
        time.sleep(0.05)
