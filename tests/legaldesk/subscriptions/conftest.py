"""Subscribers on a real repository: acts filed through ingest and the change log, a real
SMTP server for the digests (tests/legaldesk/mail)."""

from __future__ import annotations

from datetime import date

from legaldesk.models import User
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.subscriptions import subscribers
from legaldesk.subscriptions.links import Links
from tests.factories import act_text, docx_bytes
from tests.legaldesk.mail.conftest import clock, smtp, smtp_down  # noqa: F401  (fixtures)

LINKS = Links("https://cpi.library.test", "a test key")
ZARECHNOE = "АДМИНИСТРАЦИЯ ЗАРЕЧНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ"


def file(
    repo: Repository,
    number: str,
    title: str,
    body: str = "Текст акта.",
    adopted: date = date(2025, 3, 12),
) -> int:
    """An act filed and followed by every consumer of the change log, as a CLI import."""
    text = act_text(number=number, adopted=adopted, title=title, body=body, issuer=ZARECHNOE)
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(text), f"{number}.docx"))
    assert outcome.document_id is not None, outcome
    repo.update_index()
    return outcome.document_id


def deputy(repo: Repository, email: str | None = "deputy@duma.test") -> int:
    """A deputy's account subscribed to «жилищно-коммунальное хозяйство», address
    confirmed."""
    from legaldesk.accounts.users import create_user

    user: User = create_user(
        repo.engine, "deputy", "correct horse battery", "deputy", "Петров П. П."
    )
    subscriber = subscribers.of_user(repo.engine, user)
    assert subscriber.id is not None
    subscribers.add_profile(
        repo.engine,
        subscriber.id,
        subscribers.ProfileFields(query="жилищно-коммунальное хозяйство", frequency="immediate"),
        "deputy",
    )
    if email:
        subscribers.set_email(repo.engine, subscriber.id, email, "deputy", LINKS)
        subscribers.confirm_email(repo.engine, subscriber.id)
    return subscriber.id
