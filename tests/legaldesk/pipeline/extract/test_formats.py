"""Each format is read from real bytes; each bad file fails with a reason."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest

from legaldesk.messages import Msg
from legaldesk.pipeline.extract import ExtractionError, ExtractLimits, extract
from legaldesk.pipeline.extract.ocr import OCR_LOW_CONFIDENCE, ocr_available, word_confidences
from legaldesk.pipeline.sniff import DOCX, HTML, PDF, RTF, TEXT, XML, sniff
from legaldesk.vocabulary import TextMethod
from legaldesk.web import i18n
from tests.factories import act_text, docx_bytes, scanned_act_pdf
from tests.legaldesk.pipeline.extract import files

NO_OCR = ExtractLimits(ocr=False)


def read(data: bytes, limits: ExtractLimits = NO_OCR):  # type: ignore[no-untyped-def]
    return extract(data, sniff(data), limits)


def test_pdf_text_layer() -> None:
    result = read(files.text_pdf([files.HEADING, files.BODY]))

    assert result.method == TextMethod.TEXT_LAYER
    assert files.BODY in result.text
    assert result.pages == 1


def test_scanned_pdf_without_ocr_is_kept_as_needing_ocr() -> None:
    result = read(files.scanned_pdf([files.HEADING]))

    assert result.method == TextMethod.NEEDS_OCR
    assert result.text == ""
    assert "needs OCR" in result.warnings[0]


def test_a_warning_comes_back_from_the_reader_process_as_a_message_to_translate() -> None:
    warning = read(files.scanned_pdf([files.HEADING])).warnings[0]

    # read in a child process and handed back as data: the reason inside is a message too
    assert isinstance(warning, Msg) and isinstance(warning.params["problem"], Msg)
    with i18n.speaking("ru"):
        assert i18n.tr(warning) == (
            "нет текстового слоя (скан): файл сохранён, нужно распознавание "
            "(распознавание выключено)"
        )


@pytest.mark.ocr
@pytest.mark.skipif(not ocr_available("rus"), reason="tesseract with Russian data is absent")
def test_scanned_pdf_is_read_by_ocr() -> None:
    result = read(
        files.scanned_pdf([files.HEADING, "земельный налог"]), ExtractLimits(ocr=True, ocr_dpi=150)
    )

    assert result.method == TextMethod.OCR
    assert "ПОСТАНОВЛЕНИЕ" in result.text


def test_encrypted_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError, match="encrypted"):
        read(files.encrypted_pdf())


def test_truncated_pdf_is_refused_as_corrupted() -> None:
    data = files.text_pdf([files.BODY])
    with pytest.raises(ExtractionError, match=r"(?i)pdf"):
        extract(data[: len(data) // 3], PDF, NO_OCR)


def test_docx_reads_header_paragraphs_and_tables_in_order() -> None:
    text = read(files.docx_with_table_and_header()).text

    assert text.index("АДМИНИСТРАЦИЯ") < text.index(files.HEADING) < text.index("Ставка")
    assert "Сельскохозяйственные угодья | 0,3 %" in text
    assert text.index("0,3 %") < text.index("Глава района")


def test_docx_zip_bomb_is_refused() -> None:
    bomb = files.zip_bomb(5_000_000)
    assert sniff(bomb) == DOCX

    with pytest.raises(ExtractionError, match="zip bomb"):
        extract(bomb, DOCX, ExtractLimits(max_unpacked_size=1_000_000))


def test_broken_zip_is_refused() -> None:
    data = files.docx_with_table_and_header()
    with pytest.raises(ExtractionError):
        extract(data[:200] + b"\0" * 100, DOCX, NO_OCR)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8-r"])
def test_plain_text_encodings(encoding: str) -> None:
    source = f"{files.HEADING}\nот 12.03.2024 N 245-п\n{files.BODY}\nУстановить ставки налога."

    result = read(source.encode(encoding))

    assert files.BODY in result.text


def test_short_cp1251_text_is_not_mistaken_for_another_cyrillic_encoding() -> None:
    assert read("Решение".encode("cp1251") + b"\n").text == "Решение"


def cp1251_with_stray_bytes(text: str, stray: bytes, every: int) -> bytes:
    """CP1251 text with a byte CP1251 does not define slipped in every ``every`` bytes, as
    a Word export or a truncated copy leaves them."""
    data = text.encode("cp1251")
    return b"".join(data[i : i + every] + stray for i in range(0, len(data), every))


def test_a_stray_byte_does_not_turn_cp1251_into_mac_cyrillic() -> None:
    text = act_text()
    data = text.encode("cp1251")
    data = data[:300] + b"\x98" + data[300:]  # 0x98: undefined in Python's CP1251
    assert data.decode("mac-cyrillic")  # the codec that used to win: it defines every byte

    result = read(data)

    assert result.encoding == "cp1251"
    assert result.text.replace("\ufffd", "") == text.strip()


def test_a_few_stray_bytes_still_read_as_cp1251() -> None:
    text = act_text()

    result = read(cp1251_with_stray_bytes(text, b"\x98", every=97))

    assert result.encoding == "cp1251"
    assert result.text.count("\ufffd") == len(text.encode("cp1251")) // 97 + 1
    words = result.text.replace("\ufffd", "").split()
    assert words == text.split()


def test_a_stray_byte_in_utf8_does_not_make_it_cp1251_mojibake() -> None:
    data = act_text().encode("utf-8")
    data = data[:301] + b"\xff" + data[301:]

    result = read(data)

    assert result.encoding == "utf-8"
    assert "ставки земельного налога" in result.text


@pytest.mark.parametrize(
    "data",
    [
        b"   \n\n\t  \r\n",
        "\u00a0\u00a0\n\u00a0".encode(),
        codecs.BOM_UTF8,
        codecs.BOM_UTF8 + b"  \n",
        "\u200b\u2060\n".encode(),
    ],
    ids=["spaces", "nbsp", "bom", "bom-and-spaces", "zero-width"],
)
def test_a_text_file_of_blanks_holds_no_text(data: bytes) -> None:
    with pytest.raises(ExtractionError, match="the file holds no text"):
        extract(data, TEXT, NO_OCR)


def test_an_empty_docx_holds_no_text() -> None:
    with pytest.raises(ExtractionError, match="the file holds no text"):
        extract(docx_bytes("\n \n\u00a0"), DOCX, NO_OCR)


def test_an_html_page_of_markup_only_holds_no_text() -> None:
    page = b"<html><body><p>&nbsp;</p><script>var act = 1;</script></body></html>"
    with pytest.raises(ExtractionError, match="the file holds no text"):
        extract(page, HTML, NO_OCR)


def test_text_of_nonsense_bytes_has_no_encoding() -> None:
    with pytest.raises(ExtractionError):
        extract(bytes(range(128, 256)) * 20, TEXT, NO_OCR)


def test_html_fragment_without_html_element() -> None:
    fragment = (
        f"<p><strong>{files.HEADING}</strong></p><p>{files.BODY}</p>"
        "<table><tr><td>1</td><td>Ставка</td></tr></table><script>x()</script>"
    )

    data = fragment.encode()
    result = extract(data, sniff(data), NO_OCR)

    assert sniff(data) == HTML
    assert files.HEADING in result.text and files.BODY in result.text
    assert "x()" not in result.text


def test_html_in_windows_1251_with_meta_charset() -> None:
    page = (
        f'<html><head><meta charset="windows-1251"></head><body><p>{files.BODY}</p></body></html>'
    ).encode("cp1251")

    assert files.BODY in read(page).text


def test_rtf_with_cp1251_escapes() -> None:
    data = files.rtf_cp1251(f"{files.HEADING}\n{files.BODY}")

    assert sniff(data) == RTF
    assert files.BODY in read(data).text


def test_token_per_element_xml_is_rebuilt() -> None:
    data = (
        "<?xml version='1.0' encoding='utf-8'?><doc><s><w>О</w><w>земельном</w>"
        "<w>налоге</w><pc>.</pc></s></doc>"
    ).encode()

    assert sniff(data) == XML
    assert read(data).text == "О земельном налоге."


def test_xml_entity_expansion_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>'
    )
    with pytest.raises(ExtractionError):
        extract(bomb, XML, NO_OCR)


def test_empty_and_unknown_are_refused() -> None:
    with pytest.raises(ExtractionError, match="empty"):
        extract(b"", TEXT)
    with pytest.raises(ExtractionError, match="unknown"):
        extract(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, sniff(b"\x89PNG\r\n\x1a\n" + b"\0" * 50))


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")
def test_a_doc_that_is_not_word_fails_with_a_reason() -> None:
    from legaldesk.pipeline.extract.base import ExtractionError as Err
    from legaldesk.pipeline.sniff import DOC, OLE2_MAGIC

    with pytest.raises(Err):
        extract(OLE2_MAGIC + b"\0" * 600, DOC, NO_OCR)


@pytest.mark.ocr
@pytest.mark.skipif(not ocr_available("rus"), reason="tesseract with Russian data is absent")
def test_ocr_says_how_sure_it_is_and_the_reader_process_hands_it_back() -> None:
    """The mean word confidence crosses from the isolated reader: a clean scan reads well
    over the threshold, a specked one under it, still as text."""
    limits = ExtractLimits(ocr=True, ocr_dpi=150)

    clean = read(scanned_act_pdf(), limits)
    specked = read(scanned_act_pdf(noise=0.02), limits)

    assert clean.method == specked.method == TextMethod.OCR
    assert clean.ocr_confidence is not None and clean.ocr_confidence > 90
    assert specked.ocr_confidence is not None and specked.ocr_confidence < OCR_LOW_CONFIDENCE
    assert "ПОСТАНОВЛЕНИЕ" in specked.text.upper()


def test_word_confidences_are_read_from_tesseracts_tsv() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
        "\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t1241\t600\t-1\t\n"
        "4\t1\t1\t1\t1\t0\t65\t69\t438\t37\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t65\t69\t438\t37\t96.36\tПОСТАНОВЛЕНИЕ\n"
        "5\t1\t2\t1\t1\t1\t63\t158\t273\t38\t41.5\tземельный\n"
        "5\t1\t2\t1\t1\t2\t360\t168\t139\t28\t-1\t \n"  # a box with no word in it
        "5\t1\t2\t1\t1\t3\t360\t168\t139\t28\tnan?\tналог\n"  # garbage is passed over
    )

    assert word_confidences(tsv) == [96.36, 41.5]
    assert word_confidences("") == []


def test_a_word_97_file_names_the_converter_that_read_it(corpus: Path) -> None:
    if shutil.which("antiword") is None:
        pytest.skip("antiword is not installed")
    data = (corpus / "rybinsk" / "antikorrupciya.doc").read_bytes()

    result = read(data)

    assert result.method == TextMethod.CONVERTED
    assert result.converter == "antiword"
    assert "Спортивная школа" in result.text
