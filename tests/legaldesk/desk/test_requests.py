"""Requests: codes by year and sequence under concurrency, the allowed moves of a status,
field-level history, the desk's lists and its search."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from legaldesk.desk import answers, history
from legaldesk.desk.requests import (
    Clock,
    DeskError,
    Intake,
    RequestFilter,
    ask_as_employee,
    ask_from_website,
    assign,
    create_request,
    get_request,
    list_requests,
    set_status,
    update_request,
)
from legaldesk.models import DeskRequest, Requester, User
from legaldesk.repository import Repository


def moscow(*parts: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(*parts, tzinfo=ZoneInfo("Europe/Moscow"))


def test_codes_run_by_year_from_one(repo: Repository, clock: Clock) -> None:
    first = create_request(
        repo.engine, Intake(question="а", received_at=moscow(2025, 12, 31, 10)), "t", clock
    )
    second = create_request(
        repo.engine, Intake(question="б", received_at=moscow(2026, 1, 12, 10)), "t", clock
    )
    third = create_request(
        repo.engine, Intake(question="в", received_at=moscow(2026, 1, 12, 11)), "t", clock
    )

    assert [first.code, second.code, third.code] == ["2025-00001", "2026-00001", "2026-00002"]


def test_the_year_of_a_code_is_the_librarys_not_utcs(repo: Repository, clock: Clock) -> None:
    """00:30 on 1 January in Moscow is still 31 December in UTC."""
    moment = datetime(2025, 12, 31, 21, 30, tzinfo=UTC)

    request = create_request(repo.engine, Intake(question="а", received_at=moment), "t", clock)

    assert request.code == "2026-00001"


def test_desks_filing_at_once_never_share_a_code(repo: Repository, clock: Clock) -> None:
    codes: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def desk(n: int) -> None:
        start.wait()
        try:
            for k in range(5):
                intake = Intake(question=f"вопрос {n}-{k}", received_at=moscow(2026, 3, 2, 10))
                codes.append(create_request(repo.engine, intake, f"desk{n}", clock).code)
        except BaseException as exc:  # the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(codes) == [f"2026-{n:05d}" for n in range(1, 31)]


def test_a_request_is_filed_with_its_deadline_requester_apart_and_history(
    repo: Repository, clock: Clock, librarian: User
) -> None:
    intake = Intake(
        question="Положена ли мне компенсация за коммунальные услуги?",
        channel="letter",
        category="pensioner",
        received_at=moscow(2026, 3, 12, 10),
        rubrics=("housing_utilities",),
        requester_name="Иванова Мария Петровна",
        requester_contact="+7 900 000-00-00",
        assignee_id=librarian.id,
    )

    request = create_request(repo.engine, intake, "web:librarian", clock)
    page = get_request(repo.engine, request.id or 0)

    assert page is not None
    assert request.due_on == date(2026, 4, 13)
    assert page.requester is not None and page.requester.name == "Иванова Мария Петровна"
    assert page.rubrics == ["housing_utilities"]
    assert [e.action for e in page.events] == ["created"]
    assert page.events[0].actor == "web:librarian"


def test_a_status_moves_only_where_it_may(repo: Repository, clock: Clock, librarian: User) -> None:
    request = create_request(repo.engine, Intake(question="Тарифы на воду"), "t", clock)
    assert request.id is not None

    with pytest.raises(DeskError, match="cannot become closed"):
        set_status(repo.engine, request.id, "closed", "t")
    with pytest.raises(DeskError, match="write the answer"):
        set_status(repo.engine, request.id, "answered", "t")
    taken = set_status(repo.engine, request.id, "in_progress", "web:librarian", librarian.id)
    answers.save_answer(repo.engine, request.id, "Тарифы установлены.", "phone", None, 5, "t")
    set_status(repo.engine, request.id, "answered", "t")
    closed = set_status(repo.engine, request.id, "closed", "t")

    assert taken.assignee_id == librarian.id  # taking it into work takes it
    assert closed.status == "closed" and closed.closed_at is not None
    with pytest.raises(DeskError):
        set_status(repo.engine, request.id, "new", "t")
    cancelled = create_request(repo.engine, Intake(question="ошибка"), "t", clock)
    set_status(repo.engine, cancelled.id or 0, "cancelled", "t")
    with pytest.raises(DeskError):
        set_status(repo.engine, cancelled.id or 0, "in_progress", "t")


def test_every_change_is_in_the_history_field_by_field_without_personal_data(
    repo: Repository, clock: Clock
) -> None:
    request = create_request(
        repo.engine,
        Intake(question="Земельный налог", received_at=moscow(2026, 3, 12, 10)),
        "t",
        clock,
    )
    assert request.id is not None

    changed = update_request(
        repo.engine,
        request.id,
        {"channel": "letter", "kind": "factual", "requester_name": "Сидоров"},
        "web:librarian",
        clock,
    )
    nothing = update_request(repo.engine, request.id, {"kind": "factual"}, "t", clock)

    assert {c["field"] for c in changed} == {"channel", "kind", "requester_name", "due_on"}
    due = next(c for c in changed if c["field"] == "due_on")
    assert (due["before"], due["after"]) == ("2026-03-12", "2026-04-13")
    assert nothing == []
    events = history.events(repo.engine, request.id)
    assert [e.action for e in events] == ["created", "changed"]
    assert "Сидоров" not in str(events[1].changes)
    with Session(repo.engine) as session:
        requester = session.get(Requester, request.id)
        assert requester is not None and requester.name == "Сидоров"


def test_the_desks_lists(repo: Repository, clock: Clock, librarian: User) -> None:
    today = clock.today()
    now = datetime.now(UTC)
    old = now - timedelta(days=60)
    mine = create_request(repo.engine, Intake(question="мой", assignee_id=librarian.id), "t", clock)
    late = create_request(
        repo.engine, Intake(question="просрочен", channel="letter", received_at=old), "t", clock
    )
    done = create_request(repo.engine, Intake(question="давний ответ", received_at=old), "t", clock)
    answers.save_answer(repo.engine, done.id or 0, "Ответ.", None, None, None, "t")
    set_status(repo.engine, done.id or 0, "answered", "t")

    def ids(which: str) -> set[int]:
        rows, total = list_requests(
            repo.engine, RequestFilter(which=which, user_id=librarian.id), clock
        )
        assert total == len(rows)
        return {r.id for r in rows}

    assert ids("mine") == {mine.id}
    assert ids("unassigned") == {late.id}
    assert ids("overdue") == {late.id}  # answered late is no longer overdue
    assert ids("all") == {mine.id, late.id, done.id}
    if mine.due_on == today:  # a phone question is due today unless the desk has closed
        assert mine.id in ids("due_today")
    rows, _ = list_requests(repo.engine, RequestFilter(which="all"), clock)
    assert next(r for r in rows if r.id == late.id).overdue


def test_search_finds_the_question_and_the_answer_in_any_case(
    repo: Repository, clock: Clock
) -> None:
    first = create_request(repo.engine, Intake(question="Субсидия на ЖКУ"), "t", clock)
    create_request(repo.engine, Intake(question="Земельный налог"), "t", clock)
    answers.save_answer(
        repo.engine, first.id or 0, "Смотрите Постановление о Субсидиях.", None, None, None, "t"
    )

    def found(text: str) -> list[str]:
        rows, _ = list_requests(repo.engine, RequestFilter(text=text), clock)
        return [r.question for r in rows]

    assert found("СУБСИДИЯ") == ["Субсидия на ЖКУ"]
    assert found("постановление жку") == ["Субсидия на ЖКУ"]  # words of both, all of them
    assert found("налог") == ["Земельный налог"]
    assert found("100%_") == []


def test_assignment_goes_to_desk_staff_only(
    repo: Repository, clock: Clock, librarian: User, employee: User
) -> None:
    request = create_request(repo.engine, Intake(question="вопрос"), "t", clock)

    assign(repo.engine, request.id or 0, librarian.id, "t")
    with pytest.raises(DeskError):
        assign(repo.engine, request.id or 0, employee.id, "t")
    assign(repo.engine, request.id or 0, None, "t")

    actions = [e.action for e in history.events(repo.engine, request.id or 0)]
    assert actions == ["created", "assigned", "assigned"]


def test_an_employee_asks_and_is_the_requester(
    repo: Repository, clock: Clock, employee: User
) -> None:
    request = ask_as_employee(repo.engine, employee, "Нужен порядок выдачи ордеров", clock)
    website = ask_from_website(repo.engine, "Как оформить субсидию?", clock, name="Аноним")

    assert (request.channel, request.category) == ("internal", "municipal_employee")
    assert request.requester_user_id == employee.id
    rows, _ = list_requests(repo.engine, RequestFilter(requester_user_id=employee.id), clock)
    assert [r.id for r in rows] == [request.id]
    assert website.channel == "website"
    assert (website.due_on - website.received_at.date()).days >= 30


@pytest.mark.parametrize(
    ("intake", "message"),
    [
        (Intake(question="   "), "empty"),
        (Intake(question="а", channel="pigeon"), "unknown channel"),
        (Intake(question="а", effort=7), "READ"),
        (Intake(question="а", rubrics=("no_such",)), "no heading"),
        (Intake(question="а", received_at=datetime.now(UTC) + timedelta(days=1)), "future"),
    ],
)
def test_a_request_is_refused_with_a_clear_reason(
    repo: Repository, clock: Clock, intake: Intake, message: str
) -> None:
    with pytest.raises(DeskError, match=message):
        create_request(repo.engine, intake, "t", clock)
    with Session(repo.engine) as session:
        assert session.exec(select(DeskRequest)).first() is None
