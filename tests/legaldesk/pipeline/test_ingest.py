"""The one ingest pipeline against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from legaldesk import reasons
from legaldesk.blobs import sha256_of
from legaldesk.messages import to_data
from legaldesk.models import AuditEvent, Change, Document, DocumentRubric, Version
from legaldesk.pipeline.extract import Extraction
from legaldesk.pipeline.extract.ocr import OCR_LOW_CONFIDENCE, ocr_available
from legaldesk.pipeline.ingest import (
    Hints,
    RawFile,
    find_files,
    ingest_path,
    iter_files,
    review_reasons,
)
from legaldesk.pipeline.metadata import parse_act
from legaldesk.reasons import duplicate_ids, listing_disagrees, load
from legaldesk.repository import Repository
from legaldesk.vocabulary import TextMethod
from tests.factories import act_text, broken_pdf, docx_bytes, scanned_act_pdf
from tests.legaldesk.pipeline.extract import hostile
from tests.legaldesk.pipeline.extract.files import HEADING, scanned_pdf


def count(repo: Repository, model: type) -> int:
    with Session(repo.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_text_act_is_filed_with_parsed_metadata(repo: Repository) -> None:
    outcome = repo.ingestor().ingest(RawFile(act_text().encode("cp1251"), "decree.txt"))

    assert outcome.status == "created"
    with Session(repo.engine) as session:
        document = session.get(Document, outcome.document_id)
        assert document is not None
        assert (document.doc_type, document.number, document.date_adopted) == (
            "postanovlenie",
            "245-п",
            date(2024, 3, 12),
        )
        assert document.title is not None and document.title.startswith("О земельном налоге")
        version = session.exec(select(Version).where(Version.document_id == document.id)).one()
        assert "ставки земельного налога" in version.text
        assert version.media_type == "text/plain"


def test_original_is_kept_in_the_blob_store(repo: Repository) -> None:
    data = docx_bytes(act_text())
    outcome = repo.ingestor().ingest(RawFile(data, "decree.docx"))

    assert outcome.sha256 is not None
    assert repo.blobs.get(outcome.sha256) == data


def test_filing_writes_the_change_and_audit_in_the_same_transaction(repo: Repository) -> None:
    outcome = repo.ingestor("librarian").ingest(RawFile(act_text().encode(), "a.txt"))

    with Session(repo.engine) as session:
        logged = session.exec(select(Change)).all()
        events = session.exec(select(AuditEvent)).all()
    assert [(c.document_id, c.kind, c.version_id, c.actor) for c in logged] == [
        (outcome.document_id, "filed", outcome.version_id, "librarian")
    ]
    assert [(e.actor, e.action, e.document_id) for e in events] == [
        ("librarian", "filed", outcome.document_id)
    ]


def test_identical_bytes_are_one_file(repo: Repository) -> None:
    data = act_text().encode()
    first = repo.ingestor().ingest(RawFile(data, "a.txt"))
    second = repo.ingestor().ingest(RawFile(data, "copy-of-a.txt"))

    assert second.status == "duplicate"
    assert second.document_id == first.document_id
    assert count(repo, Version) == 1


def test_same_act_in_new_bytes_is_a_new_version(repo: Repository) -> None:
    first = repo.ingestor().ingest(RawFile(act_text().encode(), "a.txt"))
    revised = act_text(body="Установить ставки земельного налога в редакции от 2025 года.")
    second = repo.ingestor().ingest(RawFile(docx_bytes(revised), "a-revised.docx"))

    assert second.status == "new_version"
    assert second.document_id == first.document_id
    assert count(repo, Document) == 1
    with Session(repo.engine) as session:
        numbers = session.exec(select(Version.number_in_document)).all()
    assert sorted(numbers) == [1, 2]


def test_different_acts_are_different_documents(repo: Repository) -> None:
    repo.ingestor().ingest(RawFile(act_text(number="245-п").encode(), "a.txt"))
    repo.ingestor().ingest(RawFile(act_text(number="246-п").encode(), "b.txt"))

    assert count(repo, Document) == 2


def test_hints_fill_what_the_file_lacks_and_link_rubrics(repo: Repository) -> None:
    text = "Информация о графике приёма граждан депутатами.\nПриём ведётся по средам."
    hints = Hints(
        issuer="Совет депутатов Заречного поселения",
        level="municipal",
        rubrics=("local_government",),
    )
    outcome = repo.ingestor().ingest(RawFile(text.encode(), "info.txt", hints))

    with Session(repo.engine) as session:
        document = session.get(Document, outcome.document_id)
        links = session.exec(select(DocumentRubric)).all()
    assert document is not None and document.level == "municipal"
    assert len(links) == 1
    assert outcome.needs_review  # no type, date, number: a librarian must look


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (bytes(range(256)) * 40, "unknown"),
        (broken_pdf(), "PDF"),
    ],
    ids=["empty", "unknown-binary", "corrupted-pdf"],
)
def test_bad_file_fails_with_a_reason_and_writes_nothing(
    repo: Repository, data: bytes, reason: str
) -> None:
    outcome = repo.ingestor().ingest(RawFile(data, "bad.bin"))

    assert outcome.status == "failed"
    assert outcome.reason is not None and reason.lower() in outcome.reason.lower()
    assert count(repo, Document) == 0
    assert count(repo, Version) == 0
    assert count(repo, Change) == 0
    assert not any(repo.settings.resolved_blob_dir.rglob("*")) or not any(
        p.is_file() for p in repo.settings.resolved_blob_dir.rglob("*")
    )


def test_failure_is_recorded_in_the_audit_trail(repo: Repository) -> None:
    repo.ingestor().ingest(RawFile(b"", "empty.txt"))

    with Session(repo.engine) as session:
        event = session.exec(select(AuditEvent)).one()
    assert event.action == "import_failed"
    assert event.detail["filename"] == "empty.txt"
    assert event.detail["reason"] == "empty file"


def test_file_over_the_size_limit_is_refused(repo: Repository) -> None:
    repo.settings.max_file_size = 1000
    outcome = repo.ingestor().ingest(RawFile(act_text().encode() * 10, "big.txt"))

    assert outcome.status == "failed"
    assert "over the limit" in (outcome.reason or "")


def test_oversized_file_on_disk_is_refused_before_reading(repo: Repository, tmp_path: Path) -> None:
    repo.settings.max_file_size = 1000
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)

    outcome = ingest_path(repo.ingestor(), path)

    assert outcome.status == "failed" and "over the limit" in (outcome.reason or "")


def test_hostile_filename_is_neutralised(repo: Repository) -> None:
    outcome = repo.ingestor().ingest(RawFile(act_text().encode(), "../../etc/\x00passwd\u202e.txt"))

    assert outcome.filename == "passwd.txt"
    with Session(repo.engine) as session:
        assert session.exec(select(Version.filename)).one() == "passwd.txt"


def test_failure_inside_the_transaction_leaves_no_rows(repo: Repository) -> None:
    """An unknown rubric is only noticed after the document row was added: the whole
    transaction must roll back, not leave a document without its version."""
    outcome = repo.ingestor().ingest(
        RawFile(act_text().encode(), "a.txt", Hints(rubrics=("no-such-rubric",)))
    )

    assert outcome.status == "failed"
    assert "no-such-rubric" in (outcome.reason or "")
    assert count(repo, Document) == 0
    assert count(repo, Change) == 0


def test_folder_import_goes_on_past_a_bad_file(repo: Repository, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.txt").write_bytes(act_text(number="1-п").encode())
    (inbox / "broken.pdf").write_bytes(broken_pdf())
    (inbox / "sub" / "b.docx").write_bytes(docx_bytes(act_text(number="2-п")))
    (inbox / ".hidden").write_bytes(b"ignored")

    outcomes = [ingest_path(repo.ingestor(), p) for p in iter_files([inbox])]

    assert sorted(o.status for o in outcomes) == ["created", "created", "failed"]
    assert count(repo, Document) == 2


def test_symlinked_folder_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.txt").write_text("x")
    os.symlink(tmp_path / "inbox", tmp_path / "inbox" / "loop")

    files = list(iter_files([tmp_path / "inbox"]))

    assert [f.name for f in files] == ["a.txt"]


def test_a_folder_named_through_a_link_is_the_folder_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "real" / "2024").mkdir(parents=True)
    (tmp_path / "real" / "a.txt").write_text("x")
    (tmp_path / "real" / "2024" / "b.txt").write_text("y")
    os.symlink(tmp_path / "real", tmp_path / "link")

    found = find_files([tmp_path / "link"])

    assert [f.relative_to(tmp_path / "real").as_posix() for f in found.files] == [
        "2024/b.txt",
        "a.txt",
    ]
    assert found.skipped == []


def test_links_inside_a_folder_never_lead_out_of_it_or_round_in_circles(tmp_path: Path) -> None:
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    (inbox / "sub").mkdir(parents=True)
    outside.mkdir()
    (inbox / "a.txt").write_text("x")
    (outside / "secret.txt").write_text("not for the repository")
    os.symlink(outside / "secret.txt", inbox / "leak.txt")
    os.symlink(outside, inbox / "sub" / "elsewhere")
    os.symlink(inbox, inbox / "sub" / "up")  # inside: its target is walked anyway
    os.symlink(inbox / "a.txt", inbox / "same.txt")  # inside, to a file
    os.symlink(inbox / "loop1", inbox / "loop2")
    os.symlink(inbox / "loop2", inbox / "loop1")
    os.symlink(inbox / "gone.txt", inbox / "broken.txt")

    found = find_files([inbox])

    assert [f.name for f in found.files] == ["a.txt"]
    reasons = {s.path.relative_to(inbox).as_posix(): s.reason for s in found.skipped}
    assert reasons == {
        "broken.txt": "broken symbolic link",
        "leak.txt": f"symbolic link leads outside the folder, to {outside / 'secret.txt'}",
        "loop1": "symbolic link loop",
        "loop2": "symbolic link loop",
        "sub/elsewhere": f"symbolic link leads outside the folder, to {outside}",
    }


@pytest.mark.parametrize(
    "data",
    [b"  \n\n \t\r\n", "\u00a0\n\u00a0 ".encode(), codecs.BOM_UTF8 + b"\n"],
    ids=["spaces", "nbsp", "bom"],
)
def test_a_file_of_blanks_is_refused_not_filed_as_an_empty_act(
    repo: Repository, data: bytes
) -> None:
    outcome = repo.ingestor().ingest(RawFile(data, "blank.txt"))

    assert (outcome.status, outcome.reason) == ("failed", "the file holds no text")
    assert count(repo, Document) == 0


def test_a_scan_awaiting_ocr_is_kept_though_it_has_no_text_yet(repo: Repository) -> None:
    outcome = repo.ingestor().ingest(RawFile(scanned_pdf([HEADING]), "scan.pdf"))

    assert outcome.status == "created"
    with Session(repo.engine) as session:
        assert session.exec(select(Version.text_method)).one() == "needs_ocr"


@pytest.mark.parametrize(
    ("confidence", "low"), [(55.0, True), (69.9, True), (70.0, False), (93.0, False), (None, False)]
)
def test_ocr_under_the_threshold_is_a_doubt_of_its_own(confidence: float | None, low: bool) -> None:
    meta = parse_act(act_text())
    read = Extraction(act_text(), TextMethod.OCR, pages=1, ocr_confidence=confidence)

    codes = [r.code for r in review_reasons(meta, read)]

    assert reasons.TEXT_FROM_OCR in codes
    assert (reasons.OCR_LOW_CONFIDENCE in codes) is low


@pytest.mark.ocr
@pytest.mark.skipif(not ocr_available("rus"), reason="tesseract with Russian data is absent")
def test_a_specked_scan_waits_in_review_with_its_ocr_confidence(repo: Repository) -> None:
    """Imported by the operator, a way that publishes at once: the act still waits, because
    its text was read with a confidence under the threshold."""
    repo.settings.ocr = True
    repo.settings.ocr_dpi = 150

    outcome = repo.ingestor().ingest(RawFile(scanned_act_pdf(noise=0.02), "scan.pdf"))

    assert outcome.status == "created" and outcome.publication == "pending"
    with Session(repo.engine) as session:
        version = session.exec(select(Version)).one()
        document = session.get(Document, outcome.document_id)
        assert document is not None
    assert version.text_method == "ocr"
    assert version.ocr_confidence is not None and version.ocr_confidence < OCR_LOW_CONFIDENCE
    low = [r for r in reasons.load(document.review_reasons) if r.code == "ocr_low_confidence"]
    assert [r.confidence for r in low] == [round(version.ocr_confidence)]
    assert document.publication == "pending" and document.needs_review


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (
            hostile.huge_page_pdf,
            "page too large: page 1 measures 508 × 508 cm, too large for a document (limit 4 m²)",
        ),
        (hostile.flate_bomb_pdf, "out of memory: PDF needs more than 512 MB to read"),
    ],
    ids=["huge-page", "flate-bomb"],
)
def test_a_bomb_is_one_refused_file_with_its_reason(
    repo: Repository, make: Callable[[], bytes], reason: str
) -> None:
    repo.settings.ocr = True  # the huge page would be rendered for OCR
    repo.settings.extract_memory_mb = 512
    data = make()

    outcome = repo.ingestor().ingest(RawFile(data, "bomb.pdf"))

    assert (outcome.status, outcome.reason) == ("failed", reason)
    with Session(repo.engine) as session:
        event = session.exec(select(AuditEvent)).one()
    assert event.action == "import_failed"
    assert event.detail == {
        "filename": "bomb.pdf",
        "sha256": sha256_of(data),
        "reason": reason,
        "message": to_data(outcome.reason or ""),
    }
    assert event.detail["message"]["template"] == outcome.reason.template  # type: ignore[union-attr]
    assert count(repo, Document) == 0


def test_the_same_act_under_another_issuer_spelling_is_suspected_a_duplicate(
    repo: Repository,
) -> None:
    ingestor = repo.ingestor("test")
    first = ingestor.ingest(RawFile(docx_bytes(act_text()), "245.docx"))
    second = ingestor.ingest(
        RawFile(
            docx_bytes(act_text(issuer="АДМИНИСТРАЦИЯ ЗАРЕЧНОГО ПОСЕЛЕНИЯ", body="Иная редакция.")),
            "245 (копия).docx",
        )
    )

    assert second.status == "created" and second.needs_review
    with Session(repo.engine) as session:
        document = session.get(Document, second.document_id)
        assert document is not None
        assert duplicate_ids(document.review_reasons) == [first.document_id]


def test_another_act_of_the_same_day_is_not_suspected(repo: Repository) -> None:
    ingestor = repo.ingestor("test")
    ingestor.ingest(RawFile(docx_bytes(act_text()), "245.docx"))

    other = ingestor.ingest(
        RawFile(docx_bytes(act_text(number="246-п", title="О тарифах на воду")), "246.docx")
    )

    assert other.needs_review is False


def test_an_appendix_harvested_with_its_acts_listing_entry_is_not_a_suspect(
    repo: Repository,
) -> None:
    listing = Hints(number="245-п", date_adopted=date(2024, 3, 12), title="О земельном налоге")
    ingestor = repo.ingestor("test")
    ingestor.ingest(RawFile(docx_bytes(act_text()), "245.docx", listing))

    appendix = ingestor.ingest(
        RawFile("Перечень мероприятий\n1. Провести учёт.".encode(), "prilozhenie.txt", listing)
    )

    with Session(repo.engine) as session:
        document = session.get(Document, appendix.document_id)
        assert document is not None
        assert duplicate_ids(document.review_reasons) == []


def test_a_listing_that_disagrees_sends_the_act_to_review_with_both_values(
    repo: Repository,
) -> None:
    hints = Hints(number="246-п", date_adopted=date(2024, 3, 12))
    outcome = repo.ingestor().ingest(RawFile(act_text().encode(), "a.txt", hints))

    with Session(repo.engine) as session:
        document = session.get(Document, outcome.document_id)
        assert document is not None
        assert document.number == "245-п"  # what the act's own heading says
        assert load(document.review_reasons) == [listing_disagrees([("number", "246-п", "245-п")])]
    assert outcome.needs_review


def test_a_file_name_in_the_listing_never_becomes_the_acts_number(repo: Repository) -> None:
    text = act_text().replace("от 12.03.2024 № 245-п", "от 12.03.2024")
    hints = Hints(number="1710241234567", title="1710241234567.pdf")
    outcome = repo.ingestor().ingest(RawFile(text.encode(), "1710241234567.txt", hints))

    with Session(repo.engine) as session:
        document = session.get(Document, outcome.document_id)
        assert document is not None
        assert document.number is None
        assert document.title is not None and document.title.startswith("О земельном налоге")
