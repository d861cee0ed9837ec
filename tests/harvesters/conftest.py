"""A served municipal site and the harvest of it, for the harvester tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from legaldesk.cli import app
from legaldesk.config import Settings
from legaldesk.harvesters.config import source_from_dict
from legaldesk.harvesters.runner import Harvester, Progress, RunReport
from legaldesk.harvesters.store import StoredSource, get_source, save_source
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site, serve
from tests.factories import act_text, docx_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Fast failure for tests: no politeness delay, short timeouts, quick retries.
FAST_HTTP = {"delay": 0, "timeout": 1.0, "retries": 2, "backoff": 0.01, "max_retry_after": 2}


def act_file(n: int, title: str | None = None) -> bytes:
    return docx_bytes(
        act_text(
            number=f"{n}-п",
            adopted=date(2024, 3, n % 28 + 1),
            title=title or f"О мерах поддержки номер {n} на территории поселения",
        )
    )


def listing(rows: list[str], next_page: str | None = None, charset: str = "utf-8") -> str:
    nxt = f'<a class="next" href="{next_page}">Следующая »</a>' if next_page else ""
    return (
        f'<html><head><meta charset="{charset}"><title>Постановления</title></head><body>'
        f'<table class="docs">{"".join(rows)}</table>{nxt}</body></html>'
    )


def row(n: int, path: str, title: str | None = None) -> str:
    title = title or f"О мерах поддержки номер {n} на территории поселения"
    return (
        f"<tr><td>{n % 28 + 1:02d}.03.2024</td><td>{n}-п</td>"
        f'<td><a href="{path}">{title}</a></td></tr>'
    )


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """The served sites live on 127.0.0.1 and the inboxes in tmp_path: allowed here, as an
    administrator would allow them. The tests of the policy itself use the defaults."""
    return settings.model_copy(update={"fetch_allow": ("127.0.0.1",), "inbox_roots": (tmp_path,)})


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as served:
        served.put("/robots.txt", "User-agent: *\nDisallow: /admin/\n", "text/plain")
        yield served


def publish(site: Site, numbers: list[int], page: str = "/docs/index.html") -> None:
    """A one-page table listing of DOCX acts."""
    for n in numbers:
        site.put(f"/files/{n}.docx", act_file(n), DOCX)
    site.put(page, listing([row(n, f"/files/{n}.docx") for n in numbers]))


@pytest.fixture
def add_source(repo: Repository, site: Site) -> Callable[..., StoredSource]:
    def add(name: str = "adm", start: str = "/docs/index.html", **extra: Any) -> StoredSource:
        config: dict[str, Any] = {
            "name": name,
            "kind": "listing",
            "start_urls": [site.url(start)],
            "listing": {"item": "table.docs tr"},
            "defaults": {"issuer": "Администрация Заречного сельского поселения"},
            "http": dict(FAST_HTTP),
        }
        for key, value in extra.items():
            if isinstance(value, dict) and isinstance(config.get(key), dict):
                config[key] = {**config[key], **value}
            else:
                config[key] = value
        save_source(repo.engine, source_from_dict(config))
        return get_source(repo.engine, name)

    return add


@pytest.fixture
def harvest(repo: Repository) -> Callable[..., RunReport]:
    def run(source: StoredSource, progress: Progress | None = None) -> RunReport:
        report = Harvester(repo, source, progress=progress).run()
        repo.update_index()
        return report

    return run


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """The ``legaldesk`` command on a fresh data directory: OCR off, no internal address
    allowed (a test allows one with LEGALDESK_FETCH_ALLOW), inbox folders under
    ``tmp_path/inbox``. ``code`` is the exit code expected; the output comes as one line (the
    console wraps at 80)."""
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LEGALDESK_OCR", "false")
    monkeypatch.delenv("LEGALDESK_FETCH_ALLOW", raising=False)
    monkeypatch.setenv("LEGALDESK_INBOX_ROOTS", str(tmp_path / "inbox"))
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return " ".join(result.output.split())

    return invoke
