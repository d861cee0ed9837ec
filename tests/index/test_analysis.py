"""How queries are read: act numbers in them."""

from __future__ import annotations

from legaldesk.index.analysis import number_candidates, number_variants


def test_a_stop_word_after_a_number_is_not_its_suffix() -> None:
    assert number_candidates("постановление 245 от 2024") == ["245", "2024"]


def test_a_short_detached_suffix_belongs_to_the_number() -> None:
    assert number_candidates("№ 245 п") == ["245п"]


def test_query_and_index_key_numbers_alike() -> None:
    assert number_candidates("12/3-РС")[0] in number_variants("12/3-рс")
    assert number_candidates("245-п")[0] in number_variants("245п")


def test_a_year_after_a_number_is_a_separate_number() -> None:
    assert number_candidates("бюджет на 2025 год") == ["2025"]
