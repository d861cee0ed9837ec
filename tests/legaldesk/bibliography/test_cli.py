"""``legaldesk describe``: CSL-JSON from a file or stdin, one description a line; a bad item
reports its reason on stderr and the others are still described."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legaldesk.cli import app

TABLE = json.loads((Path(__file__).parent / "gost_reference.json").read_text(encoding="utf-8"))


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    return CliRunner()


def test_a_file_of_items_gives_one_line_each(runner: CliRunner, tmp_path: Path) -> None:
    items = tmp_path / "items.json"
    items.write_text(json.dumps([r["item"] for r in TABLE["rows"]], ensure_ascii=False), "utf-8")
    result = runner.invoke(app, ["describe", str(items)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [r["expected"] for r in TABLE["rows"]]


def test_stdin_and_a_bad_item_among_good_ones(runner: CliRunner) -> None:
    good = TABLE["rows"][0]
    items = [good["item"], {"type": "thesis", "title": "Т"}, good["item"]]
    result = runner.invoke(app, ["describe", "-"], input=json.dumps(items, ensure_ascii=False))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [good["expected"], good["expected"]]
    assert "запись 2" in result.stderr and "thesis" in result.stderr


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"{not json", "не JSON"), (b"\xff\xfe\x00garbage", "UTF-8")],
)
def test_an_unreadable_file_says_why(
    runner: CliRunner, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = runner.invoke(app, ["describe", str(path)])
    assert result.exit_code == 1
    assert reason in result.stderr and result.stdout == ""


def test_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["describe", str(tmp_path / "none.json")])
    assert result.exit_code == 1 and "не читается" in result.stderr
