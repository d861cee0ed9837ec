"""Words of one family: a resident's noun finds the act's adjective made from it, held by
the index — and the family neither outranks the word itself nor floods the results."""

from __future__ import annotations

from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.index.analysis import query_words
from legaldesk.index.derivation import MAX_RELATED, candidates, related
from tests.index.conftest import make_doc


def stem(word: str) -> str:
    return query_words(word)[0][1]


def test_word_building_rules_relate_nouns_and_adjectives() -> None:
    assert stem("дорожного") in candidates(stem("дорогах"))  # г → ж before -н
    assert stem("сельских") in candidates(stem("селе"))
    assert stem("уличного") in candidates(stem("улицах"))  # ц → ч
    assert stem("молодежной") in candidates(stem("молодежи"))
    assert stem("дороги") in candidates(stem("дорожный"))  # and back from the adjective
    assert candidates("в") == set() and candidates("245") == set()


def test_only_stems_the_index_holds_are_related(index: SearchIndex) -> None:
    index.write([make_doc(1, "О безопасности дорожного движения")])
    searcher = index.raw_index.searcher()

    assert related(searcher, stem("дорогах")) == [stem("дорожного")]
    assert related(searcher, stem("селе")) == []  # «сельск» is in no act here


def test_a_residents_noun_finds_the_acts_adjective(index: SearchIndex) -> None:
    index.write(
        [
            make_doc(1, "О безопасности дорожного движения", "профилактика травматизма"),
            make_doc(2, "О порядке похорон", "кладбище"),
        ]
    )

    result = index.search(SearchQuery(text="дети на дорогах"))

    assert [h.id for h in result.hits] == [1]
    assert result.total == 1


def test_the_word_itself_ranks_above_its_family(index: SearchIndex) -> None:
    index.write(
        [
            make_doc(1, "О дорожном фонде", "дорожный фонд района"),
            make_doc(2, "О ремонте дорог", "ремонт дорог района"),
        ]
    )

    result = index.search(SearchQuery(text="ремонт дорог"))

    assert [h.id for h in result.hits] == [2, 1]


def test_a_family_is_a_few_stems_not_every_word_sharing_a_beginning(
    index: SearchIndex,
) -> None:
    # Acts full of words that begin like «сел» but are not its family («селекция»,
    # «селитебный», «селедка»), and more adjectives of it than MAX_RELATED.
    texts = [
        "селекция семян",
        "селитебная территория",
        "сельское поселение",
        "сельский клуб",
        "сельсовет",
        "сельскохозяйственные угодья",
        "селедка",
    ]
    index.write([make_doc(i, t) for i, t in enumerate(texts, 1)])
    searcher = index.raw_index.searcher()

    family = related(searcher, stem("селе"))
    result = index.search(SearchQuery(text="клуб в селе", limit=20))

    assert len(family) <= MAX_RELATED
    assert stem("сельское") in family
    assert not {stem("селекция"), stem("селитебная"), stem("селедка")} & set(family)
    assert result.hits[0].id == 4  # «сельский клуб»: the word and the family
    found = {h.id for h in result.hits}
    assert not {1, 2, 7} & found
