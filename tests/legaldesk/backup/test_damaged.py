"""A damaged backup is refused, with what is wrong in Russian, before anything in the
repository changes — whether the repository holds data or not; a whole one replaces a
repository that holds data only when told to."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from legaldesk.backup import RepositoryNotEmpty, SnapshotDamaged, check, restore, take_backup
from legaldesk.config import Settings
from legaldesk.index import SearchQuery
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from legaldesk.web import i18n
from tests.legaldesk.backup.conftest import blobs, file_act, files


def flip(path: Path, at: float = 0.5) -> None:
    """One byte of the file changed, ``at`` of the way in."""
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x01
    path.write_bytes(bytes(data))


def first_blob(snapshot: Path) -> Path:
    return next(p for p in sorted((snapshot / "blobs").rglob("*")) if p.is_file())


DAMAGE: dict[str, Callable[[Path], object]] = {
    "a stored file": lambda s: flip(first_blob(s)),
    "the database": lambda s: flip(s / "database" / "legaldesk.sqlite3"),
    "the manifest": lambda s: flip(s / "manifest.json", 0.9),
    "a file gone": lambda s: first_blob(s).unlink(),
    "a file added": lambda s: (s / "blobs" / "notes.txt").write_text("?"),
}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_damaged_backup_changes_nothing(repo: Repository, tmp_path: Path) -> None:
    file_act(repo, "245-п", "О земельном налоге", "Установить ставки земельного налога.")
    repo.update_index()
    folder = tmp_path / "backup"
    take_backup(repo.settings, folder)
    for suffix in (".tar", ".tar.gz"):
        take_backup(repo.settings, tmp_path / f"backup{suffix}")
    # The repository restored into holds an act of its own.
    target = Settings(data_dir=tmp_path / "other", ocr=False)
    other = Repository(target)
    other.init()
    file_act(other, "17-р", "О внесении изменений в Устав поселения", "Изменить устав.")
    other.update_index()
    other.close()
    state = files(target.data_dir)  # the database, its stored files, its index: all of it
    assert any(name.startswith("blobs/") for name in state)
    i18n.use("ru")

    damaged = {}
    for what, damage in DAMAGE.items():
        copy = tmp_path / what.replace(" ", "-")
        shutil.copytree(folder, copy)
        damage(copy)
        damaged[what] = copy
    for suffix, at in ((".tar", 0.6), (".tar.gz", 0.5)):
        archive = tmp_path / f"damaged{suffix}"
        shutil.copyfile(tmp_path / f"backup{suffix}", archive)
        flip(archive, at)
        damaged[f"an archive ({suffix})"] = archive

    for what, snapshot in damaged.items():
        with pytest.raises(SnapshotDamaged) as refused:
            restore(target, snapshot, force=True)
        said = i18n.tr(refused.value.message)
        assert said.startswith("Резервная копия повреждена") or "В резервной копии есть" in said, (
            what,
            said,
        )
        with pytest.raises(SnapshotDamaged):
            check(snapshot)
        assert files(target.data_dir) == state, what
    blob = first_blob(tmp_path / "a-stored-file").relative_to(tmp_path / "a-stored-file")
    with pytest.raises(SnapshotDamaged) as refused:
        restore(target, damaged["a stored file"], force=True)
    assert i18n.tr(refused.value.message) == (
        f"Резервная копия повреждена: файл {blob.as_posix()} не совпадает с контрольной "
        "суммой из описи."
    )

    # Whole, it replaces the other repository's act, when told to.
    with pytest.raises(RepositoryNotEmpty) as occupied:
        restore(target, tmp_path / "backup.tar")
    assert i18n.tr(occupied.value.message).startswith(
        "В хранилище уже есть данные (актов: 1, хранимых файлов: 1)."
    )
    assert check(tmp_path / "backup.tar.gz").acts == 1
    restore(target, tmp_path / "backup.tar", force=True)
    replaced = Repository(target)
    try:
        assert blobs(target) == blobs(repo.settings)
        for words, acts in (("устав", 0), ("земельный налог", 1)):
            page = search_documents(replaced.engine, replaced.index, SearchQuery(text=words))
            assert page.total == acts, words
    finally:
        replaced.close()
