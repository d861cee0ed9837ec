"""The public forms' protection, through the whole application: a filled honeypot is
dropped quietly, a form sent too fast or with a stamp this site did not give is refused,
a field too long is refused with what to do, and one address may send only so many."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from legaldesk.repository import Repository
from legaldesk.web import antispam
from legaldesk.web.app import create_app
from tests.web import publicform
from tests.web.publicform import FORM, QUESTION_LIMIT, Saved, form_values
from tests.web.sessions import Client


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: nothing here depends on the database but the rate, which
    tests/legaldesk/test_ratelimit.py runs on PostgreSQL too."""
    return f"sqlite:///{tmp_path / 'legaldesk.sqlite3'}"


@pytest.fixture
def app(repo: Repository) -> Litestar:
    repo.init()
    return create_app(repo)


@pytest.fixture
def saved(app: Litestar) -> Saved:
    return publicform.install(app)


@pytest.fixture
def client(app: Litestar, saved: Saved) -> Iterator[Client]:
    with TestClient(app) as test_client:
        yield test_client


def aged(app: Litestar, seconds: float = 10) -> str:
    """A stamp as if the form had been shown ``seconds`` ago: no test waits for it."""
    return antispam.stamp(app.state.secret_key, FORM.name, time.time() - seconds)


def send(client: Client, app: Litestar, question: str = "Как оформить субсидию?", **extra: str):  # type: ignore[no-untyped-def]
    values = form_values(client)
    values[antispam.STAMP] = extra.pop("stamp", aged(app))
    return client.post("/test-ask", data={**values, "question": question, **extra})


def test_the_form_carries_a_honeypot_people_do_not_see_and_a_stamp(client: Client) -> None:
    page = client.get("/test-ask").text

    assert '<div class="hp" aria-hidden="true">' in page
    assert 'name="website" value="" tabindex="-1" autocomplete="off"' in page
    assert "Не заполняйте это поле" in page  # for a person whose browser shows it anyway
    assert f'name="{antispam.STAMP}"' in page
    css = client.get("/static/style.css").text
    assert ".hp { position: absolute; left: -10000px;" in css


def test_a_filled_honeypot_looks_accepted_but_nothing_is_saved_and_it_is_logged(
    client: Client, app: Litestar, saved: Saved, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="legaldesk.web.antispam"):
        response = send(client, app, website="http://casino.example")

    assert (response.status_code, response.text) == (201, "Thank you")
    assert saved.questions == []
    assert "form test-ask from testclient dropped: the hidden field was filled" in caplog.text


def test_a_person_who_took_their_time_is_accepted(
    client: Client, app: Litestar, saved: Saved
) -> None:
    response = send(client, app, "  Как оформить субсидию?\r\nСпасибо.  ")

    assert response.status_code == 201
    assert saved.questions == ["Как оформить субсидию?\nСпасибо."]


def test_a_form_sent_right_after_it_was_shown_is_refused_and_shown_again(
    client: Client, saved: Saved
) -> None:
    values = form_values(client)  # its own stamp: made this instant

    response = client.post("/test-ask", data={**values, "question": "Вопрос робота"})

    assert response.status_code == 400
    assert "Форма отправлена слишком быстро после открытия" in response.text
    assert "Вопрос робота</textarea>" in response.text  # nothing typed is lost
    assert saved.questions == []


@pytest.mark.parametrize(
    "stamp",
    [
        "",
        "1700000000000.0123456789abcdef0123456789abcdef",  # forged
        "not a stamp",
        "².0123456789abcdef",  # a digit to str.isdigit, not to int(): was a server error
    ],
)
def test_a_stamp_this_site_did_not_give_is_refused(
    client: Client, app: Litestar, saved: Saved, stamp: str
) -> None:
    response = send(client, app, stamp=stamp)

    assert response.status_code == 400 and "Форма устарела" in response.text
    assert saved.questions == []


def test_a_stamp_of_another_form_or_from_yesterday_is_refused(
    client: Client, app: Litestar, saved: Saved
) -> None:
    other = antispam.stamp(app.state.secret_key, "other-form", time.time() - 10)
    assert "Форма устарела" in send(client, app, stamp=other).text
    assert "Форма устарела" in send(client, app, stamp=aged(app, 13 * 3600)).text
    assert saved.questions == []


def test_a_question_too_long_is_refused_with_its_length_not_cut(
    client: Client, app: Litestar, saved: Saved
) -> None:
    assert send(client, app, "я" * QUESTION_LIMIT).status_code == 201

    response = send(client, app, "я" * (QUESTION_LIMIT + 1))

    assert response.status_code == 400
    assert "«Вопрос»: не больше 200 знаков, сейчас — 201. Сократите, пожалуйста." in response.text
    assert saved.questions == ["я" * QUESTION_LIMIT]


def test_an_empty_question_is_asked_for(client: Client, app: Litestar) -> None:
    response = send(client, app, "   \r\n ")

    assert response.status_code == 400 and "Заполните поле «Вопрос»." in response.text


def test_a_body_larger_than_a_public_form_needs_is_not_read(client: Client, app: Litestar) -> None:
    response = send(client, app, "я" * antispam.BODY_LIMIT)

    assert response.status_code == 413


def test_one_address_may_send_only_so_many(client: Client, app: Litestar, saved: Saved) -> None:
    codes = [send(client, app).status_code for _ in range(4)]

    assert codes == [201, 201, 201, 429]
    refused = send(client, app)
    assert refused.headers["retry-after"] == "1200"
    assert "Слишком много сообщений с вашего адреса. Попробуйте через 20 минут." in refused.text
    assert len(saved.questions) == 3


def test_a_refused_field_costs_nothing_of_the_allowance(
    client: Client, app: Litestar, saved: Saved
) -> None:
    for _ in range(5):
        assert send(client, app, "я" * (QUESTION_LIMIT + 1)).status_code == 400

    assert [send(client, app).status_code for _ in range(3)] == [201, 201, 201]


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("10.1.2.3", "10.1.2.3"),
        ("::ffff:10.1.2.3", "10.1.2.3"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::7", "2001:db8:1:2::/64"),  # the same household
        ("testclient", "testclient"),
    ],
)
def test_addresses_are_counted_whole_and_ipv6_by_its_network(address: str, key: str) -> None:
    assert antispam.address_key(address) == key
