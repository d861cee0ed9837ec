"""How queries and acts are read: act numbers in queries, long words in both."""

from __future__ import annotations

from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.index.analysis import MAX_TOKEN, number_candidates, number_variants, terms
from tests.index.conftest import make_doc


def test_a_stop_word_after_a_number_is_not_its_suffix() -> None:
    assert number_candidates("постановление 245 от 2024") == ["245", "2024"]


def test_a_short_detached_suffix_belongs_to_the_number() -> None:
    assert number_candidates("№ 245 п") == ["245п"]


def test_query_and_index_key_numbers_alike() -> None:
    assert number_candidates("12/3-РС")[0] in number_variants("12/3-рс")
    assert number_candidates("245-п")[0] in number_variants("245п")


def test_a_year_after_a_number_is_a_separate_number() -> None:
    assert number_candidates("бюджет на 2025 год") == ["2025"]


def test_long_russian_words_are_indexed_and_searched(index: SearchIndex) -> None:
    """Tantivy's length filter counts bytes, two to a Cyrillic letter: words of 20 letters
    and more were once dropped from acts and queries alike."""
    index.write(
        [
            make_doc(1, "О поддержке сельскохозяйственных товаропроизводителей района"),
            make_doc(2, "О поддержке малого предпринимательства района"),
        ]
    )

    assert terms("сельскохозяйственных") == ["сельскохозяйствен"]
    assert [h.id for h in index.search(SearchQuery(text="сельскохозяйственные")).hits] == [1]
    assert [h.id for h in index.search(SearchQuery(text="товаропроизводители")).hits] == [1]
    assert terms("ж" * MAX_TOKEN) and not terms("ж" * (MAX_TOKEN + 1))
