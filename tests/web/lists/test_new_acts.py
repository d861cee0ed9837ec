"""The public new-acts page: the latest acts, or those filed this month, last month or in a
period of the reader's; each with the day it was filed; published acts only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from litestar.testing import TestClient
from selectolax.lexbor import LexborHTMLParser
from sqlmodel import Session

from legaldesk.lists.period import Period
from legaldesk.models import Document
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.factories import act_text, docx_bytes
from tests.web.indexing import indexing

Client = TestClient  # type: ignore[type-arg]


def file_act(repo: Repository, n: int, title: str, filed: datetime, published: bool = True) -> int:
    data = docx_bytes(act_text(number=f"{n}-п", adopted=date(2024, 3, n), title=title))
    outcome = repo.ingestor("test").ingest(RawFile(data, f"act-{n}.docx"))
    assert outcome.document_id is not None, outcome.reason
    with Session(repo.engine) as session:
        document = session.get(Document, outcome.document_id)
        assert document is not None
        document.created_at = filed
        document.publication = "published" if published else "pending"
        session.add(document)
        session.commit()
    return outcome.document_id


@pytest.fixture
def client(repo: Repository) -> Iterator[Client]:
    repo.init()
    today = datetime.now(repo.settings.zone).date()
    this_month, last_month = Period.this_month(today), Period.last_month(today)
    noon = datetime.min.time().replace(hour=12)
    zone = repo.settings.zone
    file_act(repo, 1, "О тарифах на воду", datetime.combine(this_month.start, noon, zone))
    file_act(repo, 2, "О бюджете поселения", datetime.combine(last_month.start, noon, zone))
    file_act(
        repo, 3, "О черновике", datetime.combine(this_month.start, noon, zone), published=False
    )
    file_act(repo, 4, "Об уличном освещении", datetime(2023, 5, 10, 9, tzinfo=UTC))
    repo.update_index()
    with TestClient(indexing(create_app(repo))) as test_client:
        yield test_client


def titles(html: str) -> list[str]:
    return [a.text().strip() for a in LexborHTMLParser(html).css("ol.hits h3 a")]


def test_the_period_choices_and_the_filing_day(client: Client) -> None:
    assert set(titles(client.get("/new").text)) == {
        "О тарифах на воду", "О бюджете поселения", "Об уличном освещении"}  # fmt: skip
    assert titles(client.get("/new?period=this_month").text) == ["О тарифах на воду"]
    assert titles(client.get("/new?period=last_month").text) == ["О бюджете поселения"]

    page = client.get("/new", params={"period": "custom", "from": "2023-05-01", "to": "2023-05-31"})
    assert titles(page.text) == ["Об уличном освещении"]
    filed = LexborHTMLParser(page.text).css_first("p.filed time")
    assert filed is not None and filed.attributes["datetime"] == "2023-05-10"
    assert "Поступил в фонд" in page.text


def test_a_wrong_period_says_so_and_shows_the_latest(client: Client) -> None:
    for params in ({"from": "2024-05-01", "to": "2024-04-01"}, {"from": "вчера", "to": ""}):
        page = client.get("/new", params={"period": "custom", **params})
        assert page.status_code == 200
        assert LexborHTMLParser(page.text).css_first("p.error") is not None
        assert "О тарифах на воду" in titles(page.text)


def test_an_empty_period_says_nothing_was_filed(client: Client) -> None:
    day = date(2020, 1, 1) + timedelta(days=3)
    page = client.get(
        "/new", params={"period": "custom", "from": day.isoformat(), "to": day.isoformat()}
    )
    assert titles(page.text) == [] and "не поступало" in page.text


@pytest.mark.parametrize(
    ("start", "end"), [("0001-01-01", "0001-01-31"), ("9999-12-01", "9999-12-31")]
)
def test_a_period_at_the_calendar_s_ends_finds_nothing_and_breaks_nothing(
    client: Client, start: str, end: str
) -> None:
    """The first day of year 1 starts before UTC's first moment in the library's zone (and
    the day after 9999-12-31 has none): the page answered with a server error."""
    page = client.get("/new", params={"period": "custom", "from": start, "to": end})

    assert page.status_code == 200
    assert titles(page.text) == [] and "не поступало" in page.text
