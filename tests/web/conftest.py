"""A staff application: one user per role, one filed act, one source with a failed run, one
request at the desk asked by the employee."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from legaldesk.accounts.users import create_user, list_users
from legaldesk.db import session_scope
from legaldesk.desk.requests import Clock, ask_as_employee
from legaldesk.harvesters.config import source_from_dict
from legaldesk.harvesters.store import save_source
from legaldesk.models import HarvestRun
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.factories import act_text, docx_bytes
from tests.web.indexing import indexing
from tests.web.sessions import PASSWORD, ROLES, Client


@pytest.fixture
def app(repo: Repository) -> Litestar:
    repo.init()
    for role in ROLES:
        create_user(repo.engine, role, PASSWORD, role)
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(act_text()), "245.docx"))
    assert outcome.document_id == 1
    config = {"name": "dead-site", "kind": "listing", "start_urls": ["http://127.0.0.1:9/"]}
    source_id, _ = save_source(repo.engine, source_from_dict(config))
    with session_scope(repo.engine) as session:
        session.add(HarvestRun(source_id=source_id, status="failed", message="cannot connect"))
    # Request 1 of the desk, asked by the employee (their workspace shows it; the desk too).
    asker = next(u for u in list_users(repo.engine) if u.role == "employee")
    asked = ask_as_employee(repo.engine, asker, "Порядок выдачи ордеров", Clock.of(repo.settings))
    assert asked.id == 1
    return create_app(repo)


@pytest.fixture
def client(app: Litestar) -> Iterator[Client]:
    with TestClient(indexing(app)) as test_client:
        yield test_client
