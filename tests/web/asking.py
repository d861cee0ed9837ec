"""Asking on the public site in the web tests: an application with its public address
set, the ask form sent as a browser sends it (CSRF cookie and token, stamp, honeypot), the
requests it filed."""

from __future__ import annotations

import re
import time

from litestar import Litestar
from sqlmodel import Session, select

from legaldesk.models import DeskRequest
from legaldesk.repository import Repository
from legaldesk.web import antispam
from legaldesk.web.app import create_app
from tests.web.sessions import Client

PUBLIC_URL = "https://pravo.library.test"
QUESTION = "Как оформить субсидию на оплату коммунальных услуг?"


def hidden_fields(client: Client) -> dict[str, str]:
    page = client.get("/ask").text
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)"', page))


def send(client: Client, app: Litestar, **fields: str):  # type: ignore[no-untyped-def]
    values = hidden_fields(client)
    # as if the form had been open for a minute: no test waits for the stamp to age
    values[antispam.STAMP] = antispam.stamp(app.state.secret_key, "ask", time.time() - 60)
    data = {
        "question": QUESTION,
        "reply_by": "email",
        "name": "Анна Сергеевна",
        "contact": "anna@example.test",
        "consent": "yes",
        **values,
        **fields,
    }
    return client.post("/ask", data=data, follow_redirects=False)


def requests_filed(repo: Repository) -> list[DeskRequest]:
    with Session(repo.engine) as session:
        return list(session.exec(select(DeskRequest)).all())


ASKED = {
    "question": QUESTION,
    "reply_by": "email",
    "name": "Анна Сергеевна",
    "contact": "anna@example.test",
    "consent": True,
}


def ask_app(repo: Repository) -> Litestar:
    """The application with the public address e-mails link to."""
    repo.settings.public_url = PUBLIC_URL
    repo.init()
    return create_app(repo)
