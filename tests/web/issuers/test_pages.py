"""Librarians keep the authority file of issuing bodies in the workspace; readers see each
body once."""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Session

from legaldesk.models import Document, Organization
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text
from tests.web.sessions import Client, log_in, post_form

BRYANSK = "Брянская городская администрация"


def file(repo: Repository, issuer: str, number: str, day: int) -> int:
    text = act_text(number=number, issuer=issuer, adopted=date(2024, 5, day))
    outcome = repo.ingestor("test").ingest(RawFile(text.encode(), f"{number}.txt"))
    assert outcome.document_id is not None
    return outcome.document_id


def body_of(repo: Repository, document_id: int) -> Organization:
    with Session(repo.engine) as session:
        document = session.get(Document, document_id)
        assert document is not None
        body = session.get(Organization, document.issuer_id)
        assert body is not None
        return body


def test_spellings_of_one_body_are_one_entry_for_readers(client: Client, repo: Repository) -> None:
    for n, spelling in enumerate(
        (
            "БРЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ",
            "РЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ",
            "ЬРЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ",
            "БРЯНСКАЯ Г ОРОДСКАЯ АДМИНИСТРАЦИЯ",
        ),
        start=1,
    ):
        file(repo, spelling, f"{n}-п", n)

    issuers = client.get("/issuers").text
    search = client.get("/search", params={"issuer": "Рянская городская администрация"}).text

    assert re.findall(r"\w*янская г ?ородская администрация", issuers, re.I) == [BRYANSK]
    assert f'{BRYANSK}</a> <span class="count">4</span>' in issuers
    assert "Рянская" not in search  # the facet names the body once, by its official name
    assert len(re.findall(r'href="/documents/\d+"', search)) == 4


def test_a_librarian_merges_a_proposed_body(client: Client, repo: Repository) -> None:
    kept = file(repo, BRYANSK.upper(), "1-п", 1)
    doubted = file(repo, "АДМИНИСТРАЦИЯ ГОРОДА БРЯНСКА", "2-п", 2)
    into, proposed = body_of(repo, kept), body_of(repo, doubted)
    log_in(client, "librarian")

    review = client.get(f"/staff/documents/{doubted}").text
    listing = client.get("/staff/issuers").text
    page = client.get(f"/staff/issuers/{proposed.id}").text
    merged = post_form(client, f"/staff/issuers/{proposed.id}/merge", {"into": str(into.id)})

    assert "предложен новый орган «Администрация города Брянска», похожий на: " + BRYANSK in review
    assert "Справочник органов власти" in listing and "предложен" in listing
    assert f'name="into" value="{into.id}"' in page  # the candidate, one click away
    assert "Органы объединены; перенесено актов: 1." in merged
    assert "Администрация города Брянска" in merged  # now a spelling of the body kept
    assert body_of(repo, doubted).id == into.id
    assert client.get(f"/staff/issuers/{proposed.id}").status_code == 404


def test_a_librarian_confirms_and_renames_a_body(client: Client, repo: Repository) -> None:
    file(repo, BRYANSK.upper(), "1-п", 1)
    doubted = file(repo, "АДМИНИСТРАЦИЯ ГОРОДА БРЯНСКА", "2-п", 2)
    body_id = body_of(repo, doubted).id
    log_in(client, "librarian")

    confirmed = post_form(client, f"/staff/issuers/{body_id}/confirm", {})
    saved = post_form(
        client,
        f"/staff/issuers/{body_id}",
        {
            "name": "Администрация города Брянска (1990–1995)",
            "short_name": "",
            "level": "municipal",
            "territory": "город Брянск",
        },
    )
    refused = post_form(
        client,
        f"/staff/issuers/{body_id}",
        {"name": "Рянская городская администрация", "level": "municipal"},
        status=400,
    )

    assert "Орган подтверждён; актов вышло из очереди проверки: 1." in confirmed
    assert "Данные органа сохранены." in saved
    assert "объедините эти два органа" in refused
    body = body_of(repo, doubted)
    assert (body.name, body.territory, body.proposed) == (
        "Администрация города Брянска (1990–1995)",
        "город Брянск",
        False,
    )
    search = client.get("/search", params={"issuer": body.name}).text
    assert len(re.findall(r'href="/documents/\d+"', search)) == 1


def test_merging_without_a_choice_or_into_nothing_is_refused(client: Client) -> None:
    log_in(client, "admin")

    unchosen = post_form(client, "/staff/issuers/1/merge", {"into": ""}, status=400)
    missing = post_form(client, "/staff/issuers/1/merge", {"into": "999"}, status=400)

    assert "Выберите орган" in unchosen
    assert "Органа 999 нет." in missing or "органа 999 нет" in missing
