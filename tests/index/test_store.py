"""Writing, rebuilding and reopening the on-disk index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from legaldesk.index import IndexDoc, SearchIndex, SearchQuery
from legaldesk.index.store import VERSION_FILE
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


def test_a_second_handle_sees_commits(tmp_path: Path) -> None:
    writer = SearchIndex.open(tmp_path / "ix")
    reader = SearchIndex.open(tmp_path / "ix")
    writer.write([make_doc(1, "О налоге")])

    reader.reload()

    assert reader.search(SearchQuery(text="налог")).total == 1


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
