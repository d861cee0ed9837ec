"""``legaldesk backup`` and ``legaldesk restore`` as a librarian runs them: what they say,
in Russian, and their exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from legaldesk.cli import app
from legaldesk.repository import Repository
from tests.legaldesk.backup.conftest import file_act
from tests.legaldesk.backup.test_damaged import flip


def flat(printed: str) -> str:
    """What the console printed, its lines (wrapped at the terminal's width) joined: the
    console keeps the space where it wrapped."""
    return printed.replace("\n", "")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_backup_and_restore_from_the_command_line(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.init()
    file_act(repo, "17-р", "О внесении изменений в Устав поселения", "Изменить устав.")
    repo.update_index()
    (repo.settings.data_dir / "legaldesk.toml").write_text('library_name = "ЦПИ"\n')
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(repo.settings.data_dir))
    monkeypatch.setenv("LEGALDESK_DATABASE_URL", repo.settings.resolved_database_url)
    monkeypatch.setenv("LEGALDESK_OCR", "false")
    runner = CliRunner()
    archive = tmp_path / "backup.tar.gz"

    saved = runner.invoke(app, ["backup", str(archive)])

    assert saved.exit_code == 0, saved.output
    assert f"Резервная копия сохранена: {archive}" in flat(saved.stdout)
    assert "Актов: 1; хранимых файлов: 1; объём:" in flat(saved.stdout)
    assert "Настройки из папки данных: legaldesk.toml." in flat(saved.stdout)
    again = runner.invoke(app, ["backup", str(archive)])
    assert again.exit_code == 1
    assert f"{archive} уже существует: выберите другое имя." in flat(again.stderr)

    # Restored on another machine, whose administrator has configured it already.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "legaldesk.toml").write_text('library_name = "Другая"\n')
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(elsewhere))
    monkeypatch.delenv("LEGALDESK_DATABASE_URL")
    restored = runner.invoke(app, ["restore", str(archive)])

    assert restored.exit_code == 0, restored.output
    assert "Хранилище восстановлено из резервной копии от" in flat(restored.stdout)
    assert "Актов: 1; хранимых файлов: 1; актов в поисковом индексе: 1." in flat(restored.stdout)
    assert "Файл настроек из резервной копии отличается от здешнего" in flat(restored.stderr)
    assert (elsewhere / "legaldesk.toml").read_text() == 'library_name = "Другая"\n'
    assert (elsewhere / "legaldesk.toml.restored").read_text() == 'library_name = "ЦПИ"\n'
    found = runner.invoke(app, ["search", "устав"])
    assert "Найден 1 акт" in flat(found.stdout)

    refused = runner.invoke(app, ["restore", str(archive)])
    assert refused.exit_code == 1
    assert "В хранилище уже есть данные (актов: 1, хранимых файлов: 1)" in flat(refused.stderr)
    assert "повторите команду с --force. Хранилище не изменено." in flat(refused.stderr)
    checked = runner.invoke(app, ["restore", "--check", str(archive)])
    assert checked.exit_code == 0
    assert "цела: актов: 1, хранимых файлов: 1." in flat(checked.stdout)
    flip(archive)
    damaged = runner.invoke(app, ["restore", "--force", str(archive)])
    assert damaged.exit_code == 1
    said = flat(damaged.stderr)
    assert said.startswith("Резервная копия повреждена") and said.endswith("Хранилище не изменено.")
