"""Digests through the outbox and a real SMTP server: one letter per subscriber with every
act and why, the one-click unsubscribe headers, nothing twice, nothing to an unconfirmed or
unsubscribed address, nothing lost while the mail server is down."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from legaldesk.mail.sender import Sender
from legaldesk.models import OutboxMessage, SubscriptionProfile
from legaldesk.models.base import utcnow
from legaldesk.repository import Repository
from legaldesk.subscriptions import digests, subscribers
from tests.legaldesk.mail.conftest import Clock, config
from tests.legaldesk.mail.smtpd import SmtpServer
from tests.legaldesk.subscriptions.conftest import LINKS, deputy, file

HOUSING = "О тарифах на услуги жилищно-коммунального хозяйства"


def russian(text: str) -> str:
    from legaldesk.cli.speech import tr

    return tr(text)


def test_a_digest_reaches_the_deputy_with_each_act_and_why(
    repo: Repository, smtp: SmtpServer, clock: Clock
) -> None:
    repo.init()
    subscriber = deputy(repo)
    act = file(repo, "10", HOUSING)
    file(repo, "11", "О бюджете поселения на 2026 год")

    queued = digests.send_due(repo.engine, LINKS, russian)
    report = Sender(repo.engine, config(smtp), clock=clock).drain()

    assert [s.items for s in queued] == [1]
    assert len(report.sent) == 2  # the confirmation of the address and the digest
    digest = [m for m in smtp.received if "подпискам" in str(m.message["Subject"])]
    assert len(digest) == 1
    message = digest[0].message
    assert message["To"] == "deputy@duma.test"
    assert str(message["Subject"]) == "Правовые акты по вашим подпискам: 1 новость"
    unsubscribe = f"{LINKS.base}/subscriptions/{subscriber}/unsubscribe/"
    assert message["List-Unsubscribe"].startswith(f"<{unsubscribe}")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Здравствуйте, Петров П. П.!" in body
    assert f"Постановление от 12.03.2025 № 10 «{HOUSING}»" in body
    assert "совпали слова" in body.lower() or "найдены слова" in body.lower()
    assert f"{LINKS.base}/documents/{act}" in body
    assert "бюджете" not in body
    # The next pass has nothing to send.
    assert digests.send_due(repo.engine, LINKS, russian) == []


def test_no_mail_to_an_unconfirmed_or_unsubscribed_address(repo: Repository) -> None:
    repo.init()
    subscriber = deputy(repo, email=None)
    subscribers.set_email(repo.engine, subscriber, "deputy@duma.test", "deputy", LINKS)
    file(repo, "10", HOUSING)

    assert digests.send_due(repo.engine, LINKS, russian) == []  # not confirmed

    subscribers.confirm_email(repo.engine, subscriber)
    subscribers.stop_mail(repo.engine, subscriber)
    file(repo, "11", "О ремонте объектов жилищно-коммунального хозяйства")
    assert digests.send_due(repo.engine, LINKS, russian) == []  # unsubscribed

    subscribers.resume_mail(repo.engine, subscriber)
    sent = digests.send_due(repo.engine, LINKS, russian)
    # Only what was found after the address was confirmed goes by mail.
    assert [s.items for s in sent] == [1]


def test_a_daily_digest_waits_a_day(repo: Repository) -> None:
    repo.init()
    subscriber = deputy(repo)
    with Session(repo.engine) as session:
        profile = session.exec(select(SubscriptionProfile)).one()
        profile.frequency = "daily"
        session.add(profile)
        session.commit()
    file(repo, "10", HOUSING)

    assert digests.send_due(repo.engine, LINKS, russian) == []
    later = utcnow() + timedelta(days=1)
    assert [s.subscriber_id for s in digests.send_due(repo.engine, LINKS, russian, later)] == [
        subscriber
    ]


def test_a_mail_server_that_is_down_loses_no_digest(
    repo: Repository, smtp_down: SmtpServer, clock: Clock
) -> None:
    repo.init()
    deputy(repo)
    file(repo, "10", HOUSING)
    digests.send_due(repo.engine, LINKS, russian)
    sender = Sender(repo.engine, config(smtp_down), clock=clock)

    first = sender.drain()
    assert first.sent == [] and first.later

    smtp_down.start()
    clock.advance(timedelta(hours=1))
    sender.drain()
    with Session(repo.engine) as session:
        kinds = [m.kind for m in session.exec(select(OutboxMessage)).all() if m.status == "sent"]
    assert "subscription_digest" in kinds
    assert any("подпискам" in str(m.message["Subject"]) for m in smtp_down.received)
