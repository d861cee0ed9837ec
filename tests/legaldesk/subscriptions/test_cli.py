"""``legaldesk subscriptions add|profile|list|items|send``: an official's card set up from the
terminal, in Russian for the librarians; the digest queued after an import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import act_text
from tests.legaldesk.test_cli import run  # noqa: F401  (the fixture)

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_a_card_for_an_official_is_set_up_and_told_of_an_import(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    run("init")
    added = run("subscriptions", "add", "Петров П. П., депутат", "--email", "petrov@duma.test")
    assert "Подписчик № 1 добавлен" in added
    assert "подтверждения адреса" in added
    run("subscriptions", "profile", "1", "-q", "земельный налог", "--frequency", "immediate")
    act = tmp_path / "245.txt"
    act.write_text(act_text(), encoding="utf-8")
    run("import", str(act))

    listed = run("subscriptions", "list")
    plain = json.loads(run("subscriptions", "list", "--json"))
    told = run("subscriptions", "items", "1")

    assert "Петров П. П., депутат" in listed and "не подтверждён" in listed
    assert "«земельный налог»" in listed and "сразу" in listed
    assert plain[0]["items"] == 1 and plain[0]["profiles"][0]["query"] == "земельный налог"
    assert "Постановление от 12.03.2024 № 245-п" in told
    assert "найдены слова: «земельный», «налог»" in told
    # Not confirmed: nothing goes by mail yet.
    assert "Писем с новостями: 0" in run("subscriptions", "send")
