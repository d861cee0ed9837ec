"""The index follows the database as a consumer of the change log; failures lose nothing,
and only one process applies the log at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from legaldesk import changes
from legaldesk.config import Settings
from legaldesk.editing import merge_documents
from legaldesk.index import SearchQuery
from legaldesk.indexing import follower_lock, load_index_docs, reindex
from legaldesk.models import Change
from legaldesk.models.base import utcnow
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.repository import Repository
from tests.factories import act_text


def file_acts(repo: Repository, n: int, first: int = 100) -> list[int]:
    ids = []
    for i in range(n):
        outcome = repo.ingestor().ingest(
            RawFile(act_text(number=f"{first + i}-п").encode(), f"{first + i}.txt")
        )
        assert outcome.document_id is not None
        ids.append(outcome.document_id)
    return ids


def found(repo: Repository, text: str) -> set[int]:
    return {h.id for h in repo.index.search(SearchQuery(text=text, limit=100)).hits}


def index_position(repo: Repository) -> int:
    return changes.position(repo.engine, changes.INDEX) or 0


def test_following_makes_filed_acts_searchable_and_moves_the_position(repo: Repository) -> None:
    ids = file_acts(repo, 3)

    assert repo.update_index() == 3

    assert found(repo, "земельный налог") == set(ids)
    assert index_position(repo) == changes.head(repo.engine) == 3
    assert repo.update_index() == 0  # nothing new: nothing applied again


def test_a_failure_before_the_index_commit_loses_nothing(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = file_acts(repo, 2)

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as m:
        m.setattr(repo.index, "write", crash)
        with pytest.raises(OSError):
            repo.update_index()
    assert index_position(repo) == 0

    assert repo.update_index() == 2
    assert found(repo, "земельный налог") == set(ids)


def test_changes_applied_but_not_yet_recorded_are_applied_again_once(repo: Repository) -> None:
    """The index committed, the position did not move (the process died in between): the
    next follow writes the same acts again, and upserts keep one entry each."""
    ids = file_acts(repo, 2)
    with Session(repo.engine) as session:
        repo.index.write(upserts=load_index_docs(session, ids))
    assert index_position(repo) == 0

    repo.update_index()

    assert repo.index.count() == 2
    assert found(repo, "земельный налог") == set(ids)


def test_an_act_merged_away_leaves_the_index(repo: Repository) -> None:
    keep, gone = file_acts(repo, 2)
    repo.update_index()

    merge_documents(repo.engine, gone, keep, actor="test")
    repo.update_index()

    assert found(repo, "земельный налог") == {keep}
    assert repo.index.count() == 1


def test_reindex_rebuilds_from_the_database_and_covers_the_log(repo: Repository) -> None:
    ids = file_acts(repo, 4)
    repo.index.rebuild([])
    assert repo.index.count() == 0

    assert reindex(repo.engine, repo.index) == 4

    assert found(repo, "земельный налог") == set(ids)
    assert index_position(repo) == changes.head(repo.engine)
    later = file_acts(repo, 1, first=900)
    assert repo.update_index() == 1  # only what came after the rebuild
    assert found(repo, "земельный налог") == {*ids, *later}


def test_reindex_never_moves_the_position_back(repo: Repository) -> None:
    """A rebuild that began before the loop's last batch must not make the loop redo it
    (nor make pruned changes look unapplied)."""
    file_acts(repo, 2)
    repo.update_index()
    changes.advance(repo.engine, changes.INDEX, 10**6)  # as if far ahead

    reindex(repo.engine, repo.index)

    assert index_position(repo) == 10**6


def test_rubric_ancestors_are_indexed(repo: Repository) -> None:
    outcome = repo.ingestor().ingest(
        RawFile(act_text().encode(), "a.txt", Hints(rubrics=("tariffs",)))
    )
    repo.update_index()

    hits = repo.index.search(SearchQuery(rubrics=("housing_utilities",), limit=10)).hits

    assert [h.id for h in hits] == [outcome.document_id]


def test_a_command_leaves_the_log_to_a_running_loop(repo: Repository) -> None:
    """While another process holds the follower lock (the indexing loop), a command's
    catch-up writes nothing; once it is free, the command applies the log itself."""
    ids = file_acts(repo, 2)
    loop = follower_lock(repo.settings.resolved_index_dir)  # another handle: another holder
    with loop:
        assert repo.update_index() is None
        assert index_position(repo) == 0
        assert found(repo, "земельный налог") == set()

    assert repo.update_index() == 2
    assert found(repo, "земельный налог") == set(ids)


class Recorder:
    """A second consumer: what it was given, in order."""

    name = "recorder"

    def __init__(self) -> None:
        self.seen: list[tuple[int, str]] = []

    def apply(self, batch: Sequence[Change]) -> None:
        self.seen += [(c.document_id, c.kind) for c in batch]


def test_consumers_keep_their_own_positions(repo: Repository) -> None:
    ids = file_acts(repo, 3)
    repo.update_index()
    recorder = Recorder()

    assert changes.follow(repo.engine, recorder, batch=2) == 3

    assert recorder.seen == [(i, "filed") for i in ids]
    assert changes.position(repo.engine, "recorder") == changes.head(repo.engine)
    assert index_position(repo) == changes.head(repo.engine)


def test_a_new_index_joining_after_pruning_is_built_from_the_database(
    repo: Repository, tmp_path: Path
) -> None:
    """A second machine's index, under its own consumer name, starts after the log lost
    its oldest changes: it is rebuilt, not followed from a log with holes."""
    ids = file_acts(repo, 3)
    repo.update_index()
    changes.prune(repo.engine, keep_days=0, now=utcnow() + timedelta(seconds=1))
    later = file_acts(repo, 1, first=900)
    other = Repository(
        Settings(
            data_dir=repo.settings.data_dir,
            database_url=repo.settings.resolved_database_url,
            index_dir=tmp_path / "node2-index",
            index_consumer="index@node2",
            ocr=False,
        )
    )

    other.update_index()

    assert found(other, "земельный налог") == {*ids, *later}
    assert changes.position(repo.engine, "index@node2") == changes.head(repo.engine)
    other.close()
