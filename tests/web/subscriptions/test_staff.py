"""A member of staff's own subscriptions, following an act from its page, and the
librarian's list of subscribers with an official's card — through the real application,
on both databases (the pages read the subscriptions' own queries)."""

from __future__ import annotations

import re

from litestar import Litestar
from sqlmodel import Session, select

from legaldesk.models import OutboxMessage, Subscriber, SubscriptionProfile
from legaldesk.repository import Repository
from tests.legaldesk.subscriptions.conftest import file
from tests.web.sessions import Client, log_in, log_out, post_form

HOUSING = "жилищно-коммунальное хозяйство"


def profiles(repo: Repository) -> list[SubscriptionProfile]:
    with Session(repo.engine) as session:
        return list(session.exec(select(SubscriptionProfile)).all())


def test_the_pages_are_for_staff_and_the_list_of_subscribers_for_librarians(
    client: Client,
) -> None:
    anonymous = client.get("/staff/subscriptions", follow_redirects=False)
    assert anonymous.status_code == 302
    assert anonymous.headers["location"].startswith("/login?next=")

    log_in(client, "employee")
    assert client.get("/staff/subscribers", follow_redirects=False).status_code == 403
    mine = client.get("/staff/subscriptions")
    assert mine.status_code == 200
    assert '<a href="/staff/subscriptions">Мои подписки</a>' in mine.text  # the menu
    assert "/staff/subscribers" not in mine.text


def test_a_deputy_subscribes_and_reads_what_was_found_and_why(
    client: Client, repo: Repository
) -> None:
    log_in(client, "deputy")  # the application's deputy (tests/web/conftest.py)
    page = post_form(
        client, "/staff/subscriptions/profiles", {"q": HOUSING, "frequency": "immediate"}
    )
    assert f"«{HOUSING}»" in page and "сразу, как найдено" in page

    act = file(repo, "10", "О тарифах на услуги жилищно-коммунального хозяйства")
    file(repo, "11", "О бюджете поселения на 2026 год")
    page = client.get("/staff/subscriptions").text

    news = page.split('id="news"')[1].split('id="profiles"')[0]
    assert f'href="/documents/{act}"' in news
    assert "О тарифах на услуги жилищно-коммунального хозяйства" in news
    assert f"по вашей подписке «{HOUSING}»" in news
    assert "найдены слова: «жилищно-коммунальное хозяйство»" in news
    assert "О бюджете" not in news
    feed = re.search(r'href="(http[^"]+/feed/[^"]+\.atom)"', page)
    assert feed is not None and feed.group(1).startswith("http://127.0.0.1:8000/subscriptions/")


def test_a_profile_is_changed_paused_resumed_and_deleted(client: Client, repo: Repository) -> None:
    log_in(client, "employee")
    post_form(client, "/staff/subscriptions/profiles", {"q": "земельный налог"})
    (profile,) = profiles(repo)
    base = f"/staff/subscriptions/profiles/{profile.id}"

    page = post_form(
        client,
        base,
        {"do": "save", "q": "налог на имущество", "level": "municipal", "frequency": "weekly"},
    )
    assert "«налог на имущество»" in page and "Муниципальный" in page and "раз в неделю" in page
    post_form(client, base, {"do": "pause"})
    assert [p.active for p in profiles(repo)] == [False]
    assert "приостановлена" in client.get("/staff/subscriptions").text
    post_form(client, base, {"do": "resume"})
    assert [p.active for p in profiles(repo)] == [True]
    post_form(client, base, {"do": "delete"})
    assert profiles(repo) == []


def test_nonsense_in_the_form_is_refused_in_russian_and_nothing_is_saved(
    client: Client, repo: Repository
) -> None:
    log_in(client, "employee")

    wrong_frequency = post_form(
        client, "/staff/subscriptions/profiles", {"q": "налог", "frequency": "hourly"}, 400
    )
    wrong_type = post_form(
        client, "/staff/subscriptions/profiles", {"q": "налог", "type": "x"}, 400
    )
    nothing = post_form(client, "/staff/subscriptions/profiles", {"frequency": "daily"}, 400)
    wrong_do = post_form(client, "/staff/subscriptions/profiles/99", {"do": "save"}, 400)
    wrong_mail = post_form(client, "/staff/subscriptions/mail", {"on": "maybe"}, 400)
    wrong_address = post_form(client, "/staff/subscriptions/email", {"email": "nobody"}, 400)

    assert "выберите, как часто присылать новости" in wrong_frequency
    assert "нет вида актов «x»" in wrong_type
    assert "укажите, за чем следить" in nothing
    assert "такой подписки нет" in wrong_do.lower()
    assert 'value="налог"' in wrong_frequency  # what was typed stays
    assert wrong_mail.count('class="error"') == 1
    assert "«nobody» — не адрес электронной почты" in wrong_address
    assert profiles(repo) == []


