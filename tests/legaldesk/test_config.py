from __future__ import annotations

from pathlib import Path

import pytest

from legaldesk.config import Settings


def test_everything_lives_under_the_data_dir_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LEGALDESK_DATABASE_URL", raising=False)

    settings = Settings()

    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'legaldesk.sqlite3'}"
    assert settings.resolved_index_dir == tmp_path / "index"
    assert settings.resolved_blob_dir == tmp_path / "blobs"


def test_toml_file_is_read_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "legaldesk.toml"
    config.write_text('max_file_size = 1234\nocr_languages = "rus"\n')
    monkeypatch.setenv("LEGALDESK_CONFIG", str(config))
    monkeypatch.setenv("LEGALDESK_OCR_LANGUAGES", "rus+eng")

    settings = Settings()

    assert settings.max_file_size == 1234
    assert settings.ocr_languages == "rus+eng"
