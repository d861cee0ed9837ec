"""A file the isolated reader refuses is explained in the librarian's language: in full
where the reason comes straight from the ingest (the upload page); where it was stored as
text (harvest runs), read back by the template it was made from, or by its known head
when its detail is a library's own words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.web import i18n
from tests.legaldesk.pipeline.extract import hostile
from tests.legaldesk.pipeline.extract.files import HEADING, scanned_pdf
from tests.web.sessions import Client, log_in


@pytest.fixture
def russian() -> Iterator[None]:
    i18n.use("ru")
    yield
    i18n.use(i18n.DEFAULT)


def test_a_refused_page_is_explained_in_russian(repo: Repository, russian: None) -> None:
    outcome = repo.ingestor().ingest(RawFile(hostile.huge_page_pdf(), "plan.pdf"))

    assert i18n.tr(outcome.reason) == (
        "слишком большая страница: страница 1 размером 508 × 508 см — слишком велика для "
        "документа (предел 4 м²)"
    )


def test_a_file_of_blanks_is_explained_in_russian(repo: Repository, russian: None) -> None:
    outcome = repo.ingestor().ingest(RawFile(" \n\u00a0\n".encode(), "blank.txt"))

    assert i18n.tr(outcome.reason) == "в файле нет текста"


@pytest.mark.parametrize(
    ("stored", "russian_text"),
    [
        (
            "out of memory: PDF needs more than 1024 MB to read",
            "не хватило памяти: для чтения PDF нужно больше 1024 МБ",
        ),
        (
            "too slow: extraction took longer than 600 s",
            "слишком долгое чтение: извлечение текста заняло больше 600 с",
        ),
        (
            "the reader crashed: signal 11 (SIGSEGV)",
            "программа чтения файла аварийно завершилась: сигнал 11 (SIGSEGV)",
        ),
        ("PDF is corrupted: startxref not found", "PDF повреждён: startxref not found"),
    ],
)
def test_a_stored_reason_is_translated_whole_values_and_all(
    russian: None, stored: str, russian_text: str
) -> None:
    assert i18n.tr(stored) == russian_text


def test_a_stored_warning_is_translated_with_the_reason_inside_it(russian: None) -> None:
    # a version's extraction notes are kept as the English text pdf.py's messages make
    assert i18n.tr(
        "text layer has almost no Cyrillic (broken font map or junk OCR layer): text from OCR"
    ) == (
        "в текстовом слое почти нет кириллицы (испорчена таблица шрифта или мусорный слой "
        "распознавания): текст распознан"
    )
    assert i18n.tr("pages 2, 3: no text layer (a scan), OCR used") == (
        "страницы 2, 3: нет текстового слоя (скан), текст распознан"
    )
    # the cause a message with a value of its own
    assert i18n.tr(
        "no text layer (a scan): kept, needs OCR (tesseract lacks language data rus+eng)"
    ) == (
        "нет текстового слоя (скан): файл сохранён, нужно распознавание "
        "(у tesseract нет языковых данных rus+eng)"
    )


def test_the_act_page_says_what_reading_the_scan_met_in_russian(
    client: Client, repo: Repository
) -> None:
    outcome = repo.ingestor("test").ingest(RawFile(scanned_pdf([HEADING]), "scan.pdf"))
    log_in(client, "librarian")

    page = client.get(f"/documents/{outcome.document_id}").text

    assert (
        "нет текстового слоя (скан): файл сохранён, нужно распознавание "
        "(распознавание выключено)" in page
    )
    assert "needs OCR" not in page
