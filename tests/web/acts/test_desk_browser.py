"""A librarian clears a queue of thirty documents by keyboard in a real browser (Debian's
chromium through Playwright): the details typed, a heading found and ticked, «save, publish
and next» — or, for every fifth, «reject and next» with a reason — and the queue is empty."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import Session, col, select

from legaldesk.accounts.users import create_user
from legaldesk.config import Settings
from legaldesk.models import Document, DocumentRubric, Rubric
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.web.indexing import indexing

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh test)"
)
QUEUE = 30


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Repository]]:
    repo = Repository(Settings(data_dir=tmp_path_factory.mktemp("desk"), ocr=False))
    repo.init()
    create_user(repo.engine, "librarian", "demo-librarian", "librarian")
    ingestor = repo.ingestor("test")
    for n in range(QUEUE):  # no type, date or number the parser can read: all await review
        text = f"О благоустройстве территории у дома {n}\nСогласовать работы по благоустройству."
        assert ingestor.ingest(RawFile(text.encode(), f"note-{n}.txt")).needs_review
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(indexing(create_app(repo)), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", repo
    server.should_exit = True
    thread.join(timeout=10)
    repo.close()


def test_a_librarian_clears_a_queue_of_thirty_by_keyboard(desk: tuple[str, Repository]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, repo = desk
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(locale="ru-RU")
        page.goto(base + "/login")
        page.keyboard.press("Tab")  # the skip link, then through the header to the form
        page.get_by_label("Имя пользователя").focus()
        page.keyboard.type("librarian")
        page.keyboard.press("Tab")
        page.keyboard.type("demo-librarian")
        page.keyboard.press("Enter")
        page.wait_for_url("**/staff")
        assert f"Осталось {QUEUE} из {QUEUE}" in page.content()

        page.get_by_role("link", name="Проверять по порядку").focus()
        page.keyboard.press("Enter")
        seen: list[str] = []
        for n in range(QUEUE):
            page.wait_for_url(lambda url: "/staff/documents/" in url and url not in seen)
            seen.append(page.url)
            # Focus is given when the page has loaded, a moment after the URL changes: the
            # assertion waits for it (it failed under load when read at once).
            expect(page.locator("#doc_type")).to_be_focused()  # ready to type
            if n % 5 == 4:  # not for the public: the reason, and on to the next
                page.keyboard.press("Alt+KeyR")
                expect(page.locator("#reject-reason")).to_be_focused()
                page.keyboard.type(f"не правовой акт {n}")
                page.keyboard.press("Enter")
                continue
            page.keyboard.press("Tab")  # to the number
            page.keyboard.type(f"{n + 1}-р")
            page.keyboard.press("Control+/")  # find a heading
            page.keyboard.type("транспорт")
            page.keyboard.press("Enter")  # tick the first shown
            page.keyboard.press("Escape")  # on to «save and next»
            page.keyboard.press("Control+Enter")
        page.wait_for_url(lambda url: url.endswith("/staff"))
        assert "Очередь пуста" in page.content()
        assert len(set(seen)) == QUEUE  # each document once
        browser.close()

    with Session(repo.engine) as session:
        documents = session.exec(select(Document)).all()
        headed = session.exec(
            select(DocumentRubric.document_id)
            .join(Rubric, col(Rubric.id) == col(DocumentRubric.rubric_id))
            .where(Rubric.code == "transport_roads")
        ).all()
    rejected = [d for d in documents if d.publication == "rejected"]
    published = [d for d in documents if d.publication == "published"]
    assert len(documents) == QUEUE and not any(d.needs_review for d in documents)
    assert len(rejected) == QUEUE // 5 and len(published) == QUEUE - QUEUE // 5
    assert {d.publication_reason for d in rejected} == {
        f"не правовой акт {n}" for n in range(QUEUE) if n % 5 == 4
    }
    expected = sorted(f"{n + 1}-р" for n in range(QUEUE) if n % 5 != 4)
    assert sorted(d.number or "" for d in published) == expected
    assert sorted(headed) == sorted(d.id for d in published)
