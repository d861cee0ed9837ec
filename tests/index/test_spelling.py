"""What a resident meant: a query in the wrong keyboard layout and misspelt words, corrected
against the index's own vocabulary — and left alone when the index knows them."""

from __future__ import annotations

from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.index.spelling import correct, correct_word, from_wrong_layout
from tests.index.conftest import make_doc


def filled(index: SearchIndex) -> SearchIndex:
    index.write(
        [
            make_doc(1, "О земельном налоге", "Установить земельный налог на территории."),
            make_doc(2, "О налоге на имущество физических лиц", "ставки налога на имущество"),
            make_doc(3, "Об организации ёлочных базаров", "продажа ёлок"),
            make_doc(4, "О блочных модульных котельных", "блочных котельных"),
            make_doc(5, "О блочных домах", "блочных"),
        ]
    )
    return index


def test_a_query_typed_in_the_english_layout_is_read_as_russian(index: SearchIndex) -> None:
    filled(index)

    result = index.search(SearchQuery(text="ptvtkmysq yfkju"))

    assert from_wrong_layout("ptvtkmysq yfkju") == "земельный налог"
    assert result.corrected is not None and result.corrected.layout
    assert result.corrected.text == "земельный налог"
    assert result.hits[0].id == 1


def test_a_misspelt_word_is_corrected_to_the_word_acts_use(index: SearchIndex) -> None:
    filled(index)

    result = index.search(SearchQuery(text="земельный нолог"))
    property_tax = index.search(SearchQuery(text="налог на имущиства"))

    assert result.corrected is not None
    assert result.corrected.words == (("нолог", "налог"),)
    assert result.hits[0].id == 1
    assert property_tax.corrected is not None
    assert property_tax.corrected.text == "налог на имущества"
    assert property_tax.hits[0].id == 2


def test_a_word_spelt_as_it_sounds_is_corrected(index: SearchIndex) -> None:
    """«ц» for «тс» is two edits from the word: the neighbours one edit away miss it."""
    index.write(
        [
            make_doc(1, "О кадетских классах в школах района", "кадетский класс"),
            make_doc(2, "О классах с углубленным изучением математики", "класс"),
        ]
    )

    result = index.search(SearchQuery(text="кадецкий класс"))

    assert result.corrected is not None
    assert result.corrected.words == (("кадецкий", "кадетский"),)
    assert result.hits[0].id == 1


def test_words_the_index_knows_are_never_corrected(index: SearchIndex) -> None:
    filled(index)
    searcher = index.raw_index.searcher()

    # «ёлочных» is rarer than its neighbour «блочных», and still the word meant.
    assert correct(searcher, "ёлочных базаров") is None
    assert correct(searcher, "245-п") is None  # numbers are not words to correct
    assert correct(searcher, "ООО Ромашка") is None  # no neighbour the index knows
    assert correct(searcher, "GOST") is None  # Latin that reads as nothing in Russian either


def test_a_word_of_the_language_is_not_corrected_into_another(index: SearchIndex) -> None:
    """«сдать» is a word, not a typo of «стать», though no act holds it and many hold
    «стать»: a resident asking where to hand in milk did not mean «become». Only words no
    dictionary knows are typos («нолог»); a stop word is never one."""
    index.write(
        [
            make_doc(1, "О сельскохозяйственной кооперации", "стать членом кооператива; молоко"),
            make_doc(2, "О печах", "пески и глина"),
            make_doc(3, "О земельном налоге", "налог"),
        ]
    )
    searcher = index.raw_index.searcher()

    assert correct(searcher, "куда сдать молоко") is None
    assert correct(searcher, "дрова для печки") is None
    assert correct(searcher, "мост через речку") is None
    fixed = correct(searcher, "земельный нолог")
    assert fixed is not None and fixed.words == (("нолог", "налог"),)


def test_as_typed_runs_the_words_as_they_were_typed(index: SearchIndex) -> None:
    filled(index)

    result = index.search(SearchQuery(text="земельный нолог", as_typed=True))

    assert result.corrected is None


def test_a_wrong_layout_question_with_stop_words_and_commas_is_read(index: SearchIndex) -> None:
    """A resident's question is half stop words («где», «на», «есть ли»), which no act's
    terms hold: they once counted as unknown, and the question stayed in Latin letters.
    A comma typed after a word stands on the key of «б» and must stay a comma."""
    index.write(
        [
            make_doc(1, "О работе катка зимой", "каток открыт зимой; прокат коньков"),
            make_doc(2, "О земельном налоге", "налог"),
        ]
    )

    # «где зимой кататься на коньках, есть ли каток» typed with the English layout on
    result = index.search(SearchQuery(text="ult pbvjq rfnfnmcz yf rjymrf[, tcnm kb rfnjr"))

    assert result.corrected is not None and result.corrected.layout
    assert result.corrected.text == "где зимой кататься на коньках, есть ли каток"
    assert result.hits[0].id == 1


def test_the_keys_of_russian_letters_read_in_lower_case_and_shifted() -> None:
    """``,`` ``.`` ``[`` ``;`` ``'`` are «б ю х ж э»; with Shift, ``<`` ``>`` ``{`` ``:``
    ``"`` are their capitals — a query is not shown back as «оБщество»."""
    assert from_wrong_layout("rfpfxmt j,otcndj") == "казачье общество"
    assert from_wrong_layout("ce[jt lthtdj vj;tn") == "сухое дерево может"
    assert from_wrong_layout("{jrrtq <f.") == "Хоккей Баю"
    assert from_wrong_layout('"rjkjubz') == "Экология"
    # A full stop that ends a word is «ю» when the word needs it.
    assert from_wrong_layout("d lthtdy.") == "в деревню"
    # Only as many of the marks as the word does not need are punctuation.
    words = {"внук", "вступить", "в", "юнармию", "юнарми"}
    assert from_wrong_layout("dcnegbnm d .yfhvb.,", words.__contains__) == "вступить в юнармию,"


def test_a_letter_heard_for_its_pair_is_corrected_before_a_commoner_word(
    index: SearchIndex,
) -> None:
    """«торв» is «торф» written as heard, though «торг» is in more acts; and a neighbour
    whose stem is a scrap held by every act («тоев» → «то») is no correction at all."""
    index.write(
        [
            make_doc(1, "О добыче торфа", "торф"),
            *(make_doc(i, f"О торгах {i}", "торг и торги") for i in range(2, 6)),
        ]
    )
    searcher = index.raw_index.searcher()

    assert correct_word(searcher, "торв") == "торф"


def test_a_neighbour_that_stems_to_a_scrap_is_not_a_correction(index: SearchIndex) -> None:
    index.write([make_doc(i, f"Акт {i}", "то, что было, то и будет") for i in range(1, 4)])
    searcher = index.raw_index.searcher()

    assert correct_word(searcher, "торв") is None  # not «тоев», whose stem is «то»
