"""The command line's help and its usage errors, in Russian unless LEGALDESK_LANG=en asks:
run as the console script runs it (legaldesk.cli.terminal.run), not through typer's own
runner, which would show typer's English."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer import rich_utils

from legaldesk.cli import app, terminal
from legaldesk.cli.speech import language
from legaldesk.web.catalogues import translations

ENGLISH_LEFT = ("Usage", "Missing", "Invalid", "No such", "Try '", "Error", "Got unexpected")


@pytest.fixture(autouse=True)
def terminal_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LEGALDESK_LANG", raising=False)
    monkeypatch.setenv("COLUMNS", "200")  # one line per message: the fragments stay whole


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = terminal.run(app, list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["requests", "show"], "Не указан аргумент «ref»."),
        (["search", "налог", "--limt", "3"], "Параметра --limt нет. Может быть, --limit"),
        (["reqests"], "Команды «reqests» нет. Может быть, 'requests'"),
        (
            ["search", "налог", "--limit", "десять"],
            "Неверное значение «--limit»: нужно целое число.",
        ),
        (
            ["show", "99999999999999999999"],
            "Неверное значение «document_id»: не больше 2147483647.",
        ),
        (
            ["search", "земельный", "налог"],
            "Лишние слова: «налог». Фразу из нескольких слов возьмите",
        ),
        (["search", "налог", "--limit"], "После параметра --limit нужно значение."),
        (["requests"], "Не указана команда."),
        (["search", "налог", "--sort", "по-алфавиту"], "«по-алфавиту» — не одно из значений:"),
        (["requests", "list", "--list", "мои"], "«--list»: «мои» — не одно из значений: mine"),
        (["requests", "stats", "--preset", "вчера"], "«вчера» — не одно из значений: this_month"),
        (["requests", "list", "--from", "2024-13-01"], "«2024-13-01» — не дата вида ГГГГ-ММ-ДД"),
        (["requests", "list", "--user", "nobody"], "«--user»: Пользователя «nobody» нет."),
    ],
)
def test_a_mistyped_command_is_answered_in_russian(
    capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    code, output = run(capsys, *args)

    assert code == 2
    assert said in output
    assert "Ошибка" in output
    assert not [word for word in ENGLISH_LEFT if word in output], output


def test_the_usage_line_and_the_help_hint_are_russian(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run(capsys, "requests", "show")

    assert code == 2
    assert "Использование: legaldesk requests show [ПАРАМЕТРЫ]" in output
    assert "Справка: «legaldesk requests show --help»." in output


def test_help_is_russian_for_every_command_and_option(capsys: pytest.CaptureFixture[str]) -> None:
    t = translations("ru")
    code, output = run(capsys, "requests", "--help")

    assert code == 0
    assert "Использование: legaldesk requests [ПАРАМЕТРЫ] КОМАНДА [АРГУМЕНТЫ]..." in output
    assert "Показать эту справку и выйти." in output
    assert "Команды" in output and "Параметры" in output
    group = next(
        c for c in terminal.walk(terminal.typer.main.get_command(app)) if c.name == "requests"
    )
    english = str(group.help)
    assert english.split(":")[0] not in output
    assert t.gettext(english).split(":")[0] in output


def test_every_help_text_of_the_tree_has_its_translation() -> None:
    t = translations("ru")
    tree = terminal.walk(terminal.typer.main.get_command(app))
    texts = [text for command in tree for _owner, _attr, text in terminal.help_texts(command)]

    untranslated = [text for text in texts if t.gettext(text) == text]

    assert len(texts) > 100
    assert untranslated == []


def test_english_when_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGALDESK_LANG", "en")

    code, output = run(capsys, "requests", "show")

    assert language() == "en"
    assert code == 2
    assert "Usage: legaldesk requests show [OPTIONS]" in output
    assert "The argument 'ref' is missing." in output
    assert "Не указан" not in output


def test_typer_words_are_typers_again_after_a_run(capsys: pytest.CaptureFixture[str]) -> None:
    # They are module globals of typer: a Russian run must not leave them Russian, and
    # typer must still ship the English ones the catalogue translates.
    run(capsys, "--help")

    assert {
        name: getattr(rich_utils, name) for name in terminal.TYPER_WORDS
    } == terminal.TYPER_WORDS


def test_the_console_script_speaks_russian(tmp_path: Path) -> None:
    env = {**os.environ, "LEGALDESK_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    env.pop("LEGALDESK_LANG", None)

    done = subprocess.run(
        [sys.executable, "-m", "legaldesk.cli", "requests", "show"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert done.returncode == 2
    assert "Не указан аргумент «ref»." in done.stderr
    assert "Traceback" not in done.stderr
