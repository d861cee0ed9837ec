"""Where each version came from and how its text was read, said alike by the act page, the
JSON API and ``legaldesk show --json``: a file harvested from a real local website, with
the validators that site gave it, and a scan read by OCR, with tesseract's confidence."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Any

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from legaldesk.cli import app as cli
from legaldesk.config import Settings
from legaldesk.harvesters.config import source_from_dict
from legaldesk.harvesters.runner import Harvester
from legaldesk.harvesters.store import get_source, save_source
from legaldesk.models import Version
from legaldesk.pipeline.extract.ocr import OCR_LOW_CONFIDENCE, ocr_available
from legaldesk.pipeline.ingest import RawFile
from legaldesk.publication import publish
from legaldesk.repository import Repository
from legaldesk.synth.webserver import Site, serve
from tests.factories import scanned_act_pdf
from tests.harvesters.conftest import FAST_HTTP
from tests.harvesters.conftest import publish as put_listing
from tests.web.sessions import Client, log_in


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The served site lives on 127.0.0.1: allowed here, as an administrator would."""
    return settings.model_copy(update={"fetch_allow": ("127.0.0.1",)})


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as served:
        yield served


def show(repo: Repository, document_id: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``legaldesk show ID --json`` on the test's repository."""
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(repo.settings.data_dir))
    monkeypatch.setenv("LEGALDESK_DATABASE_URL", str(repo.settings.database_url))
    result = CliRunner().invoke(cli, ["show", str(document_id), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    shown: dict[str, Any] = json.loads(result.stdout)
    return shown


def test_a_harvested_version_gives_its_source_address_fetch_time_and_validators(
    repo: Repository, client: Client, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_listing(site, [7])
    config = {
        "name": "adm",
        "title": "Постановления администрации",
        "kind": "listing",
        "official": True,  # publishes at once: the public sees it
        "start_urls": [site.url("/docs/index.html")],
        "listing": {"item": "table.docs tr"},
        "defaults": {"issuer": "Администрация Заречного сельского поселения"},
        "http": FAST_HTTP,
    }
    save_source(repo.engine, source_from_dict(config))
    before = datetime.now(UTC)
    assert Harvester(repo, get_source(repo.engine, "adm")).run().new == 1
    served = site.files["/files/7.docx"]
    etag = '"' + hashlib.sha256(served.body).hexdigest()[:16] + '"'
    modified = formatdate(served.modified, usegmt=True)
    with Session(repo.engine) as session:
        document_id = session.exec(
            select(Version.document_id).where(Version.source_id != None)  # noqa: E711
        ).one()

    (api,) = client.get(f"/api/v1/documents/{document_id}").json()["versions"]
    (cli_version,) = show(repo, document_id, monkeypatch)["versions"]
    public = client.get(f"/documents/{document_id}").text
    log_in(client, "librarian")
    staff = client.get(f"/documents/{document_id}").text

    for version in (api, cli_version):
        assert version["source"] == "adm"
        assert version["source_url"] == site.url("/files/7.docx")
        assert (version["http_etag"], version["http_last_modified"]) == (etag, modified)
        assert before <= datetime.fromisoformat(version["fetched_at"]) <= datetime.now(UTC)
        assert (version["text_method"], version["ocr_confidence"]) == ("native", None)
    for page in (public, staff):
        block = page[page.index("Происхождение") :]
        assert "Постановления администрации" in block
        assert site.url("/files/7.docx") in block
        assert etag.strip('"') in block and modified in block
    assert "/staff/sources#source-adm" not in public  # the public reads the name, no link
    assert 'href="/staff/sources#source-adm"' in staff


@pytest.mark.ocr
@pytest.mark.skipif(not ocr_available("rus"), reason="tesseract with Russian data is absent")
def test_an_ocr_version_gives_its_confidence_everywhere(
    repo: Repository, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.settings.ocr = True
    repo.settings.ocr_dpi = 150
    outcome = repo.ingestor("test").ingest(RawFile(scanned_act_pdf(noise=0.02), "scan.pdf"))
    document_id = outcome.document_id
    assert document_id is not None and outcome.publication == "pending"
    assert client.get(f"/api/v1/documents/{document_id}").status_code == 404  # in review
    publish(repo.engine, [document_id], "librarian")  # a librarian read it and published it

    (api,) = client.get(f"/api/v1/documents/{document_id}").json()["versions"]
    (cli_version,) = show(repo, document_id, monkeypatch)["versions"]
    page = client.get(f"/documents/{document_id}").text

    confidence = api["ocr_confidence"]
    assert api["text_method"] == "ocr" and 0 < confidence < OCR_LOW_CONFIDENCE
    assert cli_version["ocr_confidence"] == confidence
    assert f"уверенность распознавания {round(confidence)} %" in page
    assert "Происхождение" not in page  # nothing is known of where a scan came from
