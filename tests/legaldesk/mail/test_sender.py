"""Sending the outbox to a real SMTP server: what arrives, what a refusal or a server that
is down does to a message, and senders that run at once. Passes are driven one at a time
with a clock the test moves, so nothing waits for a real pause."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from email.policy import compat32

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.mail import enqueue, outbox
from legaldesk.mail.sender import Sender
from legaldesk.models import OutboxMessage
from legaldesk.repository import Repository
from tests.legaldesk.mail.conftest import FROM, Clock, config
from tests.legaldesk.mail.smtpd import SmtpServer

SUBJECT = "Ответ на ваш вопрос № 2026-00042 готов"
BODY = "Здравствуйте!\n\nОтвет на ваш вопрос о земельном налоге готов.\nЦентр правовой информации\n"


def decoded(content: bytes, name: str) -> str:
    """A header as a mail client reads it (RFC 2047). Not ``policy.default``'s reading: it
    puts a space between two encoded words of a display name, which the RFC says to drop
    (a CPython bug), and a long Russian name is folded into several."""
    raw = message_from_bytes(content, policy=compat32)[name]
    return str(make_header(decode_header(raw)))


def queue(repo: Repository, to: str = "resident@example.test", **kwargs: str) -> int:
    with session_scope(repo.engine) as session:
        message = enqueue(
            session,
            to,
            kwargs.get("subject", SUBJECT),
            kwargs.get("text", BODY),
            kwargs.get("html"),
            kind="test",
            ref=kwargs.get("ref"),
        )
        assert message.id is not None
        return message.id


def row(repo: Repository, message_id: int) -> OutboxMessage:
    with Session(repo.engine) as session:
        found = session.get(OutboxMessage, message_id)
        assert found is not None
        return found


def test_a_message_queued_in_a_transaction_that_rolls_back_is_never_sent(
    repo: Repository, smtp: SmtpServer, sender: Sender
) -> None:
    with pytest.raises(RuntimeError), session_scope(repo.engine) as session:
        enqueue(session, "first@example.test", "Первое", "не будет", kind="test")
        raise RuntimeError("the change that caused it failed")
    committed = queue(repo, "second@example.test")

    report = sender.run_once()

    assert report.sent == [committed]
    assert [r.rcpt_tos for r in smtp.received] == [["second@example.test"]]
    with Session(repo.engine) as session:
        assert len(session.exec(select(OutboxMessage)).all()) == 1


def test_a_sent_message_arrives_with_its_russian_subject_and_body_in_utf8(
    repo: Repository, smtp: SmtpServer, sender: Sender, clock: Clock
) -> None:
    html = "<p>Здравствуйте!</p><p>Ответ готов.</p>"
    message_id = queue(repo, "Resident@Почта.РФ", html=html)

    assert sender.run_once().sent == [message_id]

    [received] = smtp.received
    assert received.rcpt_tos == ["Resident@xn--80a1acny.xn--p1ai"]  # the domain as SMTP needs it
    assert received.mail_from == "cpi@library.test"
    received.content.decode("ascii")  # 7-bit on the wire: nothing for a server to mangle
    email = received.message
    assert email["Subject"] == SUBJECT
    assert decoded(received.content, "From") == FROM
    assert email["To"] == "Resident@xn--80a1acny.xn--p1ai"
    assert email["Date"].datetime is not None
    stored = row(repo, message_id)
    assert email["Message-ID"] == f"<{stored.token}@library.test>"
    assert email["Auto-Submitted"] == "auto-generated"
    plain = email.get_body(("plain",))
    assert plain is not None and plain.get_content_charset() == "utf-8"
    assert plain.get_content().replace("\r\n", "\n") == BODY
    rich = email.get_body(("html",))
    assert rich is not None and rich.get_content().strip() == html
    assert (stored.status, stored.attempts, stored.sent_at) == ("sent", 1, clock.now)
    assert stored.claimed_by is None and stored.last_error is None


def test_a_server_that_is_down_loses_nothing_and_gets_the_message_once_it_is_up(
    repo: Repository, smtp_down: SmtpServer, sender: Sender, clock: Clock
) -> None:
    message_id = queue(repo)

    report = sender.run_once()

    assert report.later == [message_id] and report.server_error
    waiting = row(repo, message_id)
    assert (waiting.status, waiting.attempts) == ("queued", 1)
    assert waiting.last_error == "the mail server refused the connection"
    assert waiting.next_attempt_at == clock.now + timedelta(minutes=1)

    smtp_down.start()
    assert sender.run_once().handled == 0  # not due yet: the pause is kept
    clock.advance(timedelta(minutes=1))
    assert sender.run_once().sent == [message_id]

    assert len(smtp_down.received) == 1
    sent = row(repo, message_id)
    assert (sent.status, sent.attempts) == ("sent", 2)


def test_the_pause_doubles_and_a_message_fails_only_after_its_last_attempt(
    repo: Repository, sender: Sender, clock: Clock
) -> None:
    message_id = queue(repo)
    pauses = []
    for _ in range(3):
        assert sender.run_once().later == [message_id]
        pauses.append(row(repo, message_id).next_attempt_at - clock.now)
        clock.advance(pauses[-1])

    assert pauses == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert sender.run_once().failed == [message_id]  # the fourth of four attempts
    failed = row(repo, message_id)
    assert (failed.status, failed.attempts) == ("failed", 4)
    assert failed.last_error == "the mail server refused the connection"
    clock.advance(timedelta(days=1))
    assert sender.run_once().handled == 0


def test_a_550_refusal_fails_the_message_with_the_reason_and_the_rest_go_on(
    repo: Repository, smtp: SmtpServer, sender: Sender
) -> None:
    smtp.mailbox.replies["nobody@example.test"] = "550 5.1.1 No such user here"
    refused = queue(repo, "nobody@example.test")
    fine = queue(repo, "resident@example.test")

    report = sender.run_once()

    assert (report.failed, report.sent) == ([refused], [fine])
    failed = row(repo, refused)
    assert failed.status == "failed"
    assert failed.last_error == "550 5.1.1 No such user here"
    assert [r.rcpt_tos for r in smtp.received] == [["resident@example.test"]]


def test_a_451_refusal_is_tried_again_later(
    repo: Repository, smtp: SmtpServer, sender: Sender, clock: Clock
) -> None:
    smtp.mailbox.replies["busy@example.test"] = "451 4.7.1 Greylisted, try again later"
    message_id = queue(repo, "busy@example.test")

    assert sender.run_once().later == [message_id]
    assert row(repo, message_id).last_error == "451 4.7.1 Greylisted, try again later"

    del smtp.mailbox.replies["busy@example.test"]
    clock.advance(timedelta(minutes=1))
    assert sender.run_once().sent == [message_id]


def test_a_server_that_never_answers_times_out_and_the_message_waits(
    repo: Repository, clock: Clock
) -> None:
    with socket.socket() as silent:  # listens, never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        server = SmtpServer()
        server.port = silent.getsockname()[1]
        sender = Sender(repo.engine, config(server, timeout=0.3), clock=clock)
        message_id = queue(repo)

        report = sender.run_once()
        server.close()

    assert report.later == [message_id]
    waiting = row(repo, message_id)
    assert waiting.status == "queued"
    assert waiting.last_error == "no answer from the mail server (timed out)"


def test_a_server_that_wants_a_sign_in_gets_one_and_a_wrong_password_is_not_the_messages_fault(
    repo: Repository, clock: Clock
) -> None:
    server = SmtpServer(login=("cpi", "right-password")).start()
    try:
        message_id = queue(repo)
        wrong = Sender(repo.engine, config(server, user="cpi", password="old"), clock=clock)

        assert wrong.run_once().later == [message_id]  # our configuration, not the message
        assert row(repo, message_id).last_error == (
            "the mail server refused the user name or password: "
            "535 5.7.8 Authentication credentials invalid"
        )
        right = Sender(
            repo.engine, config(server, user="cpi", password="right-password"), clock=clock
        )
        clock.advance(timedelta(minutes=1))
        assert right.run_once().sent == [message_id]
        assert len(server.received) == 1
    finally:
        server.close()


def test_sent_messages_are_forgotten_after_a_month_and_the_rest_kept(
    repo: Repository, smtp: SmtpServer, sender: Sender, clock: Clock
) -> None:
    smtp.mailbox.replies["nobody@example.test"] = "550 No such user"
    sent, failed = queue(repo), queue(repo, "nobody@example.test")
    report = sender.run_once()
    assert (report.sent, report.failed) == ([sent], [failed])

    clock.advance(timedelta(days=30))
    assert sender.prune() == 0  # a month to the minute: kept
    clock.advance(timedelta(hours=2))
    assert sender.prune() == 1

    with Session(repo.engine) as session:
        assert session.get(OutboxMessage, sent) is None
        assert session.get(OutboxMessage, failed) is not None


def test_without_a_server_configured_nothing_is_tried(repo: Repository, clock: Clock) -> None:
    message_id = queue(repo)

    report = Sender(repo.engine, None, clock=clock).run_once()

    assert not report.configured
    assert (row(repo, message_id).status, row(repo, message_id).attempts) == ("queued", 0)


def test_a_sender_that_died_holding_messages_leaves_them_to_another_after_its_lease(
    repo: Repository, smtp: SmtpServer, clock: Clock
) -> None:
    message_id = queue(repo)
    dead = Sender(repo.engine, config(smtp), clock=clock, worker="dead")

    assert [m.id for m in outbox.claim(repo.engine, "dead", clock.now, 10, dead.lease)] == [
        message_id
    ]
    other = Sender(repo.engine, config(smtp), clock=clock, worker="other")
    assert other.run_once().handled == 0  # held, and the lease runs

    clock.advance(dead.lease + timedelta(seconds=1))
    assert other.run_once().sent == [message_id]
    # the first sender comes back: its word no longer counts
    assert not outbox.mark_later(repo.engine, message_id, "dead", "late", clock.now)
    assert row(repo, message_id).status == "sent"


def test_two_senders_at_once_deliver_each_message_once(repo: Repository, smtp: SmtpServer) -> None:
    ids = [queue(repo, f"resident{n}@example.test") for n in range(24)]
    senders = [Sender(repo.engine, config(smtp), batch=2) for _ in range(2)]
    start = threading.Barrier(len(senders))
    reports = []

    def work(sender: Sender) -> None:
        start.wait()
        reports.append(sender.drain())

    threads = [threading.Thread(target=work, args=(s,)) for s in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    delivered = Counter(r.message["Message-ID"] for r in smtp.received)
    assert len(delivered) == len(ids) and set(delivered.values()) == {1}
    assert sorted(i for report in reports for i in report.sent) == ids
    with Session(repo.engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}


def test_on_postgresql_a_claim_passes_over_messages_another_sender_is_claiming(
    repo: Repository, clock: Clock
) -> None:
    if repo.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one claim at a time: there is nothing to pass over")
    ids = [queue(repo, f"resident{n}@example.test") for n in range(4)]
    claimed: list[list[int]] = []
    with repo.engine.connect() as other:  # another sender, its claim not committed yet
        other.execute(
            text("SELECT id FROM mail_outbox WHERE id IN (:a, :b) FOR UPDATE"),
            {"a": ids[0], "b": ids[1]},
        )
        claiming = threading.Thread(
            target=lambda: claimed.append(
                [m.id for m in outbox.claim(repo.engine, "me", clock.now, 10, timedelta(60))]
            )
        )
        claiming.start()
        claiming.join(timeout=10)
        blocked = claiming.is_alive()
        other.rollback()
    claiming.join()

    assert not blocked, "the claim waited for the other sender's rows"
    assert claimed == [ids[2:]]
