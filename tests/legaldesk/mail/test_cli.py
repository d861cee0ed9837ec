"""``legaldesk mail …`` as the staff run it: the outbox listed in Russian (and as JSON),
sending once and beside `serve`, failed messages queued again, a test message."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from click.testing import Result
from sqlalchemy import update
from typer.testing import CliRunner

from bench.load import serve
from legaldesk.cli import app
from legaldesk.config import Settings
from legaldesk.db import session_scope
from legaldesk.mail import enqueue
from legaldesk.models import OutboxMessage
from legaldesk.repository import Repository
from tests.legaldesk.mail.smtpd import SmtpServer


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the commands' queries run on PostgreSQL in test_sender.py."""
    return f"sqlite:///{tmp_path / 'legaldesk.sqlite3'}"


Run = Callable[..., Result]


@pytest.fixture
def env(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "LEGALDESK_DATA_DIR": str(tmp_path / "data"),
        "LEGALDESK_DATABASE_URL": database_url,
        "LEGALDESK_OCR": "false",
    }
    for name in [n for n in os.environ if n.startswith("LEGALDESK_SMTP_")]:
        monkeypatch.delenv(name)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def repo(env: dict[str, str]) -> Repository:  # the one the commands open
    repo = Repository(Settings())
    repo.init()
    return repo


@pytest.fixture
def run(repo: Repository) -> Run:
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> Result:
        result = runner.invoke(app, ["mail", *args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    return invoke


def configure(monkeypatch: pytest.MonkeyPatch, server: SmtpServer) -> None:
    monkeypatch.setenv("LEGALDESK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("LEGALDESK_SMTP_PORT", str(server.port))
    monkeypatch.setenv("LEGALDESK_SMTP_FROM", "Центр правовой информации <cpi@library.test>")
    monkeypatch.setenv("LEGALDESK_SMTP_TIMEOUT", "5")


def queue(repo: Repository, to: str = "resident@example.test") -> int:
    with session_scope(repo.engine) as session:
        message = enqueue(session, to, "Ответ готов", "Текст ответа", kind="test")
        assert message.id is not None
        return message.id


def test_without_mail_configured_send_says_so_in_russian_and_keeps_the_messages(
    run: Run, repo: Repository
) -> None:
    queue(repo)
    queue(repo)

    result = run("send", code=1)

    assert "Почта не настроена" in result.stderr
    assert "в очереди ждут 2 письма" in result.stderr
    listed = run("list").stdout
    assert "Почта не настроена" in listed and "В очереди: 2" in listed


def test_send_delivers_what_is_due_and_list_shows_it_in_russian(
    run: Run, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = SmtpServer().start()
    try:
        configure(monkeypatch, server)
        sent = queue(repo)
        server.mailbox.replies["nobody@example.test"] = "550 5.1.1 No such user here"
        refused = queue(repo, "nobody@example.test")

        result = run("send")

        assert "Отправлено: 1, отложено: 0, не доставлено: 1." in result.stdout
        assert [r.rcpt_tos for r in server.received] == [["resident@example.test"]]
    finally:
        server.close()
    listed = run("list").stdout
    assert f"№ {refused} · не доставлено · nobody@example.test · попыток: 1" in listed
    assert "— 550 5.1.1 No such user here" in listed
    assert f"№ {sent} · отправлено · resident@example.test · попыток: 1" in listed
    assert "  Ответ готов\n" in listed
    failed_only = run("list", "--failed").stdout
    assert "nobody@example.test" in failed_only and "resident@example.test" not in failed_only
    data = json.loads(run("list", "--json").stdout)
    assert (data["configured"], data["sent"], data["failed"]) == (True, 1, 1)
    statuses = {m["id"]: m["status"] for m in data["messages"]}
    assert statuses == {sent: "sent", refused: "failed"}


def test_failed_messages_are_queued_again_with_their_attempts_afresh(
    run: Run, repo: Repository
) -> None:
    first, second = queue(repo), queue(repo)
    with session_scope(repo.engine) as session:
        session.execute(update(OutboxMessage).values(status="failed", attempts=20))

    assert "Снова поставлено в очередь: 1." in run("retry", str(first)).stdout

    data = json.loads(run("list", "--json").stdout)
    states = {m["id"]: (m["status"], m["attempts"]) for m in data["messages"]}
    assert states == {first: ("queued", 0), second: ("failed", 20)}
    assert "Снова поставлено в очередь: 1." in run("retry").stdout


def test_a_test_message_is_queued_and_a_bad_address_refused(run: Run) -> None:
    assert "Письмо поставлено в очередь (№ 1)." in run("test", "admin@library.test").stdout

    refused = run("test", "admin at library", code=2)

    assert "«admin at library» — не адрес электронной почты" in refused.stderr
    [message] = json.loads(run("list", "--json").stdout)["messages"]
    assert message["subject"] == "Пробное письмо LegalDesk"


def test_serve_runs_one_sender_beside_its_workers_and_stops_it_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite in the data directory, as test_serve does; several senders on PostgreSQL are
    # covered by test_sender.
    monkeypatch.delenv("LEGALDESK_DATABASE_URL", raising=False)
    server = SmtpServer().start()
    smtp = {
        "LEGALDESK_SMTP_HOST": "127.0.0.1",
        "LEGALDESK_SMTP_PORT": str(server.port),
        "LEGALDESK_SMTP_FROM": "cpi@library.test",
    }
    try:
        process, _base = serve(tmp_path / "data", workers=1, extra_env=smtp)
        try:
            service = psutil.Process(process.pid)
            senders = [
                child
                for child in service.children(recursive=True)
                if child.cmdline()[-5:-2] == ["mail", "send", "--follow"]
            ]
            assert len(senders) == 1
            queue(Repository(Settings(data_dir=tmp_path / "data", ocr=False)))
            deadline = time.monotonic() + 30
            while not server.received:
                assert time.monotonic() < deadline, "serve's sender did not send the message"
                time.sleep(0.02)
        finally:
            process.send_signal(signal.SIGINT)  # Ctrl-C
            process.wait(timeout=60)
    finally:
        server.close()
    senders[0].wait(timeout=30)  # gone with the service, or this raises
