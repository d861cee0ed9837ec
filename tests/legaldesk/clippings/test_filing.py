"""Filing press clippings through the one pipeline: the librarian's fields are kept, the text
is never read as an act, search tells clippings from acts, and a newspaper's report of a
repeal cites the act without repealing it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from legaldesk.clippings import ClippingDetails, clipping_details
from legaldesk.index import SearchQuery
from legaldesk.models import ActReference, Clipping, Document, Version
from legaldesk.pipeline.extract.ocr import ocr_available
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from tests.factories import act_text, docx_bytes, scanned_act_pdf

HEADLINE = "Тарифы на воду изменятся с 1 июля"
ARTICLE = (
    f"{HEADLINE}\n\n"
    "Постановлением администрации от 12.03.2024 № 245-п признано утратившим силу "
    "постановление от 01.02.2021 № 17-п. Новые ставки земельного налога вступают в силу "
    "с начала года, рассказали в администрации.\n"
)


def details(**changes: object) -> ClippingDetails:
    given: dict[str, object] = {
        "source_name": "Заречные вести",
        "headline": HEADLINE,
        "issued": "20.03.2024",
        "issue": "№ 12 (10234)",
        "pages": "3–4",
        "authors": "М. Иванова, П. Сидоров",
        **changes,
    }
    return clipping_details(**given)  # type: ignore[arg-type]


def test_a_docx_clipping_keeps_its_fields_and_is_not_parsed_as_an_act(repo: Repository) -> None:
    # The article reprints an act's heading: the parser would read type, number and date.
    text = act_text(number="300-п", adopted=date(2024, 3, 1))
    outcome = repo.ingestor("test").ingest(
        RawFile(docx_bytes(text), "article.docx", Hints(rubrics=("tariffs",)), clipping=details())
    )

    assert outcome.status == "created" and outcome.publication == "published"
    with Session(repo.engine) as session:
        document = session.get(Document, outcome.document_id)
        clipping = session.get(Clipping, outcome.document_id)
    assert document is not None and clipping is not None
    assert document.material == "clipping"
    assert (document.title, document.date_adopted) == (HEADLINE, date(2024, 3, 20))
    assert (document.doc_type, document.number, document.act_key, document.issuer_id) == (
        None,
        None,
        None,
        None,
    )
    assert not document.needs_review  # «not an act», «parser unsure»: no doubts of an act
    assert clipping.source_name == "Заречные вести" and clipping.source_kind == "newspaper"
    assert (clipping.issue, clipping.pages, clipping.issued) == (
        "12 (10234)",
        "3-4",
        date(2024, 3, 20),
    )
    assert clipping.authors == ["М. Иванова", "П. Сидоров"]


def test_the_same_act_text_filed_as_an_act_is_an_act(repo: Repository) -> None:
    text = act_text(number="300-п", adopted=date(2024, 3, 1))
    as_clipping = repo.ingestor("test").ingest(
        RawFile(docx_bytes(text), "a.docx", clipping=details())
    )
    as_act = repo.ingestor("test").ingest(RawFile(docx_bytes(text + "\n"), "b.docx"))

    with Session(repo.engine) as session:
        act = session.get(Document, as_act.document_id)
        clipping = session.get(Document, as_clipping.document_id)
    assert act is not None and clipping is not None
    assert (act.material, act.number, act.doc_type) == ("act", "300-п", "postanovlenie")
    assert act.id != clipping.id  # the clipping's text did not make it a version of the act


@pytest.mark.ocr
@pytest.mark.skipif(not ocr_available("rus"), reason="tesseract with Russian data is absent")
def test_a_scanned_clipping_is_read_by_ocr_and_awaits_review(repo: Repository) -> None:
    repo.settings.ocr = True
    repo.settings.ocr_dpi = 150
    scan = scanned_act_pdf(ARTICLE)

    outcome = repo.ingestor("test").ingest(RawFile(scan, "scan.pdf", clipping=details()))

    assert outcome.status == "created" and outcome.needs_review
    with Session(repo.engine) as session:
        document = session.get(Document, outcome.document_id)
        version = session.exec(
            select(Version).where(Version.document_id == outcome.document_id)
        ).one()
    assert document is not None and document.material == "clipping"
    assert document.title == HEADLINE  # the headline given, not a line of the OCR text
    assert version.text_method == "ocr" and "утратившим" in version.text.replace("\n", " ")
    codes = [r["code"] for r in document.review_reasons or []]
    assert "text_from_ocr" in codes and "not_an_act" not in codes and "parser_unsure" not in codes


def test_search_tells_clippings_from_acts(repo: Repository) -> None:
    ingest = repo.ingestor("test").ingest
    act = ingest(RawFile(docx_bytes(act_text()), "245.docx"))
    clip = ingest(RawFile(ARTICLE.encode(), "article.txt", clipping=details()))
    repo.update_index()

    def found(*materials: str) -> list[int]:
        query = SearchQuery(text="земельного налога", materials=materials)
        return sorted(h.id for h in search_documents(repo.engine, repo.index, query).hits)

    assert found() == sorted([act.document_id, clip.document_id])  # type: ignore[type-var]
    assert found("clipping") == [clip.document_id]
    assert found("act") == [act.document_id]
    page = search_documents(repo.engine, repo.index, SearchQuery(text="земельного налога"))
    assert page.facets["material"] == {"act": 1, "clipping": 1}
    (hit,) = [h for h in page.hits if h.id == clip.document_id]
    assert (hit.material, hit.newspaper) == ("clipping", "Заречные вести")


def test_a_reported_repeal_cites_the_act_and_leaves_its_status(repo: Repository) -> None:
    ingest = repo.ingestor("test").ingest
    old = ingest(RawFile(docx_bytes(act_text(number="17-п", adopted=date(2021, 2, 1))), "17.docx"))
    clip = ingest(RawFile(ARTICLE.encode(), "article.txt", clipping=details()))
    repo.update_index()  # the relations consumer reads the clipping's references

    with Session(repo.engine) as session:
        refs = session.exec(
            select(ActReference).where(ActReference.source_id == clip.document_id)
        ).all()
        target = session.get(Document, old.document_id)
    to_old = [r for r in refs if r.target_id == old.document_id]
    assert to_old and {r.role for r in to_old} == {"cites"}
    assert target is not None and target.status != "repealed"


def test_a_second_scan_of_the_same_article_is_a_suspected_duplicate(repo: Repository) -> None:
    ingest = repo.ingestor("test").ingest
    first = ingest(RawFile(ARTICLE.encode(), "a.txt", clipping=details()))
    second = ingest(RawFile((ARTICLE + "\n(окончание)").encode(), "b.txt", clipping=details()))

    assert second.needs_review
    with Session(repo.engine) as session:
        document = session.get(Document, second.document_id)
    assert document is not None
    (reason,) = document.review_reasons or []
    assert reason["code"] == "duplicate_of" and first.document_id in reason["acts"]
