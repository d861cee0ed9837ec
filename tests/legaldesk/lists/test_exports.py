"""Each format written and read back by something else: RIS by rispy, CSL-JSON by json,
RUSMARC by pymarc (ISO 2709 and MARCXML) field by field, DOCX by python-docx and converted
to PDF by LibreOffice, the HTML page by an HTML parser."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pymarc
import pytest
import rispy
from docx import Document
from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from legaldesk.lists import make_list
from legaldesk.lists.exports import FORMAT_NAMES, ListDocument, get
from legaldesk.lists.exports.rusmarc import read_iso
from tests.legaldesk.lists.items import act, title

DECREE = act(
    "Об утверждении порядка предоставления субсидий",
    "municipal",
    "postanovlenie",
    (2024, 3, 12),
    genre="постановление",
    number="312-п",
    authority="Администрация Ольховского муниципального района",
    URL="https://library.example/documents/7",
    **{"legaldesk:id": 7, "legaldesk:rubrics": ["Жилищно-коммунальное хозяйство"]},
)
LAW = act(
    "Об общих принципах организации местного самоуправления в Российской Федерации",
    "federal",
    "federalnyi_zakon",
    (2003, 10, 6),
    genre="федеральный закон",
    number="131-ФЗ",
    authority="Российская Федерация",
    **{"legaldesk:id": 8},
)
ARTICLE = {
    "type": "article-newspaper",
    "title": "Новые тарифы на вывоз мусора",
    "author": [
        {"family": "Иванова", "given": "Мария Петровна"},
        {"family": "Петров", "given": "А. А."},
    ],
    "container-title": "Ольховская новь",
    "issue": "11",
    "page": "3–4",
    "issued": {"date-parts": [[2024, 3, 15]]},
}


@pytest.fixture
def doc() -> ListDocument:
    return make_list(
        "Новые поступления", "за март 2024 г.", [DECREE, ARTICLE, LAW], title,
        compiled=date(2024, 4, 1), compiler="Ольховская районная библиотека",
    )  # fmt: skip


def test_ris_reads_back_with_rispy_in_the_lists_order(doc: ListDocument) -> None:
    records = rispy.loads(get("ris").render(doc).decode("utf-8"))

    assert [r["type_of_reference"] for r in records] == ["STAT", "STAT", "NEWS"]
    law, decree, article = records
    assert law["title"] == LAW["title"] and law["authors"] == ["Российская Федерация"]
    assert law["date"] == "2003/10/06/" and law["year"] == "2003"
    assert decree["note"] == "312-п"  # M1: Zotero's publicLawNumber
    assert decree["urls"] == ["https://library.example/documents/7"]
    assert decree["keywords"] == ["Жилищно-коммунальное хозяйство"]
    assert article["authors"] == ["Иванова, Мария Петровна", "Петров, А. А."]
    assert article["secondary_title"] == "Ольховская новь" and article["number"] == "11"
    assert (article["start_page"], article["end_page"]) == ("3", "4")


def test_csl_json_is_the_items_without_legaldesk_keys(doc: ListDocument) -> None:
    items = json.loads(get("csl").render(doc))

    assert [i["title"] for i in items] == [LAW["title"], DECREE["title"], ARTICLE["title"]]
    assert all(not k.startswith("legaldesk:") for i in items for k in i)
    assert items[1]["issued"] == {"date-parts": [[2024, 3, 12]]} and items[1]["id"] == "7"
    assert len({i["id"] for i in items}) == 3  # CSL processors need them distinct


def test_rusmarc_iso2709_reads_back_field_by_field(doc: ListDocument) -> None:
    data = get("marc").render(doc)
    law, decree, article = read_iso(data)

    assert data.count(b"\x1d") == 3  # one record terminator each
    assert decree.leader[5:8] == "nam" and article.leader[5:8] == "naa"
    assert decree["001"].data == "LEGALDESK/ACT/7"
    general = decree["100"]["a"]
    assert len(general) == 36 and general[:8] == "20240401" and general[8:13] == "d2024"
    assert general[20] == "d" and law["100"]["a"][20] == "a"  # municipal, federal
    assert article["100"]["a"][20] == "y"  # not a government publication
    assert general[22:25] == "rus" and general[26:28] == "50" and general[34:36] == "ca"
    assert decree["101"]["a"] == "rus" and decree["102"]["a"] == "RU"
    title_field = decree["200"]
    assert title_field.indicators == pymarc.Indicators("1", " ")
    assert title_field["a"] == DECREE["title"]
    assert title_field["e"] == "постановление от 12.03.2024 № 312-п"
    assert title_field["f"] == DECREE["authority"]
    assert decree["210"]["d"] == "2024"
    assert [f["a"] for f in decree.get_fields("300")] == ["Принят 12.03.2024, № 312-п"]
    assert decree["606"]["a"] == "Жилищно-коммунальное хозяйство"
    assert decree["610"]["a"] == "постановление"
    assert decree["710"]["a"] == DECREE["authority"] and decree.get_fields("700") == []
    assert decree["801"]["b"] == "LegalDesk" and decree["801"]["c"] == "20240401"
    assert decree["856"]["u"] == DECREE["URL"] and decree["856"].indicators == pymarc.Indicators(
        "4", " "
    )
    assert law.get_fields("856") == []
    assert article["700"]["a"] == "Иванова" and article["700"]["b"] == "М. П."
    assert article["701"]["a"] == "Петров" and article.get_fields("710") == []
    assert article["200"]["f"] == "М. П. Иванова, А. А. Петров"
    assert article["300"]["a"] == "Опубл.: Ольховская новь, № 11, с. 3–4"


def test_rusmarc_marcxml_parses_into_the_same_records(doc: ListDocument) -> None:
    from_xml = pymarc.parse_xml_to_array(io.BytesIO(get("marcxml").render(doc)))
    from_iso = read_iso(get("marc").render(doc))

    assert len(from_xml) == 3
    for x, i in zip(from_xml, from_iso, strict=True):
        assert [f.tag for f in x.fields if f.tag != "005"] == [
            f.tag for f in i.fields if f.tag != "005"
        ]
        assert x["200"].value() == i["200"].value() and x["100"]["a"] == i["100"]["a"]


def test_marc_separators_in_the_data_do_not_break_a_record() -> None:
    odd = act(
        "Заглавие\x1eс разделителем\x1d", "municipal", "prikaz", (2024, 1, 2), number="1\x1f2"
    )
    doc = make_list("Список", None, [odd, LAW], title, compiled=date(2024, 4, 1))
    records = read_iso(get("marc").render(doc))
    assert len(records) == 2
    assert records[1]["200"]["a"] == "Заглавие с разделителем"


def test_text_and_html_number_straight_through_the_headings(doc: ListDocument) -> None:
    text = get("txt").render(doc).decode("utf-8")
    assert text.splitlines()[:2] == ["Новые поступления", "за март 2024 г."]
    assert "ФЕДЕРАЛЬНЫЕ АКТЫ" in text and "\nПостановления\n2. Об утверждении" in text
    assert "3. Новые тарифы на вывоз мусора" in text
    assert text.rstrip().endswith("01.04.2024, Ольховская районная библиотека.")

    page = HTMLParser(get("html").render(doc).decode("utf-8"))
    assert [h.text() for h in page.css("h2")] == [
        "Федеральные акты", "Муниципальные акты", "Другие источники"]  # fmt: skip
    assert [ol.attributes["start"] for ol in page.css("ol")] == ["1", "2", "3"]
    assert not page.css("script") and not page.css("link")  # prints without the network


def test_html_escapes_what_the_items_say() -> None:
    odd = act("<script>alert(1)</script>", "municipal", "prikaz", (2024, 1, 2))
    page = get("html").render(make_list("Список", None, [odd], title, compiled=date(2024, 4, 1)))
    assert b"<script>" not in page and b"&lt;script&gt;" in page


def test_an_empty_list_is_still_a_document_in_every_format() -> None:
    empty = make_list("Новые поступления", "за май 2024 г.", [], title, compiled=date(2024, 6, 1))
    for name in FORMAT_NAMES:
        assert get(name).render(empty) is not None
    assert "нет ни одного документа" in get("txt").render(empty).decode("utf-8")
    assert json.loads(get("csl").render(empty)) == []
    assert read_iso(get("marc").render(empty)) == []


def test_docx_reads_back_with_headings_numbers_and_a_page_field(doc: ListDocument) -> None:
    document = Document(io.BytesIO(get("docx").render(doc)))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]

    assert paragraphs[0] == ("Title", "Новые поступления")
    assert ("Heading 1", "Муниципальные акты") in paragraphs
    assert ("Heading 2", "Постановления") in paragraphs
    numbered = [t for _s, t in paragraphs if t[:1].isdigit()]
    assert numbered == [f"1.\t{LAW['title']}", f"2.\t{DECREE['title']}", f"3.\t{ARTICLE['title']}"]
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer


def _writer() -> str | None:
    """LibreOffice with Writer: soffice converts a DOCX only with the Writer module in."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    program = Path(soffice).resolve().parent
    return soffice if any(program.glob("libswlo.so")) else None


