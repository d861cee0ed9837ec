"""``/new.atom`` through the real application on both databases: valid Atom, the search
page's filters, real dates, stable ids, links on the configured address, published acts
only whoever asks, and nonsense parameters harmless."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from litestar.testing import TestClient
from lxml import etree
from sqlmodel import Session

from legaldesk.accounts.users import create_user
from legaldesk.models import Document
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.publication import WayIn
from legaldesk.repository import Repository
from legaldesk.web.app import create_app
from tests.factories import act_text, docx_bytes
from tests.legaldesk.feeds.schema import ATOM, assert_atom
from tests.web.indexing import indexing
from tests.web.sessions import PASSWORD, Client, log_in

PUBLIC_URL = "https://pravo.zarechnoe.ru"
COUNCIL = "СОВЕТ ДЕПУТАТОВ ЗАРЕЧНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ"
# Filed on these days, the land tax first: the feed lists the last filed first.
ACTS = {
    "land": ("О земельном налоге", "ПОСТАНОВЛЕНИЕ", None, "budget_taxes", 1),
    "water": ("О тарифах на холодную воду", "ПОСТАНОВЛЕНИЕ", None, "tariffs", 2),
    "budget": ("О бюджете поселения на 2025 год", "РЕШЕНИЕ", COUNCIL, "budget_taxes", 3),
}
WAITING = "О вывозе твёрдых коммунальных отходов"  # harvested, awaits review: never public


def filed_on(day: int) -> datetime:
    return datetime(2024, 5, day, 7, 30, tzinfo=UTC)


def file_act(
    repo: Repository, n: int, title: str, kind: str, issuer: str | None, rubric: str, way: WayIn
) -> int:
    text = act_text(number=f"{n}-п", adopted=date(2024, 3, n), title=title, kind=kind)
    if issuer:
        text = act_text(
            number=f"{n}-р", adopted=date(2024, 3, n), title=title, kind=kind, issuer=issuer
        )
    raw = RawFile(docx_bytes(text), f"act-{n}.docx", Hints(level="municipal", rubrics=(rubric,)))
    outcome = repo.ingestor("test", way).ingest(raw)
    assert outcome.document_id is not None, outcome.reason
    with Session(repo.engine) as session:  # filed on a day of its own, before it is indexed
        document = session.get(Document, outcome.document_id)
        assert document is not None
        document.created_at = filed_on(n)
        session.add(document)
        session.commit()
    return outcome.document_id


@pytest.fixture
def ids(repo: Repository) -> dict[str, int]:
    repo.init()
    repo.settings.public_url = PUBLIC_URL + "/"
    found = {
        name: file_act(repo, n, title, kind, issuer, rubric, WayIn.CLI)
        for name, (title, kind, issuer, rubric, n) in ACTS.items()
    }
    found["waiting"] = file_act(
        repo, 4, WAITING, "ПОСТАНОВЛЕНИЕ", None, "budget_taxes", WayIn.SOURCE
    )
    create_user(repo.engine, "librarian", PASSWORD, "librarian")
    return found


@pytest.fixture
def client(repo: Repository, ids: dict[str, int]) -> Iterator[Client]:
    with TestClient(indexing(create_app(repo))) as test_client:
        yield test_client


def fetch(client: Client, **params: str) -> etree._Element:
    response = client.get("/new.atom", params=params)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("application/atom+xml")
    return assert_atom(response.content)


def links(root: etree._Element) -> list[str]:
    return [e.findtext(f"{ATOM}id") or "" for e in root.findall(f"{ATOM}entry")]


def address(document_id: int) -> str:
    return f"{PUBLIC_URL}/documents/{document_id}"


def test_the_feed_lists_the_acts_filed_last_with_their_real_dates(
    client: Client, ids: dict[str, int]
) -> None:
    root = fetch(client)

    assert links(root) == [address(ids["budget"]), address(ids["water"]), address(ids["land"])]
    first = root.findall(f"{ATOM}entry")[0]
    assert first.findtext(f"{ATOM}published") == "2024-05-03T07:30:00+00:00"
    # Filed on the 3rd, indexed and published since: its last change is later, and real.
    updated = datetime.fromisoformat(first.findtext(f"{ATOM}updated") or "")
    assert updated >= filed_on(3) and updated.year >= 2024
    assert root.findtext(f"{ATOM}updated") == max(
        e.findtext(f"{ATOM}updated") or "" for e in root.findall(f"{ATOM}entry")
    )
    assert "2000-01-01" not in etree.tostring(root).decode()
    assert (
        first.findtext(f"{ATOM}author/{ATOM}name")
        == "Совет депутатов Заречного сельского поселения"
    )
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["Бюджет и налоги"]
    assert root.findtext(f"{ATOM}title") == "Новые правовые акты"


def test_each_filter_narrows_the_feed_as_it_narrows_the_search(
    client: Client, ids: dict[str, int]
) -> None:
    assert links(fetch(client, rubric="tariffs")) == [address(ids["water"])]
    assert links(fetch(client, rubric="budget_taxes")) == [
        address(ids["budget"]),
        address(ids["land"]),
    ]
    assert links(fetch(client, q="холодная вода")) == [address(ids["water"])]
    assert links(fetch(client, type="reshenie")) == [address(ids["budget"])]
    assert links(fetch(client, issuer="Совет депутатов Заречного сельского поселения")) == [
        address(ids["budget"])
    ]
    assert links(fetch(client, q="налог", rubric="budget_taxes", type="postanovlenie")) == [
        address(ids["land"])
    ]
    regional = fetch(client, level="regional")
    assert links(regional) == []
    # Nothing found: dated by the last public filing (the act awaiting review is later).
    assert regional.findtext(f"{ATOM}updated") == "2024-05-03T07:30:00+00:00"


def test_a_filtered_feed_names_itself_and_its_search(client: Client) -> None:
    root = fetch(client, q="вода", rubric="tariffs", sort="date_asc", page="3")

    own = f"{PUBLIC_URL}/new.atom?q=%D0%B2%D0%BE%D0%B4%D0%B0&rubric=tariffs"
    assert root.findtext(f"{ATOM}id") == own
    found = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert found == {"self": own, "alternate": own.replace("/new.atom?", "/search?")}
    assert root.findtext(f"{ATOM}subtitle") == (
        "Поиск: «вода»; рубрика: Тарифы на коммунальные услуги"
    )


def test_ids_and_dates_do_not_change_between_fetches(client: Client) -> None:
    first = client.get("/new.atom", params={"rubric": "budget_taxes"}).content
    second = client.get("/new.atom", params={"rubric": "budget_taxes"}).content

    assert first == second
    assert len(links(assert_atom(first))) == 2


def test_links_come_from_the_configured_address_whatever_the_host(client: Client) -> None:
    response = client.get("/new.atom", params={"q": "налог"}, headers={"Host": "evil.example"})

    root = assert_atom(response.content)
    assert b"evil.example" not in response.content and b"testserver" not in response.content
    hrefs = [link.get("href") or "" for link in root.iter(f"{ATOM}link")]
    ids = [element.text or "" for element in root.iter(f"{ATOM}id")]
    assert len(hrefs) == 2 + 3 and len(ids) == 1 + 3
    assert all(value.startswith(PUBLIC_URL + "/") for value in hrefs + ids)


def test_an_act_awaiting_review_is_in_no_feed_not_even_for_staff(
    client: Client, ids: dict[str, int]
) -> None:
    asks: list[dict[str, str]] = [
        {},
        {"q": "отходов"},
        {"rubric": "budget_taxes"},
        {"type": "postanovlenie"},
    ]
    assert log_in(client, "librarian") == 302
    staff_sees = client.get("/search", params={"q": "отходов"}).text
    assert "коммунальных" in staff_sees and "ждёт проверки" in staff_sees  # staff see it

    for params in asks:
        response = client.get("/new.atom", params=params)
        assert WAITING not in response.text, params
        assert address(ids["waiting"]) not in response.text, params
    assert links(fetch(client, q="отходов")) == []


NONSENSE = [
    {"q": "\x00\x01\x1b<&>"},
    {"q": '"((( AND OR NOT *:* title:'},
    {"q": "а" * 5000},
    {"rubric": "../../etc/passwd"},
    {"type": "<script>"},
    {"level": "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")},
    {"issuer": "%00%ff"},
    {"year": "-1", "page": "99999999999999999999", "sort": "drop table"},
    {"status": "x" * 300, "material": "clipping\x00", "in_force": "yes", "typed": "2"},
]


def test_nonsense_parameters_never_break_the_feed(client: Client) -> None:
    for params in NONSENSE:
        response = client.get("/new.atom", params=params)
        assert response.status_code in (200, 400), (params, response.status_code)
        if response.status_code == 200:
            assert_atom(response.content)
    raw = client.get("/new.atom?q=%ff%fe&rubric=%00&type[]=1&issuer=%E0%A4%A")
    assert raw.status_code in (200, 400)
