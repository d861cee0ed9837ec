"""A resident subscribes on the public site and manages it by the links of the letters:
the form and its protection, the confirmation letter in the outbox and its link, a known
address that a stranger typed, the one-click unsubscribe without CSRF, wrong tokens, and
the private Atom feed — through the whole application, on both databases."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlmodel import Session, col, select

from legaldesk.models import (
    AuditEvent,
    OutboxMessage,
    Subscriber,
    SubscriptionItem,
    SubscriptionProfile,
)
from legaldesk.repository import Repository
from legaldesk.subscriptions import subscribers
from legaldesk.subscriptions.links import Links
from legaldesk.web import antispam
from tests.legaldesk.feeds.schema import assert_atom
from tests.legaldesk.subscriptions.conftest import file
from tests.web.asking import PUBLIC_URL, ask_app
from tests.web.indexing import indexing
from tests.web.sessions import Client

ADDRESS = "anna@example.test"
HOUSING = "жилищно-коммунальное хозяйство"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def app(repo: Repository) -> Litestar:
    return ask_app(repo)  # the public address the letters link to


@pytest.fixture
def client(app: Litestar) -> Iterator[Client]:
    with TestClient(indexing(app)) as test_client:
        yield test_client


def subscribe(client: Client, app: Litestar, query: str = "", **fields: str):  # type: ignore[no-untyped-def]
    page = client.get("/subscribe" + (f"?{query}" if query else "")).text
    values = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    # as if the form had been open for a minute: no test waits for the stamp to age
    values[antispam.STAMP] = antispam.stamp(app.state.secret_key, "subscribe", time.time() - 60)
    data = {"email": ADDRESS, "q": HOUSING, "frequency": "daily", **values, **fields}
    return client.post("/subscribe", data=data, follow_redirects=False)


def letters(repo: Repository) -> list[OutboxMessage]:
    with Session(repo.engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())


def link_in(letter: OutboxMessage, purpose: str) -> str:
    found = re.search(rf"{re.escape(PUBLIC_URL)}(/subscriptions/\d+/{purpose}/\S+)", letter.text)
    assert found, letter.text
    return found.group(1)


def the_subscriber(repo: Repository) -> Subscriber:
    with Session(repo.engine) as session:
        return session.exec(select(Subscriber).where(Subscriber.email == ADDRESS)).one()


def the_profiles(repo: Repository) -> list[SubscriptionProfile]:
    with Session(repo.engine) as session:
        return list(
            session.exec(select(SubscriptionProfile).order_by(col(SubscriptionProfile.id))).all()
        )


def links(app: Litestar) -> Links:
    return Links(PUBLIC_URL, app.state.secret_key)


def test_a_resident_subscribes_and_confirms_by_the_link_in_the_letter(
    client: Client, app: Litestar, repo: Repository
) -> None:
    sent = subscribe(client, app)

    assert sent.status_code == 200
    assert "Мы отправили письмо на указанный адрес" in sent.text
    (letter,) = letters(repo)
    assert letter.recipient == ADDRESS and letter.kind == "subscription_confirm"
    assert the_subscriber(repo).email_confirmed_at is None
    opened = client.get(link_in(letter, "confirm"))
    # Opening the link (a mail scanner does) confirms nothing: the owner presses the button.
    assert opened.status_code == 200 and "Подтвердить адрес" in opened.text
    assert the_subscriber(repo).email_confirmed_at is None
    confirmed = client.post(link_in(letter, "confirm"))  # the button: no CSRF token needed
    assert confirmed.status_code == 200
    assert "Адрес подтверждён" in confirmed.text
    assert confirmed.headers["referrer-policy"] == "no-referrer"
    assert the_subscriber(repo).email_confirmed_at is not None
    manage = re.search(
        rf'href="{re.escape(PUBLIC_URL)}(/subscriptions/\d+/manage/\w+)"', confirmed.text
    )
    assert manage
    page = client.get(manage.group(1)).text
    assert f"«{HOUSING}»" in page


def test_a_strangers_form_for_a_known_address_leaves_the_new_profile_off(
    client: Client, app: Litestar, repo: Repository
) -> None:
    first = subscribe(client, app)
    again = subscribe(client, app, q="земельный налог")

    def said(text: str) -> str:
        return text.split("<h1>")[1].split("</main>")[0]

    assert said(again.text) == said(first.text)  # the page does not tell who subscribes
    old, new = the_profiles(repo)
    assert (old.active, new.active) == (True, False)
    added = letters(repo)[-1]
    assert added.recipient == ADDRESS and "земельный налог" in added.text
    assert client.get(link_in(added, "add")).status_code == 200
    assert [p.active for p in the_profiles(repo)] == [True, False]  # opened, not pressed
    switched = client.post(link_in(added, "add"))
    assert switched.status_code == 200 and "Подписка «земельный налог» включена" in switched.text
    assert [p.active for p in the_profiles(repo)] == [True, True]


def test_an_act_is_followed_from_the_public_form(
    client: Client, app: Litestar, repo: Repository
) -> None:
    act = file(repo, "10", "О тарифах на услуги жилищно-коммунального хозяйства")
    page = client.get(f"/subscribe?follow={act}").text
    assert f'name="follow" value="{act}"' in page and f'href="/documents/{act}"' in page

    assert subscribe(client, app, f"follow={act}", q="").status_code == 200
    (profile,) = the_profiles(repo)
    assert profile.follow_document_id == act and profile.query == ""
    refused = subscribe(client, app, q="", follow="999")
    assert refused.status_code == 400 and "Такого акта нет" in refused.text
    assert len(the_profiles(repo)) == 1


def test_nonsense_in_the_public_form_is_refused_in_russian_and_nothing_is_saved(
    client: Client, app: Litestar, repo: Repository
) -> None:
    wrong_frequency = subscribe(client, app, frequency="hourly")
    wrong_address = subscribe(client, app, email="anna at example")
    nothing = subscribe(client, app, q="")
    stale = subscribe(client, app, **{antispam.STAMP: "12.forged"})

    assert wrong_frequency.status_code == 400
    assert "Выберите, как часто присылать новости" in wrong_frequency.text
    assert f'value="{HOUSING}"' in wrong_frequency.text  # what was typed stays
    assert wrong_address.status_code == 400 and "— не адрес электронной почты" in wrong_address.text
    assert nothing.status_code == 400 and "Укажите, за чем следить" in nothing.text
    assert stale.status_code == 400
    assert the_profiles(repo) == [] and letters(repo) == []


def test_wrong_tokens_and_strangers_feeds_are_not_found(
    client: Client, app: Litestar, repo: Repository
) -> None:
    subscribe(client, app)
    subscriber = the_subscriber(repo)
    real = links(app)
    bad = "0" * 32
    for path in (
        f"/subscriptions/{subscriber.id}/confirm/{ADDRESS}/{bad}",
        f"/subscriptions/{subscriber.id}/add/1/{bad}",
        f"/subscriptions/{subscriber.id}/manage/{bad}",
        f"/subscriptions/{subscriber.id}/unsubscribe/{bad}",
        f"/subscriptions/{subscriber.id}/feed/{bad}.atom",
        f"/subscriptions/{subscriber.id}/feed/{subscriber.feed_key}",  # no .atom
        # another subscriber's number with this one's token
        real.manage(subscriber)
        .removeprefix(PUBLIC_URL)
        .replace(f"/subscriptions/{subscriber.id}/", "/subscriptions/999/"),
        # the unsubscribe token for the manage page
        real.unsubscribe(subscriber).removeprefix(PUBLIC_URL).replace("/unsubscribe/", "/manage/"),
    ):
        assert client.get(path).status_code == 404, path
    response = client.post(f"/subscriptions/{subscriber.id}/unsubscribe/{bad}")
    assert response.status_code == 404
    assert the_subscriber(repo).mail_stopped_at is None


def test_one_click_unsubscribe_needs_no_csrf_token(
    client: Client, app: Litestar, repo: Repository
) -> None:
    subscribe(client, app)
    subscriber = the_subscriber(repo)
    subscribers.confirm_email(repo.engine, subscriber.id or 0)
    path = links(app).unsubscribe(subscriber).removeprefix(PUBLIC_URL)

    page = client.get(path)
    assert page.status_code == 200 and "Отписаться" in page.text
    assert the_subscriber(repo).mail_stopped_at is None  # opening the link is not enough
    with TestClient(indexing(app)) as mail_client:  # no cookie of ours, no token
        done = mail_client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Вы отписались" in done.text
    assert the_subscriber(repo).mail_stopped_at is not None
    # other forms of the site still want their token
    manage = links(app).manage(subscriber).removeprefix(PUBLIC_URL)
    assert client.post(manage + "/mail", data={"on": "1"}).status_code == 403


def test_a_resident_manages_their_subscriptions_by_the_link(
    client: Client, app: Litestar, repo: Repository
) -> None:
    subscribe(client, app)
    subscriber = the_subscriber(repo)
    subscribers.confirm_email(repo.engine, subscriber.id or 0)
    subscribers.stop_mail(repo.engine, subscriber.id or 0)
    manage = links(app).manage(subscriber).removeprefix(PUBLIC_URL)
    page = client.get(manage).text
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    (profile,) = the_profiles(repo)

    paused = client.post(
        f"{manage}/profiles/{profile.id}",
        data={"do": "pause", "_csrf_token": token},
        follow_redirects=False,
    )
    assert paused.status_code == 302 and paused.headers["location"] == manage + "#profiles"
    client.post(
        f"{manage}/profiles/{profile.id}",
        data={"do": "save", "frequency": "weekly", "q": HOUSING, "_csrf_token": token},
    )
    client.post(f"{manage}/profiles", data={"q": "земельный налог", "_csrf_token": token})
    client.post(f"{manage}/mail", data={"on": "1", "_csrf_token": token})
    refused = client.post(
        f"{manage}/profiles", data={"q": "налог", "type": "x", "_csrf_token": token}
    )

    assert refused.status_code == 400 and "нет вида актов «x»" in refused.text
    first, second = the_profiles(repo)
    assert (first.active, first.frequency) == (False, "weekly")
    assert (second.query, second.active) == ("земельный налог", True)
    assert the_subscriber(repo).mail_stopped_at is None


def test_the_private_feed_lists_what_was_found_and_why(
    client: Client, app: Litestar, repo: Repository
) -> None:
    subscribe(client, app)
    subscriber = the_subscriber(repo)
    act = file(repo, "10", "О тарифах на услуги жилищно-коммунального хозяйства")
    file(repo, "11", "О бюджете поселения на 2026 год")
    path = links(app).feed(subscriber).removeprefix(PUBLIC_URL)

    response = client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert_atom(response.content)  # RFC 4287's schema, and its rules the schema cannot say
    feed = ET.fromstring(response.content)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id", "").startswith(
        f"{PUBLIC_URL}/subscriptions/{subscriber.id}/items/"
    )
    assert entry.find(f"{ATOM}link").get("href") == f"{PUBLIC_URL}/documents/{act}"  # type: ignore[union-attr]
    assert "жилищно-коммунального хозяйства" in entry.findtext(f"{ATOM}title", "")
    assert "найдены слова: «жилищно-коммунальное хозяйство»" in entry.findtext(f"{ATOM}summary", "")
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", entry.findtext(f"{ATOM}updated", "")
    )
    assert entry.findtext(f"{ATOM}published")
    assert feed.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}updated")


def test_a_resident_erases_their_address_and_the_link_stops_working(
    client: Client, app: Litestar, repo: Repository
) -> None:
    subscribe(client, app)
    subscriber = the_subscriber(repo)
    file(repo, "10", "О тарифах на услуги жилищно-коммунального хозяйства")
    manage = links(app).manage(subscriber).removeprefix(PUBLIC_URL)
    page = client.get(manage).text
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    erased = client.post(f"{manage}/erase", data={"_csrf_token": token})

    assert erased.status_code == 200 and "Адрес удалён" in erased.text
    with Session(repo.engine) as session:
        assert session.exec(select(Subscriber)).all() == []
        assert session.exec(select(SubscriptionProfile)).all() == []
        assert session.exec(select(SubscriptionItem)).all() == []
        (event,) = session.exec(
            select(AuditEvent).where(AuditEvent.action == "subscriber_erased")
        ).all()
        assert ADDRESS not in str(event.detail) and event.actor == "site"
    assert client.get(manage).status_code == 404


def test_new_private_links_void_the_old_ones(
    client: Client, app: Litestar, repo: Repository
) -> None:
    subscribe(client, app)
    before = the_subscriber(repo)
    old_manage = links(app).manage(before).removeprefix(PUBLIC_URL)
    old_feed = links(app).feed(before).removeprefix(PUBLIC_URL)
    old_unsubscribe = links(app).unsubscribe(before).removeprefix(PUBLIC_URL)
    page = client.get(old_manage).text
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    moved = client.post(f"{old_manage}/key", data={"_csrf_token": token}, follow_redirects=False)

    after = the_subscriber(repo)
    assert after.feed_key != before.feed_key
    new_manage = links(app).manage(after).removeprefix(PUBLIC_URL)
    assert moved.status_code == 302 and moved.headers["location"] == new_manage + "#mail"
    assert client.get(new_manage).status_code == 200
    for old in (old_manage, old_feed, old_unsubscribe):
        assert client.get(old).status_code == 404, old
    assert client.get(links(app).feed(after).removeprefix(PUBLIC_URL)).status_code == 200


@pytest.mark.parametrize("field", ["level", "type", "issuer"])
def test_a_percent_sign_in_the_search_carried_over_is_shown_not_a_server_error(
    client: Client, field: str
) -> None:
    """An unknown level was handed to gettext, whose formatting raised on «%»: the public
    form answered /subscribe?level=% with a server error. It is shown as typed, escaped."""
    page = client.get("/subscribe", params={"q": "налог", field: "%<b>"})

    assert page.status_code == 200
    assert "%&lt;b&gt;" in page.text and "%<b>" not in page.text