@pytest.mark.skipif(
    _writer() is None,
    reason="LibreOffice Writer is absent (scripts/setup.sh test installs libreoffice-writer-nogui)",
)
def test_libreoffice_converts_the_docx_to_pdf(doc: ListDocument, tmp_path: Path) -> None:
    source = tmp_path / "list.docx"
    source.write_bytes(get("docx").render(doc))
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)}, check=False,
    )  # fmt: skip

    pdf = tmp_path / "list.pdf"
    # soffice says «source file could not be loaded» and still exits 0: the PDF is the proof.
    assert done.returncode == 0 and pdf.exists(), (done.stdout, done.stderr)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Новые поступления" in text and "Муниципальные акты" in text
    assert "Об утверждении порядка" in " ".join(text.split())


def test_a_scan_s_page_break_and_a_non_character_do_not_stop_docx_or_marcxml() -> None:
    """python-docx refused a control character in a title, and MARCXML cannot hold one."""
    odd = act("Заглавие\x0cсо страницы\ufffe\x01", "municipal", "prikaz", (2024, 1, 2))
    doc = make_list("Список\x01", None, [odd, LAW], title, compiled=date(2024, 4, 1))

    made = Document(io.BytesIO(get("docx").render(doc)))
    records = pymarc.parse_xml_to_array(io.BytesIO(get("marcxml").render(doc)))

    assert any("Заглавие" in p.text and "\ufffe" not in p.text for p in made.paragraphs)
    assert records[1]["200"]["a"] == "Заглавие со страницы"
