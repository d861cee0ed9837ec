"""A backup made by an older LegalDesk is restored by a newer one: the migrations run up
from the backup's revision. One made by a newer LegalDesk is refused, changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from legaldesk.backup import BackupError, restore, take_backup
from legaldesk.config import Settings
from legaldesk.db import alembic_config
from legaldesk.index import SearchQuery
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from legaldesk.web import i18n
from tests.legaldesk.backup.conftest import blobs, databases_like, file_act

OLDER = "0017"  # before the issuers' genitive (0018) and subscriptions (0019)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_backup_of_an_older_schema_is_upgraded_on_restore(
    repo: Repository, target: Settings, tmp_path: Path
) -> None:
    repo.init()
    file_act(repo, "245-п", "О земельном налоге", "Установить ставки земельного налога.")
    charter = file_act(repo, "17-р", "О внесении изменений в Устав поселения", "Изменить устав.")
    repo.update_index()
    command.downgrade(alembic_config(repo.engine), OLDER)  # the repository of a year ago
    with repo.engine.connect() as conn:
        assert not inspect(conn).has_table("subscriber")

    taken = take_backup(repo.settings, tmp_path / "old-backup")
    restored = restore(target, tmp_path / "old-backup")

    assert taken.manifest.revision == restored.upgraded_from == OLDER
    again = Repository(target)
    try:
        head = ScriptDirectory.from_config(alembic_config(again.engine)).get_current_head()
        with again.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
            assert inspect(conn).has_table("subscriber")
            assert "genitive" in {c["name"] for c in inspect(conn).get_columns("organization")}
            assert conn.execute(text("SELECT count(*) FROM version")).scalar() == 2
        assert blobs(target) == blobs(repo.settings)
        hits = search_documents(again.engine, again.index, SearchQuery(text="устав"))
        assert [h.id for h in hits.hits] == [charter]
    finally:
        again.close()


def test_a_backup_from_a_newer_legaldesk_is_refused(
    repo: Repository, absent_target: Settings, tmp_path: Path
) -> None:
    repo.init()
    file_act(repo, "245-п", "О земельном налоге", "Установить ставки земельного налога.")
    with repo.engine.begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    try:
        take_backup(repo.settings, tmp_path / "new-backup")
    finally:
        with repo.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})

    with pytest.raises(BackupError) as refused:
        restore(absent_target, tmp_path / "new-backup")

    i18n.use("ru")
    assert i18n.tr(refused.value.message) == (
        "Резервная копия сделана более новой версией LegalDesk (версия схемы базы данных "
        "ffff_future): сначала обновите LegalDesk, затем восстановите копию."
    )
    # Refused after the database was loaded: the loaded copy is gone, nothing was made.
    assert not absent_target.data_dir.exists()
    assert databases_like(absent_target) == []
