"""``legaldesk requests list|show|stats``: in Russian for the librarians (English when
LEGALDESK_LANG=en asks), JSON with --json."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from legaldesk.cli import app
from legaldesk.config import Settings
from legaldesk.desk import answers
from legaldesk.desk.requests import Clock, Intake, create_request, set_status
from legaldesk.repository import Repository
from tests.legaldesk.test_cli import run  # noqa: F401  (the fixture)

MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture
def filed(tmp_path: Path, database_url: str, run) -> tuple[str, str]:  # type: ignore[no-untyped-def]  # noqa: F811
    run("init")
    repo = Repository(Settings(data_dir=tmp_path / "data", database_url=database_url))
    clock = Clock.of(repo.settings)
    letter = create_request(
        repo.engine,
        Intake(
            question="Положена ли компенсация за ЖКУ?",
            channel="letter",
            category="pensioner",
            received_at=datetime(2026, 3, 12, 10, tzinfo=MSK),
            requester_name="Иванова М. П.",
        ),
        "web:librarian",
        clock,
    )
    phone = create_request(
        repo.engine,
        Intake(question="Тарифы на воду", received_at=datetime(2026, 3, 13, 11, tzinfo=MSK)),
        "web:librarian",
        clock,
    )
    answers.save_answer(repo.engine, phone.id or 0, "Тарифы установлены.", "phone", None, 5, "t")
    set_status(repo.engine, phone.id or 0, "answered", "t")
    repo.close()
    return letter.code, phone.code


def test_list_marks_the_overdue_in_russian(run, filed: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    letter, phone = filed

    out = run("requests", "list")
    overdue = json.loads(run("requests", "list", "--list", "overdue", "--json"))

    assert "Запросов: 2" in out and letter in out and phone in out
    assert "просрочен" in out and "ответ дан" in out and "письмом" in out
    assert [r["code"] for r in overdue["requests"]] == [letter]


def test_english_is_english_when_asked(  # type: ignore[no-untyped-def]
    run,  # noqa: F811
    filed: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    letter, _ = filed
    monkeypatch.setenv("LEGALDESK_LANG", "en")

    listed = run("requests", "list")
    shown = " ".join(run("requests", "show", letter).split())
    stats = run("requests", "stats", "--from", "2026-03-01", "--to", "2026-03-31")

    assert "Requests: 2" in listed and "overdue" in listed and "Assignee" in listed
    assert "Kind of reference" in shown and "History" in shown
    assert "Requests from 01.03.2026 to 31.03.2026 (all libraries): 2" in stats
    for out in (listed, shown, stats):
        assert not {"Запрос", "Поступил", "Срок", "просрочен", "История"} & set(out.split())


def test_show_tells_the_deadline_and_the_history(run, filed: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    letter, _ = filed

    out = " ".join(run("requests", "show", letter).split())
    data = json.loads(run("requests", "show", letter, "--json"))

    assert "30 календарных дней с 12.03.2026 (59-ФЗ, ст. 12)" in out
    assert "переносится на 13.04.2026" in out
    assert "пенсионер: Иванова М. П." in out and "зарегистрирован" in out
    assert data["code"] == letter and data["due_on"] == "2026-04-13"
    assert data["deadline"]["end_moved"]["reason"] == "weekend"


def test_stats_count_a_period(run, filed: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    out = run("requests", "stats", "--from", "2026-03-01", "--to", "2026-03-31")
    data = json.loads(
        run("requests", "stats", "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    )
    april = json.loads(
        run("requests", "stats", "--from", "2026-04-01", "--to", "2026-04-30", "--json")
    )

    assert "Запросы с 01.03.2026 по 31.03.2026 (все библиотеки): 2" in out
    assert "По способу обращения" in out and "по телефону" in out and "письмом" in out
    assert "Ответ дан в срок" in out and "Медиана времени ответа, часов" in out
    assert data["by_channel"] == {"letter": 1, "phone": 1}
    assert data["by_status"] == {"answered": 1, "new": 1}
    assert data["answered"] == 1 and data["median_hours"] is not None
    assert data["by_period"][11] == {"from": "2026-03-12", "count": 1}
    assert april["total"] == 0


def test_an_unknown_request_is_an_error_in_russian(run, filed: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    result = CliRunner().invoke(app, ["requests", "show", "2026-99999"])

    assert result.exit_code == 1
    assert "Запроса 2026-99999 нет" in result.output


@pytest.mark.parametrize("ref", ["²", "99999999999999999999"])
def test_a_number_no_request_can_have_is_an_unknown_request(  # type: ignore[no-untyped-def]
    run,  # noqa: F811
    filed: tuple[str, str],
    ref: str,
) -> None:
    """«²» is a digit to str.isdigit and int("²") raised; a twenty-digit id reached the
    database, which refused it: both were tracebacks."""
    result = CliRunner().invoke(app, ["requests", "show", ref])

    assert result.exit_code == 1 and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    assert f"Запроса {ref} нет" in result.output


def test_every_requests_command_has_help(run) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for command in ("list", "show", "stats", "expire-personal-data"):
        assert "Usage" in run("requests", command, "--help")


def test_show_records_the_look_at_a_resident_s_name(  # type: ignore[no-untyped-def]
    run,  # noqa: F811
    filed: tuple[str, str],
    tmp_path: Path,
    database_url: str,
) -> None:
    from sqlmodel import Session

    from legaldesk.models import AuditEvent

    letter, phone = filed
    run("requests", "show", letter)
    run("requests", "show", phone)  # nobody named: nothing to record

    repo = Repository(Settings(data_dir=tmp_path / "data", database_url=database_url))
    with Session(repo.engine) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "personal_data_viewed")
        ).all()
    repo.close()
    assert [(e.detail["code"], e.detail["via"]) for e in events] == [(letter, "cli")]
    assert events[0].actor.startswith("cli")


def test_expire_personal_data_says_what_it_removed_once(  # type: ignore[no-untyped-def]
    run,  # noqa: F811
    filed: tuple[str, str],
    tmp_path: Path,
    database_url: str,
) -> None:
    from legaldesk.db import session_scope
    from legaldesk.models import DeskRequest

    letter, _ = filed
    repo = Repository(Settings(data_dir=tmp_path / "data", database_url=database_url))
    clock = Clock.of(repo.settings)
    with session_scope(repo.engine) as session:
        request = session.exec(select(DeskRequest).where(DeskRequest.code == letter)).one()
        request_id = request.id or 0
    set_status(repo.engine, request_id, "cancelled", "t")
    with session_scope(repo.engine) as session:
        request = session.get(DeskRequest, request_id)
        assert request is not None
        request.closed_at = datetime(2026, 3, 20, 12, tzinfo=MSK)
        session.add(request)
    repo.close()
    assert clock.today() > datetime(2026, 3, 20).date()

    first = " ".join(run("requests", "expire-personal-data", "--days", "30").split())
    again = " ".join(run("requests", "expire-personal-data", "--days", "30").split())
    shown = run("requests", "show", letter)

    assert (
        "Удалены персональные данные" in first and letter in first and "отменён 20.03.2026" in first
    )
    assert "Нечего удалять" in again
    assert "Иванова" not in shown and "удалены персональные данные" in shown
