"""The forms of one word that Snowball stems apart are found as the word itself: «музей»
finds an act about «музея», and nothing beyond the word's own forms joins them."""

from __future__ import annotations

import pytest

from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.index import query as query_module
from legaldesk.index.analysis import query_words
from legaldesk.index.inflection import other_stems
from tests.index.conftest import make_doc


def stem(word: str) -> str:
    return query_words(word)[0][1]


def test_the_stems_the_stemmer_parts_are_the_words_other_forms() -> None:
    assert stem("музей") != stem("музея")  # what this is for
    assert stem("музея") in other_stems("музей", stem("музей"))
    assert stem("музей") in other_stems("музеев", stem("музеев"))
    assert stem("сабантуй") in other_stems("сабантуи", stem("сабантуи"))
    assert stem("сирене") in other_stems("сирена", stem("сирена"))  # not «сир» of «сирота»


def test_only_a_nouns_or_adjectives_own_forms_join() -> None:
    assert stem("ребенка") not in other_stems("дети", stem("дети"))  # another word to a reader
    assert other_stems("стали", stem("стали")) == ()  # a verb: participles by the hundred
    assert other_stems("бычков", stem("бычков")) == ()  # read as the surname Бычков
    assert other_stems("кадецкий", stem("кадецкий")) == ()  # not in the dictionary
    assert other_stems("школа", stem("школа")) == ()  # one stem in every form


@pytest.mark.parametrize(("typed", "written"), [("музей", "музея"), ("сирена", "сирене")])
def test_a_word_finds_the_act_that_writes_its_other_form(
    index: SearchIndex, typed: str, written: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    index.write(
        [
            make_doc(1, f"О порядке работы {written} поселения"),
            make_doc(2, "О поддержке детей-сирот", "сироты"),
        ]
    )

    assert [h.id for h in index.search(SearchQuery(text=typed)).hits][:1] == [1]
    monkeypatch.setattr(query_module, "INFLECTED_FORMS", False)
    assert 1 not in [h.id for h in index.search(SearchQuery(text=typed)).hits]
