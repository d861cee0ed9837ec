"""A compound that a broken text layer split in two («анти коррупционной») is still found by
the word as a reader types it — and a word is not cut where Russian does not join words."""

from __future__ import annotations

from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.index.analysis import terms
from legaldesk.index.compounds import abbreviated, seams, split_in_two
from legaldesk.index.query import build_query
from tests.index.conftest import make_doc


def test_words_are_cut_only_at_a_compounds_seam() -> None:
    assert ("тепло", "снабжение") in seams("теплоснабжение")  # a linking «о»
    assert ("анти", "коррупционной") in seams("антикоррупционной")  # a prefix
    assert ("не", "коммерческих") in seams("некоммерческих")
    assert [head for head, _ in seams("программы")] == []  # «про» is too short a stem
    assert seams("налог") == [] and seams("2016-2020") == []


def test_only_cuts_whose_parts_the_index_holds(index: SearchIndex) -> None:
    index.write([make_doc(1, "О теплоснабжении", "схема тепло снабжения поселка")])
    searcher = index.raw_index.searcher()

    assert split_in_two(searcher, "теплоснабжения") == [(*terms("тепло"), *terms("снабжения"))]
    assert split_in_two(searcher, "водоснабжения") == []  # «водо» is in no act here


def test_a_split_compound_is_found_by_the_whole_word(index: SearchIndex) -> None:
    index.write(
        [
            make_doc(1, "Программа", "реализация анти коррупционной политики в районе"),
            make_doc(2, "О коррупции", "обзор судебной практики"),
            make_doc(3, "О порядке похорон", "кладбище"),
        ]
    )

    result = index.search(SearchQuery(text="антикоррупционная политика"))

    assert result.hits and result.hits[0].id == 1
    assert 3 not in [h.id for h in result.hits]


def test_a_deputys_standing_query_finds_it_too(index: SearchIndex) -> None:
    """The strict form of a subscription's query (legaldesk/subscriptions/) asks for every
    word: the two halves side by side count as the word, as a digest should count them."""
    index.write(
        [
            make_doc(1, "О программе", "энерго сбережение и повышение энергетической"),
            make_doc(2, "О сбережении лесов", "охрана лесов"),
        ]
    )
    index.raw_index.reload()
    searcher = index.raw_index.searcher()

    built = build_query(index.schema, SearchQuery(text="энергосбережение"), searcher, strict=True)
    found = searcher.search(built.match, 10).hits

    assert [searcher.doc(address)["id"][0] for _, address in found] == [1]


def test_a_shortened_word_finds_the_act_that_writes_it_out(index: SearchIndex) -> None:
    index.write(
        [
            make_doc(1, "О ремонте спортивного зала сельской школы"),
            make_doc(2, "О ремонте зала заседаний администрации"),
        ]
    )
    searcher = index.raw_index.searcher()

    assert abbreviated(searcher, "спортзала") == [(terms("спортивного")[0], terms("зала")[0])]
    assert abbreviated(searcher, "госуслуги") == []  # the index holds neither word
    assert [h.id for h in index.search(SearchQuery(text="спортзал")).hits][:1] == [1]


def test_a_full_word_is_not_read_as_a_shortened_one(index: SearchIndex) -> None:
    """«районе» is not «рай» + «оне»: an act holding «районный. Он…» is no answer."""
    index.write([make_doc(1, "Районный конкурс", "районный. Он проводится ежегодно")])
    searcher = index.raw_index.searcher()

    assert abbreviated(searcher, "районе") == []
    assert abbreviated(searcher, "муниципальной") == []
