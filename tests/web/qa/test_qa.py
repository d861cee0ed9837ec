"""The question–answer base on the web: a librarian publishes an answered request from its
page through the editor (warned of personal data, publishing anyway only the texts the
warnings were shown for), the public reads it by subject and finds it beside the acts —
one search box, two kinds of results — and the JSON API gives the same. SQLite only: the
domain runs on PostgreSQL in tests/legaldesk/qa/."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from litestar import Litestar

from legaldesk.desk import answers
from legaldesk.desk.requests import Clock, Intake, create_request, set_status
from legaldesk.repository import Repository
from legaldesk.web.ask.letters import site
from tests.web.sessions import Client, log_in, post_form

QUESTION = "Меня зовут Мария Ивановна Петрова. Положена ли мне субсидия на оплату ЖКУ?"
PUBLIC_QUESTION = "Положена ли пенсионеру субсидия на оплату жилищно-коммунальных услуг?"
PUBLIC_ANSWER = (
    "Да, если расходы семьи на ЖКУ превышают 22 % её дохода: постановление "
    "Правительства РФ от 14.12.2005 № 761. Заявление подают в отдел соцзащиты или МФЦ."
)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'legaldesk.sqlite3'}"


def answered(repo: Repository, cite: int | None = 1) -> int:
    """A resident's e-mail question, answered citing the fixture's act 1."""
    intake = Intake(
        question=QUESTION,
        channel="email",
        requester_name="Петрова Мария Ивановна",
        requester_contact="m.petrova@mail.ru",
        rubrics=("housing_utilities",),
    )
    request = create_request(repo.engine, intake, "t", Clock.of(repo.settings))
    assert request.id is not None
    answers.save_answer(repo.engine, request.id, "Да, положена.", "email", None, 10, "t")
    if cite is not None:
        answers.cite_act(repo.engine, request.id, cite, "t")
    set_status(repo.engine, request.id, "answered", "t", site=site(repo))
    return request.id


def publish(client: Client, request_id: int, **fields: str) -> str:
    data = {
        "question": PUBLIC_QUESTION,
        "answer": PUBLIC_ANSWER,
        "rubrics": "housing_utilities",
        "then": "publish",
        **fields,
    }
    response = client.post(
        f"/staff/desk/requests/{request_id}/qa",
        data={**data, "_csrf_token": _token(client)},
        follow_redirects=False,
    )
    return f"{response.status_code} {response.headers.get('location', '')} {response.text}"


def _token(client: Client) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', client.get("/staff").text)
    assert match
    return match.group(1)


def test_an_answered_request_offers_the_editor_prefilled_without_the_requester(
    client: Client, app: Litestar
) -> None:
    repo: Repository = app.state.repo
    request_id = answered(repo)
    log_in(client, "librarian")

    page = client.get(f"/staff/desk/requests/{request_id}").text
    editor = client.get(f"/staff/desk/requests/{request_id}/qa").text
    waiting = client.get("/staff/desk/requests/1/qa").text  # the fixture's open request

    assert f'href="/staff/desk/requests/{request_id}/qa"' in page
    assert "Опубликовать в базе вопросов и ответов" in page
    assert QUESTION in editor and "Да, положена.</textarea>" in editor
    assert "m.petrova@mail.ru" not in editor
    assert 'value="housing_utilities" selected' in editor
    assert "Опубликовать можно только запрос, на который дан ответ" in waiting
    assert "<textarea" not in waiting


def test_personal_data_is_listed_and_only_the_texts_seen_are_published_anyway(
    client: Client, app: Litestar
) -> None:
    repo: Repository = app.state.repo
    request_id = answered(repo)
    log_in(client, "librarian")

    warned = publish(client, request_id, question=QUESTION)
    assert warned.startswith("400")
    assert "Похоже на персональные данные: проверьте перед публикацией" in warned
    assert "В вопросе: похоже на имя человека — «Мария Ивановна Петрова»" in warned
    checked = re.search(r'name="checked" value="([0-9a-f]+)"', warned)
    assert checked is not None

    # the question changed after the warnings were shown: checked again, not published
    changed = publish(
        client,
        request_id,
        question=QUESTION + " Тел. 8 (4832) 64-12-34.",
        then="anyway",
        checked=checked.group(1),
    )
    assert changed.startswith("400") and "номер телефона — «8 (4832) 64-12-34»" in changed

    done = publish(client, request_id, question=QUESTION, then="anyway", checked=checked.group(1))
    assert done.split()[:2] == ["302", "/qa/1"]
    history = client.get(f"/staff/desk/requests/{request_id}").text
    assert "Опубликовано как запись 1." in history
    assert (
        "запись 1; опубликовано несмотря на предупреждения: похоже на имя человека (1)" in history
    )


def test_a_clean_entry_is_published_read_by_subject_and_unpublished(
    client: Client, app: Litestar
) -> None:
    repo: Repository = app.state.repo
    request_id = answered(repo)
    log_in(client, "librarian")
    checked = post_form(
        client,
        f"/staff/desk/requests/{request_id}/qa",
        {"question": PUBLIC_QUESTION, "answer": PUBLIC_ANSWER, "then": "check"},
    )
    assert "Ничего похожего на персональные данные не найдено." in checked

    assert publish(client, request_id).split()[:2] == ["302", "/qa/1"]

    entry = client.get("/qa/1").text
    assert PUBLIC_QUESTION in entry and "Заявление подают в отдел соцзащиты" in entry
    assert '<a href="/qa?rubric=housing_utilities">' in entry
    assert '<a href="/documents/1">Постановление от 12.03.2024 № 245-п</a>' in entry
    assert "Петрова" not in entry and "m.petrova" not in entry
    listed = client.get("/qa", params={"rubric": "housing_utilities"}).text
    assert '<a href="/qa/1">' in listed
    assert '<a href="/qa/1">' not in client.get("/qa", params={"rubric": "elections"}).text
    assert client.get("/qa", params={"rubric": "no_such"}).status_code == 404
    staff_list = client.get("/staff/qa").text
    assert f'href="/staff/desk/requests/{request_id}/qa"' in staff_list

    post_form(client, "/staff/qa/1/unpublish", {})

    assert client.get("/qa/1").status_code == 404
    assert '<a href="/qa/1">' not in client.get("/qa").text
    assert "снята с публикации" in client.get(f"/staff/desk/requests/{request_id}").text


def test_one_search_box_two_kinds_of_results(client: Client, app: Litestar) -> None:
    repo: Repository = app.state.repo
    log_in(client, "librarian")
    for _ in range(4):
        publish(client, answered(repo))

    asked = "субсидия и земельный налог"  # the entries' word and the act's
    both = client.get("/search", params={"q": asked}).text
    only_qa = client.get("/search", params={"q": asked, "kind": "qa"}).text
    only_acts = client.get("/search", params={"q": asked, "kind": "acts"}).text
    nothing = client.get("/search", params={"q": "выборы депутатов"}).text

    assert '<section class="qa-beside"' in both
    assert 'Вопросы и ответы <span class="count">(4)</span>' in both
    assert both.count('href="/qa/') == 3  # the best three above the acts …
    assert "Все 4 вопроса с ответами" in both  # … and the way to the rest
    assert '<ol class="hits">' in both and "Найден 1 акт." in both  # the acts below
    assert "Найдено 4 вопроса с ответами." in only_qa
    assert only_qa.count('<a href="/qa/') == 4 and '<ol class="hits">' not in only_qa
    assert 'Правовые акты <span class="count">(1)</span>' in only_qa  # the other tab
    assert '<section class="qa-beside"' not in only_acts and "Найден 1 акт." in only_acts
    assert '<section class="qa-beside"' not in nothing


def test_an_act_changed_since_the_answer_is_marked_on_the_entry(
    client: Client, app: Litestar
) -> None:
    from legaldesk import publication

    repo: Repository = app.state.repo
    request_id = answered(repo)
    log_in(client, "librarian")
    publish(client, request_id)
    assert "акт изменился после ответа" not in client.get("/qa/1").text

    publication.withdraw(repo.engine, [1], "отменён", actor="t")
    page = client.get("/qa/1").text  # the test client follows the change log first

    assert "акт изменился после ответа" in page
    assert '<a href="/documents/1">' not in page  # no longer public: described, not linked
    assert "Этого акта больше нет на открытом сайте" in page


def test_the_api_searches_lists_and_gives_one_entry(client: Client, app: Litestar) -> None:
    repo: Repository = app.state.repo
    log_in(client, "librarian")
    publish(client, answered(repo))
    client.cookies.clear()

    found = client.get("/api/v1/qa", params={"q": "субсидии"}).json()
    listed = client.get("/api/v1/qa", params={"rubric": "housing_utilities"}).json()
    entry = client.get("/api/v1/qa/1").json()

    assert found["total"] == 1 and found["items"][0]["id"] == 1
    assert "<b>субсидия</b>" in found["items"][0]["question_html"]
    assert found["items"][0]["snippet_html"] is None  # the answer does not hold the word
    assert [i["id"] for i in listed["items"]] == [1]
    assert entry["question"] == PUBLIC_QUESTION
    assert entry["answered_on"] == datetime.now(ZoneInfo("Europe/Moscow")).date().isoformat()
    assert entry["rubrics"] == ["housing_utilities"]
    assert entry["acts"][0] | {"date_adopted": None} == {
        "document_id": 1,
        "doc_type": "postanovlenie",
        "number": "245-п",
        "date_adopted": None,
        "title": entry["acts"][0]["title"],
        "public": True,
        "changed_since_answer": False,
    }
    assert client.get("/api/v1/qa/2").status_code == 404
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert {"/api/v1/qa", "/api/v1/qa/{entry_id}"} <= set(paths)
