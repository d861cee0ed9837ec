"""A repository backed up and restored into a fresh one is the same repository: every row
of every table, every stored file, the settings of the data directory, and what search
finds — on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import SQLModel

from legaldesk.backup import RepositoryNotEmpty, restore, take_backup
from legaldesk.config import Settings
from legaldesk.index import SearchQuery
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from tests.legaldesk.backup.conftest import (
    CONFIG,
    blobs,
    databases_like,
    fill,
    listing,
    rows,
    sequences,
)

QUERIES = ("земельный налог", "устав", "бюджет поселения", "245-п", "")


def found(repo: Repository) -> dict[str, set[int]]:
    """The acts each query finds. As sets: acts that score alike come in the order of the
    index's segments, which its writer's threads fill in no fixed order."""
    return {
        q: {h.id for h in search_documents(repo.engine, repo.index, SearchQuery(text=q)).hits}
        for q in QUERIES
    }


def test_a_restored_repository_is_the_one_backed_up(
    repo: Repository, target: Settings, tmp_path: Path
) -> None:
    fill(repo)
    snapshot = tmp_path / "backup.tar.gz"

    taken = take_backup(repo.settings, snapshot)
    restored = restore(target, snapshot)

    assert taken.missing == () and taken.corrupt == () and restored.missing == ()
    assert taken.manifest.acts == restored.indexed == 3
    assert taken.manifest.settings == ["secret.key", "legaldesk.toml"]
    assert restored.upgraded_from is None and restored.config_aside is None
    again = Repository(target)
    try:
        before, after = rows(repo.engine), rows(again.engine)
        # The index was rebuilt by the restore: its consumer is where it was (at the end
        # of the log), the time it moved is the restore's.
        assert [r[:2] for r in before.pop("change_consumer")] == [
            r[:2] for r in after.pop("change_consumer")
        ]
        assert before == after
        assert {"document", "version", "staff_user", "dossier_delivery", "mail_outbox"} <= {
            name for name, values in before.items() if values
        }
        assert set(after) == set(SQLModel.metadata.tables) - {"change_consumer"} | {
            "alembic_version"
        }
        assert sequences(repo.engine) == sequences(again.engine)
        assert blobs(repo.settings) == blobs(target) and len(blobs(target)) == 5
        for name in ("secret.key", "legaldesk.toml"):
            assert (target.data_dir / name).read_bytes() == (
                repo.settings.data_dir / name
            ).read_bytes()
        assert (target.data_dir / "legaldesk.toml").read_text("utf-8") == CONFIG
        assert found(again) == found(repo)
        assert all(found(again)[q] for q in QUERIES)
        assert again.qa_index.count() == repo.qa_index.count()
    finally:
        again.close()
    with pytest.raises(RepositoryNotEmpty):  # not again over it, unless told to
        restore(target, snapshot)
    # Nothing of the restore's own is left: no copies, no databases beside the restored one.
    assert not [n for n in listing(target.data_dir) if ".restore-" in n or ".replaced-" in n]
    assert databases_like(target) in ([], [target.resolved_database_url.rsplit("/", 1)[1]])
