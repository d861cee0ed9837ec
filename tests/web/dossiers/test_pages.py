"""Dossiers through the real application: an employee orders one from the workspace, a
librarian composes it from proposals and delivers it, the employee downloads the DOCX —
and another employee cannot, nor can anybody signed out."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from docx import Document as DocxDocument
from sqlmodel import Session, select

from legaldesk.accounts.users import create_user
from legaldesk.repository import Repository
from tests.web.sessions import PASSWORD, Client, log_in, log_out, post_form

# Forms and rendering over the domain, whose own tests run on both databases: SQLite alone
# here keeps CI's time (each web test builds a whole application per database).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_an_employee_orders_a_librarian_composes_and_the_employee_downloads(
    client: Client, repo: Repository
) -> None:
    log_in(client, "employee")
    post_form(
        client,
        "/staff/my-dossiers",
        {"topic": "земельный налог", "purpose": "к сессии", "email": "e@example.org"},
        status=200,
    )
    mine = client.get("/staff/my-dossiers").text
    assert "земельный налог" in mine and "заказано" in mine
    log_out(client)

    log_in(client, "librarian")
    listing = client.get("/staff/dossiers").text
    dossier_id = int(re.search(r'href="/staff/dossiers/(\d+)">земельный налог', listing).group(1))  # type: ignore[union-attr]
    page = post_form(client, f"/staff/dossiers/{dossier_id}/query", {"query": "земельный налог"})
    items = re.findall(r'name="item" value="(\d+)"', page)
    assert items, "the filed act is proposed"
    page = post_form(
        client,
        f"/staff/dossiers/{dossier_id}/decide",
        {"item": items[0], "decision": "accept"},
    )
    assert "Материалы" in page  # the first section, made for the accepted item
    page = post_form(client, f"/staff/dossiers/{dossier_id}/deliver", {"email": "1"})
    link = re.search(rf'href="(/staff/dossiers/{dossier_id}/deliveries/\d+)"', page)
    assert link
    printable = client.get(f"/staff/dossiers/{dossier_id}/print").text
    assert (
        "О земельном налоге на территории Заречного сельского поселения : постановление"
        in printable
    )
    log_out(client)

    log_in(client, "employee")
    assert link.group(1) in client.get("/staff/my-dossiers").text
    download = client.get(link.group(1))
    assert download.status_code == 200
    docx = DocxDocument(BytesIO(download.content))
    assert "земельный налог" in "\n".join(p.text for p in docx.paragraphs)
    log_out(client)

    create_user(repo.engine, "other", PASSWORD, "employee")
    log_in(client, "other")
    assert client.get(link.group(1)).status_code == 404
    assert client.get(f"/staff/dossiers/{dossier_id}/print").status_code == 404
    log_out(client)
    assert client.get(link.group(1), follow_redirects=False).status_code in (302, 303, 401)


def test_a_dossier_without_a_topic_is_refused(client: Client) -> None:
    log_in(client, "employee")
    page = post_form(client, "/staff/my-dossiers", {"topic": "  "}, status=400)
    assert "тему" in page


@pytest.mark.parametrize("item", ["99999999999999999999", "²"])
def test_an_item_number_no_row_can_have_is_asked_for_again(client: Client, item: str) -> None:
    """A number larger than any id reached the database, which refused it: a server error
    (found by sending odd values in every staff form)."""
    log_in(client, "librarian")
    page = post_form(client, "/staff/dossiers", {"topic": "земельный налог", "requester": "Дума"})
    dossier_id = re.search(r"/staff/dossiers/(\d+)/query", page)
    assert dossier_id, "the new dossier's page"
    path = f"/staff/dossiers/{dossier_id.group(1)}"

    refused = post_form(client, path + "/decide", {"item": item, "section": item}, status=400)
    added = post_form(client, path + "/items", {"id": item, "kind": "act"}, status=400)

    assert "Выберите материалы в списке" in refused
    assert "номер акта" in added


def test_control_characters_sent_in_a_form_are_not_kept(client: Client, repo: Repository) -> None:
    """A control character kept from a form stopped every DOCX the text went into."""
    from legaldesk.models import Dossier

    log_in(client, "librarian")
    post_form(
        client,
        "/staff/dossiers",
        {
            "topic": "Тарифы\x01 ЖКХ",
            "requester": "Дума\x02",
            "purpose": "к сессии\x1f\r\nи к отчёту",
        },
    )

    with Session(repo.engine) as session:
        dossier = session.exec(select(Dossier)).one()
    assert (dossier.topic, dossier.requester_name) == ("Тарифы ЖКХ", "Дума")
    assert dossier.purpose == "к сессии\nи к отчёту"
