"""The demo municipal website: built from synthetic acts, served, and harvested whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlmodel import Session, select

from legaldesk.harvesters.config import load_sources
from legaldesk.harvesters.fetchpolicy import FetchPolicy
from legaldesk.harvesters.runner import Harvester
from legaldesk.harvesters.store import get_source, save_source
from legaldesk.models import Document
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site, serve
from legaldesk.synth.website import NPA, build_site

REPO = Path(__file__).resolve().parents[3]
DEMO_SOURCES = REPO / "data" / "sources" / "demo-site.toml"
FAST = ("docx", "rtf", "txt-utf8")  # PDFs are slow to render and prove nothing more here


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    build_site(root, count=40, seed=3, formats=FAST, npa=10)
    return root


def test_every_link_of_the_site_resolves(small_site: Path) -> None:
    missing = []
    for page in small_site.rglob("*.html"):
        text = page.read_bytes().decode("cp1251" if "rasporyazheniya" in str(page) else "utf-8")
        for href in re.findall(r'href="([^"]+)"', text):
            if href.startswith("/") and not href.startswith(("/news", "/admin")):
                target = small_site / href.lstrip("/")
                if not (target.is_file() or (target / "index.html").is_file()):
                    missing.append((page.name, href))
    assert missing == []


def test_the_windows_1251_section_is_encoded_as_it_says(small_site: Path) -> None:
    data = (small_site / "rasporyazheniya" / "index.html").read_bytes()

    assert b"windows-1251" in data[:200]
    assert "Распоряжения администрации" in data.decode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_the_manifest_names_every_file(small_site: Path) -> None:
    acts = json.loads((small_site / "manifest.json").read_text("utf-8"))["acts"]

    assert len(acts) == 40 + 10
    assert all((small_site / a["path"].lstrip("/")).is_file() for a in acts)
    assert {a["section"] for a in acts} >= {"postanovleniya", "resheniya", NPA}


def test_the_same_seed_gives_the_same_site(tmp_path: Path) -> None:
    first = build_site(tmp_path / "a", count=10, seed=5, formats=("txt-utf8",), npa=4)
    second = build_site(tmp_path / "b", count=10, seed=5, formats=("txt-utf8",), npa=4)

    assert first == second


def test_the_demo_sources_harvest_every_act_with_its_metadata(
    repo: Repository, small_site: Path
) -> None:
    manifest = json.loads((small_site / "manifest.json").read_text("utf-8"))["acts"]
    with serve(Site.from_directory(small_site)) as site:
        for config in load_sources(DEMO_SOURCES):
            data = config.to_json()
            data["start_urls"] = [
                u.replace("http://127.0.0.1:8642", site.base) for u in data["start_urls"]
            ]
            save_source(repo.engine, type(config).model_validate(data))
            # The site is on this machine: allowed as an administrator would allow it.
            policy = FetchPolicy.parse([site.base.removeprefix("http://")])
            report = Harvester(repo, get_source(repo.engine, config.name), policy=policy).run()
            assert report.status == "ok", report.errors
    with Session(repo.engine) as session:
        documents = session.exec(select(Document)).all()
    found = {
        (d.doc_type, d.number, d.date_adopted.isoformat() if d.date_adopted else None, d.title)
        for d in documents
    }
    # The Bitrix-style section has scans, which these tests do not OCR: its own test is in
    # tests/harvesters/test_bitrix_section.py.
    expected = {
        (a["doc_type"], a["number"], a["date"], a["title"]) for a in manifest if a["section"] != NPA
    }
    assert expected <= found
