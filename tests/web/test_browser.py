"""A resident's search in a real browser: Debian's chromium driven by Playwright against the
service running on a real socket."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from legaldesk.accounts.users import create_user
from legaldesk.config import Settings
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.factories import act_text, docx_bytes
from tests.web.acts.test_public import file_act
from tests.web.indexing import indexing

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh test)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = Repository(
        Settings(
            data_dir=tmp_path_factory.mktemp("browser"),
            ocr=False,
            library_name="Центральная библиотека Заречного района",
        )
    )
    repo.init()
    file_act(repo, 1, "О земельном налоге на территории Заречного сельского поселения")
    file_act(repo, 2, "О тарифах на холодную воду")
    create_user(repo.engine, "librarian", "demo-librarian", "librarian")
    create_user(repo.engine, "employee", "demo-employee", "employee")
    create_user(repo.engine, "admin", "demo-admin", "admin")
    port = _free_port()
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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


def test_a_resident_searches_opens_the_act_and_sees_the_words_marked(
    base_url: str, browser: object
) -> None:
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    page.goto(base_url + "/")

    page.get_by_label("Что вы ищете? Слова, название или номер акта").fill("тариф на воду")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    first = page.locator("ol.hits li h3 a").first
    assert "О тарифах на холодную воду" in first.inner_text()
    first.click()
    page.wait_for_url("**/documents/*")

    assert page.locator("h1").inner_text() == "О тарифах на холодную воду"
    assert page.locator(".text mark").count() >= 1
    assert "Постановление от 02.03.2024 № 2-п" in page.title()
    page.close()


def test_an_unknown_address_shows_the_404_page(base_url: str, browser: object) -> None:
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]

    response = page.goto(base_url + "/documents/424242")

    assert response.status == 404
    assert page.locator("h1").inner_text() == "Страница не найдена"
    page.close()


def _log_in(page: object, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/staff")  # type: ignore[attr-defined]
    page.wait_for_url("**/login?next=*")  # type: ignore[attr-defined]
    page.get_by_label("Имя пользователя").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Пароль").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Войти").click()  # type: ignore[attr-defined]


def test_a_librarian_uploads_corrects_a_field_and_the_public_finds_it(
    base_url: str, browser: object, tmp_path: Path
) -> None:
    upload = tmp_path / "решение 77.docx"
    upload.write_bytes(docx_bytes(act_text(number="77-р", title="О проверке браузером")))
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    _log_in(page, base_url, "librarian", "demo-librarian")
    page.wait_for_url("**/staff")

    page.get_by_role("link", name="Загрузить документы").click()
    page.get_by_label("Файлы (PDF, DOCX, DOC, RTF, HTML, TXT; можно несколько)").set_input_files(
        str(upload)
    )
    page.get_by_role("button", name="Загрузить").click()
    page.get_by_role("link", name="проверить реквизиты").click()
    page.get_by_label("Название").fill("О проверке сайта настоящим браузером")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.wait_for_url("**/documents/*")

    assert page.locator("h1").inner_text() == "О проверке сайта настоящим браузером"
    page.goto(base_url + "/search?q=" + "настоящим браузером")
    assert "О проверке сайта настоящим браузером" in page.locator("ol.hits").inner_text()
    page.close()


def test_an_employee_is_refused_the_upload_page(base_url: str, browser: object) -> None:
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    _log_in(page, base_url, "employee", "demo-employee")
    page.wait_for_url("**/staff")
    menu = page.locator("nav.staff").inner_text()

    response = page.goto(base_url + "/staff/upload")

    assert "Загрузить документы" not in menu
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Ошибка 403"
    page.close()


def test_in_english_a_librarian_files_a_real_docx_and_pdf_and_corrects_the_pdf(
    base_url: str, browser: object, corpus: Path
) -> None:
    """Filing and correcting, with two documents an administration published: the DOCX
    is parsed whole; the PDF's text layer hides its number and date, so the librarian types
    them from the paper and a resident finds the act by its number a moment later."""
    docx = corpus / "bryansk" / "1.docx"
    pdf = corpus / "bryansk" / "1824-p.pdf"
    page = browser.new_page(locale="en-GB")  # type: ignore[attr-defined]
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(base_url + "/staff")
    page.wait_for_url("**/login?next=*")
    page.get_by_label("User name").fill("librarian")
    page.get_by_label("Password").fill("demo-librarian")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/staff")

    page.get_by_role("link", name="Upload documents").click()
    page.get_by_label(
        "Files (PDF, DOCX, DOC, RTF, HTML, TXT; several at once if you like)"
    ).set_input_files([str(docx), str(pdf)])
    page.get_by_role("button", name="Upload").click()
    outcomes = page.locator("ul.outcomes li")
    assert outcomes.count() == 2
    assert "1.docx: accepted" in outcomes.nth(0).inner_text()
    assert "awaits review" in outcomes.nth(1).inner_text()
    outcomes.nth(1).get_by_role("link", name="review the details").click()
    page.get_by_label("Number", exact=True).fill("1824-п")
    page.get_by_label("Date adopted").fill("2025-05-07")
    page.get_by_label("Issuing body").fill("Брянская городская администрация")
    page.get_by_role("button", name="Save and publish", exact=True).click()
    page.wait_for_url("**/documents/*")

    assert "Resolution No. 1824-п of May 7, 2025" in page.locator("p.kicker").inner_text()
    resident = browser.new_page(locale="en-GB")  # type: ignore[attr-defined]
    resident.goto(base_url + "/search?q=1824-п")
    first = resident.locator("ol.hits li").first.inner_text()
    assert "Об утверждении предельных тарифов" in first
    assert "1 act found." in resident.locator("p.total").inner_text()
    resident.goto(base_url + "/search?q=1164-п")
    assert "О внесении изменений в постановление" in resident.locator("ol.hits").inner_text()
    resident.close()
    page.close()


def test_the_reader_switches_the_language_from_the_header(base_url: str, browser: object) -> None:
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    page.goto(base_url + "/search?q=тариф")
    assert page.locator("h1").inner_text() == "Поиск: «тариф»"

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/search?q=*")

    assert page.locator("h1").inner_text() == "Search: «тариф»"
    page.goto(base_url + "/new")
    assert page.locator("h1").inner_text() == "New acts in the library"
    page.close()


def test_a_keyboard_user_skips_to_the_content_and_searches_without_a_mouse(
    base_url: str, browser: object
) -> None:
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    page.goto(base_url + "/search")

    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    in_main = page.evaluate("document.activeElement.id")
    page.focus("#q-top")
    page.keyboard.type("земельный налог")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    for _ in range(40):  # Tab until a result's link has the focus
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('ol.hits')"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/documents/*")

    assert skip == "#main" and in_main == "main"
    assert "земельном налоге" in page.locator("h1").inner_text()
    page.close()


UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => !['hidden', 'submit', 'button'].includes(e.type))
  .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label'))
  .map(e => e.name || e.id)"""


