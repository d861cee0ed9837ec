"""A real SMTP server, a sender wired to it, and a clock the tests move by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from legaldesk.mail.sender import Sender, SmtpConfig
from legaldesk.models.base import utcnow
from legaldesk.repository import Repository
from tests.legaldesk.mail.smtpd import SmtpServer

FROM = "Центр правовой информации <cpi@library.test>"


class Clock:
    """Now, as the sender sees it: a minute ahead of the real time at which the test
    queues its messages (so they are due), then moved by the test."""

    def __init__(self) -> None:
        self.now = utcnow() + timedelta(minutes=1)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def smtp_down() -> Iterator[SmtpServer]:
    server = SmtpServer()
    yield server
    server.close()


@pytest.fixture
def smtp(smtp_down: SmtpServer) -> SmtpServer:
    return smtp_down.start()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def config(server: SmtpServer, **changes: object) -> SmtpConfig:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": server.port,
        "from_header": FROM,
        "timeout": 5.0,
    }
    values.update(changes)
    return SmtpConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
def sender(repo: Repository, smtp_down: SmtpServer, clock: Clock) -> Sender:
    """Wired to the test server, up or down as the test has it."""
    return Sender(repo.engine, config(smtp_down), clock=clock, max_attempts=4)
