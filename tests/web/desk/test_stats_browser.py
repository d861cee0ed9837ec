"""The month's statistics in a real browser (Debian's chromium through Playwright): the
charts show — drawn in colour, under the site's Content-Security-Policy, with no script —
on screen and in print, and the XLSX export downloads and opens."""

from __future__ import annotations

import io
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from openpyxl import load_workbook
from PIL import Image

from legaldesk.accounts.users import create_user
from legaldesk.config import Settings
from legaldesk.desk import answers
from legaldesk.desk.requests import Clock, Intake, create_request, set_status
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.web.acts.test_public import file_act
from tests.web.indexing import indexing

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh test)"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = Repository(Settings(data_dir=tmp_path_factory.mktemp("stats"), ocr=False))
    repo.init()
    file_act(repo, 1, "О тарифах на холодную воду")
    create_user(repo.engine, "librarian", "demo-librarian", "librarian")
    clock = Clock.of(repo.settings)
    for channel, rubric in (
        ("phone", "tariffs"),
        ("letter", "pensions_benefits"),
        ("email", "tariffs"),
    ):
        filed = create_request(
            repo.engine,
            Intake(question="Какие тарифы на воду действуют?", channel=channel, rubrics=(rubric,)),
            "t",
            clock,
        )
        assert filed.id is not None
        if channel == "phone":
            answers.cite_act(repo.engine, filed.id, 1, "t")
            set_status(repo.engine, filed.id, "answered", "t")
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
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    repo.close()


def _colours(png: bytes) -> set[tuple[int, int, int]]:
    """The saturated colours of a screenshot: a chart drawn without its styles is black."""
    image = Image.open(io.BytesIO(png)).convert("RGB").resize((120, 60))
    return {
        (r // 32, g // 32, b // 32)
        for r, g, b in image.getdata()  # type: ignore[misc]
        if max(r, g, b) - min(r, g, b) > 60
    }


def test_the_month_s_charts_show_and_the_xlsx_downloads(site: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(locale="ru-RU", accept_downloads=True)
        refused: list[str] = []
        page.on(
            "console",
            lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(site + "/login?next=/staff/desk/stats")
        page.get_by_label("Имя пользователя").fill("librarian")
        page.get_by_label("Пароль").fill("demo-librarian")
        page.get_by_label("Пароль").press("Enter")
        page.wait_for_url(site + "/staff/desk/stats")
        page.locator("#preset-this_month").click()
        page.wait_for_load_state()

        charts = page.locator("img.chart")
        shown = charts.count()
        widths = [charts.nth(n).evaluate("i => i.complete && i.naturalWidth") for n in range(shown)]
        channel = page.locator("#t-channel img.chart")
        drawn = _colours(channel.screenshot())
        table = page.locator("#t-channel table").inner_text()
        page.emulate_media(media="print")
        printed = (channel.is_visible(), page.locator("form.stats-filter").is_visible())
        page.emulate_media(media="screen")
        with page.expect_download() as download:
            page.locator("#export-xlsx").click()
        workbook = download.value.path().read_bytes()
        browser.close()

    assert shown >= 5 and all(w and w > 100 for w in widths), widths
    assert drawn, "the chart is drawn without colour: its styles were refused"
    assert refused == []
    assert "по телефону" in table and "письмом" in table
    assert printed == (True, False)
    book = load_workbook(io.BytesIO(workbook))
    rows = list(book["По способу обращения"].iter_rows(values_only=True))
    assert ("по телефону", 1, 33.3) in rows
