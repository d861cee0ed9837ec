"""Which value an act keeps when its listing and its document both say something."""

from __future__ import annotations

from datetime import date

import pytest

from legaldesk.pipeline.extract.base import Extraction
from legaldesk.pipeline.hints import (
    OCR_LOW_CONFIDENCE,
    Hints,
    clean_hints,
    looks_like_file_name,
    merge,
    plausible_number,
    same_title,
)
from legaldesk.pipeline.metadata import ActMetadata, parse_act
from tests.factories import act_text

NATIVE = Extraction("", "native")
LOW_OCR = Extraction("", "ocr", ocr_confidence=OCR_LOW_CONFIDENCE - 15)
GOOD_OCR = Extraction("", "ocr", ocr_confidence=92.0)
UNKNOWN_OCR = Extraction("", "ocr")
TITLE = "О проведении конкурса на лучшее оформление ёлочных базаров"


def parsed(**fields: object) -> ActMetadata:
    base: dict[str, object] = {
        "doc_type": "postanovlenie",
        "number": "245-п",
        "date_adopted": date(2024, 3, 12),
        "title": TITLE,
        "issuer": "Администрация Заречного района",
    }
    return ActMetadata(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "number", ["245-п", "12/3", "1056-па", "45-ФЗ", "307/1-а", "01-10/123", "35", "12/3-pc"]
)
def test_act_numbers_look_like_act_numbers(number: str) -> None:
    assert plausible_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "1710241234567",  # a 13-digit upload time stamp
        "20240312",  # a date without separators
        "scan_0001.pdf",
        "Постановление 245-п от 12.03.2024.pdf",
        "/upload/iblock/3a1/245.pdf",
        "3a1f09c2b7",  # an upload's hash
        "?ELEMENT_ID=245",
        "12.03.2024",
        "img245",
        "постановление",
        "",
        None,
    ],
)
def test_file_names_hashes_and_url_fragments_are_not_act_numbers(number: str | None) -> None:
    assert not plausible_number(number)


def test_link_texts_that_are_file_names() -> None:
    assert looks_like_file_name("scan_0001.pdf")
    assert looks_like_file_name("Постановление 245-п от 12.03.2024.pdf")
    assert looks_like_file_name("1710241234567")
    assert not looks_like_file_name("О тарифах на холодную воду")
    assert not looks_like_file_name("Скачать")


def test_the_document_wins_where_it_is_clear_and_the_listing_fills_the_rest() -> None:
    hints = Hints(number="245-п", date_adopted=date(2024, 3, 12), issuer="Администрация")
    found = merge(parsed(number=None, issuer=None), hints, NATIVE)

    assert found.meta.number == "245-п"
    assert found.meta.issuer == "Администрация"
    assert found.disagreements == ()


def test_a_number_from_a_file_name_never_fills_the_act() -> None:
    # The old merge took any hint where the document had none: 13 digits of a file name.
    found = merge(parsed(number=None), Hints(number="1710241234567"), NATIVE)

    assert found.meta.number is None


def test_a_date_and_number_the_listing_title_cites_are_not_this_acts() -> None:
    title = "О внесении изменений в постановление от 01.02.2020 № 45-п «О тарифах»"
    hints = Hints(number="45-п", date_adopted=date(2020, 2, 1), title=title)

    assert clean_hints(hints) == Hints(title=title)
    found = merge(parsed(number=None, date_adopted=None, title=title), hints, NATIVE)
    assert (found.meta.number, found.meta.date_adopted) == (None, None)


def test_low_confidence_ocr_never_overrides_a_clean_listing_value() -> None:
    hints = Hints(number="1058-п", date_adopted=date(2024, 3, 12), title=TITLE)
    ocr = parsed(number="1056п", date_adopted=date(2024, 8, 12), title=TITLE.replace("ё", "б"))

    found = merge(ocr, hints, LOW_OCR)

    assert found.meta.number == "1058-п"
    assert found.meta.date_adopted == date(2024, 3, 12)
    assert found.meta.title == TITLE
    assert set(found.disagreements) == {
        ("number", "1058-п", "1056п"),
        ("date_adopted", "2024-03-12", "2024-08-12"),
    }


def test_ocr_of_unknown_confidence_is_weaker_for_the_number_and_date_only() -> None:
    hints = Hints(doc_type="reshenie", number="1056-п", title=TITLE)
    ocr = parsed(number="1056п", title="О проведении конкурса на лучшее оформление блочных базаров")

    found = merge(ocr, hints, UNKNOWN_OCR)

    assert found.meta.number == "1056-п"  # the same number, in the listing's clean spelling
    assert found.meta.title == TITLE  # the same title, without OCR's misread letter
    assert found.meta.doc_type == "postanovlenie"  # the heading says so
    assert found.disagreements == (("doc_type", "reshenie", "postanovlenie"),)


def test_ocr_of_good_confidence_is_the_documents_clear_statement() -> None:
    found = merge(parsed(number="1056-п"), Hints(number="1058-п"), GOOD_OCR)

    assert found.meta.number == "1056-п"
    assert found.disagreements == (("number", "1058-п", "1056-п"),)


def test_a_real_disagreement_keeps_the_document_and_names_both_values() -> None:
    hints = Hints(number="246-п", date_adopted=date(2024, 3, 14), title="О тарифах на воду")

    found = merge(parsed(), hints, NATIVE)

    assert (found.meta.number, found.meta.date_adopted) == ("245-п", date(2024, 3, 12))
    assert found.meta.title == TITLE
    assert found.disagreements == (
        ("date_adopted", "2024-03-14", "2024-03-12"),
        ("number", "246-п", "245-п"),
        ("title", "О тарифах на воду", TITLE),
    )


def test_spellings_of_one_value_are_no_disagreement() -> None:
    hints = Hints(
        number="№ 245 п", title="О проведении конкурса на лучшее оформление елочных базаров…"
    )

    assert merge(parsed(), hints, NATIVE).disagreements == ()
    assert same_title(TITLE, "О проведении конкурса на лучшее оформление")
    assert not same_title(TITLE, "О тарифах на воду")


def test_the_type_is_the_heading_s_not_a_word_of_the_title() -> None:
    text = act_text(title="Об утверждении Положения о порядке предоставления субсидий")
    hints = Hints(doc_type="polozhenie", title="Об утверждении Положения о порядке")

    found = merge(parse_act(text), hints, NATIVE)

    assert found.meta.doc_type == "postanovlenie"


def test_an_appendix_takes_its_acts_listing_data_without_disagreeing() -> None:
    appendix = ActMetadata(doc_type="programma", title="Муниципальная программа", is_appendix=True)
    hints = Hints(doc_type="postanovlenie", number="245-п", date_adopted=date(2024, 3, 12))

    found = merge(appendix, hints, NATIVE)

    assert (found.meta.doc_type, found.meta.number) == ("programma", "245-п")
    assert found.disagreements == ()


def test_an_ocr_title_with_a_garbled_word_is_the_listings_title() -> None:
    garbled = "О проведении конкурса на лучшее cobiieiSiiic ёлочных базаров"

    found = merge(parsed(title=garbled), Hints(title=TITLE), UNKNOWN_OCR)

    assert found.meta.title == TITLE
    assert found.disagreements == ()
    # From a text layer the same two titles are two different statements.
    assert merge(parsed(title=garbled), Hints(title=TITLE), NATIVE).meta.title == garbled