def test_every_field_on_every_page_has_a_label(base_url: str, browser: object) -> None:
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    public = [
        "/",
        "/search?q=налог",
        "/documents/1",
        "/new",
        "/rubrics",
        "/issuers",
        "/login",
        "/ask",
        "/qa",
    ]
    unlabelled = {}
    for path in public:
        page.goto(base_url + path)
        unlabelled[path] = page.evaluate(UNLABELLED)
    _log_in(page, base_url, "librarian", "demo-librarian")
    page.wait_for_url("**/staff")
    for path in [
        "/staff",
        "/staff/upload",
        "/staff/documents/1",
        "/staff/sources",
        "/staff/password",
        "/staff/desk",
        "/staff/qa",
    ]:
        page.goto(base_url + path)
        unlabelled[path] = page.evaluate(UNLABELLED)
    page.context.clear_cookies()
    _log_in(page, base_url, "admin", "demo-admin")
    page.wait_for_url("**/staff")
    for path in ["/staff/users", "/staff/rubrics", "/staff/desk/settings"]:
        page.goto(base_url + path)
        unlabelled[path] = page.evaluate(UNLABELLED)

    assert {path: names for path, names in unlabelled.items() if names} == {}
    page.close()


def test_pages_fit_a_phone_screen_without_sideways_scrolling(
    base_url: str, browser: object
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    widths = {}
    for path in ["/", "/search?q=налог", "/documents/1", "/new", "/rubrics", "/ask", "/qa"]:
        page.goto(base_url + path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")

    assert {path: w for path, w in widths.items() if w > 360} == {}
    page.close()


def test_pages_load_nothing_from_outside_the_service(base_url: str, browser: object) -> None:
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in [
        "/",
        "/search?q=налог",
        "/documents/1",
        "/new",
        "/new/poster",
        "/login",
        "/schema",
    ]:
        page.goto(base_url + path)

    assert requested and all(url.startswith(base_url) for url in requested), requested
    page.close()


# Registered before any page script: every violation of the Content-Security-Policy.
VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def test_no_page_breaks_the_content_security_policy(base_url: str, browser: object) -> None:
    """The policy forbids inline scripts and styles: a page that had any would lose them
    in a real browser. Every page, public and staff, is checked in Chromium."""
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    page.add_init_script(VIOLATIONS)
    broken: dict[str, list[str]] = {}

    def visit(path: str) -> None:
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        broken[path] = page.evaluate("window.__violations")

    for path in [
        "/",
        "/search?q=налог",
        "/documents/1",
        "/new",
        "/new/poster",
        "/rubrics",
        "/issuers",
        "/login",
        "/schema",
        "/no/such/page",
        "/ask",
        "/ask/privacy",
        "/qa",
    ]:
        visit(path)
    _log_in(page, base_url, "admin", "demo-admin")
    page.wait_for_url("**/staff")
    for path in [
        "/staff",
        "/staff/upload",
        "/staff/documents/1",
        "/staff/sources",
        "/staff/password",
        "/staff/users",
        "/staff/rubrics",
        "/staff/desk",
        "/staff/desk/settings",
        "/staff/qa",
    ]:
        visit(path)

    assert page.evaluate("document.querySelector('link[rel=stylesheet]').sheet !== null")
    assert {path: found for path, found in broken.items() if found} == {}
    page.close()


def test_on_a_phone_the_results_come_first_and_the_filters_fold(
    base_url: str, browser: object
) -> None:
    page = browser.new_page(locale="ru-RU", viewport={"width": 360, "height": 640})  # type: ignore[attr-defined]
    page.goto(base_url + "/search?q=земельный+налог")

    first = page.locator("ol.hits li").first
    facets = page.locator("#facets")

    assert page.locator("#q-top").input_value() == "земельный налог"  # the query stays
    assert "О земельном налоге" in first.inner_text()
    assert first.bounding_box()["y"] < 640  # on the first screen  # type: ignore[index]
    assert facets.evaluate("d => d.open") is False
    assert not page.get_by_role("link", name="Постановление").first.is_visible()
    page.get_by_text("Уточнить поиск").click()  # the filters unfold
    assert facets.evaluate("d => d.open") is True
    assert page.locator("#facets ul a").first.is_visible()
    page.close()


def test_on_a_desktop_the_filters_stand_beside_the_results(base_url: str, browser: object) -> None:
    page = browser.new_page(locale="ru-RU", viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.goto(base_url + "/search?q=земельный+налог")

    hits = page.locator("ol.hits").bounding_box()
    facets = page.locator("#facets").bounding_box()

    assert page.locator("#q-top").input_value() == "земельный налог"
    assert facets is not None and hits is not None
    assert facets["x"] + facets["width"] <= hits["x"]  # to the left
    assert abs(facets["y"] - hits["y"]) < 200  # side by side, not one under the other
    assert not page.get_by_text("Уточнить поиск").is_visible()  # nothing to unfold
    assert page.locator("#facets ul a").first.is_visible()
    page.close()


def test_a_reader_finds_words_within_the_act_and_steps_between_them(
    base_url: str, browser: object
) -> None:
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    page.goto(base_url + "/documents/1")

    page.get_by_label("Найти в тексте акта").fill("налог")
    page.keyboard.press("Enter")
    page.wait_for_url("**/documents/1?q=*")
    marks = page.locator("#act-text mark")
    count = marks.count()
    status = page.locator("#find-status")

    assert count >= 2
    assert status.inner_text() == f"1 / {count}"  # the first match shown
    assert marks.nth(0).get_attribute("class") == "current"
    page.get_by_role("button", name="Следующее совпадение").click()
    assert status.inner_text() == f"2 / {count}"
    assert marks.nth(1).get_attribute("class") == "current"
    page.get_by_label("Найти в тексте акта").press("Enter")  # the same words: next again
    assert status.inner_text() == f"{min(3, count) if count > 2 else 1} / {count}"
    page.get_by_role("button", name="Предыдущее совпадение").click()
    page.close()


def test_the_act_prints_with_the_librarys_name_and_the_date(base_url: str, browser: object) -> None:
    page = browser.new_page(locale="ru-RU")  # type: ignore[attr-defined]
    page.goto(base_url + "/documents/1")

    assert page.get_by_role("button", name="Печать").is_visible()  # the script showed it
    assert not page.locator(".print-head").is_visible()
    page.emulate_media(media="print")
    head = page.locator(".print-head")

    assert head.is_visible()
    assert "Центральная библиотека Заречного района" in head.inner_text()
    assert "напечатано" in head.inner_text()
    assert not page.locator("header.site").is_visible()
    assert not page.get_by_role("button", name="Печать").is_visible()
    assert page.locator("#act-text").is_visible()
    page.close()
