"""Settings: LEGALDESK_* environment variables, then an optional TOML file, then defaults.

The defaults are embedded: everything lives under one data directory (SQLite database,
blob store, Tantivy index), so a fresh machine needs no server to run LegalDesk.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def _default_data_dir() -> Path:
    return Path(os.environ.get("LEGALDESK_DATA_DIR", "var")).resolve()


def _config_file() -> Path | None:
    explicit = os.environ.get("LEGALDESK_CONFIG")
    if explicit:
        return Path(explicit)
    candidate = _default_data_dir() / "legaldesk.toml"
    return candidate if candidate.exists() else None


class Settings(BaseSettings):
    """Everything configurable. Paths left empty are derived from ``data_dir``."""

    model_config = SettingsConfigDict(env_prefix="LEGALDESK_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str = ""
    index_dir: Path | None = None
    blob_dir: Path | None = None
    max_file_size: int = 50 * 1024 * 1024
    # A DOCX is a zip: refuse archives whose members would inflate past this.
    max_unpacked_size: int = 200 * 1024 * 1024
    ocr: bool = True
    ocr_languages: str = "rus+eng"
    ocr_max_pages: int = 40
    ocr_dpi: int = 300
    # Each file is read by a child process with these limits (see
    # legaldesk.pipeline.extract.isolation): its address space in MB, its own processor
    # seconds, the wall-clock seconds of the whole extraction including OCR (about 4 s a
    # page at 300 dpi, so 40 pages fit), and the size of the text it may return.
    extract_memory_mb: int = Field(default=1024, ge=256)
    extract_cpu_seconds: int = Field(default=120, ge=1)
    extract_timeout: float = Field(default=600, gt=0)
    extract_max_text_mb: int = Field(default=32, ge=1)
    # Signs CSRF tokens; empty = generated once into the data directory (secret.key).
    secret_key: str = ""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml = _config_file()
        if toml is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml))
        return tuple(sources)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'legaldesk.sqlite3'}"

    @property
    def resolved_index_dir(self) -> Path:
        return self.index_dir or self.data_dir / "index"

    @property
    def resolved_blob_dir(self) -> Path:
        return self.blob_dir or self.data_dir / "blobs"

    def ensure_dirs(self) -> None:
        """Create the directories; the data directory is private to its owner (0700), and
        one found open to others is closed: it holds the database with password hashes and
        the secret key."""
        self.ensure_data_dir()
        found = self.data_dir.stat()
        if found.st_mode & 0o077 and found.st_uid == os.getuid():
            self.data_dir.chmod(0o700)
        for path in (self.resolved_index_dir, self.resolved_blob_dir):
            path.mkdir(parents=True, exist_ok=True, mode=0o700)

    def ensure_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
