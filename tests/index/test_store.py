"""Writing, rebuilding and reopening the on-disk index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from legaldesk.index import IndexDoc, SearchIndex, SearchQuery
from legaldesk.index.store import VERSION_FILE
from legaldesk.index.writing import remove_uncommitted_segments
from tests.index.conftest import make_doc


def test_upsert_replaces_instead_of_duplicating(index: SearchIndex) -> None:
    index.write([make_doc(1, "О налоге")])
    index.write([make_doc(1, "О бюджете")])

    assert index.count() == 1
    assert index.search(SearchQuery(text="налог")).total == 0
    assert index.search(SearchQuery(text="бюджет")).total == 1


def test_delete_removes(index: SearchIndex) -> None:
    index.write([make_doc(1, "О налоге"), make_doc(2, "О налоге")])
    index.write(deletes=[1])

    assert [h.id for h in index.search(SearchQuery(text="налог")).hits] == [2]


def test_a_second_handle_sees_commits_at_its_next_search(tmp_path: Path) -> None:
    """A web worker's handle finds what the indexing loop committed, with no reload call and
    no wait: the search looks at meta.json first."""
    reader = SearchIndex.open(tmp_path / "ix")
    writer = SearchIndex.open(tmp_path / "ix")
    assert reader.search(SearchQuery(text="налог")).total == 0

    writer.write([make_doc(1, "О налоге")])

    assert reader.search(SearchQuery(text="налог")).total == 1


def test_handles_follow_a_rebuild_made_by_another(tmp_path: Path) -> None:
    """A rebuild swaps in a new directory: a reader searches the new one, and a writer that
    opened the old one writes into the new one, not into a directory that is gone."""
    reader = SearchIndex.open(tmp_path / "ix")
    writer = SearchIndex.open(tmp_path / "ix")
    writer.write([make_doc(1, "О налоге")])
    assert reader.search(SearchQuery(text="налог")).total == 1

    SearchIndex.open(tmp_path / "ix").rebuild([make_doc(2, "О бюджете")])
    assert reader.search(SearchQuery(text="налог")).total == 0
    writer.write([make_doc(3, "О бюджете района")])

    assert {h.id for h in reader.search(SearchQuery(text="бюджет")).hits} == {2, 3}
    assert SearchIndex.open(tmp_path / "ix").count() == 2


def test_rebuild_swaps_in_a_new_index(tmp_path: Path) -> None:
    index = SearchIndex.open(tmp_path / "ix")
    index.write([make_doc(1, "О налоге")])

    assert index.rebuild([make_doc(2, "О бюджете"), make_doc(3, "О дорогах")]) == 2

    assert index.count() == 2
    assert SearchIndex.open(tmp_path / "ix").count() == 2


def test_failed_rebuild_keeps_the_old_index(tmp_path: Path) -> None:
    index = SearchIndex.open(tmp_path / "ix")
    index.write([make_doc(1, "О налоге")])

    def failing() -> Iterator[IndexDoc]:
        yield make_doc(2, "О бюджете")
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        index.rebuild(failing())

    assert index.search(SearchQuery(text="налог")).total == 1
    assert not (tmp_path / "ix.rebuild").exists()


def test_schema_version_mismatch_asks_for_a_rebuild(tmp_path: Path) -> None:
    SearchIndex.open(tmp_path / "ix").write([make_doc(1, "О налоге")])
    (tmp_path / "ix" / VERSION_FILE).write_text("0")

    reopened = SearchIndex.open(tmp_path / "ix")

    assert reopened.needs_rebuild
    assert reopened.count() == 0


def test_new_index_needs_no_rebuild(tmp_path: Path) -> None:
    assert not SearchIndex.open(tmp_path / "ix").needs_rebuild


def test_writer_is_released_after_a_failed_write(tmp_path: Path) -> None:
    index = SearchIndex.open(tmp_path / "ix")

    def broken() -> Iterator[IndexDoc]:
        yield make_doc(1, "О налоге")
        raise ValueError("bad row")

    with pytest.raises(ValueError):
        index.write(broken())
    index.write([make_doc(2, "О бюджете")])

    assert [h.id for h in index.search(SearchQuery(text="", limit=10)).hits] == [2]


def test_the_files_of_a_segment_no_commit_lists_are_removed_and_the_index_still_reads(
    tmp_path: Path,
) -> None:
    index = SearchIndex.open(tmp_path / "index")
    index.write(upserts=[make_doc(1, title="О бюджете поселения")])
    committed = sorted(p.name for p in (tmp_path / "index").iterdir())
    # What a commit that failed half-way leaves: a segment's files, no line in meta.json.
    orphan = "0123456789abcdef0123456789abcdef"
    for ext in ("idx", "fast", "store", "7.del"):
        (tmp_path / "index" / f"{orphan}.{ext}").write_bytes(b"x" * 100)

    removed = remove_uncommitted_segments(tmp_path / "index")

    assert sorted(removed) == sorted(f"{orphan}.{e}" for e in ("idx", "fast", "store", "7.del"))
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == committed
    again = SearchIndex.open(tmp_path / "index")
    assert [h.id for h in again.search(SearchQuery(text="бюджет")).hits] == [1]