def test_staff_follow_an_act_from_its_page_and_the_public_is_sent_to_the_form(
    client: Client, repo: Repository
) -> None:
    public = client.get("/documents/1").text
    assert 'href="/subscribe?follow=1"' in public

    log_in(client, "employee")
    page = client.get("/documents/1").text
    assert 'action="/staff/subscriptions/follow/1"' in page
    response = client.post(
        "/staff/subscriptions/follow/1",
        data={"_csrf_token": re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)},  # type: ignore[union-attr]
        follow_redirects=False,
    )
    assert response.status_code == 302
    assert response.headers["location"] == "/documents/1?followed=1"
    assert "Вы следите за этим актом" in client.get("/documents/1?followed=1").text
    (profile,) = profiles(repo)
    assert profile.follow_document_id == 1 and profile.active
    assert "Следит за актом" in client.get("/staff/subscriptions").text
    post_form(client, "/staff/subscriptions/follow/9999", {}, 400)


def test_the_search_page_offers_a_subscription_for_its_query(client: Client) -> None:
    public = client.get("/search", params={"q": "налог", "rubric": "taxes"}).text
    assert 'href="/subscribe?q=%D0%BD%D0%B0%D0%BB%D0%BE%D0%B3&amp;rubric=taxes#profiles"' in public
    form = client.get("/subscribe?q=налог&rubric=local_government").text
    assert 'value="налог"' in form
    assert '<option value="local_government" selected>' in form


def test_a_librarian_sets_up_an_officials_card_and_sees_who_subscribes_to_what(
    client: Client, app: Litestar, repo: Repository
) -> None:
    log_in(client, "employee")
    post_form(client, "/staff/subscriptions/profiles", {"q": "земельный налог"})
    log_out(client)

    log_in(client, "librarian")
    response = client.post(
        "/staff/subscribers",
        data={
            "name": "Сидорова Е. В., депутат",
            "email": "sidorova@duma.test",
            "_csrf_token": re.search(  # type: ignore[union-attr]
                r'name="_csrf_token" value="([^"]+)"', client.get("/staff/subscribers").text
            ).group(1),
        },
        follow_redirects=False,
    )
    assert response.status_code == 302
    card = response.headers["location"]
    page = post_form(
        client, card + "/profiles", {"rubric": "local_government", "frequency": "weekly"}
    )
    assert "Местное самоуправление" in page

    listing = client.get("/staff/subscribers").text
    assert "Сидорова Е. В., депутат" in listing and "sidorova@duma.test" in listing
    assert "не подтверждён" in listing and "раз в неделю" in listing
    assert "учётная запись employee" in listing and "земельный налог" in listing
    with Session(repo.engine) as session:
        official = session.exec(
            select(Subscriber).where(Subscriber.email == "sidorova@duma.test")
        ).one()
        letter = session.exec(
            select(OutboxMessage).where(OutboxMessage.recipient == "sidorova@duma.test")
        ).one()
    assert official.email_confirmed_at is None
    assert f"/subscriptions/{official.id}/confirm/sidorova@duma.test/" in letter.text

    refused = post_form(client, "/staff/subscribers", {"name": "", "email": ""}, 400)
    assert "укажите имя подписчика или адрес" in refused
    assert client.get("/staff/subscribers/9999").status_code == 404
    # At the official's request their card is erased, address and all.
    erased = client.post(
        card + "/erase",
        data={
            "_csrf_token": re.search(  # type: ignore[union-attr]
                r'name="_csrf_token" value="([^"]+)"', client.get(card).text
            ).group(1)
        },
        follow_redirects=False,
    )
    assert erased.status_code == 302 and erased.headers["location"] == "/staff/subscribers"
    assert "sidorova@duma.test" not in client.get("/staff/subscribers").text
    assert client.get(card).status_code == 404


def test_a_member_of_staff_renews_the_private_feeds_address(
    client: Client, repo: Repository
) -> None:
    log_in(client, "deputy")
    page = client.get("/staff/subscriptions").text
    old = re.search(r'href="http://127.0.0.1:8000(/subscriptions/\d+/feed/[^"]+\.atom)"', page)
    assert old is not None and client.get(old.group(1)).status_code == 200

    page = post_form(client, "/staff/subscriptions/key", {}, 200)

    new = re.search(r'href="http://127.0.0.1:8000(/subscriptions/\d+/feed/[^"]+\.atom)"', page)
    assert new is not None and new.group(1) != old.group(1)
    assert client.get(old.group(1)).status_code == 404
    assert client.get(new.group(1)).status_code == 200
