"""Residents' names and contacts on the web: staff only, every look recorded in the audit
trail (the request page, the API, a search for a person, the exports); the public and an
employee never see another person's; a person's data found, exported and erased."""

from __future__ import annotations

import json

import pytest
from litestar import Litestar
from sqlmodel import Session, col, select

from legaldesk.desk.requests import Clock, Intake, create_request
from legaldesk.models import AuditEvent, DeskRequest, Requester
from tests.web.sessions import Client, log_in, log_out, post_form, token

NAME, CONTACT = "Кузнецова Анна Викторовна", "+7 (916) 555-44-33"


@pytest.fixture
def resident(app: Litestar) -> int:
    """A resident's question with her name and phone, on the subject of the fixture's act."""
    repo = app.state.repo
    filed = create_request(
        repo.engine,
        Intake(
            question="Ставки земельного налога для пенсионеров",
            requester_name=NAME,
            requester_contact=CONTACT,
        ),
        "t",
        Clock.of(repo.settings),
    )
    assert filed.id is not None
    return filed.id


def _viewed(app: Litestar) -> list[tuple[str, int, str]]:
    with Session(app.state.repo.engine) as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "personal_data_viewed")
            .order_by(col(AuditEvent.id))
        ).all()
    return [(e.actor, e.detail["request"], e.detail["via"]) for e in events]


def test_the_request_page_and_the_api_record_each_look(
    app: Litestar, client: Client, resident: int
) -> None:
    repo = app.state.repo
    anonymous = create_request(repo.engine, Intake(question="Тарифы"), "t", Clock.of(repo.settings))
    log_in(client, "librarian")

    page = client.get(f"/staff/desk/requests/{resident}")
    api = client.get(f"/api/v1/requests/{resident}").json()
    client.get(f"/staff/desk/requests/{anonymous.id}")  # nobody named: nothing to record
    listed = client.get("/api/v1/requests").json()  # lists carry no names

    assert NAME in page.text and CONTACT in page.text
    assert api["requester"] == {"name": NAME, "contact": CONTACT}
    assert NAME not in json.dumps(listed, ensure_ascii=False)
    assert _viewed(app) == [
        ("web:librarian", resident, "page"),
        ("api:librarian", resident, "api"),
    ]


def test_the_public_never_sees_a_name_or_contact(client: Client, resident: int) -> None:
    hers = ("Кузнецова", "Викторовна", "555-44-33")
    pages = {  # a page echoing the reader's own search words is left its echo
        "/": hers,
        "/search?q=земельный налог пенсионеров": hers,
        "/search?q=Кузнецова": hers[1:],
        "/search?q=555-44-33": hers[:2],
        "/api/v1/search?q=земельный налог пенсионеров": hers,
        "/api/v1/search?q=Анна": hers,
        "/new": hers,
        "/new.atom": hers,
        "/rubrics": hers,
        "/issuers": hers,
        "/documents/1": hers,
    }
    for path, absent in pages.items():
        text = client.get(path).text
        assert not [word for word in absent if word in text], path
    for path in (f"/staff/desk/requests/{resident}", f"/api/v1/requests/{resident}"):
        assert client.get(path, follow_redirects=False).status_code in (302, 401)


def test_an_employee_sees_only_their_own_requests(client: Client, resident: int) -> None:
    log_in(client, "employee")

    workspace = client.get("/staff").text
    another = client.get(f"/staff/questions/{resident}")
    own = client.get("/staff/questions/1")

    assert "Кузнецова" not in workspace and "Порядок выдачи ордеров" in workspace
    assert another.status_code == 404 and "Кузнецова" not in another.text
    assert own.status_code == 200 and "Кузнецова" not in own.text
    for path in (
        f"/staff/desk/requests/{resident}",
        f"/api/v1/requests/{resident}",
        "/staff/desk/people?q=Кузнецова",
        f"/staff/desk/people/export.json?id={resident}",
    ):
        response = client.get(path)
        assert response.status_code == 403 and "Кузнецова" not in response.text, path


def test_a_person_s_requests_found_exported_and_erased(
    app: Litestar, client: Client, resident: int
) -> None:
    log_in(client, "librarian")

    found = client.get("/staff/desk/people", params={"q": "916 555 44 33"}).text
    exported = client.get("/staff/desk/people/export.json", params={"id": resident}).json()
    printable = client.get("/staff/desk/people/export", params={"id": resident}).text
    refused = post_form(client, "/staff/desk/people/erase", {"id": str(resident)}, status=400)
    erased = client.post(
        "/staff/desk/people/erase",
        data={"id": str(resident), "confirm": "yes", "_csrf_token": token(client, "/staff")},
        follow_redirects=False,
    )
    after = client.get(erased.headers["location"]).text
    page = client.get(f"/staff/desk/requests/{resident}").text

    assert NAME in found and CONTACT in found
    assert exported["requests"][0]["contact"] == CONTACT
    assert NAME in printable and "Ставки земельного налога" in printable
    assert "подтвердите" in refused.lower()
    assert erased.status_code in (302, 303) and "1 запроса" in after
    assert NAME not in page and "[удалено по запросу]" in page
    assert "удалены по просьбе человека" in page  # the history says so, not what
    with Session(app.state.repo.engine) as session:
        assert session.get(Requester, resident) is None
        row = session.get(DeskRequest, resident)
        assert row is not None and row.question == "[удалено по запросу]"
        actions = session.exec(
            select(AuditEvent.action).where(col(AuditEvent.action).like("personal_data_%"))
        ).all()
    assert actions.count("personal_data_erased") == 1
    vias = [via for _who, _id, via in _viewed(app)]
    assert {"person_search", "export_json", "export_page"} <= set(vias)
    log_out(client)
