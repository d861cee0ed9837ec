"""/staff/describe through the real application: who may open it, the form per kind, the
description it answers with (the formatter's, HTML-escaped) and a refusal with its reason."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from legaldesk.bibliography.gost import describe
from tests.web.sessions import Client, log_in, post_form

# Forms and rendering over the domain, whose own tests run on both databases: SQLite alone
# here keeps CI's time (each web test builds a whole application per database).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


TABLE = json.loads(
    (Path(__file__).resolve().parents[2] / "legaldesk/bibliography/gost_reference.json").read_text(
        encoding="utf-8"
    )
)


def _output(page: str) -> str:
    match = re.search(r'<output id="description"[^>]*>(.*?)</output>', page, re.S)
    assert match, page[:500]
    return html.unescape(match.group(1))


def test_only_librarians_and_admins_open_it(client: Client) -> None:
    assert client.get("/staff/describe", follow_redirects=False).status_code in (302, 303, 401)
    log_in(client, "employee")
    assert client.get("/staff/describe").status_code == 403
    assert "/staff/describe" not in client.get("/staff").text  # no link the guard refuses


def test_the_staff_menu_links_it_for_a_librarian(client: Client) -> None:
    log_in(client, "librarian")
    page = client.get("/staff").text
    assert 'href="/staff/describe"' in page
    form = client.get("/staff/describe?kind=act").text
    assert 'name="genre"' in form and 'name="_csrf_token"' in form
    assert "Библиографическое описание" in form  # Russian first


def test_an_act_in_a_newspaper_is_described(client: Client) -> None:
    log_in(client, "librarian")
    row = TABLE["rows"][0]
    item = row["item"]
    page = post_form(
        client,
        "/staff/describe",
        {
            "kind": "act",
            "title": item["title"],
            "genre": item["genre"],
            "authority": item["authority"],
            "issued": "2024-03-12",
            "number": item["number"],
            "container-title": item["container-title"],
            "available-date": "2024-03-15",
            "issue": item["issue"],
            "page": item["page"],
        },
    )
    assert _output(page) == row["expected"]


def test_a_newspaper_article_with_authors_one_per_line(client: Client) -> None:
    log_in(client, "librarian")
    page = post_form(
        client,
        "/staff/describe",
        {
            "kind": "article",
            "author": "Петров И. И.\nА. Сидорова\n",
            "title": "Библиотека открыта для всех",
            "container-title": "Лесные вести",
            "issued": "2024-09-10",
            "issue": "36",
            "page": "4",
        },
    )
    expected = describe(
        {
            "type": "article-newspaper",
            "author": [
                {"family": "Петров", "given": "И. И."},
                {"family": "Сидорова", "given": "А."},
            ],
            "title": "Библиотека открыта для всех",
            "container-title": "Лесные вести",
            "issued": "2024-09-10",
            "issue": "36",
            "page": "4",
        }
    )
    assert _output(page) == expected
    assert expected.startswith(
        "Петров, И. И. Библиотека открыта для всех / И. И. Петров, А. Сидорова."
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"kind": "webpage", "title": "Страница", "URL": "https://example.ru/a"}, "дата обращения"),
        ({"kind": "act", "title": "О тарифах"}, "вид акта"),
        ({"kind": "article", "title": "", "container-title": "Газета"}, "заглавия"),
    ],
)
def test_what_cannot_be_described_is_refused_with_its_reason(
    client: Client, data: dict[str, str], reason: str
) -> None:
    log_in(client, "librarian")
    page = post_form(client, "/staff/describe", data, status=400)
    assert reason in html.unescape(page)
    assert 'id="description"' not in page


def test_the_form_needs_its_csrf_token(client: Client) -> None:
    log_in(client, "librarian")
    response = client.post("/staff/describe", data={"kind": "book", "title": "Т"})
    assert response.status_code == 403
