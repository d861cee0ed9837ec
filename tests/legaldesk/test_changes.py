"""The change log: what each way of changing an act writes, in its own transaction; how
consumers follow it; lag; pruning that never takes what a consumer still needs."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from legaldesk import changes
from legaldesk.db import alembic_config, migrate, session_scope
from legaldesk.editing import Changes, EditError, merge_documents, save_metadata
from legaldesk.models import Change, ConsumerPosition, Document
from legaldesk.models.base import utcnow
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes


def logged(engine: Engine) -> list[tuple[int, str]]:
    with Session(engine) as session:
        rows = session.exec(select(Change).order_by(col(Change.id))).all()
    return [(c.document_id, c.kind) for c in rows]


def file_act(repo: Repository, number: str = "245-п", body: str | None = None) -> int:
    data = act_text(number=number, **({"body": body} if body else {}))
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(data), f"{number}-{body}.docx"))
    assert outcome.document_id is not None, outcome.reason
    return outcome.document_id


def edit(**fields: object) -> Changes:
    values: dict[str, object] = {
        "doc_type": "postanovlenie",
        "number": "245-п",
        "date_adopted": date(2024, 3, 12),
        "title": "О земельном налоге",
        "issuer": "Администрация Заречного сельского поселения",
        "level": "municipal",
        "status": "unknown",
        "rubrics": (),
    }
    values.update(fields)
    return Changes(**values)  # type: ignore[arg-type]


# -- writers -----------------------------------------------------------------------------


def test_a_status_set_by_hand_needs_a_reason_and_is_logged_as_a_status_change(
    repo: Repository,
) -> None:
    act = file_act(repo)
    save_metadata(repo.engine, act, edit(), actor="web:anna")
    with pytest.raises(EditError):
        save_metadata(repo.engine, act, edit(status="repealed"), actor="web:anna")

    changed = save_metadata(
        repo.engine, act, edit(status="repealed", status_reason="отменён судом"), actor="web:anna"
    )

    assert changed == ["status"]
    with Session(repo.engine) as session:
        last = session.exec(select(Change).order_by(col(Change.id).desc())).first()
        document = session.get(Document, act)
    assert last is not None and document is not None
    assert (last.kind, last.detail["to"]) == ("status_changed", "repealed")
    assert (document.status, document.status_override) == ("repealed", "repealed")


def test_a_new_version_is_logged_with_its_version(repo: Repository) -> None:
    first = file_act(repo)
    revised = repo.ingestor("test").ingest(
        RawFile(docx_bytes(act_text(body="Иная редакция текста.")), "245-2.docx")
    )

    assert revised.status == "new_version"
    with Session(repo.engine) as session:
        last = session.exec(select(Change).order_by(col(Change.id).desc())).first()
    assert last is not None
    assert (last.document_id, last.kind, last.version_id) == (
        first,
        "new_version",
        revised.version_id,
    )


def test_a_save_logs_fields_and_headings_separately(repo: Repository) -> None:
    act = file_act(repo)
    with Session(repo.engine) as session:
        current = session.exec(select(Change).where(Change.document_id == act)).one()
    assert current.kind == "filed"
    save_metadata(repo.engine, act, edit(), actor="web:anna")  # settles the fields

    changed = save_metadata(
        repo.engine,
        act,
        edit(title="О земельном налоге в поселении", rubrics=("tariffs",)),
        actor="web:anna",
    )

    assert changed == ["title", "rubrics"]
    with Session(repo.engine) as session:
        rows = session.exec(select(Change).order_by(col(Change.id).desc()).limit(2)).all()
    metadata, rubrics = sorted(rows, key=lambda c: c.kind)
    assert (metadata.kind, metadata.detail, metadata.actor) == (
        "metadata_changed",
        {"fields": ["title"]},
        "web:anna",
    )
    assert (rubrics.kind, rubrics.detail) == (
        "rubrics_changed",
        {"added": ["tariffs"], "removed": []},
    )


def test_confirming_an_act_unchanged_logs_that_it_was_reviewed(repo: Repository) -> None:
    act = file_act(repo)
    save_metadata(repo.engine, act, edit(), actor="test")

    assert save_metadata(repo.engine, act, edit(), actor="test") == []

    assert logged(repo.engine)[-1] == (act, "reviewed")


def test_a_refused_save_logs_nothing(repo: Repository) -> None:
    act = file_act(repo)
    before = logged(repo.engine)

    with pytest.raises(EditError):
        save_metadata(repo.engine, act, edit(rubrics=("no-such-heading",)), actor="test")

    assert logged(repo.engine) == before


def test_a_merge_logs_the_act_kept_and_the_act_removed(repo: Repository) -> None:
    keep = file_act(repo, "245-п")
    gone = file_act(repo, "246-п")

    merge_documents(repo.engine, gone, keep, actor="test")

    with Session(repo.engine) as session:
        last = session.exec(select(Change).order_by(col(Change.id).desc()).limit(2)).all()
    assert {(c.document_id, c.kind, tuple(sorted(c.detail))) for c in last} == {
        (keep, "merged", ("from", "versions")),
        (gone, "removed", ("into",)),
    }


def test_an_unknown_kind_is_refused_where_it_is_written(repo: Repository) -> None:
    with session_scope(repo.engine) as session, pytest.raises(ValueError, match="KINDS"):
        changes.record(session, 1, "renamed", "test")


def test_a_rolled_back_change_leaves_no_entry(repo: Repository) -> None:
    with pytest.raises(RuntimeError), session_scope(repo.engine) as session:
        changes.record(session, 1, changes.FILED, "test")
        raise RuntimeError("the rest of the change failed")

    assert logged(repo.engine) == []


# -- following ---------------------------------------------------------------------------


class Flaky:
    """A consumer that fails on its first call, as a consumer whose process dies would."""

    name = "flaky"

    def __init__(self) -> None:
        self.calls = 0
        self.applied: list[int] = []

    def apply(self, batch: Sequence[Change]) -> None:
        self.calls += 1
        if self.calls == 1:
            raise OSError("down")
        self.applied += [c.id or 0 for c in batch]


def test_a_failed_apply_is_retried_from_the_same_position(repo: Repository) -> None:
    file_act(repo, "1-п")
    file_act(repo, "2-п")
    consumer = Flaky()

    with pytest.raises(OSError):
        changes.follow(repo.engine, consumer)
    assert changes.position(repo.engine, "flaky") == 0

    assert changes.follow(repo.engine, consumer) == 2
    assert consumer.applied == [1, 2]


def test_the_position_never_moves_back(engine: Engine) -> None:
    changes.register(engine, "c")
    changes.advance(engine, "c", 7)
    changes.advance(engine, "c", 3)

    assert changes.position(engine, "c") == 7


def test_ids_keep_growing_after_pruning_emptied_the_log(repo: Repository) -> None:
    """Were an id handed out again (SQLite without AUTOINCREMENT reuses max+1), a change
    would land behind a consumer's position and never be applied."""
    file_act(repo, "1-п")
    repo.update_index()
    assert changes.prune(repo.engine, keep_days=0, now=utcnow() + timedelta(seconds=1)) == 1
    assert logged(repo.engine) == []

    file_act(repo, "2-п")

    assert changes.head(repo.engine) == 2
    assert repo.update_index() == 1


