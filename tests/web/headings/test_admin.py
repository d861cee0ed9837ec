"""An administrator manages the subject headings; readers and the review form see them."""

from __future__ import annotations

from sqlmodel import Session, select

from legaldesk.models import Rubric
from legaldesk.repository import Repository
from tests.web.sessions import Client, log_in, log_out, post_form, token


def test_a_new_heading_is_offered_to_readers_and_to_the_review_form(client: Client) -> None:
    log_in(client, "admin")

    page = post_form(
        client,
        "/staff/rubrics",
        {
            "code": "water_supply",
            "name_ru": "Водоснабжение",
            "name_en": "Water supply",
            "parent": "local_government",
        },
    )

    assert "Рубрика water_supply добавлена." in page
    assert "Water supply" in client.get("/rubrics", headers={"Accept-Language": "en"}).text
    assert 'value="water_supply"' in client.get("/staff/documents/1").text


def test_a_renamed_heading_is_shown_with_its_new_name(client: Client) -> None:
    log_in(client, "admin")

    post_form(client, "/staff/rubrics/local_government", {"name_ru": "МСУ", "name_en": "LSG"})

    assert "МСУ" in client.get("/rubrics").text


def test_a_heading_given_to_acts_is_not_removed(client: Client, repo: Repository) -> None:
    log_in(client, "librarian")
    client.post(
        "/staff/documents/1",
        data={
            "title": "О тарифах",
            "level": "municipal",
            "status": "unknown",
            "rubrics": "charters",
            "_csrf_token": token(client, "/staff/documents/1"),
        },
    )
    log_out(client)
    log_in(client, "admin")

    refused = post_form(client, "/staff/rubrics/charters/delete", {}, status=400)
    removed = post_form(client, "/staff/rubrics/municipal_service/delete", {})

    assert "рубрика charters присвоена актам (1), её нельзя удалить" in refused
    assert "Рубрика municipal_service удалена." in removed
    with Session(repo.engine) as session:
        codes = set(session.exec(select(Rubric.code)).all())
    assert "charters" in codes and "municipal_service" not in codes


def test_a_malformed_heading_code_is_refused(client: Client, repo: Repository) -> None:
    log_in(client, "admin")

    page = post_form(
        client, "/staff/rubrics", {"code": "Водоснабжение!", "name_ru": "Вода"}, status=400
    )

    assert "код рубрики" in page
    with Session(repo.engine) as session:
        assert session.exec(select(Rubric).where(Rubric.name_ru == "Вода")).first() is None
