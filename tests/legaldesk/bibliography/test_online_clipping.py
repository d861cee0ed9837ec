"""A press clipping taken from a news site is described with its address and the day it was
read there; without that day the GOST formatter refuses, and a dossier holding such a
clipping could not be delivered (the demo's was not)."""

from __future__ import annotations

from sqlmodel import Session, select

from legaldesk.bibliography import describe_document
from legaldesk.clippings import clipping_details
from legaldesk.models import Document
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository

ARTICLE = "Тарифы на воду изменятся с 1 июля\n\nРассказали в администрации района.\n"


def test_an_online_clipping_is_described_with_the_day_it_was_filed(repo: Repository) -> None:
    details = clipping_details(
        source_name="Новости района",
        source_kind="site",
        headline="Тарифы на воду изменятся с 1 июля",
        issued="20.03.2024",
        url="https://news.example.ru/1",
    )
    outcome = repo.ingestor("test").ingest(
        RawFile(ARTICLE.encode(), "article.txt", clipping=details)
    )
    assert outcome.document_id is not None
    with Session(repo.engine) as session:
        filed = session.exec(
            select(Document.created_at).where(Document.id == outcome.document_id)
        ).one()

    described = describe_document(repo, outcome.document_id)

    assert "URL: https://news.example.ru/1" in described
    assert f"(дата обращения: {filed:%d.%m.%Y})" in described
