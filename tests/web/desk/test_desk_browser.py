"""A librarian takes a phone question at the desk by keyboard alone, in a real browser
(Debian's chromium through Playwright): the question typed, two of the acts suggested while
typing cited with Alt+1 and Alt+2, saved and opened with Alt+Enter, the answer written and
marked answered with Ctrl+Enter, the printable answer sheet opened with Alt+P, and the
request closed from it."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import Session, select

from legaldesk.accounts.users import create_user
from legaldesk.config import Settings
from legaldesk.desk import answers
from legaldesk.models import DeskRequest
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.factories import library_today
from tests.web.acts.test_public import file_act
from tests.web.indexing import indexing

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh test)"
)
LIBRARY = "Центральная библиотека Заречного района"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Repository]]:
    repo = Repository(
        Settings(data_dir=tmp_path_factory.mktemp("desk"), ocr=False, library_name=LIBRARY)
    )
    repo.init()
    file_act(repo, 1, "О тарифах на холодную воду")
    file_act(repo, 2, "О тарифах на горячую воду")
    file_act(repo, 3, "О благоустройстве парка")
    create_user(repo.engine, "librarian", "demo-librarian", "librarian")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(indexing(create_app(repo)), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:  # waiting for an event, with a deadline
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", repo
    server.should_exit = True
    thread.join(timeout=10)
    repo.close()


def test_a_phone_question_answered_cited_printed_and_closed_by_keyboard(
    desk: tuple[str, Repository],
) -> None:
    from playwright.sync_api import sync_playwright

    base, repo = desk
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(locale="ru-RU")
        page.goto(base + "/login?next=/staff/desk")
        page.get_by_label("Имя пользователя").focus()
        page.keyboard.type("librarian")
        page.keyboard.press("Tab")
        page.keyboard.type("demo-librarian")
        page.keyboard.press("Enter")
        page.wait_for_url(base + "/staff/desk")
        started = time.monotonic()

        assert page.evaluate("document.activeElement.id") == "question"
        page.keyboard.type("Какие тарифы на воду действуют?")
        # The suggestions fetched while typing: the second one's box appears.
        page.locator("#suggested-acts input[name=cite]").nth(1).wait_for()
        suggested = page.locator("#suggested-acts li").all_inner_texts()
        page.keyboard.press("Alt+Digit1")
        page.keyboard.press("Alt+Digit2")
        ticked = page.locator("#suggested-acts input[name=cite]:checked").count()
        with page.expect_navigation():
            page.keyboard.press("Alt+Enter")  # save and open the request
        assert "/staff/desk/requests/" in page.url
        request_id = int(page.url.rsplit("/", 1)[1])

        assert page.evaluate("document.activeElement.id") == "answer"
        page.keyboard.type("Тарифы на холодную и горячую воду установлены постановлениями.")
        with page.expect_navigation():
            page.keyboard.press("Control+Enter")  # save, answered
        assert "ответ дан" in page.locator("h1").inner_text()
        cited = page.locator("#acts ol.cited li").all_inner_texts()

        with page.expect_navigation():
            page.keyboard.press("Alt+KeyP")  # the answer sheet
        assert page.url.endswith(f"/staff/desk/requests/{request_id}/print")
        sheet = page.locator("article.answer-sheet").inner_text()
        page.emulate_media(media="print")
        header_printed = page.locator("header.site").is_visible()
        page.emulate_media(media="screen")

        back = f"/staff/desk/requests/{request_id}"
        for _ in range(40):  # Tab to «К запросу» (a headless browser has no Alt+←)
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.getAttribute('href')") == back:
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
        for _ in range(80):  # Tab to «Закрыть запрос»
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "to-closed":
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
        elapsed = time.monotonic() - started
        closed = page.locator("h1").inner_text()
        browser.close()

    assert len(suggested) >= 2 and ticked == 2
    assert len(cited) == 2
    assert any("О тарифах на холодную воду" in c for c in cited)
    assert any("О тарифах на горячую воду" in c for c in cited)
    with Session(repo.engine) as session:
        request = session.get(DeskRequest, request_id)
        assert request is not None
    assert request.status == "closed" and "закрыт" in closed
    assert (request.channel, request.category, request.kind) == ("phone", "resident", "thematic")
    assert request.code in sheet and LIBRARY in sheet
    assert f"напечатано {library_today():%d.%m.%Y}" in sheet
    assert "Тарифы на холодную и горячую воду установлены" in sheet
    assert "О тарифах на холодную воду" in sheet and "О тарифах на горячую воду" in sheet
    assert not header_printed  # the site's header stays off paper
    acts = answers.cited_acts(repo.engine, request_id)
    assert sorted(a.document_id for a in acts) == [1, 2]
    assert elapsed < 60, f"the desk took {elapsed:.0f} s"
    with Session(repo.engine) as session:
        assert len(session.exec(select(DeskRequest)).all()) == 1