@pytest.mark.postgres
def test_on_postgresql_changes_commit_in_the_order_of_their_ids(engine: Engine) -> None:
    """A second writer waits for the first to commit, so a follower can never see id 2
    while id 1 is still to come."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time by itself")
    first = Session(engine)
    changes.record(first, 1, changes.FILED, "first")  # holds the order lock, uncommitted
    done = threading.Event()

    def second() -> None:
        with session_scope(engine) as session:
            changes.record(session, 2, changes.FILED, "second")
        done.set()

    thread = threading.Thread(target=second)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not _waiting_for_a_lock(engine):  # the second writer is queued behind
            assert time.monotonic() < deadline, "the second writer never waited"
            time.sleep(0.02)
        assert not done.is_set()
        assert changes.read(engine, 0, 10) == []
    finally:
        first.commit()
        first.close()
        thread.join(timeout=30)

    assert [(c.id, c.actor) for c in changes.read(engine, 0, 10)] == [(1, "first"), (2, "second")]


def _waiting_for_a_lock(engine: Engine) -> bool:
    with engine.connect() as conn:
        waiting = conn.execute(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        ).scalar()
    return bool(waiting)


# -- lag and pruning ---------------------------------------------------------------------


def test_lag_counts_what_each_consumer_has_not_applied(repo: Repository) -> None:
    repo.init()
    file_act(repo, "1-п")
    file_act(repo, "2-п")
    changes.register(repo.engine, "subscriptions")
    changes.advance(repo.engine, "subscriptions", 1)
    later = utcnow() + timedelta(minutes=5)

    lags = {x.consumer: x for x in changes.lag(repo.engine, now=later)}

    assert set(lags) == {"index", "desk", "relations", "subscriptions"}  # init registers them
    assert (lags["index"].position, lags["index"].behind, lags["index"].head) == (0, 2, 2)
    assert (lags["subscriptions"].position, lags["subscriptions"].behind) == (1, 1)
    age = lags["index"].age
    assert age is not None and timedelta(minutes=4) < age < timedelta(minutes=6)
    repo.update_index()
    caught_up = {x.consumer: x for x in changes.lag(repo.engine)}["index"]
    assert (caught_up.behind, caught_up.age, caught_up.oldest_pending_at) == (0, None, None)


def test_pruning_keeps_what_any_consumer_still_needs_and_what_is_recent(
    repo: Repository,
) -> None:
    repo.init()
    for n in range(1, 5):
        file_act(repo, f"{n}-п")
    repo.update_index()  # the index has applied all four
    changes.register(repo.engine, "slow")
    changes.advance(repo.engine, "slow", 2)  # another consumer has applied two
    tomorrow = utcnow() + timedelta(days=1)

    assert changes.prune(repo.engine, keep_days=2, now=tomorrow) == 0  # all too recent
    assert changes.prune(repo.engine, keep_days=0.5, now=tomorrow) == 2

    assert [c.id for c in changes.read(repo.engine, 0, 10)] == [3, 4]
    slow = Recording("slow")
    assert changes.follow(repo.engine, slow) == 2
    assert slow.ids == [3, 4]  # everything it had not applied was still there


class Recording:
    def __init__(self, name: str) -> None:
        self.name = name
        self.ids: list[int] = []

    def apply(self, batch: Sequence[Change]) -> None:
        self.ids += [c.id or 0 for c in batch]


def test_without_consumers_nothing_is_pruned(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.exec(delete(ConsumerPosition))
        changes.record(session, 1, changes.FILED, "test")

    assert changes.prune(engine, keep_days=0, now=utcnow() + timedelta(days=1)) == 0
    assert len(changes.read(engine, 0, 10)) == 1


# -- upgrading ---------------------------------------------------------------------------


def test_the_upgrade_turns_pending_outbox_rows_into_changes_and_back(engine: Engine) -> None:
    """Acts waiting for the index when 0005 is applied are still waiting after it; a
    downgrade gives back the ones the index has not applied."""
    config = alembic_config(engine)
    command.downgrade(config, "0004")
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO index_outbox (document_id, created_at) "
                    "VALUES (5, :at), (3, :at), (5, :at)"
                ),
                {"at": utcnow().replace(tzinfo=None)},
            )
        migrate(engine)

        assert logged(engine) == [(5, "changed"), (3, "changed"), (5, "changed")]
        assert changes.position(engine, changes.INDEX) == 0
        changes.advance(engine, changes.INDEX, 2)

        command.downgrade(config, "0004")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT document_id FROM index_outbox ORDER BY id")).all()
        assert [r[0] for r in rows] == [5]
    finally:
        migrate(engine)
