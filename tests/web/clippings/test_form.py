"""The staff form for press clippings (guarded, CSRF-checked), the act page showing a
clipping's fields, the review queue listing clippings, and the search facet «Вид
материала»."""

from __future__ import annotations

import re

from legaldesk.clippings import clipping_details
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import scanned_act_pdf
from tests.web.sessions import Client, log_in, token

FORM = "/staff/clippings/new"
HEADLINE = "Тарифы на воду изменятся с 1 июля"
TEXT = (
    "Администрация сообщает: с 1 июля меняются тарифы на холодную воду.\n"
    "Постановление от 12.03.2024 № 245-п определяет новые ставки земельного налога."
)


def fields(**changes: str) -> dict[str, str]:
    return {
        "source_kind": "newspaper",
        "source_name": "Заречные вести",
        "issue": "12",
        "issued": "2024-03-20",
        "pages": "3",
        "authors": "М. Иванова",
        "headline": HEADLINE,
        "text": TEXT,
        **changes,
    }


def file_clipping(client: Client, **changes: str) -> tuple[int, str]:
    data = {**fields(**changes), "_csrf_token": token(client, FORM), "rubrics": "tariffs"}
    response = client.post(FORM, data=data, files={"file": ("", b"", "application/octet-stream")})
    return response.status_code, response.text


def test_a_librarian_files_a_pasted_clipping_and_it_shows_as_one(client: Client) -> None:
    log_in(client, "librarian")

    status, page = file_clipping(client)

    assert status == 200, page[:500]
    found = re.search(r'Публикация добавлена: <a href="/documents/(\d+)"', page)
    assert found, page[:2000]
    document = client.get(f"/documents/{found.group(1)}").text
    assert "Публикация в прессе · Заречные вести" in document
    assert "Дата выпуска" in document and "М. Иванова" in document
    assert "Статус" not in document  # a clipping has no status and no number
    api = client.get(f"/api/v1/documents/{found.group(1)}").json()
    assert api["material"] == "clipping" and api["clipping"]["issue"] == "12"
    assert api["rubrics"] == ["tariffs"]


def test_a_clipping_without_its_date_or_text_is_refused_with_the_form_kept(
    client: Client,
) -> None:
    log_in(client, "librarian")

    status, page = file_clipping(client, issued="")
    assert status == 400 and "укажите дату выпуска" in page
    assert 'value="Заречные вести"' in page  # what was typed stays

    status, page = file_clipping(client, text="")
    assert status == 400 and "Приложите статью" in page


def test_the_form_is_for_filers_and_carries_csrf(client: Client) -> None:
    assert client.get(FORM, follow_redirects=False).status_code in (302, 303, 401)
    log_in(client, "employee")
    assert client.get(FORM).status_code == 403
    client.cookies.clear()
    log_in(client, "librarian")
    assert 'name="_csrf_token"' in client.get(FORM).text
    refused = client.post(FORM, data=fields(), files={"file": ("", b"", "text/plain")})
    assert refused.status_code == 403
    assert "Добавить публикацию из прессы" in client.get("/staff").text  # in the menu


def test_the_search_page_has_a_facet_for_the_kind_of_material(
    client: Client, repo: Repository
) -> None:
    log_in(client, "librarian")
    status, _page = file_clipping(client, headline="Земельный налог: новые ставки")
    assert status == 200
    client.cookies.clear()  # the public's search

    page = client.get("/search", params={"q": "земельного налога"}).text
    facet = re.search(r"<h2>Вид материала</h2>(.*?)</section>", page, re.S)
    assert facet, page[:3000]
    assert "Правовые акты" in facet.group(1) and "Публикации в прессе" in facet.group(1)
    assert "material=clipping" in facet.group(1)

    only = client.get("/search", params={"q": "земельного налога", "material": "clipping"}).text
    assert "Публикация в прессе · Заречные вести" in only
    assert 'href="/documents/1' not in only  # the act the app filed is not a clipping
    api = client.get("/api/v1/search", params={"q": "налога", "material": "act"}).json()
    assert api["total"] >= 1 and {h["material"] for h in api["hits"]} == {"act"}
    assert client.get("/api/v1/search", params={"material": "poem"}).status_code == 400


def test_a_scanned_clipping_in_review_is_listed_in_the_queue(
    client: Client, repo: Repository
) -> None:
    details = clipping_details(
        source_name="Вести", headline="Заголовок статьи", issued="2024-03-20"
    )
    # A scan whose text is not recognised (OCR is off in the tests) awaits review.

    outcome = repo.ingestor("test").ingest(RawFile(scanned_act_pdf(), "scan.pdf", clipping=details))
    assert outcome.needs_review
    log_in(client, "librarian")

    queue = client.get("/staff").text
    assert f'href="/staff/documents/{outcome.document_id}' in queue
    assert "Публикация в прессе от 20.03.2024: Заголовок статьи" in queue


def test_a_librarian_corrects_a_clippings_details_on_the_review_page(client: Client) -> None:
    log_in(client, "librarian")
    status, page = file_clipping(client)
    assert status == 200
    found = re.search(r'Публикация добавлена: <a href="/documents/(\d+)"', page)
    assert found
    document_id = found.group(1)
    review = client.get(f"/staff/documents/{document_id}").text
    assert 'id="clipping-form"' in review and 'value="Заречные вести"' in review

    corrected = {**fields(issue="13", pages="4-5", authors="М. Иванова; П. Сидоров")}
    del corrected["text"]
    response = client.post(
        f"/staff/documents/{document_id}/clipping",
        data={**corrected, "_csrf_token": token(client, f"/staff/documents/{document_id}")},
        follow_redirects=False,
    )
    assert response.status_code in (302, 303)
    api = client.get(f"/api/v1/documents/{document_id}").json()
    assert (api["clipping"]["issue"], api["clipping"]["pages"]) == ("13", "4-5")
    assert api["clipping"]["authors"] == ["М. Иванова", "П. Сидоров"]
    history = client.get(f"/staff/documents/{document_id}").text
    assert "выходные данные публикации исправлены" in history

    refused = client.post(
        f"/staff/documents/{document_id}/clipping",
        data={**corrected, "pages": "три", "_csrf_token": token(client, "/staff")},
    )
    assert refused.status_code == 400
