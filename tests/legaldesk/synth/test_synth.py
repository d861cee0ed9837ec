"""The demo and benchmark data: realistic, deterministic, readable in every format."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdfium2 as pdfium
import pytest
from docx import Document
from striprtf.striprtf import rtf_to_text

from legaldesk.pipeline.extract import ExtractLimits, extract
from legaldesk.pipeline.metadata import parse_act
from legaldesk.pipeline.sniff import sniff
from legaldesk.synth import FORMATS, SyntheticAct, generate_acts, render_act

ACTS = list(generate_acts(400, seed=11))
RUBRICS = {
    "local_government", "municipal_service", "charters", "elections", "social_protection",
    "pensions_benefits", "disabled", "veterans", "family_children", "housing_utilities",
    "tariffs", "land_property", "architecture_construction", "agriculture", "budget_taxes",
    "environment", "business", "education", "health", "culture", "sport_youth",
    "transport_roads", "public_order", "civil_defence", "statistics", "funeral", "anticorruption",
}  # fmt: skip
DOC_TYPES = {
    "postanovlenie": "ПОСТАНОВЛЕНИЕ",
    "rasporyazhenie": "РАСПОРЯЖЕНИЕ",
    "reshenie": "РЕШЕНИЕ",
    "prikaz": "ПРИКАЗ",
    "polozhenie": "ПОЛОЖЕНИЕ",
    "ustav": "УСТАВ",
    "zakon": "ЗАКОН",
}
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа")
MONTHS += ("сентября", "октября", "ноября", "декабря")


def test_same_seed_same_acts() -> None:
    assert list(generate_acts(400, seed=11)) == ACTS
    assert list(generate_acts(400, seed=12)) != ACTS


def test_start_seq_numbers_the_acts() -> None:
    acts = list(generate_acts(5, seed=1, start_seq=100))
    assert [a.seq for a in acts] == [100, 101, 102, 103, 104]


def test_fields_keep_to_the_codes() -> None:
    for act in ACTS:
        assert act.doc_type in DOC_TYPES
        assert act.level in {"municipal", "regional", "federal"}
        assert act.rubrics and set(act.rubrics) <= RUBRICS
        assert date(2015, 1, 1) <= act.date_adopted <= date(2026, 12, 31)
        assert act.date_adopted.weekday() < 5
        assert act.issuer and act.territory and act.place and act.number


def test_acts_come_in_date_order_over_the_whole_span() -> None:
    years = {a.date_adopted.year for a in ACTS}
    assert min(years) == 2015 and max(years) == 2026


@pytest.mark.parametrize("act", ACTS[:60], ids=lambda a: f"{a.seq}-{a.doc_type}")
def test_heading_carries_type_number_and_date(act: SyntheticAct) -> None:
    head = act.text.split(act.title, 1)[0]
    lines = head.splitlines()

    assert act.issuer.upper() in lines
    assert DOC_TYPES[act.doc_type] in lines
    assert f"№ {act.number}" in head
    d = act.date_adopted
    assert (
        f"{d:%d.%m.%Y}" in head
        or f"{d.day} {MONTHS[d.month - 1]} {d.year}" in head
        or f"«{d.day:02d}» {MONTHS[d.month - 1]} {d.year}" in head
    )
    assert act.place in lines
    assert act.title in act.text.splitlines()


def test_body_has_preamble_numbered_clauses_and_signature() -> None:
    decrees = [a for a in ACTS if a.doc_type == "postanovlenie" and a.level == "municipal"]
    assert decrees
    for act in decrees:
        body = act.text.split(act.title, 1)[1]
        assert "В соответствии с" in body
        assert "ПОСТАНОВЛЯЮ:" in body
        clauses = re.findall(r"^(\d+)\. ", body.split("Приложение\n")[0], re.MULTILINE)
        assert 3 <= len(clauses) <= 8
        assert clauses == [str(i) for i in range(1, len(clauses) + 1)]
        assert "Глава " in body


def test_sizes_are_typical_with_a_few_long_programmes() -> None:
    sizes = [len(a.text.encode()) for a in generate_acts(3000, seed=5)]
    typical = sorted(sizes)[len(sizes) // 2]
    assert 1000 <= typical <= 4500
    long = [s for s in sizes if s > 20_000]
    assert 0 < len(long) < len(sizes) * 0.05
    assert max(sizes) < 60_000


def test_numbers_are_unique_per_issuer_year_and_type() -> None:
    acts = list(generate_acts(5000, seed=2))
    keys = [(a.issuer, a.date_adopted.year, a.doc_type, a.number) for a in acts]
    assert len(keys) == len(set(keys))


def test_amendments_cite_an_earlier_act_of_the_same_issuer() -> None:
    amendments = [
        a for a in ACTS if a.title.startswith("О внесении изменений в") and "№" in a.title
    ]
    assert len(amendments) > 20
    for act in amendments:
        earlier = [
            b
            for b in ACTS
            if b.seq < act.seq
            and b.issuer == act.issuer
            and b.doc_type == act.doc_type
            and b.date_adopted < act.date_adopted
        ]
        cited = [
            b
            for b in earlier
            if f"от {b.date_adopted:%d.%m.%Y} № {b.number} «{b.title}»" in act.title
        ]
        assert cited, act.title
        assert cited[0].rubrics == act.rubrics


def _first(doc_type: str) -> SyntheticAct:
    return next(a for a in ACTS if a.doc_type == doc_type)


def test_filenames_are_plain_ascii() -> None:
    for act in ACTS[:8]:
        for fmt in FORMATS:
            name, _ = render_act(act, fmt)
            assert name.isascii() and " " not in name and "/" not in name
    act = _first("postanovlenie")
    name, _ = render_act(act, "docx")
    assert re.fullmatch(
        rf"postanovlenie_[0-9a-z_-]+_{act.date_adopted:%Y-%m-%d}_{act.seq}\.docx", name
    )


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        render_act(ACTS[0], "odt")


def test_utf8_text() -> None:
    _, data = render_act(ACTS[0], "txt-utf8")
    assert data.decode("utf-8") == ACTS[0].text


def test_cp1251_text_is_not_utf8() -> None:
    _, data = render_act(ACTS[0], "txt-cp1251")

    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert ACTS[0].title in data.decode("cp1251")


def test_koi8r_text() -> None:
    act = ACTS[1]
    _, data = render_act(act, "txt-koi8r")

    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("koi8-r")
    assert "?" not in text
    assert act.title.replace("«", '"').replace("»", '"') in text
    assert f"N {act.number}" in text


def test_docx_reopens_with_the_title_in_bold() -> None:
    act = _first("postanovlenie")
    _, data = render_act(act, "docx")

    paragraphs = Document(io.BytesIO(data)).paragraphs
    title = next(p for p in paragraphs if p.text == act.title)
    assert all(run.bold for run in title.runs)
    assert "ПОСТАНОВЛЕНИЕ" in [p.text for p in paragraphs]


def test_pdf_text_layer_holds_the_title() -> None:
    act = _first("reshenie")
    try:
        _, data = render_act(act, "pdf")
    except RuntimeError as exc:
        pytest.skip(str(exc))

    assert data.startswith(b"%PDF")
    pdf = pdfium.PdfDocument(data)
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()

    flat = " ".join(text.split())
    assert act.title in flat
    assert f"№ {act.number}" in flat


def test_html_is_a_full_utf8_page() -> None:
    act = ACTS[2]
    _, data = render_act(act, "html")
    page = data.decode("utf-8")

    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert page.rstrip().endswith("</html>")
    assert act.title in page


def test_rtf_decodes_to_cyrillic() -> None:
    act = ACTS[3]
    _, data = render_act(act, "rtf")
    source = data.decode("ascii")

    assert source.startswith("{\\rtf1\\ansi\\ansicpg1251")
    assert "\\par" in source
    assert act.title in rtf_to_text(source, encoding="cp1251")


@pytest.mark.parametrize("fmt", ["docx", "html", "rtf", "txt-cp1251", "txt-utf8"])
def test_the_pipeline_reads_back_what_was_written(fmt: str) -> None:
    for act in ACTS[:20]:
        name, data = render_act(act, fmt)
        meta = parse_act(extract(data, sniff(data, name), ExtractLimits(ocr=False)).text)
        assert (meta.doc_type, meta.number, meta.date_adopted, meta.title) == (
            act.doc_type,
            act.number,
            act.date_adopted,
            act.title,
        )
