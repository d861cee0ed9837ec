"""The employee's workspace: an employee lands on their own questions, asks one, reads the
answer, cannot open another's, and is never shown a link their role may not follow."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from litestar import Litestar

from legaldesk.desk import answers
from legaldesk.desk.requests import Clock, Intake, create_request, set_status
from legaldesk.repository import Repository
from tests.web.sessions import Client, log_in, post_form, token

HREF = re.compile(r'href="([^"]+)"')


def test_an_employee_lands_on_their_questions_not_the_review_queue(client: Client) -> None:
    log_in(client, "employee")

    page = client.get("/staff").text

    assert "Мои вопросы в центр" in page
    assert "Порядок выдачи ордеров" in page  # the fixture's request 1, theirs
    assert "Очередь" not in page and "/staff/documents/" not in page


def test_an_employee_asks_and_reads_the_answer(app: Litestar, client: Client) -> None:
    repo: Repository = app.state.repo
    log_in(client, "employee")
    response = client.post(
        "/staff/questions",
        data={"question": "Какие постановления о тарифах действуют?", "_csrf_token": token(client)},
        follow_redirects=False,
    )
    path = response.headers["location"]
    request_id = int(path.rsplit("/", 1)[1])
    waiting = client.get(path).text
    answers.save_answer(
        repo.engine,
        request_id,
        "Действует постановление № 245-п.",
        None,
        None,
        None,
        "web:librarian",
    )
    answers.cite_act(repo.engine, request_id, 1, "web:librarian")
    set_status(repo.engine, request_id, "answered", "web:librarian")

    answered = client.get(path).text

    assert "Ответа пока нет" in waiting
    assert "Действует постановление № 245-п." in answered
    assert 'href="/documents/1"' in answered
    log_in(client, "librarian")
    assert "с рабочего места сотрудника" in client.get(f"/staff/desk/requests/{request_id}").text


def test_an_employee_cannot_open_anothers_request(app: Litestar, client: Client) -> None:
    repo: Repository = app.state.repo
    other = create_request(repo.engine, Intake(question="чужой"), "t", Clock.of(repo.settings))
    log_in(client, "employee")

    assert client.get(f"/staff/questions/{other.id}").status_code == 404
    assert client.get(f"/staff/desk/requests/{other.id}").status_code == 403
    assert post_form(client, "/staff/questions", {"question": " "}, status=400)


def test_no_page_an_employee_reaches_links_to_a_refusal(client: Client) -> None:
    """Every link on every page an employee can reach, followed: none answers 403."""
    log_in(client, "employee")
    queue, seen, refused = deque(["/staff"]), {"/staff"}, []
    while queue and len(seen) < 300:
        path = queue.popleft()
        response = client.get(path, follow_redirects=False)
        if response.status_code == 403:
            refused.append(path)
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for href in HREF.findall(response.text):
            target = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not target.startswith("/"):
                continue  # another site
            if target.startswith(("/static/", "/lang/")) or target in seen:
                continue
            seen.add(target)
            queue.append(target)

    assert refused == []
    assert "/staff/password" in seen and "/staff/questions/1" in seen
    assert not [p for p in seen if p.startswith(("/staff/desk", "/staff/upload", "/staff/sources"))]
