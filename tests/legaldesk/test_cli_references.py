"""``legaldesk references`` on real files written by the test: a DOCX and a TXT in CP1251."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legaldesk.cli import app
from tests.factories import docx_bytes

ACT = (
    "АДМИНИСТРАЦИЯ ОЛЬХОВСКОГО РАЙОНА\nПОСТАНОВЛЕНИЕ\nот 12.03.2024 № 312\n"
    "О внесении изменений в постановление администрации Ольховского района от 01.02.2020 № 17\n"
    "В соответствии с Федеральным законом от 06.10.2003 № 131-ФЗ «Об общих принципах "
    "организации местного самоуправления в Российской Федерации», статьей 179 Бюджетного "
    "кодекса Российской Федерации\nПОСТАНОВЛЯЮ:\n"
    "1. Внести в постановление администрации Ольховского района от 01.02.2020 № 17 изменения, "
    "изложив пункт 3 в новой редакции.\n"
    "2. Признать утратившими силу постановления администрации Ольховского района от "
    "12.01.2020 № 5, от 03.03.2020 № 12 и от 01.06.2020 № 40.\n"
)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LEGALDESK_OCR", "false")
    monkeypatch.delenv("LEGALDESK_LANG", raising=False)
    return CliRunner()


def test_json_lists_the_references_of_each_file(runner: CliRunner, tmp_path: Path) -> None:
    docx = tmp_path / "act.docx"
    docx.write_bytes(docx_bytes(ACT))
    txt = tmp_path / "act.txt"
    txt.write_bytes(ACT.encode("cp1251"))
    result = runner.invoke(app, ["references", str(docx), str(txt), "--json"])
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    assert [item["file"] for item in listing] == [str(docx), str(txt)]
    for item in listing:
        found = {(r["role"], r["number"], r["date"]) for r in item["references"]}
        assert found == {
            ("amends", "17", "2020-02-01"),
            ("based_on", "131-ФЗ", "2003-10-06"),
            ("based_on", "145-ФЗ", "1998-07-31"),
            ("repeals", "5", "2020-01-12"),
            ("repeals", "12", "2020-03-03"),
            ("repeals", "40", "2020-06-01"),
        }
        assert not any(r["number"] == "312" for r in item["references"])  # its own heading


def test_the_listing_is_in_russian_and_a_bad_file_does_not_stop_the_others(
    runner: CliRunner, tmp_path: Path
) -> None:
    good = tmp_path / "act.txt"
    good.write_bytes(ACT.encode("cp1251"))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.docx"
    result = runner.invoke(app, ["references", str(empty), str(good), str(missing)])
    assert result.exit_code == 1
    assert "признаёт утратившим силу: Постановление от 12.01.2020 № 5" in result.stdout
    assert "изменяет: Постановление от 01.02.2020 № 17" in result.stdout
    assert "упомянут 2 раза" in result.stdout  # the title line and the operative clause
    assert "empty.pdf" in result.stderr and "missing.docx" in result.stderr


def test_json_reports_a_failed_file_with_its_reason(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.docx"
    result = runner.invoke(app, ["references", str(missing), "--json"])
    assert result.exit_code == 1
    (item,) = json.loads(result.stdout)
    assert item["file"] == str(missing) and item["references"] == [] and item["error"]


def test_english_is_english_when_asked(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGALDESK_LANG", "en")
    good = tmp_path / "act.txt"
    good.write_bytes(ACT.encode("cp1251"))
    missing = tmp_path / "missing.docx"

    result = runner.invoke(app, ["references", str(good), str(missing)])

    assert "references to other acts: " in result.stdout
    assert "repeals: " in result.stdout and "amends: " in result.stdout
    assert "(named 2 times)" in result.stdout
    assert "the file cannot be read" in result.stderr
    assert "признаёт" not in result.stdout and "упомянут" not in result.stdout
