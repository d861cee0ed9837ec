"""The Russian act metadata parser on the spellings real headings use."""

from __future__ import annotations

from datetime import date

import pytest

from legaldesk.pipeline.metadata import (
    looks_like_act_number,
    normalize_number,
    parse_act,
)


def heading(date_line: str, title: str = "О бюджете поселения на 2025 год") -> str:
    return (
        f"АДМИНИСТРАЦИЯ ЗАРЕЧНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ\nПОСТАНОВЛЕНИЕ\n{date_line}\n"
        f"с. Заречное\n\n{title}\n\nВ соответствии с Бюджетным кодексом ПОСТАНОВЛЯЮ:\n1. …"
    )


@pytest.mark.parametrize(
    ("date_line", "adopted", "number"),
    [
        ("от 12.03.2024 № 245-п", date(2024, 3, 12), "245-п"),
        ("от 12.03.24 № 245", date(2024, 3, 12), "245"),
        ("12 марта 2024 г. № 12/3-рс", date(2024, 3, 12), "12/3-рс"),
        ('"12" марта 2024 года N 17', date(2024, 3, 12), "17"),
        ("«12» МАРТА 2024 г. №12/1243", date(2024, 3, 12), "12/1243"),
        ("от 12 . 03 . 2017 г . № 307/1 - а", date(2017, 3, 12), "307/1-а"),
        ("07.03.2019 № 35 па", date(2019, 3, 7), "35па"),
    ],
)
def test_dates_and_numbers_in_their_usual_spellings(
    date_line: str, adopted: date, number: str
) -> None:
    meta = parse_act(heading(date_line))

    assert (meta.doc_type, meta.date_adopted, meta.number) == ("postanovlenie", adopted, number)


def test_title_issuer_place_and_level() -> None:
    meta = parse_act(
        heading("от 12.03.2024 № 245-п", "Об утверждении Порядка\nпредоставления субсидий")
    )

    assert meta.title == "Об утверждении Порядка предоставления субсидий"
    assert meta.issuer == "Администрация Заречного сельского поселения"
    assert meta.place == "с. Заречное"
    assert meta.level == "municipal"
    assert meta.confidence == 1.0


def test_spaced_and_lower_case_headings() -> None:
    text = "ш у ö м\nп о с т а н о в л е н и е\nот 09 ноября 2018 года № 606\nО бюджете\n"

    meta = parse_act(text)

    assert (meta.doc_type, meta.number, meta.title) == ("postanovlenie", "606", "О бюджете")


def test_a_draft_has_no_date_or_number() -> None:
    meta = parse_act("ПРОЕКТ\nПОСТАНОВЛЕНИЕ\nот ____ № ___\nО бюджете\n")

    assert meta.is_draft
    assert meta.date_adopted is None and meta.number is None


def test_an_appendix_is_not_the_act_it_cites() -> None:
    meta = parse_act("Приложение к постановлению администрации\nот 12.03.2024 № 245-п\nПорядок\n")

    assert meta.doc_type is None and meta.number is None and meta.date_adopted is None


def test_body_citations_are_not_the_acts_own_date() -> None:
    text = (
        "МУНИЦИПАЛЬНАЯ ПРОГРАММА\n«Развитие культуры»\nВ соответствии с Законом "
        "от 25 октября 1991 года № 1807-1 «О языках народов»\n"
    )

    meta = parse_act(text)

    assert meta.date_adopted is None and meta.number is None and meta.title is None


def test_consultant_banner_is_skipped() -> None:
    text = (
        "Документ предоставлен КонсультантПлюс\nБРЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ\n"
        "ПОСТАНОВЛЕНИЕ\nот 8 сентября 2004 г. N 3077-п\nОБ УТВЕРЖДЕНИИ ПОЛОЖЕНИЯ\n"
        "Список изменяющих документов\n(в ред. от 03.11.2005 N 3841-п)\n"
    )

    meta = parse_act(text)

    assert (meta.date_adopted, meta.number) == (date(2004, 9, 8), "3077-п")
    assert meta.title == "Об утверждении положения"
    assert meta.issuer == "Брянская городская администрация"


def test_federal_law_is_dated_under_the_signature() -> None:
    text = (
        "РОССИЙСКАЯ ФЕДЕРАЦИЯ\nФЕДЕРАЛЬНЫЙ ЗАКОН\nО погребении и похоронном деле\n"
        "(в ред. Федерального закона от 28.06.1997 N 91-ФЗ)\nПринят Государственной Думой\n"
        "Статья 1. …\nПрезидент Российской Федерации\nБ.ЕЛЬЦИН\nМосква, Кремль\n"
        "12 января 1996 года\nN 8-ФЗ\n"
    )

    meta = parse_act(text)

    assert (meta.doc_type, meta.date_adopted, meta.number, meta.level) == (
        "federalnyi_zakon",
        date(1996, 1, 12),
        "8-ФЗ",
        "federal",
    )


def test_one_line_heading_of_a_federal_act() -> None:
    meta = parse_act('Указ Президента РФ от 22.03.2018 N 116"Об обеспечении жилыми помещениями"\n')

    assert (meta.doc_type, meta.number, meta.date_adopted) == ("ukaz", "116", date(2018, 3, 22))
    assert meta.title == "Об обеспечении жилыми помещениями"
    assert meta.issuer == "Президента РФ"


def test_unknown_fields_stay_empty() -> None:
    assert parse_act("Просто заметка о погоде.") == parse_act("")


def test_impossible_dates_are_rejected() -> None:
    assert parse_act(heading("от 31.02.2024 № 5")).date_adopted is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00" * 100,
        "№" * 10_000,
        "от " * 20_000,
        "П О С Т А Н О В Л Е Н И Е\n" * 500,
        "12.12.12.12.12." * 5000,
        "«" * 3000 + "О" + "»" * 3000,
        "а" * 2_000_000,
    ],
)
def test_no_input_crashes_it(text: str) -> None:
    assert parse_act(text).confidence >= 0.0


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("№ 245-П", "245-п"), ("N 12/3-рс", "12/3-рс"), ("307/1 - а", "307/1-а"), ("35 па", "35па")],
)
def test_number_normalisation(raw: str, normal: str) -> None:
    assert normalize_number(raw) == normal


def test_act_number_recognition() -> None:
    assert looks_like_act_number("245-п") and looks_like_act_number("12/3-рс")
    assert not looks_like_act_number("245") and not looks_like_act_number("налог")


@pytest.mark.corpus
def test_labelled_real_documents_stay_parsed(corpus: object) -> None:
    """Regression guard over tests/data/metadata_labels.tsv (see docs/metadata-accuracy.md)."""
    from bench.metadata_accuracy import load_labels, score

    scores = score(corpus, load_labels())  # type: ignore[arg-type]

    for name, s in scores.items():
        assert s.accuracy >= 0.9, (name, s.misses[:5])
        assert s.false_positive <= 1, (name, s.misses[:5])
