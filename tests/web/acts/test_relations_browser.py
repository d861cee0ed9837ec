"""Relations in a real browser on a phone: the status of a repealed act is on its first
screen, and the links of its relations and of the references in its text lead to the
other acts (Debian's chromium driven by Playwright, the service on a real socket)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from legaldesk.config import Settings
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes
from tests.web.live import serving
from tests.web.test_browser import browser, pytestmark  # noqa: F401

ACTS: dict[str, int] = {}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = Repository(Settings(data_dir=tmp_path_factory.mktemp("relations"), ocr=False))
    repo.init()
    for name, number, adopted, title, body in (
        ("old", "9", date(2015, 1, 9), "О тарифах на воду", "Установить тарифы на воду."),
        (
            "repealing",
            "60",
            date(2021, 4, 1),
            "О признании утратившим силу постановления от 09.01.2015 № 9",
            "Признать утратившим силу постановление администрации от 09.01.2015 № 9.",
        ),
    ):
        text = act_text(number=number, adopted=adopted, title=title, body=body)
        outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(text), f"{number}.docx"))
        assert outcome.document_id is not None
        ACTS[name] = outcome.document_id
    with serving(repo) as url:
        yield url


def test_on_a_phone_the_repeal_is_on_the_first_screen_and_its_links_lead_on(
    base_url: str,
    browser: object,  # noqa: F811
) -> None:
    page = browser.new_page(locale="ru-RU", viewport={"width": 360, "height": 640})  # type: ignore[attr-defined]
    page.goto(f"{base_url}/documents/{ACTS['old']}")

    status = page.locator(".status-banner")
    assert "Утратил силу с 01.04.2021" in status.inner_text()
    box = status.bounding_box()
    assert box is not None and box["y"] + box["height"] < 640  # seen without scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing runs off

    status.locator("a").first.click()
    page.wait_for_url(f"**/documents/{ACTS['repealing']}")
    assert "Признаёт утратившим силу" in page.locator("section.relations").inner_text()

    page.locator("#act-text a.ref", has_text="№ 9").first.click()  # the reference in the text
    page.wait_for_url(f"**/documents/{ACTS['old']}")
    page.close()
