"""The interface in Russian and English: every message translated, the language chosen by
the reader or by Accept-Language, dates and plural forms as each language writes them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from litestar.testing import TestClient

from legaldesk.messages import Msg
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.web import i18n
from legaldesk.web.app import create_app
from tests.factories import act_text, docx_bytes
from tests.web.indexing import indexing

Client = TestClient  # type: ignore[type-arg]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def client(repo: Repository) -> Iterator[Client]:
    repo.init()
    data = docx_bytes(act_text(number="245-п", adopted=date(2024, 3, 12), title="О тарифах"))
    assert repo.ingestor("test").ingest(RawFile(data, "245.docx")).document_id == 1
    with TestClient(indexing(create_app(repo))) as test_client:
        yield test_client


@pytest.fixture
def russian() -> Iterator[None]:
    i18n.use("ru")
    yield
    i18n.use(i18n.DEFAULT)


def extracted() -> set[str]:
    """Every message the code, the templates and the command line's help ask to translate,
    found as `make messages` finds them (babel.cfg)."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Msg": None}
    found: set[str] = set()
    for folder in ("web", "legaldesk", "harvesters"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map, options_map, keywords=keywords
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_a_russian_translation() -> None:
    with (ROOT / "web/locale/ru/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po, locale="ru")
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string]) and not m.fuzzy
    }

    missing = sorted(extracted() - translated)

    assert len(extracted()) > 150
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing)


def test_without_a_choice_the_interface_is_russian(client: Client) -> None:
    page = client.get("/")

    assert '<html lang="ru">' in page.text
    assert "Найти правовой акт" in page.text


def test_accept_language_english_gives_english_pages(client: Client) -> None:
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})

    assert '<html lang="en">' in page.text
    assert "Find a legal act" in page.text
    assert "Найти правовой акт" not in page.text
    assert "Accept-Language" in page.headers["vary"]


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("de-DE, en;q=0.5, ru;q=0.4", "en"),
        ("en;q=0.3, ru;q=0.8", "ru"),
        ("fr, de", "ru"),
        ("", "ru"),
        ("en;q=0", "ru"),
        ("en;q=nonsense", "ru"),
    ],
)
def test_accept_language_is_read_by_quality(header: str, lang: str) -> None:
    assert i18n.negotiate(None, header) == lang


def test_the_readers_choice_is_remembered_and_beats_accept_language(client: Client) -> None:
    switched = client.get("/lang/en?next=/search%3Fq%3D245-%D0%BF", follow_redirects=False)

    assert switched.status_code == 302
    assert unquote(switched.headers["location"]) == "/search?q=245-п"
    page = client.get("/search?q=245-п", headers={"Accept-Language": "ru"})
    assert '<html lang="en">' in page.text
    assert "1 act found." in page.text


def test_the_language_switch_does_not_redirect_elsewhere(client: Client) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.get("/lang/en", params={"next": target}, follow_redirects=False)
        assert response.headers["location"] == "/", target


def test_an_unknown_language_is_a_404(client: Client) -> None:
    assert client.get("/lang/xx", follow_redirects=False).status_code == 404


def test_the_act_page_writes_its_date_as_each_language_does(client: Client) -> None:
    russian = client.get("/documents/1").text
    english = client.get("/documents/1", headers={"Accept-Language": "en"}).text

    assert "Постановление от 12.03.2024 № 245-п" in russian
    assert "Resolution No. 245-п of Mar 12, 2024" in english


def test_subject_headings_are_named_in_the_readers_language(client: Client) -> None:
    english = client.get("/rubrics", headers={"Accept-Language": "en"}).text
    russian = client.get("/rubrics").text

    assert "Local self-government" in english and "Местное самоуправление" not in english
    assert "Местное самоуправление" in russian


@pytest.mark.parametrize(
    ("n", "text"), [(1, "Найден 1 акт."), (3, "Найдено 3 акта."), (11, "Найдено 11 актов.")]
)
def test_russian_plural_forms(russian: None, n: int, text: str) -> None:
    assert i18n.ngettext("%(num)d act found.", "%(num)d acts found.", n) % {"num": n} == text


def test_a_domain_message_is_translated_with_its_values(russian: None) -> None:
    message = Msg("the password needs at least %(n)d characters", n=8)

    assert message == "the password needs at least 8 characters"  # the CLI's English
    assert i18n.tr(message) == "пароль должен быть не короче 8 знаков"


def test_a_reason_with_a_detail_keeps_the_detail(russian: None) -> None:
    assert (
        i18n.tr("PDF is corrupted: EOF marker not found") == "PDF повреждён: EOF marker not found"
    )
    assert i18n.tr("something nobody translated") == "something nobody translated"
    # "%(type)s of %(date)s" matches this text too; the known part wins over one word of it.
    assert (
        i18n.tr("link leading out of the inbox root, not read: a.txt points to /etc/passwd")
        == "ссылка ведёт за пределы папки для входящих файлов, файл не прочитан: "
        "a.txt points to /etc/passwd"
    )


def test_the_404_page_is_in_the_readers_language(client: Client) -> None:
    english = client.get("/no/such/page", headers={"Accept-Language": "en"})

    assert english.status_code == 404
    assert "Page not found" in english.text
    assert re.search(r"<title>Page not found", english.text)
