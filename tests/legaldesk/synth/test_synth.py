"""The demo and benchmark data: realistic, deterministic, readable in every format."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from docx import Document
from striprtf.striprtf import rtf_to_text

from legaldesk.pipeline.extract import ExtractLimits, extract
from legaldesk.pipeline.metadata import parse_act
from legaldesk.pipeline.sniff import sniff
from legaldesk.synth import SyntheticAct, generate_acts, render_act

ACTS = list(generate_acts(300, seed=11))


def test_same_seed_same_acts() -> None:
    assert list(generate_acts(300, seed=11)) == ACTS
    assert list(generate_acts(300, seed=12)) != ACTS


def test_heading_carries_type_number_and_date() -> None:
    act = ACTS[7]
    head = act.text[:600]

    assert f"№ {act.number}" in head
    assert act.date_adopted.strftime("%d.%m.%Y") in head or str(act.date_adopted.year) in head
    assert act.title in act.text


def test_numbers_are_unique_per_issuer_year_and_type() -> None:
    keys = [(a.issuer, a.date_adopted.year, a.doc_type, a.number) for a in ACTS]
    assert len(keys) == len(set(keys))


def test_amendments_cite_an_earlier_act_of_the_same_issuer() -> None:
    amendments = [a for a in ACTS if a.title.startswith("О внесении изменений")]
    assert amendments
    for act in amendments:
        earlier = [b for b in ACTS if b.seq < act.seq and b.issuer == act.issuer]
        assert any(
            f"№ {b.number} " in act.title and f"{b.date_adopted:%d.%m.%Y}" in act.title
            for b in earlier
        )


def _first(doc_type: str) -> SyntheticAct:
    return next(a for a in ACTS if a.doc_type == doc_type)


def test_docx_reopens_with_the_title() -> None:
    act = _first("postanovlenie")
    _, data = render_act(act, "docx")

    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)

    assert act.title in text


def test_pdf_text_layer_holds_the_title() -> None:
    act = _first("postanovlenie")
    try:
        _, data = render_act(act, "pdf")
    except RuntimeError as exc:
        pytest.skip(str(exc))

    pdf = pdfium.PdfDocument(data)
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()

    assert act.title.split()[1] in text
    assert f"№ {act.number}" in text


def test_cp1251_text_is_not_utf8() -> None:
    _, data = render_act(ACTS[0], "txt-cp1251")

    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert ACTS[0].title in data.decode("cp1251")


def test_rtf_decodes_to_cyrillic() -> None:
    act = ACTS[3]
    _, data = render_act(act, "rtf")

    assert act.title in rtf_to_text(data.decode("ascii"), encoding="cp1251")


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


def test_filenames_are_plain_ascii() -> None:
    name, _ = render_act(ACTS[0], "docx")
    assert name.isascii() and name.endswith(".docx")
