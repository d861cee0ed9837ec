"""The public site and the JSON API, through the real application (ASGI, no browser)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from xml.etree import ElementTree

import pytest
from litestar.testing import TestClient

from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.repository import Repository
from legaldesk.web.acts.public import highlight
from legaldesk.web.app import create_app
from tests.factories import act_text, docx_bytes
from tests.web.indexing import indexing

Client = TestClient  # type: ignore[type-arg]


def file_act(repo: Repository, n: int, title: str, kind: str = "ПОСТАНОВЛЕНИЕ") -> int:
    data = docx_bytes(act_text(number=f"{n}-п", adopted=date(2024, 3, n), title=title, kind=kind))
    outcome = repo.ingestor("test").ingest(
        RawFile(data, f"act-{n}.docx", Hints(level="municipal", rubrics=("budget_taxes",)))
    )
    assert outcome.document_id is not None, outcome.reason
    return outcome.document_id


@pytest.fixture
def client(repo: Repository) -> Iterator[Client]:
    repo.init()
    file_act(repo, 1, "О земельном налоге на территории Заречного сельского поселения")
    file_act(repo, 2, "О тарифах на холодную воду")
    file_act(repo, 3, "О бюджете поселения на 2025 год", kind="РЕШЕНИЕ")
    with TestClient(indexing(create_app(repo))) as test_client:
        yield test_client


def test_search_lists_the_act_with_a_highlighted_snippet_and_facets(client: Client) -> None:
    page = client.get("/search", params={"q": "земельный налог"})

    assert page.status_code == 200
    assert "Найдено 3 акта." in page.text  # every test act sets the land tax in its body
    first = page.text.index("<h3>")
    assert "О <b>земельном</b> <b>налоге</b>" in page.text[first : first + 400]
    assert "<b>земельного</b> <b>налога</b>" in page.text  # the body's snippet
    assert "Вид документа" in page.text and "Постановление" in page.text


def test_a_filter_narrows_and_its_facet_is_marked(client: Client) -> None:
    page = client.get("/search", params={"type": "reshenie"})

    assert "Найден 1 акт." in page.text
    assert "О бюджете поселения" in page.text
    assert 'aria-current="true"' in page.text


def test_the_act_number_finds_its_act(client: Client) -> None:
    data = client.get("/api/v1/search", params={"q": "2-п"}).json()

    assert data["hits"][0]["title"] == "О тарифах на холодную воду"
    assert len(data["hits"][0]["sha256"]) == 64


def test_the_document_page_shows_metadata_and_marks_the_query_words(
    client: Client, repo: Repository
) -> None:
    document_id = client.get("/api/v1/search", params={"q": "земельный"}).json()["hits"][0]["id"]

    page = client.get(f"/documents/{document_id}", params={"q": "налог"})

    assert page.status_code == 200
    assert "Постановление от 01.03.2024 № 1-п" in page.text
    assert "<mark>налога</mark>" in page.text
    assert "Муниципальный" in page.text


def test_the_original_downloads_byte_for_byte(client: Client) -> None:
    document = client.get("/api/v1/documents/1").json()
    version = document["versions"][0]

    response = client.get(version["download"])

    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == version["sha256"]
    assert "attachment" in response.headers["content-disposition"]


def test_new_acts_page_poster_and_a_well_formed_atom_feed(client: Client) -> None:
    assert "О бюджете поселения" in client.get("/new").text
    assert "В коридорах власти" in client.get("/new/poster").text
    feed = client.get("/new.atom")

    root = ElementTree.fromstring(feed.content)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert len(entries) == 3


def test_unknown_pages_get_a_proper_404_in_html_and_in_json(client: Client) -> None:
    page = client.get("/documents/999")
    api = client.get("/api/v1/documents/999")

    assert page.status_code == 404 and "Страница не найдена" in page.text
    assert api.status_code == 404 and api.json()["detail"]


def test_nonsense_parameters_are_harmless(client: Client) -> None:
    page = client.get(
        "/search", params={"q": "<script>alert(1)</script>", "year": "x", "page": "-3"}
    )

    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


@pytest.mark.parametrize("number", ["²", "٣", "99999999999999999999999"])
def test_a_number_that_is_not_one_is_the_first_page(client: Client, number: str) -> None:
    """«²» and «٣» are digits to str.isdigit, and int("²") raised: /search?page=² and
    /qa?page=² were server errors on the public site."""
    for path in ("/search", "/qa"):
        page = client.get(path, params={"q": "налог", "page": number, "year": number})

        assert page.status_code == 200, path


def test_highlighting_keeps_yo_and_escapes() -> None:
    out = highlight("Ёлка у <школы> и ёлки", "елка")

    assert out == "<mark>Ёлка</mark> у &lt;школы&gt; и <mark>ёлки</mark>"


def test_a_filter_link_keeps_the_search_changes_one_thing_and_goes_back_to_page_one() -> None:
    from urllib.parse import parse_qs, urlsplit

    from legaldesk.web.acts.search_form import Filters

    search = Filters(
        q="земельный налог",
        doc_type="",
        level="",
        issuer="Дума & Co",
        rubric="",
        status="",
        year=2020,
        sort="date_desc",
        page=3,
    )

    def params(link: str) -> dict[str, list[str]]:
        return parse_qs(urlsplit(link).query)

    assert params(search.link(type="reshenie")) == {
        "q": ["земельный налог"],
        "issuer": ["Дума & Co"],
        "year": ["2020"],
        "sort": ["date_desc"],
        "type": ["reshenie"],
    }
    assert "year" not in params(search.link(year=""))
    assert params(search.link(page=4))["page"] == ["4"]


def test_a_misspelt_query_is_corrected_and_can_be_run_as_typed(client: Client) -> None:
    corrected = client.get("/search", params={"q": "земельный нолог"}).text
    layout = client.get("/search", params={"q": "ptvtkmysq yfkju"}).text
    typed = client.get("/search", params={"q": "земельный нолог", "typed": "1"}).text
    api = client.get("/api/v1/search", params={"q": "земельный нолог"}).json()

    assert "Показаны результаты по запросу «земельный налог»." in corrected
    assert "Искать как введено: «земельный нолог»" in corrected
    assert "typed=1" in corrected
    assert "Заречного сельского поселения" in corrected
    assert "в английской раскладке" in layout and "Заречного сельского" in layout
    assert "Показаны результаты" not in typed
    assert api["corrected_query"] == "земельный налог"


def test_a_number_no_act_has_offers_the_acts_with_numbers_like_it(
    client: Client, repo: Repository
) -> None:
    for number, issuer in (("245-па", "Администрация Лесного поселения"), ("245", "Совет")):
        text = act_text(number=number, title=f"О мерах {number}", issuer=issuer)
        repo.ingestor("test").ingest(RawFile(docx_bytes(text), f"{number}.docx"))

    page = client.get("/search", params={"q": "245-п"}).text
    exact = client.get("/search", params={"q": "245-па"}).text

    api = client.get("/api/v1/search", params={"q": "245-п"}).json()

    near = page[page.index("Акта с номером 245-п нет") :][:2000]
    assert "№ 245-па" in near and "№ 245</a>" in near
    assert "Лесного поселения" in near
    assert "Акта с номером" not in exact  # it exists: no help needed
    assert api["numbers"]["asked"] == "245-п"
    assert sorted(a["number"] for a in api["numbers"]["nearby"]) == ["245", "245-па"]


def test_a_number_several_bodies_use_lists_them(client: Client, repo: Repository) -> None:
    bodies = ("Администрация Лесного поселения", "Администрация Озёрного поселения")
    for day, issuer in enumerate(bodies, start=1):
        text = act_text(
            number="77-р", adopted=date(2024, 4, day), title="О субботнике", issuer=issuer
        )
        outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(text), f"{day}.docx"))
        assert outcome.publication == "published", outcome

    page = client.get("/search", params={"q": "77-р"}).text

    listed = page[page.index("Номер 77-р есть у актов нескольких органов") :][:2000]
    assert "Лесного поселения" in listed and "Озёрного поселения" in listed


def test_nothing_found_offers_a_way_on(client: Client) -> None:
    page = client.get("/search", params={"q": "земельный налог", "year": "1999"}).text

    nothing = page[page.index("Ничего не найдено.") :][:3000]
    assert "Без уточнений: 3 акта" in nothing  # each holds the words
    assert 'href="/search?q=%D0%B7' in nothing  # the same words, no filters
    assert 'href="/search?rubric=budget_taxes"' in nothing  # a heading named with «налог»
    assert 'href="/rubrics"' in nothing


def test_a_pdf_opens_in_the_browser_and_anything_else_downloads(
    client: Client, repo: Repository
) -> None:
    from legaldesk.synth import generate_acts
    from legaldesk.synth.render import render_act

    _name, pdf = render_act(next(iter(generate_acts(1, seed=3))), "pdf")
    outcome = repo.ingestor("test").ingest(RawFile(pdf, "act.pdf"))
    assert outcome.document_id is not None and outcome.publication == "published", outcome
    base = f"/documents/{outcome.document_id}/versions/{outcome.version_id}/original"

    page = client.get(f"/documents/{outcome.document_id}").text
    shown = client.get(base, params={"view": "1"})
    saved = client.get(base)
    docx = client.get("/documents/1/versions/1/original", params={"view": "1"})

    assert f'href="{base}?view=1"' in page and "Открыть в браузере" in page
    assert "Скачать файл" in page
    assert shown.headers["content-disposition"].startswith("inline;")
    assert shown.headers["content-type"] == "application/pdf"
    assert saved.headers["content-disposition"].startswith("attachment;")
    assert docx.headers["content-disposition"].startswith("attachment;")  # never shown
