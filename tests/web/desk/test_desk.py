"""The reference desk's pages: intake with the desk's defaults, suggestions with and without
a script, the request page (deadline told in Russian, status moves, answer, citations,
history), flags on the lists, the printable answer sheet, and the administrator's settings."""

from __future__ import annotations

import re
from datetime import date

from litestar import Litestar
from sqlmodel import Session, col, select

from legaldesk import publication
from legaldesk.desk import answers
from legaldesk.desk.requests import Clock, Intake, create_request
from legaldesk.models import CalendarDay, DeadlineRule, DeskRequest
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes, library_today
from tests.web.sessions import Client, log_in, post_form, token


def repo_of(app: Litestar) -> Repository:
    repo: Repository = app.state.repo
    return repo


def newest(repo: Repository) -> DeskRequest:
    with Session(repo.engine) as session:
        return session.exec(select(DeskRequest).order_by(col(DeskRequest.id).desc())).first()  # type: ignore[return-value]


def test_the_intake_form_starts_with_the_desks_defaults(client: Client) -> None:
    log_in(client, "librarian")

    page = client.get("/staff/desk").text

    assert re.search(r'<textarea id="question" name="question"[^>]*autofocus', page)
    assert re.search(r'<option value="phone" selected>по телефону', page)
    assert re.search(r'<option value="resident" selected>житель', page)
    assert re.search(r'<option value="thematic" selected>тематическая', page)
    assert "Сохранить и следующий" in page and "Ctrl+Enter" in page


def test_save_and_next_files_the_request_and_gives_a_fresh_form(
    app: Litestar, client: Client
) -> None:
    log_in(client, "librarian")
    response = client.post(
        "/staff/desk/requests",
        data={
            "question": "Какие ставки земельного налога?",
            "channel": "phone",
            "category": "resident",
            "kind": "thematic",
            "priority": "normal",
            "then": "next",
            "_csrf_token": token(client, "/staff/desk"),
        },
        follow_redirects=False,
    )

    filed = newest(repo_of(app))
    assert response.status_code == 302
    assert response.headers["location"] == f"/staff/desk?saved={filed.code}"
    page = client.get(response.headers["location"]).text
    assert f"Запрос № {filed.code} зарегистрирован." in page
    assert (
        '<textarea id="question" name="question" rows="4" required autofocus lang="ru"></textarea>'
        in page
    )
    assert (filed.channel, filed.category, filed.kind) == ("phone", "resident", "thematic")


def test_find_acts_without_a_script_suggests_and_saves_nothing(
    app: Litestar, client: Client
) -> None:
    log_in(client, "librarian")
    before = newest(repo_of(app)).id

    page = post_form(
        client,
        "/staff/desk/requests",
        {"question": "земельный налог", "channel": "phone", "then": "suggest"},
    )

    assert newest(repo_of(app)).id == before
    assert 'name="cite" value="1"' in page  # act 1 is about the land tax
    assert ">земельный налог</textarea>" in page


def test_the_suggestions_while_typing_come_as_json(app: Litestar, client: Client) -> None:
    repo = repo_of(app)
    clock = Clock.of(repo.settings)
    done = create_request(repo.engine, Intake(question="Ставки земельного налога"), "t", clock)
    answers.save_answer(repo.engine, done.id or 0, "См. постановление.", None, None, None, "t")
    from legaldesk.desk.requests import set_status

    set_status(repo.engine, done.id or 0, "answered", "t")
    log_in(client, "librarian")

    found = client.get("/staff/desk/suggest", params={"q": "земельный налог ставки"}).json()

    assert [a["id"] for a in found["acts"]][:1] == [1]
    assert found["acts"][0]["heading"].startswith("Постановление от 12.03.2024 № 245-п")
    assert [r["code"] for r in found["requests"]] == [done.code]


