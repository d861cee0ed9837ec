"""The demo's own website is on this machine: the demo harvests it, and allows its address
for the hand-run example of the README, without touching an administrator's configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from legaldesk.config import Settings
from legaldesk.demo import DEMO_PORT, allow_demo_site
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
