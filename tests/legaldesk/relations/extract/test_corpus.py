"""Real documents end to end (skipped without ../shared/corpus/real): a repeal list, an
amending decree read from a DOCX, and an OCR'd text layer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from legaldesk.pipeline.extract import extract as extract_text
from legaldesk.pipeline.sniff import sniff
from legaldesk.relations.extract import extract


def read(corpus: Path, name: str) -> str:
    data = (corpus / name).resolve().read_bytes()
    return extract_text(data, sniff(data, name)).text


def test_a_repeal_list_of_fourteen_decrees(corpus: Path) -> None:
    text = read(corpus, "rurebus/31339221025603182330049_24.txt")
    found = extract(text)
    repealed = {r.number for r in found if r.role == "repeals"}
    assert len(repealed) == 14 and "733-п" in repealed and "355-п" in repealed
    # every item's title quotes № 733-п: none of those is a reference of its own
    assert sum(1 for r in found if r.number == "733-п") == 1
    (basis,) = [r for r in found if r.role == "based_on"]
    assert (basis.number, basis.date) == ("568-п", dt.date(2018, 8, 13))


def test_an_amending_decree_from_a_docx(corpus: Path) -> None:
    found = extract(
        read(corpus, "bryansk/1.docx"), own_number="1164-п", own_date=dt.date(2020, 5, 12)
    )
    by_role = {(r.role, r.number) for r in found}
    assert ("amends", "3077-п") in by_role
    assert ("based_on", "135-ФЗ") in by_role
    assert ("cites", "3841-п") in by_role and ("cites", "1880-п") in by_role
    assert not any(r.number == "1164-п" for r in found)


def test_a_noisy_text_layer(corpus: Path) -> None:
    found = extract(read(corpus, "bryansk/2.pdf"))
    assert [(r.role, r.number, r.date) for r in found] == [
        ("based_on", "131-ФЗ", dt.date(2003, 10, 6))  # the layer reads «131-ФЭ»
    ]
