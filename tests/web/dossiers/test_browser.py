"""The dossier order in a real browser: an employee orders «бюджет 2025», a librarian
composes it from LegalDesk's proposals and delivers it, the employee downloads a DOCX that
opens with its table of contents (Debian's chromium driven by Playwright, the service on a
real socket)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from io import BytesIO

import pytest
from docx import Document as DocxDocument

from legaldesk.accounts.users import create_user
from legaldesk.config import Settings
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes
from tests.web.live import serving
from tests.web.test_browser import _log_in, browser, pytestmark  # noqa: F401


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = Repository(Settings(data_dir=tmp_path_factory.mktemp("dossiers"), ocr=False))
    repo.init()
    for number, title in (
        ("12", "О бюджете поселения на 2025 год"),
        ("30", "О налоге на имущество"),
    ):
        text = act_text(number=number, adopted=date(2024, 12, 20), title=title, body=title + ".")
        repo.ingestor("test").ingest(RawFile(docx_bytes(text), f"{number}.docx"))
    create_user(repo.engine, "librarian", "demo-librarian", "librarian")
    create_user(repo.engine, "employee", "demo-employee", "employee", "Петрова А. С.")
    with serving(repo) as url:
        yield url


def _sign_in(page: object, base_url: str, name: str, password: str) -> None:
    _log_in(page, base_url, name, password)
    page.wait_for_url("**/staff")  # type: ignore[attr-defined]


def test_an_employee_orders_a_librarian_composes_and_the_employee_downloads(
    base_url: str,
    browser: object,  # noqa: F811
) -> None:
    employee = browser.new_context(locale="ru-RU", accept_downloads=True).new_page()  # type: ignore[attr-defined]
    _sign_in(employee, base_url, "employee", "demo-employee")
    employee.goto(base_url + "/staff/my-dossiers")
    employee.fill("#topic", "бюджет 2025")
    employee.fill("#purpose", "к заседанию")
    employee.click("text=Заказать досье")
    assert "бюджет 2025" in employee.locator("table").inner_text()

    librarian = browser.new_context(locale="ru-RU").new_page()  # type: ignore[attr-defined]
    _sign_in(librarian, base_url, "librarian", "demo-librarian")
    librarian.goto(base_url + "/staff/dossiers")
    librarian.click("text=бюджет 2025")
    librarian.click("text=Сохранить и подобрать материалы")
    proposed = librarian.locator("input[name=item]")
    assert proposed.count() >= 1
    for i in range(proposed.count()):
        proposed.nth(i).check()
    librarian.click("button[value=accept]")
    assert (
        "О бюджете поселения на 2025 год"
        in librarian.locator("#sections ~ ol, section[aria-labelledby=sections]").first.inner_text()
    )
    librarian.click("text=Сформировать DOCX и выдать")
    assert (
        librarian.locator("section[aria-labelledby=deliveries] a[href*='/deliveries/']").count()
        == 1
    )

    employee.goto(base_url + "/staff/my-dossiers")
    with employee.expect_download() as caught:
        employee.locator("a[href*='/deliveries/']").first.click()
    path = caught.value.path()
    docx = DocxDocument(BytesIO(path.read_bytes()))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "бюджет 2025" in text and "Содержание" in text
    assert "О бюджете поселения на 2025 год : постановление" in text  # its GOST description
