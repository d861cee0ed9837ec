"""A deputy's subscriptions on a phone in a real browser: subscribed to «жилищно-коммунальное
хозяйство» on /staff/subscriptions, an act with those words filed, the deputy reads it in
«Новое по вашим темам» with why, and opens it (Debian's chromium driven by Playwright, the
service on a real socket)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from legaldesk.accounts.users import create_user
from legaldesk.config import Settings
from legaldesk.repository import Repository
from tests.legaldesk.subscriptions.conftest import file
from tests.web.live import serving
from tests.web.test_browser import _log_in, browser, pytestmark  # noqa: F401

SERVED: dict[str, Repository] = {}
WIDE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 362)
  .map(e => e.tagName + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 10)"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = Repository(Settings(data_dir=tmp_path_factory.mktemp("subscriptions"), ocr=False))
    repo.init()
    create_user(repo.engine, "deputy", "demo-deputy", "deputy", "Петров П. П.")
    SERVED["repo"] = repo
    with serving(repo) as url:
        yield url


def test_a_deputy_subscribes_on_a_phone_and_reads_the_new_act_and_why(
    base_url: str,
    browser: object,  # noqa: F811
) -> None:
    page = browser.new_page(locale="ru-RU", viewport={"width": 360, "height": 640})  # type: ignore[attr-defined]
    _log_in(page, base_url, "deputy", "demo-deputy")
    page.wait_for_url("**/staff")
    page.click("nav.staff >> text=Мои подписки")
    page.wait_for_url("**/staff/subscriptions")
    page.fill("#new-q", "жилищно-коммунальное хозяйство")
    page.select_option("#new-frequency", "immediate")
    page.click("form.profile-form >> text=Подписаться")
    page.wait_for_url("**/staff/subscriptions#profiles")
    assert "«жилищно-коммунальное хозяйство»" in page.locator("ul.profiles").inner_text()
    wide = page.evaluate(WIDE)  # what runs off, to say so when the test fails
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide  # nothing runs off

    act = file(SERVED["repo"], "10", "О тарифах на услуги жилищно-коммунального хозяйства")
    page.reload()

    news = page.locator("ol.news")
    text = news.inner_text()
    assert "О тарифах на услуги жилищно-коммунального хозяйства" in text
    assert "по вашей подписке «жилищно-коммунальное хозяйство»" in text
    assert "найдены слова: «жилищно-коммунальное хозяйство»" in text
    news.locator(f"a[href='/documents/{act}']").click()
    page.wait_for_url(f"**/documents/{act}")
    assert "О тарифах на услуги жилищно-коммунального хозяйства" in page.locator("h1").inner_text()
