"""The harvest commands as a librarian types them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legaldesk.cli import app
from legaldesk.synth.webserver import Site
from tests.harvesters.conftest import publish

Invoke = Callable[..., str]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LEGALDESK_OCR", "false")
    monkeypatch.setenv("LEGALDESK_FETCH_ALLOW", "127.0.0.1")  # the served test sites
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result.output

    return invoke


@pytest.fixture
def source_file(tmp_path: Path, site: Site) -> Path:
    publish(site, [1, 2])
    path = tmp_path / "adm.toml"
    path.write_text(
        f"""
        [source]
        name = "adm"
        kind = "listing"
        start_urls = ["{site.url("/docs/index.html")}"]
        [source.listing]
        item = "table.docs tr"
        [source.http]
        delay = 0
        """,
        encoding="utf-8",
    )
    return path


def test_add_test_harvest_and_read_the_run(run: Invoke, source_file: Path) -> None:
    assert "Источник adm добавлен." in run("sources", "add", str(source_file))

    dry = run("sources", "test", "adm", "--fetch", "1")
    assert "Проверка «adm»: страниц 1, файлов 2" in dry and "Номер: 1-п" in dry

    first = " ".join(run("harvest", "adm").split())
    assert "adm, сбор 1: выполнен" in first and "новых: 2, изменённых: 0" in first

    second = json.loads(run("harvest", "adm", "--json"))
    assert second[0]["unchanged"] == 2 and second[0]["not_modified"] >= 2

    runs = json.loads(run("runs", "list", "--json"))
    assert [r["status"] for r in runs] == ["ok", "ok"]
    shown = json.loads(run("runs", "show", str(runs[-1]["id"]), "--json"))
    assert shown["new"] == 2 and shown["errors"] == []

    listed = json.loads(run("sources", "list", "--json"))
    assert listed[0]["name"] == "adm" and listed[0]["warnings"] == []
    assert "мерах поддержки" in run("search", "мерах поддержки номер 2")

    # What a librarian reads: states and counts by their Russian names, not codes.
    shown_text = " ".join(run("runs", "show", str(runs[-1]["id"])).split())
    assert f"Сбор {runs[-1]['id']} источника adm: выполнен" in shown_text
    assert "Новых файлов: 2" in shown_text and "Прочитано страниц: 1" in shown_text
    assert "Сбора 99 нет." in run("runs", "show", "99", code=2)
    runs_text = run("runs", "list")  # ten columns in the 80 of a test: squeezed
    assert "Итог" in runs_text and runs_text.count("│ выпол") == 2
    sources_text = run("sources", "list")
    assert "Источник" in sources_text and "│ список " in sources_text and "порядке" in sources_text
    assert "Источник adm выключен" in run("sources", "disable", "adm")
    assert "(выключ" in run("sources", "list")  # beside the name, squeezed in 80 columns
    assert "Собирать нечего: включённых источников нет." in run("harvest")
    assert "Источник adm включён." in run("sources", "enable", "adm")


def test_a_bad_source_file_is_refused_with_its_problem(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\nkind = "listing"\n', encoding="utf-8")

    assert "start_urls" in run("sources", "add", str(path), code=2)


def test_harvesting_an_unknown_source_is_a_usage_error(run: Invoke) -> None:
    assert "Источника nope нет" in run("harvest", "nope", code=2)


def test_nothing_is_due_without_schedules(run: Invoke, source_file: Path) -> None:
    run("sources", "add", str(source_file))

    assert "Собирать нечего: ни у одного источника не подошёл срок по расписанию." in " ".join(
        run("harvest", "--due").split()
    )
