"""What the backup knows of the schema: which columns name stored files, and what a new
repository holds before anyone works in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import SQLModel

from legaldesk.accounts.users import create_user
from legaldesk.backup import RepositoryNotEmpty
from legaldesk.backup.database import BLOB_COLUMNS, NOT_BLOBS
from legaldesk.backup.restoring import Target, _config_fits
from legaldesk.config import Settings
from legaldesk.repository import Repository


def test_every_column_naming_a_stored_file_is_known() -> None:
    named = {
        (table.name, column.name)
        for table in SQLModel.metadata.tables.values()
        for column in table.columns
        if "sha256" in column.name
    }
    assert named == set(BLOB_COLUMNS) | set(NOT_BLOBS), (
        "a new column names a file of the blob store? add it to BLOB_COLUMNS (or NOT_BLOBS)"
    )


def test_a_new_repository_holds_no_data_until_someone_works_in_it(repo: Repository) -> None:
    repo.init()  # everything `legaldesk init` seeds

    Target(repo.settings).refuse_if_holds_data()

    create_user(repo.engine, "librarian", "correct horse battery", "librarian", "Иванова")
    with pytest.raises(RepositoryNotEmpty):
        Target(repo.settings).refuse_if_holds_data()


def test_a_configuration_file_is_placed_only_where_it_points_here(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="sqlite:////srv/a.sqlite3")
    config = tmp_path / "legaldesk.toml"
    for text, fits in (
        ('library_name = "ЦПИ"\n', True),
        ('database_url = "sqlite:////srv/a.sqlite3"\n', True),
        ('database_url = "postgresql://db.example/legaldesk"\n', False),
        ('blob_dir = "/mnt/blobs"\n', False),
        ("not toml = = \n", False),
    ):
        config.write_text(text)
        assert _config_fits(config, settings) is fits, text
