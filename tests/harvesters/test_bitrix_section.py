"""A slice of the demo site's Bitrix-style section, served over HTTP and harvested: the
listing's traps (file names as link texts, empty «№» cells, titles citing other acts,
«Об утверждении Положения…», a publication date in the date column) must not reach the
stored acts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser
from sqlmodel import Session, select

from legaldesk.harvesters.config import load_sources
from legaldesk.harvesters.runner import Harvester
from legaldesk.harvesters.store import get_source, save_source
from legaldesk.models import Document, Organization, Version
from legaldesk.reasons import LISTING_DISAGREES, load
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site, serve
from legaldesk.synth.website import NPA, build_site

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "data" / "sources" / "demo-site.toml"


@pytest.fixture(scope="module")
def section(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bitrix")
    build_site(root, count=0, seed=7, formats=("docx",), npa=12)
    return root


def rows(site: Path) -> list[dict[str, Any]]:
    """Each act of the section with what its listing row shows."""
    acts = [a for a in json.loads((site / "manifest.json").read_text("utf-8"))["acts"]]
    page = LexborHTMLParser((site / NPA / "index.html").read_text("utf-8"))
    out = []
    for act, tr in zip(acts, page.css("table.npa tbody tr"), strict=True):
        cells = [" ".join(td.text().split()) for td in tr.css("td")]
        links = [" ".join(a.text().split()) for a in tr.css("a")]
        out.append({**act, "date_cell": cells[0], "number_cell": cells[1], "links": links})
    return out


def harvested(repo: Repository, site_dir: Path) -> dict[str, dict[str, Any]]:
    with serve(Site.from_directory(site_dir)) as site:
        config = next(c for c in load_sources(SOURCES) if c.name == "demo-npa")
        data = config.to_json()
        data["start_urls"] = [site.url(f"/{NPA}/")]
        save_source(repo.engine, type(config).model_validate(data))
        report = Harvester(repo, get_source(repo.engine, "demo-npa")).run()
        assert report.status == "ok", report.errors
    out = {}
    with Session(repo.engine) as session:
        names = dict(session.exec(select(Organization.id, Organization.name)).all())
        for version in session.exec(select(Version)).all():
            document = session.get(Document, version.document_id)
            assert document is not None and version.source_url
            out[unquote(urlsplit(version.source_url).path)] = {
                "number": document.number,
                "date": document.date_adopted.isoformat() if document.date_adopted else None,
                "doc_type": document.doc_type,
                "title": document.title,
                "issuer": names.get(document.issuer_id),
                "reasons": load(document.review_reasons),
            }
    return out


def test_the_listings_traps_do_not_reach_the_stored_acts(repo: Repository, section: Path) -> None:
    stored = harvested(repo, section)
    assert set(stored) == {a["path"] for a in rows(section)}
    listed = [a for a in rows(section) if not a["scan"]]  # OCR is off in these tests

    file_names = [a for a in listed if not a["number_cell"]]
    file_names = [a for a in file_names if any(t.endswith((".pdf", ".docx")) for t in a["links"])]
    assert file_names, "the slice has a row with an empty «№» cell and a file name for a link"
    for act in file_names:
        # The number is the document's own, nothing from the link text «1709….docx».
        assert stored[act["path"]]["number"] == act["number"]

    citing = [a for a in listed if re.search(r"\sот \d\d\.\d\d\.\d{4} №", a["title"])]
    assert citing
    for act in citing:
        got = stored[act["path"]]
        assert (got["date"], got["number"]) == (act["date"], act["number"])

    approving = [a for a in listed if a["title"].startswith("Об утверждении Положения")]
    assert approving
    assert {stored[a["path"]]["doc_type"] for a in approving} == {"postanovlenie"}

    laws = [a for a in listed if a["doc_type"] == "zakon"]
    assert laws
    assert {stored[a["path"]]["issuer"] for a in laws} == {
        "Законодательное Собрание Энской области"
    }

    # A scan, unread with OCR off, takes the listing's number, but never a file name's.
    scans = [a for a in rows(section) if a["scan"]]
    assert {bool(a["number_cell"]) for a in scans} == {True, False}  # both kinds in the slice
    for act in scans:
        expected = act["number"] if act["number_cell"] else None
        assert stored[act["path"]]["number"] == expected


def test_a_date_column_that_disagrees_sends_the_act_to_review_with_both_dates(
    repo: Repository, section: Path
) -> None:
    listed = rows(section)
    stored = harvested(repo, section)

    shifted = [
        a
        for a in listed
        if not a["scan"] and a["date_cell"] != "{2}.{1}.{0}".format(*a["date"].split("-"))
    ]
    assert shifted
    for act in shifted:
        got = stored[act["path"]]
        assert got["date"] == act["date"]  # the document's own date
        (why,) = [r for r in got["reasons"] if r.code == LISTING_DISAGREES]
        listing_date = "{2}-{1}-{0}".format(*act["date_cell"].split("."))
        assert why.disagreements == [
            {"field": "date_adopted", "listing": listing_date, "document": act["date"]}
        ]
