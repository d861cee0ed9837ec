"""«Задать вопрос» through the whole application: the form and its protection, what a
resident sees after asking (the code and the private link), a form sent wrong coming back
with every problem in Russian and nothing typed lost, the private page, and the JSON
endpoint (its CSRF rule: tests/web/auth/test_csrf_json.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlmodel import Session, select

from legaldesk.desk import answers
from legaldesk.desk.requests import set_status
from legaldesk.models import OutboxMessage
from legaldesk.repository import Repository
from legaldesk.web.ask.letters import site
from legaldesk.web.auth.sessions import SESSION_COOKIE
from tests.legaldesk.desk.conftest import file_act
from tests.web.asking import ASKED, PUBLIC_URL, QUESTION, ask_app, requests_filed, send
from tests.web.indexing import indexing
from tests.web.sessions import Client


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the filing is tested on PostgreSQL in tests/legaldesk/desk/test_website.py."""
    return f"sqlite:///{tmp_path / 'legaldesk.sqlite3'}"


@pytest.fixture
def app(repo: Repository) -> Litestar:
    return ask_app(repo)


@pytest.fixture
def client(app: Litestar) -> Iterator[Client]:
    with TestClient(indexing(app)) as test_client:
        yield test_client


def test_the_public_pages_lead_to_the_form(client: Client) -> None:
    home = client.get("/").text
    nothing = client.get("/search", params={"q": "абракадабра"}).text

    assert '<a href="/ask">Задать вопрос</a>' in home
    assert "Задать вопрос центру" in home  # the footer
    assert '<a href="/ask">Спросите библиотекаря' in nothing


def test_the_form_asks_for_consent_and_links_the_note_on_personal_data(
    client: Client, repo: Repository
) -> None:
    page = client.get("/ask")
    note = client.get("/ask/privacy").text

    assert page.status_code == 200
    assert '<label for="question">Ваш вопрос</label>' in page.text
    assert 'name="consent" value="yes"' in page.text and "152-ФЗ" in page.text
    assert '<a href="/ask/privacy"' in page.text
    assert 'name="website"' in page.text  # the honeypot
    assert "Ваше имя и контакты удаляются через 365 дней после закрытия запроса." in note
    assert "никогда не публикуются" in note


def test_a_resident_asks_and_gets_the_code_and_the_private_link(
    client: Client, app: Litestar, repo: Repository
) -> None:
    sent = send(client, app)

    assert sent.status_code == 303
    location = sent.headers["location"]
    assert re.fullmatch(r"/ask/r/[A-Za-z0-9_-]{43}\?new=1", location)
    (request,) = requests_filed(repo)
    assert request.channel == "website"
    page = client.get(location)
    assert page.status_code == 200
    assert f"Ваш вопрос зарегистрирован под номером {request.code}." in page.text
    assert f"{PUBLIC_URL}{location.split('?')[0]}" in page.text  # the address to keep
    assert "Ваш вопрос получен и ждёт библиотекаря." in page.text
    assert f"Ответ будет готов не позднее {request.due_on:%d.%m.%Y}." in page.text
    assert "Вы просили ответить по электронной почте" in page.text
    assert QUESTION in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["x-robots-tag"] == "noindex, nofollow"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert SESSION_COOKIE not in client.cookies  # a resident is given no session
    with Session(repo.engine) as session:
        (message,) = session.exec(select(OutboxMessage)).all()
    assert message.kind == "request_received" and PUBLIC_URL + "/ask/r/" in message.text


def test_a_form_sent_wrong_comes_back_with_every_problem_and_what_was_typed(
    client: Client, app: Litestar, repo: Repository
) -> None:
    response = send(
        client,
        app,
        question="Можно ли не платить за вывоз мусора?",
        reply_by="email",
        name="",
        contact="anna(at)mail",
        consent="",
    )

    assert response.status_code == 400
    text = response.text
    assert "Вопрос не отправлен. Пожалуйста, исправьте:" in text
    assert '<a href="#name">Укажите ваше имя: ответ адресуется вам</a>' in text
    assert "«anna(at)mail» — не адрес электронной почты" in text
    assert "Мы можем принять вопрос только с вашего согласия" in text
    assert "Можно ли не платить за вывоз мусора?</textarea>" in text
    assert 'value="anna(at)mail"' in text
    assert 'value="email" checked' in text
    assert requests_filed(repo) == []