def test_saving_with_ticked_acts_cites_their_current_versions(
    app: Litestar, client: Client
) -> None:
    log_in(client, "librarian")
    response = client.post(
        "/staff/desk/requests",
        data={
            "question": "земельный налог",
            "channel": "phone",
            "cite": ["1"],
            "then": "open",
            "_csrf_token": token(client, "/staff/desk"),
        },
        follow_redirects=False,
    )

    filed = newest(repo_of(app))
    assert response.headers["location"] == f"/staff/desk/requests/{filed.id}"
    page = client.get(response.headers["location"]).text
    assert "О земельном налоге на территории Заречного сельского поселения" in page
    assert "версия 1" in page


def test_the_request_page_tells_how_the_deadline_was_computed(
    app: Litestar, client: Client
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    repo = repo_of(app)
    letter = create_request(
        repo.engine,
        Intake(
            question="Письмо о тарифах",
            channel="letter",
            received_at=datetime(2026, 3, 12, 10, tzinfo=ZoneInfo("Europe/Moscow")),
        ),
        "web:librarian",
        Clock.of(repo.settings),
    )
    log_in(client, "librarian")

    page = client.get(f"/staff/desk/requests/{letter.id}").text

    assert (
        "30 календарных дней с 12.03.2026 (59-ФЗ, ст. 12); срок приходится на нерабочий день "
        "11.04.2026 (суббота) — переносится на 13.04.2026"
    ) in page
    assert "просрочен" in page  # 13 April 2026 has passed with the request still new
    assert "12.03.2026 10:00, письмом" in page  # the library's time, not UTC's 07:00


def test_status_moves_answer_and_history_in_russian(app: Litestar, client: Client) -> None:
    repo = repo_of(app)
    request = create_request(
        repo.engine, Intake(question="Тарифы"), "web:librarian", Clock.of(repo.settings)
    )
    path = f"/staff/desk/requests/{request.id}"
    log_in(client, "librarian")

    refused = post_form(client, path + "/status", {"status": "closed"}, status=400)
    post_form(client, path + "/status", {"status": "in_progress"})
    post_form(
        client,
        path + "/answer",
        {
            "answer": "Тарифы утверждены.",
            "delivery": "phone",
            "minutes_spent": "7",
            "then": "answered",
        },
    )
    page = client.get(path).text

    assert "Запрос в состоянии «новый» нельзя перевести в состояние «закрыт»." in refused
    assert "ответ дан" in page
    assert "состояние: новый → в работе" in page
    assert "исполнитель: — → librarian" in page
    assert "ответ: 0 → 18 знаков" in page


def test_a_changed_act_flags_the_request_on_the_lists_and_its_page(
    app: Litestar, client: Client
) -> None:
    repo = repo_of(app)
    request = create_request(
        repo.engine, Intake(question="налог"), "web:librarian", Clock.of(repo.settings)
    )
    answers.cite_act(repo.engine, request.id or 0, 1, "web:librarian")
    publication.withdraw(repo.engine, [1], "отменён", "t")
    log_in(client, "librarian")  # the test client applies the change log before each request

    listed = client.get("/staff/desk?list=flagged").text
    page = client.get(f"/staff/desk/requests/{request.id}").text
    post_form(client, f"/staff/desk/requests/{request.id}/flags/clear", {})

    assert request.code in listed and "акт изменился" in listed
    assert "Акт 1 снят с публикации: отменён" in page
    assert "журнал изменений" in page and "изменился акт из ответа: снят" in page  # history
    assert "Акт 1 снят с публикации" not in client.get(f"/staff/desk/requests/{request.id}").text
    assert request.code not in client.get("/staff/desk?list=flagged").text


def test_a_new_version_says_so_beside_the_cited_act(app: Litestar, client: Client) -> None:
    repo = repo_of(app)
    request = create_request(repo.engine, Intake(question="налог"), "t", Clock.of(repo.settings))
    answers.cite_act(repo.engine, request.id or 0, 1, "t")
    data = docx_bytes(act_text(body="Установить ставки земельного налога на 2026 год."))
    assert repo.ingestor("test").ingest(RawFile(data, "245-new.docx")).status == "new_version"
    log_in(client, "librarian")

    page = client.get(f"/staff/desk/requests/{request.id}").text

    assert "есть более новая редакция (2)" in page
    assert "У акта 1 появилась новая редакция" in page


def test_the_answer_sheet_prints_the_library_the_answer_and_the_acts(
    app: Litestar, client: Client
) -> None:
    repo = repo_of(app)
    request = create_request(
        repo.engine, Intake(question="Ставки налога?"), "t", Clock.of(repo.settings)
    )
    answers.save_answer(repo.engine, request.id or 0, "Ставки — в постановлении.", None, 2, 5, "t")
    answers.cite_act(repo.engine, request.id or 0, 1, "t")
    answers.add_source(
        repo.engine,
        request.id or 0,
        answers.SourceItem(source_type="book", title="Налоговый кодекс", year=2025),
        "t",
    )
    log_in(client, "librarian")

    sheet = client.get(f"/staff/desk/requests/{request.id}/print").text

    assert "Центр правовой информации" in sheet  # the library's name (the default here)
    assert f"Ответ на запрос № {request.code}" in sheet
    assert f"напечатано {library_today():%d.%m.%Y}" in sheet
    assert "Ставки — в постановлении." in sheet
    assert "Постановление от 12.03.2024 № 245-п «О земельном налоге" in sheet
    assert "Установить ставки земельного налога" in sheet  # the act's text
    assert "Налоговый кодекс. – 2025." in sheet


def test_search_over_requests(app: Litestar, client: Client) -> None:
    repo = repo_of(app)
    clock = Clock.of(repo.settings)
    create_request(repo.engine, Intake(question="Субсидия на оплату ЖКУ"), "t", clock)
    create_request(repo.engine, Intake(question="Вывоз мусора"), "t", clock)
    log_in(client, "librarian")

    page = client.get("/staff/desk", params={"list": "all", "q": "субсидия"}).text

    assert "Субсидия на оплату ЖКУ" in page and "Вывоз мусора" not in page


def test_an_administrator_keeps_the_rules_the_decree_table_and_the_libraries(
    app: Litestar, client: Client
) -> None:
    repo = repo_of(app)
    log_in(client, "admin")

    page = client.get("/staff/desk/settings?year=2025").text
    post_form(
        client,
        "/staff/desk/settings/rules",
        {
            "channel": "email",
            "category": "deputy",
            "amount": "15",
            "unit": "working_days",
            "basis": "регламент",
        },
    )
    post_form(
        client,
        "/staff/desk/settings/calendar",
        {"day": "2027-01-09", "working": "no", "note": "перенос", "decree": "проект"},
    )
    refused = post_form(client, "/staff/desk/settings/calendar", {"day": "9 января"}, status=400)
    post_form(client, "/staff/desk/settings/branches", {"name": "Филиал № 3"})

    assert "рабочая суббота: выходной перенесён на понедельник 3 ноября" in page
    assert "№ 1335" in page
    assert "Неверная дата: 9 января" in refused
    with Session(repo.engine) as session:
        assert (
            session.exec(select(DeadlineRule).where(DeadlineRule.category == "deputy")).one().amount
            == 15
        )
        assert session.get(CalendarDay, date(2027, 1, 9)) is not None
    assert "Филиал № 3" in client.get("/staff/desk").text


def test_the_desk_speaks_english_to_an_english_reader(app: Litestar, client: Client) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    repo = repo_of(app)
    letter = create_request(
        repo.engine,
        Intake(
            question="Letter",
            channel="letter",
            received_at=datetime(2026, 3, 12, 10, tzinfo=ZoneInfo("Europe/Moscow")),
        ),
        "t",
        Clock.of(repo.settings),
    )
    log_in(client, "librarian")
    english = {"Accept-Language": "en"}

    desk = client.get("/staff/desk", headers=english).text
    page = client.get(f"/staff/desk/requests/{letter.id}", headers=english).text

    assert "Reference desk" in desk and "Save, next request" in desk
    assert (
        "30 calendar days from Mar 12, 2026 (59-ФЗ, ст. 12); the term ends on a day off, "
        "Apr 11, 2026 (Saturday), and moves to Apr 13, 2026"
    ) in page
