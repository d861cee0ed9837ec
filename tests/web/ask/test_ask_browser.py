"""A resident asks on the website and reads the answer through the private link, in a real
browser (Debian's chromium through Playwright) against the service on a real socket, with
the e-mails delivered by the real sender to a real SMTP server (aiosmtpd): the
acknowledgement on receipt, then — once a librarian has answered — the «answered» e-mail,
whose link the resident follows."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import Session, select

from legaldesk.config import Settings
from legaldesk.desk import answers
from legaldesk.desk.requests import set_status
from legaldesk.mail.sender import Sender, SmtpConfig
from legaldesk.models import DeskRequest
from legaldesk.repository import Repository
from legaldesk.signing import secret_key
from legaldesk.web import antispam
from legaldesk.web.app import create_app
from legaldesk.web.ask.letters import site
from tests.legaldesk.mail.smtpd import SmtpServer
from tests.web.acts.test_public import file_act
from tests.web.indexing import indexing

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh test)"
)
LIBRARY = "Центральная библиотека Заречного района"
QUESTION = "Положена ли пенсионерке субсидия на оплату коммунальных услуг, если я живу одна?"
ANSWER = "Да: если расходы на ЖКУ превышают 22 % дохода. Заявление подают в МФЦ."


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Repository]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    base = f"http://127.0.0.1:{port}"
    repo = Repository(
        Settings(
            data_dir=tmp_path_factory.mktemp("ask"),
            ocr=False,
            library_name=LIBRARY,
            public_url=base,  # the address e-mails link to
        )
    )
    repo.init()
    file_act(repo, 1, "О порядке предоставления субсидий на оплату жилого помещения")
    server = uvicorn.Server(
        uvicorn.Config(indexing(create_app(repo)), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:  # waiting for an event, with a deadline
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    yield base, repo
    server.should_exit = True
    thread.join(timeout=10)
    repo.close()


def deliver(repo: Repository, smtp: SmtpServer) -> EmailMessage:
    """What `legaldesk mail send` would do now; the one message that arrived."""
    config = SmtpConfig(host="127.0.0.1", port=smtp.port, from_header=f"{LIBRARY} <cpi@lib.test>")
    before = len(smtp.received)
    report = Sender(repo.engine, config).drain()
    assert len(report.sent) == 1 and len(smtp.received) == before + 1, report
    return smtp.received[-1].message


def request_id_of(repo: Repository, code: str) -> int:
    with Session(repo.engine) as session:
        found = session.exec(select(DeskRequest.id).where(DeskRequest.code == code)).one()
    assert found is not None
    return found


def private_link(message: EmailMessage, base: str) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    found = re.search(re.escape(base) + r"/ask/r/[A-Za-z0-9_-]{43}", text)
    assert found, text
    return found.group(0)


def test_a_resident_asks_gets_the_emails_and_reads_the_answer_through_the_link(
    service: tuple[str, Repository], smtp: SmtpServer
) -> None:
    from playwright.sync_api import sync_playwright

    base, repo = service
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(locale="ru-RU")
        page.goto(base + "/")
        page.get_by_role("link", name="Задать вопрос", exact=True).click()
        page.wait_for_url("**/ask")

        page.get_by_label("Ваш вопрос").fill(QUESTION)
        page.get_by_label("по электронной почте").check()
        page.get_by_label("Ваше имя").fill("Анна Сергеевна")
        page.get_by_label("Контакт для ответа").fill("anna@example.test")
        page.get_by_label("Я согласен (согласна) на обработку").check()
        # as if she had taken a minute to write: no test waits for the stamp to age
        stamp = antispam.stamp(secret_key(repo.settings), "ask", time.time() - 60)
        page.locator(f'input[name="{antispam.STAMP}"]').evaluate("(e, v) => e.value = v", stamp)
        page.get_by_role("button", name="Отправить вопрос").click()
        page.wait_for_url("**/ask/r/*?new=1")

        registered = page.locator("section.registered").inner_text()
        code = re.search(r"\d{4}-\d{5}", registered)
        assert code is not None
        assert "Ваш вопрос получен и ждёт библиотекаря." in page.locator("p.state").inner_text()

        received = deliver(repo, smtp)
        assert received["Subject"] == f"Ваш вопрос зарегистрирован: запрос {code.group(0)}"
        assert received["To"] == "anna@example.test"
        first_link = private_link(received, base)
        assert first_link in registered  # the page showed the same kind of link

        # the librarian answers at the desk (through the desk's services: the keyboard
        # path of the desk has a browser test of its own)
        request_id = request_id_of(repo, code.group(0))
        answers.save_answer(repo.engine, request_id, ANSWER, "email", None, 15, "web:librarian")
        answers.cite_act(repo.engine, request_id, 1, "web:librarian")
        set_status(repo.engine, request_id, "answered", "web:librarian", site=site(repo))

        answered = deliver(repo, smtp)
        assert answered["Subject"] == f"На ваш вопрос дан ответ: запрос {code.group(0)}"
        assert ANSWER not in answered.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        link = private_link(answered, base)

        reader = browser.new_page(locale="ru-RU")  # opened from the e-mail: a fresh tab
        reader.goto(link)
        assert reader.locator("p.state").inner_text() == "Ответ готов."
        assert ANSWER in reader.locator("div.text").inner_text()
        reader.get_by_role("link", name=re.compile("Постановление от 01.03.2024")).click()
        reader.wait_for_url("**/documents/1")
        assert "О порядке предоставления субсидий" in reader.locator("h1").inner_text()
        browser.close()
