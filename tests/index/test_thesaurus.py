"""The thesaurus at query time: a resident's word finds the acts' words, a law's short number
finds acts titled with its name, and a key is never «corrected»."""

from __future__ import annotations

from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.index.thesaurus import Entry, expansions, parse
from tests.index.conftest import make_doc

THESAURUS = (
    Entry("коммуналка", ("коммунальные услуги",)),
    Entry("мусор", ("твердые коммунальные отходы",)),
    Entry("вывоз мусора", ("вывоз твердых коммунальных отходов",)),
    Entry("131-фз", ("Об общих принципах организации местного самоуправления",)),
)


def ids(index: SearchIndex, text: str, thesaurus: tuple[Entry, ...] = THESAURUS) -> list[int]:
    query = SearchQuery(text=text, limit=20, thesaurus=thesaurus)
    return [h.id for h in index.search(query).hits]


def test_the_shipped_format_is_read(index: SearchIndex) -> None:
    entries = parse("# a comment\nжкх\tжилищно-коммунальное хозяйство; коммунальные услуги\n\n")

    assert entries == [Entry("жкх", ("жилищно-коммунальное хозяйство", "коммунальные услуги"))]


def test_a_residents_word_finds_the_acts_words(index: SearchIndex) -> None:
    index.write(
        [
            make_doc(1, "О тарифах на коммунальные услуги", "тарифы на коммунальные услуги"),
            make_doc(2, "О тарифах на перевозки", "тарифы на перевозки автобусом"),
        ]
    )

    assert ids(index, "коммуналка") == [1]
    assert ids(index, "коммуналка тарифы")[0] == 1  # both words, not tariffs alone
    result = index.search(SearchQuery(text="коммуналка", thesaurus=THESAURUS))
    assert result.corrected is None  # a key of the thesaurus is meant as typed


def test_the_longest_key_wins_and_a_shorter_one_inside_it_is_not_applied_again() -> None:
    found = expansions(THESAURUS, "вывоз мусора в посёлке")

    assert len(found) == 1 and found[0].phrases[0][0] == "вывоз"


def test_a_key_is_found_in_another_form_where_the_stemmer_parts_the_word() -> None:
    """«поросята» stems «поросят», «поросят» «порос»: the key is found in either form, and
    a short form's stem («тел» of «телят») does not make «тела» (a body) a calf."""
    animals = (
        Entry("поросята", ("свиноводство",)),
        Entry("телята", ("крупный рогатый скот",)),
        Entry("архив", ("архивный фонд",)),
    )

    assert [e.phrases for e in expansions(animals, "где купить поросят")] == [(("свиноводств",),)]
    assert expansions(animals, "справка из архива")[0].terms == ("архив",)
    assert expansions(animals, "перевозка тела из морга") == []
    # The query's own stems are what the key covers: those words leave the query.
    assert expansions(list(animals), "купить поросят")[0].terms == ("порос",)


def test_a_one_word_key_is_found_in_the_acts_as_a_plain_word_would_be(
    index: SearchIndex,
) -> None:
    """The act that names the thing itself is found in the form it writes, as without the
    thesaurus: «музей» stems «муз», «музея» «музе» (index/inflection.py)."""
    index.write(
        [
            make_doc(1, "О режиме работы музея", "часы работы музея краеведения"),
            make_doc(2, "О развитии культуры", "развитие культуры в районе"),
        ]
    )
    museums = (Entry("музей", ("развитие культуры",)),)

    assert ids(index, "музей", ()) == [1]
    assert sorted(ids(index, "музей", museums)) == [1, 2]  # and the phrase's act too


def test_a_law_asked_by_its_short_number_finds_acts_titled_with_its_name(
    index: SearchIndex,
) -> None:
    index.write(
        [
            make_doc(
                1,
                "Об общих принципах организации местного самоуправления в Российской Федерации",
                "Настоящий Федеральный закон устанавливает общие принципы",
            ),
            make_doc(2, "О бюджете", "бюджет поселения"),
        ]
    )

    assert ids(index, "131-ФЗ", ()) == []
    assert ids(index, "131-ФЗ") == [1]


def test_a_one_word_key_right_after_an_adjective_is_not_applied() -> None:
    """«железная дорога» is not a road to pave, «кадастровые работы» not a job: an
    adjective before a one-word key makes it another thing, and the key stays a plain word
    — unless the adjective is the entry's own («автомобильная дорога») or a pronoun's."""
    roads = (
        Entry("дорога", ("автомобильные дороги", "дорожная деятельность")),
        Entry("работа", ("трудоустройство",)),
    )

    assert expansions(roads, "ходят ли поезда, железная дорога в крае") == []
    assert expansions(roads, "как отмежевать участок, кадастровые работы") == []
    assert [e.terms for e in expansions(roads, "ремонт дороги в деревне")] == [("дорог",)]
    assert [e.terms for e in expansions(roads, "ямы на автомобильной дороге")] == [("дорог",)]
    assert [e.terms for e in expansions(roads, "на нашей дороге ямы")] == [("дорог",)]
    assert [e.terms for e in expansions(roads, "нужна работа для подростков")] == [("работ",)]
