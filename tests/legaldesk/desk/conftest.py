"""The desk's tests: a repository with a librarian, an employee and a filed act."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

import pytest

from legaldesk.accounts.users import create_user
from legaldesk.desk.requests import Clock
from legaldesk.models import User
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes

CLOCK = Clock(ZoneInfo("Europe/Moscow"), time(18, 0))


@pytest.fixture
def clock() -> Clock:
    return CLOCK


@pytest.fixture
def librarian(repo: Repository) -> User:
    return create_user(repo.engine, "librarian", "correct horse battery", "librarian")


@pytest.fixture
def employee(repo: Repository) -> User:
    return create_user(
        repo.engine, "official", "correct horse battery", "employee", "Петрова А. С."
    )


def file_act(repo: Repository, number: str, title: str, body: str = "Текст акта.") -> int:
    data = docx_bytes(act_text(number=number, title=title, body=body))
    outcome = repo.ingestor("test").ingest(RawFile(data, f"{number}.docx"))
    assert outcome.document_id is not None
    return outcome.document_id
