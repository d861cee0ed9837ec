"""Residents' personal data: removed a set time after the request ended (exactly at the
boundary, by a clock the test moves), once; the statistics keep their counts; a person's
requests found, exported and erased on their request; the history says that, never what."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.desk import answers, history, privacy, stats
from legaldesk.desk.requests import Clock, Intake, create_request, set_status, update_request
from legaldesk.desk.stats import Period
from legaldesk.mail import enqueue
from legaldesk.models import AuditEvent, DeskRequest, OutboxMessage, Requester
from legaldesk.repository import Repository

MSK = ZoneInfo("Europe/Moscow")
RECEIVED = datetime(2026, 3, 12, 10, tzinfo=MSK)


def _filed(repo: Repository, clock: Clock, name: str, contact: str, **values: object) -> int:
    request = create_request(
        repo.engine,
        Intake(
            question=values.pop("question", "Положена ли компенсация за ЖКУ?"),  # type: ignore[arg-type]
            received_at=RECEIVED,
            requester_name=name,
            requester_contact=contact,
            **values,  # type: ignore[arg-type]
        ),
        "t",
        clock,
    )
    assert request.id is not None
    return request.id


def _close(repo: Repository, request_id: int, at: datetime, status: str = "closed") -> None:
    if status == "closed":
        answers.save_answer(repo.engine, request_id, "Ответ.", "phone", None, 5, "t")
        set_status(repo.engine, request_id, "answered", "t")
    set_status(repo.engine, request_id, status, "t")
    with session_scope(repo.engine) as session:
        row = session.get(DeskRequest, request_id)
        assert row is not None
        row.closed_at = at
        session.add(row)


def _requester(repo: Repository, request_id: int) -> Requester | None:
    with Session(repo.engine) as session:
        return session.get(Requester, request_id)


def test_personal_data_expires_at_the_boundary_once_and_counts_stay(
    repo: Repository, clock: Clock
) -> None:
    closed = _filed(repo, clock, "Иванова Мария Петровна", "+7 916 123-45-67")
    cancelled = _filed(repo, clock, "Петров П. П.", "petrov@example.org", channel="email")
    still_open = _filed(repo, clock, "Сидоров С. С.", "8 (4832) 55-11-22")
    ended = datetime(2026, 3, 20, 12, tzinfo=MSK)
    _close(repo, closed, ended)
    _close(repo, cancelled, ended + timedelta(days=1), status="cancelled")
    with session_scope(repo.engine) as session:
        enqueue(
            session,
            "petrov@example.org",
            "Ответ на запрос",
            "Текст",
            kind="request_answered",
            ref=privacy.mail_ref(cancelled),
        )
    march = Period(RECEIVED.date().replace(day=1), RECEIVED.date().replace(day=31))
    before = stats.plain_report(stats.report(repo.engine, march, clock))

    a_moment_early = privacy.expire(repo.engine, 30, now=ended + timedelta(days=30, seconds=-1))
    at_the_boundary = privacy.expire(repo.engine, 30, now=ended + timedelta(days=30))
    cancelled_too = privacy.expire(repo.engine, 30, now=ended + timedelta(days=31))
    again = privacy.expire(repo.engine, 30, now=ended + timedelta(days=400))

    assert a_moment_early == []
    assert [r.request_id for r in at_the_boundary] == [closed]
    assert [(r.request_id, r.messages) for r in cancelled_too] == [(cancelled, 1)]
    assert again == []  # idempotent
    assert _requester(repo, closed) is None and _requester(repo, cancelled) is None
    assert _requester(repo, still_open) is not None  # open: nothing ended, nothing expires
    with Session(repo.engine) as session:
        assert session.exec(select(OutboxMessage)).all() == []
        expired = session.exec(
            select(AuditEvent).where(AuditEvent.action == "personal_data_expired")
        ).all()
    assert len(expired) == 2
    after = stats.plain_report(stats.report(repo.engine, march, clock))
    assert after == before  # every count made without the requester
    (line,) = [
        e for e in history.events(repo.engine, closed) if e.action == "personal_data_removed"
    ]
    assert line.changes == [
        {"field": "requester", "before": None, "after": None, "reason": "expired", "days": 30}
    ]
    assert "Иванова" not in str([e.changes for e in history.events(repo.engine, closed)])


def test_a_reopened_request_has_not_ended(repo: Repository, clock: Clock) -> None:
    request_id = _filed(repo, clock, "Иванова М. П.", "ivanova@example.org")
    _close(repo, request_id, datetime(2025, 1, 10, tzinfo=MSK))
    set_status(repo.engine, request_id, "in_progress", "t")  # a cited act changed: reopened

    assert privacy.expire(repo.engine, 30) == []
    assert _requester(repo, request_id) is not None


def test_a_person_is_found_by_name_or_contact_however_written(
    repo: Repository, clock: Clock
) -> None:
    ivanova = _filed(repo, clock, "Иванова Мария Петровна", "+7 (916) 123-45-67")
    other = _filed(repo, clock, "Иванов Пётр", "ivanov@example.org")

    def found(text: str, exact: bool = False) -> list[int]:
        return [m.request_id for m in privacy.find_people(repo.engine, text, exact)]

    assert sorted(found("иванов")) == sorted([ivanova, other])  # case folded, Cyrillic too
    assert found("ИВАНОВА МАРИЯ ПЕТРОВНА", exact=True) == [ivanova]
    assert found("Иванова", exact=True) == []
    assert found("89161234567") == [ivanova]  # the same phone, written otherwise
    assert found("Иванов Пётр", exact=True) == found("иванов петр", exact=True) == [other]
    assert found("IVANOV@EXAMPLE.ORG", exact=True) == [other]
    assert found("   ") == []


def test_export_holds_everything_and_is_recorded(repo: Repository, clock: Clock) -> None:
    request_id = _filed(repo, clock, "Иванова М. П.", "ivanova@example.org")
    answers.save_answer(repo.engine, request_id, "Компенсация положена.", "email", None, 5, "t")

    data = privacy.export_person(repo.engine, [request_id], "web:librarian", "export_json")

    (item,) = data["requests"]
    assert (item["name"], item["contact"]) == ("Иванова М. П.", "ivanova@example.org")
    assert item["answer"] == "Компенсация положена." and item["history"]
    with Session(repo.engine) as session:
        (event,) = session.exec(
            select(AuditEvent).where(AuditEvent.action == "personal_data_viewed")
        ).all()
    assert event.actor == "web:librarian"
    assert event.detail == {"request": request_id, "code": item["code"], "via": "export_json"}


def test_erasure_removes_name_contact_and_texts_unless_confirmed(
    repo: Repository, clock: Clock
) -> None:
    plain = _filed(
        repo, clock, "Иванова М. П.", "ivanova@example.org", rubrics=("pensions_benefits",)
    )
    kept = _filed(repo, clock, "Иванова М. П.", "ivanova@example.org")
    update_request(
        repo.engine,
        plain,
        {"question": "Я, Иванова Мария, живу на ул. Ленина, 5: положена ли компенсация?"},
        "t",
        clock,
    )
    answers.save_answer(
        repo.engine, plain, "Уважаемая Мария Петровна! Положена.", None, None, None, "t"
    )
    month = Period(RECEIVED.date().replace(day=1), RECEIVED.date().replace(day=31))
    before = stats.report(repo.engine, month, clock)

    done = privacy.erase(repo.engine, [plain, kept], "web:librarian", keep_question=[kept])

    assert {(e.request_id, e.question_kept, e.answer_kept) for e in done} == {
        (plain, False, False),
        (kept, True, True),
    }
    with Session(repo.engine) as session:
        erased = session.get(DeskRequest, plain)
        assert erased is not None and erased.question == privacy.ERASED_TEXT
        assert "ленина" not in erased.search_text and "мария" not in erased.search_text
        other = session.get(DeskRequest, kept)
        assert other is not None and other.question == "Положена ли компенсация за ЖКУ?"
        assert session.exec(select(Requester)).all() == []
        audit = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "personal_data_erased")
            .order_by(col(AuditEvent.id))
        ).all()
    assert [a.detail["request"] for a in audit] == [plain, kept]
    page = str([e.changes for e in history.events(repo.engine, plain)])
    assert "Ленина" not in page and "Мария" not in page  # the corrected question's old text too
    after = stats.report(repo.engine, month, clock)
    assert (after.total, after.by_rubric) == (before.total, before.by_rubric)
    answer = answers.cited_acts(repo.engine, plain)  # the answer's acts would stay
    assert answer == []
