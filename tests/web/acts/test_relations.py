"""Relations where readers look: the act page's status and links both ways, references in
the text as links, the outside act's page, «только действующие» in search, the API — through
the real application."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from litestar.testing import TestClient

from legaldesk import publication
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.factories import act_text, docx_bytes
from tests.web.indexing import indexing

Client = TestClient  # type: ignore[type-arg]

TARIFF = "Об установлении тарифов на холодную воду"


def file(repo: Repository, number: str, adopted: date, title: str, body: str) -> int:
    text = act_text(number=number, adopted=adopted, title=title, body=body)
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(text), f"{number}.docx"))
    assert outcome.document_id is not None, outcome
    return outcome.document_id


@pytest.fixture
def acts(repo: Repository) -> dict[str, int]:
    repo.init()
    return {
        "tariff": file(repo, "17", date(2016, 2, 1), TARIFF, "Установить тарифы на воду."),
        "amending": file(
            repo,
            "52",
            date(2021, 3, 3),
            "О внесении изменений в постановление от 01.02.2016 № 17",
            "Внести в постановление администрации от 01.02.2016 № 17 изменения: тарифы на "
            "воду изложить в новой редакции.",
        ),
        "old": file(repo, "9", date(2015, 1, 9), "О тарифах на воду 2015 года", "Тарифы на воду."),
        "repealing": file(
            repo,
            "60",
            date(2021, 4, 1),
            "О признании утратившим силу постановления от 09.01.2015 № 9",
            "Признать утратившим силу постановление администрации от 09.01.2015 № 9.",
        ),
    }


@pytest.fixture
def client(repo: Repository, acts: dict[str, int]) -> Iterator[Client]:
    with TestClient(indexing(create_app(repo))) as test_client:
        yield test_client


def test_the_amended_act_lists_its_history_and_links_the_amending_act(
    client: Client, acts: dict[str, int]
) -> None:
    page = client.get(f"/documents/{acts['tariff']}")
    assert page.status_code == 200
    assert "Действует с изменениями с 03.03.2021" in page.text
    assert "История изменений" in page.text
    history = page.text[page.text.index("История изменений") :]
    assert f'href="/documents/{acts["amending"]}"' in history[:1500]


def test_the_amending_act_says_what_it_amends_and_links_it_in_its_text(
    client: Client, acts: dict[str, int]
) -> None:
    page = client.get(f"/documents/{acts['amending']}")
    section = page.text[page.text.index('id="relations"') :]
    assert "Изменяет" in section
    assert f'href="/documents/{acts["tariff"]}"' in section
    text = page.text[page.text.index('id="act-text"') :]
    assert re.search(rf'<a class="ref" href="/documents/{acts["tariff"]}">[^<]*№ 17', text)


def test_a_repealed_act_says_since_when_and_by_which_act(
    client: Client, acts: dict[str, int]
) -> None:
    page = client.get(f"/documents/{acts['old']}")
    status = page.text[page.text.index('class="act-status act-status-repealed"') :][:600]
    assert "Утратил силу с 01.04.2021" in status
    assert f'href="/documents/{acts["repealing"]}"' in status


def test_only_acts_in_force_hides_the_repealed_act_and_marks_it_otherwise(
    client: Client, acts: dict[str, int]
) -> None:
    def hits(text: str) -> list[int]:
        return [int(i) for i in re.findall(r'<h3><a href="/documents/(\d+)', text)]

    every = client.get("/search", params={"q": "тарифы на воду"})
    assert acts["old"] in hits(every.text)
    assert "Утратил силу" in every.text  # the mark on the repealed hit
    in_force = client.get("/search", params={"q": "тарифы на воду", "in_force": "1"})
    assert acts["old"] not in hits(in_force.text)
    assert acts["tariff"] in hits(in_force.text)
    assert "Показать и утратившие силу" in in_force.text


def test_the_federal_law_cited_has_a_page_listing_the_acts_citing_it(
    client: Client, acts: dict[str, int]
) -> None:
    page = client.get(f"/documents/{acts['tariff']}")
    found = re.search(r'href="/acts/outside/(\d+)">Федеральным законом[^<]*131-ФЗ', page.text)
    assert found, "the reference to 131-ФЗ is a link"
    outside = client.get(f"/acts/outside/{found.group(1)}")
    assert outside.status_code == 200
    assert "131-ФЗ" in outside.text
    for act in acts.values():  # every test act rests on 131-ФЗ
        assert f'href="/documents/{act}"' in outside.text


def test_the_public_sees_no_link_to_an_act_it_may_not_see(
    repo: Repository, client: Client, acts: dict[str, int]
) -> None:
    publication.withdraw(repo.engine, [acts["amending"]], "ошибка", "test")
    page = client.get(f"/documents/{acts['tariff']}")
    assert f'href="/documents/{acts["amending"]}"' not in page.text
    api = client.get(f"/api/v1/documents/{acts['amending']}")
    assert api.status_code == 404


def test_the_api_gives_relations_with_the_resolved_act_id(
    client: Client, acts: dict[str, int]
) -> None:
    answer = client.get(f"/api/v1/documents/{acts['amending']}").json()
    amends = [r for r in answer["relations"]["outgoing"] if r["role"] == "amends"]
    assert amends and amends[0]["act"]["id"] == acts["tariff"]
    assert amends[0]["act"]["number"] == "17" and amends[0]["partial"] is False
    assert "№ 17" in amends[0]["sentence"]
    target = client.get(f"/api/v1/documents/{acts['tariff']}").json()
    assert target["status"] == "amended"
    incoming = target["relations"]["incoming"]
    assert [(r["role"], r["act"]["id"]) for r in incoming] == [("amends", acts["amending"])]
    only = client.get("/api/v1/search", params={"q": "тарифы", "in_force": "1"}).json()
    assert acts["old"] not in [hit["id"] for hit in only["hits"]]


def test_a_press_clipping_citing_the_act_is_named_as_one(
    repo: Repository, client: Client, acts: dict[str, int]
) -> None:
    from legaldesk.clippings import clipping_details

    details = clipping_details(
        source_name="Заречные вести",
        headline="Тарифы на воду изменятся",
        issued="2021-03-10",
    )
    text = "Постановлением администрации от 01.02.2016 № 17 установлены тарифы на воду."
    outcome = repo.ingestor("test").ingest(RawFile(text.encode(), "clip.txt", clipping=details))
    assert outcome.document_id is not None
    page = client.get(f"/documents/{acts['tariff']}").text
    section = page[page.index('id="relations"') :]
    assert "Тарифы на воду изменятся</a> (публикация в прессе, 10.03.2021)" in section