def test_a_question_too_long_is_refused_with_its_length_not_cut(
    client: Client, app: Litestar, repo: Repository
) -> None:
    response = send(client, app, question="я" * 5001)

    assert response.status_code == 400
    assert "«Ваш вопрос»: не больше 5000 знаков, сейчас — 5001" in response.text
    assert requests_filed(repo) == []


def test_robots_are_answered_as_if_accepted_and_nothing_is_filed(
    client: Client, app: Litestar, repo: Repository
) -> None:
    response = send(client, app, website="http://casino.example")

    assert response.status_code == 200 and "Ваш вопрос отправлен." in response.text
    assert requests_filed(repo) == []


def test_one_address_may_ask_five_times_an_hour(
    client: Client, app: Litestar, repo: Repository
) -> None:
    codes = [send(client, app).status_code for _ in range(6)]

    assert codes == [303] * 5 + [429]
    assert len(requests_filed(repo)) == 5


def test_a_link_that_is_not_ours_opens_nothing(client: Client) -> None:
    for token in ("A" * 43, "short", "x" * 64):
        response = client.get(f"/ask/r/{token}")
        assert response.status_code == 404, token
    assert "Проверьте, что ссылка скопирована целиком" in client.get("/ask/r/" + "A" * 43).text


def test_once_answered_the_page_shows_the_answer_and_links_the_acts(
    client: Client, app: Litestar, repo: Repository
) -> None:
    act = file_act(repo, "245-п", "О порядке предоставления субсидий на оплату ЖКУ")
    location = send(client, app).headers["location"]
    (request,) = requests_filed(repo)
    assert request.id is not None
    answers.save_answer(
        repo.engine, request.id, "Субсидию назначает отдел соцзащиты.", None, None, None, "t"
    )
    answers.cite_act(repo.engine, request.id, act, "t")
    set_status(repo.engine, request.id, "answered", "t", site=site(repo))

    page = client.get(location.split("?")[0]).text

    assert "Ответ готов." in page
    assert "Субсидию назначает отдел соцзащиты." in page
    assert f'<a href="/documents/{act}">Постановление от' in page
    assert "зарегистрирован под номером" not in page  # only right after asking


# -- the JSON endpoint ---------------------------------------------------------------------


def test_a_program_asks_through_the_api_and_gets_the_code_and_the_link(
    client: Client, repo: Repository
) -> None:
    response = client.post("/api/v1/ask", json=ASKED)

    assert response.status_code == 201, response.text
    body = response.json()
    (request,) = requests_filed(repo)
    assert body["code"] == request.code and body["status"] == "new"
    assert body["due_on"] == request.due_on.isoformat()
    assert re.fullmatch(PUBLIC_URL + r"/ask/r/[A-Za-z0-9_-]{43}", body["link"])
    assert body["emailed"] is True
    assert client.get(body["link"].removeprefix(PUBLIC_URL)).status_code == 200


def test_the_api_names_each_problem_in_the_readers_language(
    client: Client, repo: Repository
) -> None:
    response = client.post("/api/v1/ask", json={**ASKED, "name": "", "consent": False})

    assert response.status_code == 400
    problems = response.json()["extra"]
    assert [p["field"] for p in problems] == ["name", "consent"]
    assert problems[0]["message"] == "укажите ваше имя: ответ адресуется вам"
    english = client.post(
        "/api/v1/ask", json={**ASKED, "consent": False}, headers={"Accept-Language": "en"}
    )
    assert english.json()["detail"].startswith("we can take the question only with your consent")
    too_long = client.post("/api/v1/ask", json={**ASKED, "question": "я" * 5001})
    assert too_long.status_code == 400
    assert requests_filed(repo) == []


def test_the_api_counts_questions_per_address_like_the_form(client: Client) -> None:
    codes = [client.post("/api/v1/ask", json=ASKED).status_code for _ in range(6)]

    assert codes == [201] * 5 + [429]
    refused = client.post("/api/v1/ask", json=ASKED)
    assert int(refused.headers["retry-after"]) > 0
    assert "Слишком много сообщений с вашего адреса" in refused.json()["detail"]


def test_the_api_is_described_in_the_schema(client: Client) -> None:
    schema = client.get("/schema/openapi.json").json()

    operation = schema["paths"]["/api/v1/ask"]["post"]
    assert {"201", "400", "429"} <= set(operation["responses"])
    asked = schema["components"]["schemas"]["AskIn"]
    assert set(asked["required"]) == {"question", "reply_by", "consent"}
    assert asked["properties"]["question"]["maxLength"] == 5000
