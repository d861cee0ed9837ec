"""A folder source reads only under the configured inbox roots and never LegalDesk's own data
(the secret key, the database, the stores): refused when the source is saved, from the CLI
or the web, and again when it is harvested; a link in the inbox that leads out is skipped."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session, select

from legaldesk.config import Settings
from legaldesk.harvesters.config import source_from_dict
from legaldesk.harvesters.folder import harvest_folder
from legaldesk.harvesters.inbox import LINK_LEAVES, OUTSIDE, OWN_DATA, FolderRefused, check_folder
from legaldesk.harvesters.store import get_source, list_sources, save_source
from legaldesk.models import Document, HarvestError
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes

SECRET = "the secret key of this LegalDesk"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """One inbox root beside the data directory, as an administrator might configure it."""
    (tmp_path / "inbox").mkdir()
    return settings.model_copy(update={"inbox_roots": (tmp_path / "inbox",)})


@pytest.fixture
def secret_key(repo: Repository) -> Path:
    path = repo.settings.data_dir / "secret.key"
    settled(path, SECRET.encode())
    return path


def settled(path: Path, data: bytes) -> Path:
    """A file written a while ago: the inbox takes only files that stopped changing."""
    path.write_bytes(data)
    old = time.time() - 60
    os.utime(path, (old, old))
    return path


def folder_source(repo: Repository, path: Path, name: str = "inbox") -> None:
    config = source_from_dict({"name": name, "kind": "folder", "path": str(path)})
    save_source(repo.engine, config, settings=repo.settings)


def refusal(repo: Repository, path: Path) -> str:
    with pytest.raises(FolderRefused) as caught:
        folder_source(repo, path)
    assert list_sources(repo.engine) == []  # nothing saved
    return str(caught.value)


def documents(repo: Repository) -> list[Document]:
    with Session(repo.engine) as session:
        return list(session.exec(select(Document)).all())


# -- when the source is saved ---------------------------------------------------------------


def test_a_folder_outside_the_inbox_roots_is_refused(repo: Repository, tmp_path: Path) -> None:
    reason = refusal(repo, tmp_path / "elsewhere")

    assert reason.startswith(f"{OUTSIDE}: {tmp_path / 'elsewhere'} is not inside")
    assert str(tmp_path / "inbox") in reason and "LEGALDESK_INBOX_ROOTS" in reason


def test_the_data_directory_itself_is_refused(repo: Repository) -> None:
    reason = refusal(repo, repo.settings.data_dir)

    assert reason == f"{OWN_DATA}: {repo.settings.data_dir} is the data directory"


@pytest.mark.parametrize("up", [1, 2])
def test_a_folder_holding_the_data_directory_is_refused(repo: Repository, up: int) -> None:
    parent = repo.settings.data_dir.parents[up - 1]

    reason = refusal(repo, parent)

    assert reason.startswith(f"{OWN_DATA}: {parent} contains the data directory")


def test_a_folder_inside_the_data_directory_is_refused_even_under_a_root(
    repo: Repository, settings: Settings, tmp_path: Path
) -> None:
    # An administrator's root that happens to hold the data directory does not open it.
    repo.settings = settings.model_copy(update={"inbox_roots": (tmp_path,)})

    blobs = refusal(repo, repo.settings.resolved_blob_dir)
    locks = refusal(repo, repo.settings.data_dir / "locks")

    assert blobs.startswith(f"{OWN_DATA}: {repo.settings.resolved_blob_dir} is the store")
    assert locks.startswith(f"{OWN_DATA}: {repo.settings.data_dir / 'locks'} is inside the data")


def test_a_symlinked_folder_that_leaves_the_root_is_refused(
    repo: Repository, tmp_path: Path
) -> None:
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "inbox" / "scans"
    link.symlink_to(tmp_path / "elsewhere")
    into_data = tmp_path / "inbox" / "data"
    into_data.symlink_to(repo.settings.data_dir)

    outside = refusal(repo, link)
    own = refusal(repo, into_data)

    assert outside.startswith(f"{OUTSIDE}: {link} (which leads to {tmp_path / 'elsewhere'})")
    assert own.startswith(f"{OWN_DATA}: {into_data} (which leads to {repo.settings.data_dir})")


def test_the_default_root_is_inbox_in_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    (tmp_path / "data" / "inbox" / "mail").mkdir(parents=True)

    assert (
        check_folder(settings, tmp_path / "data" / "inbox").folder
        == (tmp_path / "data" / "inbox").resolve()
    )
    assert (
        check_folder(settings, tmp_path / "data" / "inbox" / "mail").root
        == (tmp_path / "data" / "inbox").resolve()
    )
    with pytest.raises(FolderRefused, match="is the store of original files"):
        check_folder(settings, tmp_path / "data" / "blobs")
    with pytest.raises(FolderRefused, match=OUTSIDE):
        check_folder(settings, tmp_path / "elsewhere")


def test_a_database_or_configuration_file_kept_elsewhere_is_protected_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mail = tmp_path / "inbox" / "mail"
    mail.mkdir(parents=True)
    database = Settings(
        data_dir=tmp_path / "data",
        database_url=f"sqlite:///{mail / 'legaldesk.sqlite3'}",
        inbox_roots=(tmp_path / "inbox",),
    )
    monkeypatch.setenv("LEGALDESK_CONFIG", str(tmp_path / "inbox" / "legaldesk.toml"))
    config = Settings(data_dir=tmp_path / "data", inbox_roots=(tmp_path / "inbox",))
    (tmp_path / "inbox" / "legaldesk.toml").write_text("ocr = false\n", encoding="utf-8")

    with pytest.raises(FolderRefused, match="contains the SQLite database"):
        check_folder(database, mail)
    with pytest.raises(FolderRefused, match="contains the configuration file"):
        check_folder(config, tmp_path / "inbox")


def test_inbox_roots_come_from_the_environment_relative_to_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LEGALDESK_INBOX_ROOTS", f"mail, {tmp_path / 'scans'}")

    roots = Settings().resolved_inbox_roots

    assert roots == (tmp_path / "data" / "mail", tmp_path / "scans")


# -- when it is harvested --------------------------------------------------------------------


def test_a_good_folder_under_the_root_is_harvested(repo: Repository, tmp_path: Path) -> None:
    folder = tmp_path / "inbox" / "mail"
    folder.mkdir()
    settled(folder / "245-п.docx", docx_bytes(act_text()))
    folder_source(repo, folder)

    report = harvest_folder(repo, get_source(repo.engine, "inbox"))

    assert (report.status, report.new) == ("ok", 1)
    assert (folder / "processed" / "245-п.docx").exists()


def test_a_folder_swapped_for_a_link_after_saving_is_refused_at_harvest(
    repo: Repository, tmp_path: Path, secret_key: Path
) -> None:
    folder = tmp_path / "inbox" / "mail"
    folder.mkdir()
    folder_source(repo, folder)
    folder.rmdir()
    folder.symlink_to(repo.settings.data_dir)

    report = harvest_folder(repo, get_source(repo.engine, "inbox"))

    assert report.status == "failed" and report.found == 0
    assert report.errors[0][1].startswith(f"{OWN_DATA}: {folder} (which leads to")
    assert documents(repo) == []
    assert secret_key.read_text() == SECRET
    assert not (repo.settings.data_dir / "processed").exists()


def test_a_link_in_the_inbox_to_the_secret_key_is_skipped_not_read_not_moved(
    repo: Repository, tmp_path: Path, secret_key: Path
) -> None:
    inbox = tmp_path / "inbox"
    settled(inbox / "245-п.docx", docx_bytes(act_text()))
    (inbox / "key.txt").symlink_to(secret_key)
    folder_source(repo, inbox)

    report = harvest_folder(repo, get_source(repo.engine, "inbox"))

    assert (report.status, report.found, report.new, report.failed) == ("partial", 2, 1, 1)
    assert report.errors == [("key.txt", f"{LINK_LEAVES}: key.txt points to {secret_key}")]
    (document,) = documents(repo)
    assert document.number == "245-п"
    assert (inbox / "key.txt").is_symlink()  # left where it was
    assert not (inbox / "processed" / "key.txt").exists()
    assert not (inbox / "failed" / "key.txt").exists()
    assert secret_key.read_text() == SECRET
    with Session(repo.engine) as session:
        (error,) = session.exec(select(HarvestError)).all()
    assert error.url == "key.txt" and error.reason.startswith(LINK_LEAVES)


def test_a_link_to_a_file_elsewhere_in_the_root_is_read(repo: Repository, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "archive").mkdir()
    act = settled(inbox / "archive" / "245-п.docx", docx_bytes(act_text()))
    (inbox / "mail").mkdir()
    (inbox / "mail" / "245-п.docx").symlink_to(act)
    folder_source(repo, inbox / "mail")

    report = harvest_folder(repo, get_source(repo.engine, "inbox"))

    assert (report.status, report.new) == ("ok", 1)


# -- the command line ------------------------------------------------------------------------


def write_source(tmp_path: Path, name: str, folder: Path) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\nkind = "folder"\npath = "{folder}"\n', encoding="utf-8")
    return path


def test_the_cli_refuses_the_data_directory_and_harvests_a_good_inbox(
    cli: Callable[..., str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    cli("init")
    settled(data / "secret.key", SECRET.encode())
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    settled(inbox / "245-п.docx", docx_bytes(act_text()))
    (inbox / "key.txt").symlink_to(data / "secret.key")

    refused = cli("sources", "add", str(write_source(tmp_path, "server", data)), code=2)
    parent = cli("sources", "add", str(write_source(tmp_path, "up", tmp_path)), code=2)
    added = cli("sources", "add", str(write_source(tmp_path, "mail", inbox)))
    tested = cli("sources", "test", "mail")
    harvested = cli("harvest", "mail")

    # The reason's known part in the librarians' Russian, as the sources page shows it.
    own_data = "в папке хранятся данные самой LegalDesk"
    link_leaves = "ссылка ведёт за пределы папки для входящих файлов, файл не прочитан"
    assert f"{own_data}: {data} is the data directory" in refused
    assert f"{own_data}: {tmp_path} contains the data directory" in parent
    assert "server" not in cli("sources", "list") and "Источник mail добавлен." in added
    tested, harvested = " ".join(tested.split()), " ".join(harvested.split())
    assert (
        f"В папке {inbox} ждут 2 файла" in tested and f"{link_leaves}: key.txt points to" in tested
    )
    assert "новых: 1" in harvested and f"{link_leaves}: key.txt" in harvested
    assert (data / "secret.key").read_text() == SECRET
    assert json.loads(cli("search", "secret key", "--json"))["total"] == 0
