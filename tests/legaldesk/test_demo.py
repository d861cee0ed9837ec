"""The demo's own website is on this machine: the demo harvests it, and allows its address
for the hand-run example of the README, without touching an administrator's configuration.
What the demo prints is read by librarians: Russian, with Russian plural forms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from legaldesk.config import Settings
from legaldesk.demo import CLIPPINGS, DEMO_ADDRESS, DEMO_PORT, allow_demo_site, demo_clippings
from legaldesk.repository import Repository


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path))
    for name in ("LEGALDESK_CONFIG", "LEGALDESK_FETCH_ALLOW"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_the_demo_allows_its_website_port_and_nothing_else(fresh: Path) -> None:
    assert Settings().fetch_policy.refusal("127.0.0.1", "127.0.0.1", DEMO_PORT) is not None

    allow_demo_site(Repository(Settings()), Console(file=None, quiet=True))

    policy = Settings().fetch_policy  # read from the data directory's legaldesk.toml
    assert policy.refusal("127.0.0.1", "127.0.0.1", DEMO_PORT) is None
    assert policy.refusal("127.0.0.1", "127.0.0.1", DEMO_PORT + 1) is not None
    assert policy.refusal("metadata", "169.254.169.254", 80) is not None


def test_an_existing_configuration_is_left_alone(fresh: Path) -> None:
    config = fresh / "legaldesk.toml"
    config.write_text("ocr = false\n", encoding="utf-8")

    allow_demo_site(Repository(Settings()), Console(file=None, quiet=True))

    assert config.read_text("utf-8") == "ocr = false\n"


def printed(lang: str, monkeypatch: pytest.MonkeyPatch, show: Callable[[Console], None]) -> str:
    monkeypatch.setenv("LEGALDESK_LANG", lang)
    console = Console(record=True, width=200)
    show(console)
    return console.export_text()


def test_the_demo_tells_the_librarian_in_russian_with_plural_forms(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = printed("ru", monkeypatch, lambda c: demo_clippings(repo, c, count=20, seed=1))

    # Twelve clippings: the genitive plural, as Russian counts from five to twenty.
    assert f"Добавлено {CLIPPINGS} публикаций из прессы" in said
    assert "«Вид материала»" in said
    assert "filed" not in said


def test_the_demo_speaks_english_when_asked(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    said = printed("en", monkeypatch, lambda c: allow_demo_site(Repository(Settings()), c))

    assert f"The demo website's address {DEMO_ADDRESS} is allowed in" in said


def test_the_demo_allowance_is_reported_in_russian(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = printed("ru", monkeypatch, lambda c: allow_demo_site(Repository(Settings()), c))

    assert f"Адрес демонстрационного сайта {DEMO_ADDRESS} разрешён в" in said
