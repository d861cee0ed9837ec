"""Acts as feed entries, on both databases: real dates from the repository and the change
log, Russian wording, stable ids, and only the acts in the states asked for."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update
from sqlmodel import Session

from legaldesk.editing import add_rubrics
from legaldesk.feeds.acts import act_entries, last_filed
from legaldesk.feeds.atom import Entry, Feed, newest, render
from legaldesk.models import Change, Document
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.publication import WayIn, publish, withdraw
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes
from tests.legaldesk.feeds.schema import ATOM, assert_atom

BASE = "https://pravo.zarechnoe.ru"
FILED = datetime(2024, 5, 6, 7, 30, tzinfo=UTC)
EDITED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def file_act(repo: Repository, n: int, title: str, way: WayIn = WayIn.CLI) -> int:
    data = docx_bytes(act_text(number=f"{n}-п", adopted=date(2024, 3, n), title=title))
    raw = RawFile(data, f"act-{n}.docx", Hints(level="municipal", rubrics=("budget_taxes",)))
    outcome = repo.ingestor("test", way).ingest(raw)
    assert outcome.document_id is not None, outcome.reason
    return outcome.document_id


def one(entries: list[Entry]) -> Entry:
    assert len(entries) == 1
    return entries[0]


def set_times(repo: Repository, document_id: int, filed: datetime, log: datetime) -> None:
    """The act as if filed at ``filed`` and last changed in the log at ``log``."""
    with Session(repo.engine) as session:
        session.execute(
            update(Document)
            .where(Document.id == document_id)  # type: ignore[arg-type]
            .values(created_at=filed, updated_at=filed)
        )
        session.execute(
            update(Change).where(Change.document_id == document_id).values(at=log)  # type: ignore[arg-type]
        )
        session.commit()


def test_an_entry_says_the_act_in_russian_with_its_issuer_and_headings(repo: Repository) -> None:
    doc = file_act(repo, 12, "О земельном налоге")

    entry = one(act_entries(repo.engine, [doc], BASE + "/"))

    assert entry.id == entry.link == f"{BASE}/documents/{doc}"
    assert entry.title == "Постановление от 12.03.2024 № 12-п «О земельном налоге»"
    assert entry.summary == (
        "Постановление от 12.03.2024 № 12-п. Принявший орган: "
        "Администрация Заречного сельского поселения. Дата принятия: 12 марта 2024 г."
    )
    assert entry.authors == ("Администрация Заречного сельского поселения",)
    assert entry.categories == ("Бюджет и налоги",)


def test_published_is_the_filing_and_updated_the_last_change_in_the_log(
    repo: Repository,
) -> None:
    doc = file_act(repo, 1, "О земельном налоге")
    set_times(repo, doc, FILED, EDITED)

    entry = one(act_entries(repo.engine, [doc], BASE))

    assert entry.published == FILED
    assert entry.updated == EDITED
    assert entry.published.year != 2000


def test_a_later_update_of_the_act_counts_when_the_log_was_pruned(repo: Repository) -> None:
    doc = file_act(repo, 1, "О земельном налоге")
    set_times(repo, doc, FILED, FILED)
    with Session(repo.engine) as session:
        session.execute(
            update(Document).where(Document.id == doc).values(updated_at=EDITED)  # type: ignore[arg-type]
        )
        session.commit()

    assert one(act_entries(repo.engine, [doc], BASE)).updated == EDITED


def test_a_change_to_the_act_moves_updated_and_shows_in_its_entry(repo: Repository) -> None:
    doc = file_act(repo, 1, "О земельном налоге")
    before = one(act_entries(repo.engine, [doc], BASE))
    assert before.published is not None and before.updated >= before.published

    add_rubrics(repo.engine, [doc], ("tariffs",), "librarian")
    after = one(act_entries(repo.engine, [doc], BASE))

    assert after.published == before.published
    assert after.updated > before.updated
    assert set(after.categories) == {"Бюджет и налоги", "Тарифы на коммунальные услуги"}
    assert after.id == before.id


def test_entries_keep_the_order_asked_and_leave_out_what_is_gone(repo: Repository) -> None:
    first = file_act(repo, 1, "О земельном налоге")
    second = file_act(repo, 2, "О тарифах на холодную воду")

    entries = act_entries(repo.engine, [second, 9999, first, second], BASE)

    assert [e.id for e in entries] == [f"{BASE}/documents/{second}", f"{BASE}/documents/{first}"]
    assert act_entries(repo.engine, [], BASE) == []


def test_only_acts_in_the_states_asked_for(repo: Repository) -> None:
    public = file_act(repo, 1, "О земельном налоге")
    waiting = file_act(repo, 2, "О тарифах на холодную воду", WayIn.SOURCE)
    gone = file_act(repo, 3, "О бюджете поселения")
    withdraw(repo.engine, [gone], "отменён", "librarian")

    ids = [public, waiting, gone]
    assert [e.link for e in act_entries(repo.engine, ids, BASE)] == [f"{BASE}/documents/{public}"]
    assert len(act_entries(repo.engine, ids, BASE, publication=None)) == 3
    publish(repo.engine, [waiting], "librarian")
    assert len(act_entries(repo.engine, ids, BASE)) == 2


def test_the_newest_filing_of_a_public_act_dates_an_empty_feed(repo: Repository) -> None:
    assert last_filed(repo.engine) is None
    doc = file_act(repo, 1, "О земельном налоге")
    hidden = file_act(repo, 2, "О тарифах на холодную воду", WayIn.SOURCE)
    set_times(repo, doc, FILED, FILED)
    set_times(repo, hidden, EDITED, EDITED)

    assert last_filed(repo.engine) == FILED  # the act awaiting review is not told


def test_entries_make_a_valid_feed(repo: Repository) -> None:
    ids = [file_act(repo, n, f"О порядке № {n} <и> & прочем") for n in (1, 2)]
    entries = act_entries(repo.engine, ids, BASE)

    document = render(
        Feed(
            id=f"{BASE}/new.atom",
            title="Новые правовые акты",
            self_link=f"{BASE}/new.atom",
            alternate_link=f"{BASE}/new",
            updated=newest(entries, FILED),
            entries=entries,
        )
    )

    root = assert_atom(document)
    assert len(root.findall(f"{ATOM}entry")) == 2
