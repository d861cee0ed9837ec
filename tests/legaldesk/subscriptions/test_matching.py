"""Matching new acts against standing queries (legaldesk/subscriptions/matching.py): what a
profile finds and how it says why — and that the batched, cached matcher finds exactly
what each profile's own strict search of the batch finds. Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
import tantivy

from bench.subscriptions import new_acts, profiles
from legaldesk import thesaurus
from legaldesk.index import IndexDoc, SearchIndex, SearchQuery
from legaldesk.index.analysis import WORD, fold, query_words
from legaldesk.index.query import build_query
from legaldesk.index.thesaurus import Entry, Expansion, expansions
from legaldesk.publication import PUBLISHED
from legaldesk.subscriptions.matching import Batch, Match, Standing, Timings, match

ENTRIES = tuple(thesaurus.shipped())
Q = tantivy.Query


def act(id: int, title: str, text: str = "", **fields: object) -> IndexDoc:
    values: dict[str, object] = {
        "number": None,
        "doc_type": "postanovlenie",
        "issuer": "Администрация Заречного района",
        "level": "municipal",
        "status": "in_force",
        "rubrics": (),
        "date_adopted": date(2026, 11, 2),
        "created_at": datetime(2026, 11, 2),
        "publication": PUBLISHED,
    }
    values.update(fields)
    return IndexDoc(id=id, title=title, text=text or title, **values)


def found(docs: list[IndexDoc], standing: Standing) -> dict[int, Match]:
    return {m.document_id: m for m in match(docs, [standing], ENTRIES)}


def test_every_word_is_required() -> None:
    docs = [
        act(1, "О ставках земельного налога"),
        act(2, "О налоге на имущество физических лиц"),
        act(3, "О земельном контроле"),
    ]
    assert set(found(docs, Standing(1, 1, "земельный налог"))) == {1}


def test_any_form_of_a_word_finds_the_act() -> None:
    docs = [act(1, "О предоставлении субсидий малым предприятиям"), act(2, "О бюджете")]
    by_forms = found(docs, Standing(1, 1, "субсидия предприятие"))
    assert set(by_forms) == {1}
    assert by_forms[1].words == ("субсидия", "предприятие")  # as the profile spells them


def test_a_thesaurus_key_finds_the_acts_words_and_says_which() -> None:
    docs = [
        act(1, "О программе развития жилищно-коммунального хозяйства"),
        act(2, "О тарифах ЖКХ на 2027 год"),
        act(3, "О программе развития культуры"),
    ]
    hits = found(docs, Standing(1, 1, "ЖКХ"))
    assert set(hits) == {1, 2}
    assert hits[1].words == ("ЖКХ (жилищно-коммунальное хозяйство)",)
    assert hits[2].words == ("ЖКХ",)
    # Without the thesaurus the key is a word like any other.
    assert {m.document_id for m in match(docs, [Standing(1, 1, "ЖКХ")])} == {2}


def test_a_rubric_alone_finds_every_act_under_it_for_every_subscriber() -> None:
    docs = [
        act(1, "О пособии на ребенка", rubrics=("social_protection",)),
        act(2, "О бюджете", rubrics=("budget_taxes",)),
        act(3, "О доплате к пенсии", rubrics=("social_protection", "pensions_benefits")),
    ]
    alike = [
        Standing(1, 10, rubric="social_protection"),
        Standing(2, 20, rubric="social_protection"),
    ]
    out = match(docs, alike, ENTRIES)
    assert sorted((m.profile_id, m.subscriber_id, m.document_id) for m in out) == [
        (1, 10, 1),
        (1, 10, 3),
        (2, 20, 1),
        (2, 20, 3),
    ]
    assert all(m.words == () and m.filters == {"rubric": "social_protection"} for m in out)


def test_filters_narrow_the_words() -> None:
    docs = [
        act(1, "О тарифах на воду"),
        act(2, "О тарифах на воду", doc_type="rasporyazhenie"),
        act(3, "О тарифах на воду", level="regional", issuer="Правительство области"),
        act(4, "О тарифах на тепло", issuer="Совет депутатов"),
    ]
    assert set(found(docs, Standing(1, 1, "тариф", doc_type="rasporyazhenie"))) == {2}
    assert set(found(docs, Standing(1, 1, "тариф", level="regional"))) == {3}
    issuer = found(docs, Standing(1, 1, "тариф", issuer="Совет депутатов"))
    assert set(issuer) == {4}
    assert issuer[4].filters == {"issuer": "Совет депутатов"}
    assert issuer[4].words == ("тариф",)
    assert found(docs, Standing(1, 1, "тариф", doc_type="prikaz")) == {}


def test_only_public_acts_are_matched() -> None:
    docs = [act(1, "О тарифах"), act(2, "О тарифах", publication="pending")]
    assert set(found(docs, Standing(1, 1, "тарифы"))) == {1}


def test_a_misspelt_word_finds_nothing_though_the_search_forgives_it() -> None:
    docs = [act(1, "О благоустройстве дворовых территорий")]
    assert found(docs, Standing(1, 1, "благоустройтсво")) == {}
    assert found(docs, Standing(1, 1, "благоустройство"))
    # The reader's search finds it by the near word: the profile alone is strict.
    index = SearchIndex.open(None)
    index.rebuild(docs)
    assert index.search(SearchQuery(text="благоустройтсво", as_typed=True)).total == 1


def test_an_act_number() -> None:
    docs = [
        act(1, "О порядке выплат", number="245-п"),
        act(2, "О внесении изменений в постановление от 01.02.2026 № 245-п"),
        act(3, "О порядке выплат", number="246-п"),
    ]
    assert set(found(docs, Standing(1, 1, "245-п"))) == {1, 2}


def test_nothing_to_match() -> None:
    assert match([], [Standing(1, 1, "тариф")]) == []
    assert match([act(1, "О тарифах")], []) == []
    # Only function words: nothing, and no error.
    assert match([act(1, "О тарифах")], [Standing(1, 1, "и в на")], ENTRIES) == []


# -- the matcher against a plain evaluation of each profile ---------------------------------


def plain_match(
    docs: list[IndexDoc], standing: list[Standing], entries: tuple[Entry, ...]
) -> list[Match]:
    """Each profile on its own: the search's strict query over the whole batch, and its
    words read term by term — no grouping, no cache, no split of filters and words."""
    index = SearchIndex.open(None)
    index.rebuild(docs)
    searcher = index.raw_index.searcher()
    schema = index.schema

    def ids(query: object) -> set[int]:
        result = searcher.search(query, len(docs), count=False)
        return {searcher.doc(addr)["id"][0] for _, addr in result.hits}

    postings: dict[str, set[int]] = {}  # a term's acts, title or text: a plain look-up
    in_title: dict[str, set[int]] = {}

    def holding(terms: tuple[str, ...], document_id: int, title_only: bool = False) -> bool:
        for term in terms:
            if term not in postings:
                in_title[term] = ids(Q.term_query(schema, "title", term))
                postings[term] = in_title[term] | ids(Q.term_query(schema, "text", term))
            if document_id not in (in_title if title_only else postings)[term]:
                return False
        return True

    written = {tuple(t for _, t in query_words(p)): p for x in entries for p in x.phrases}

    def words(s: Standing, found: list[Expansion], document_id: int) -> tuple[str, ...]:
        spelt = {w.lower(): w for w in WORD.findall(fold(s.text))}
        out: list[str] = []
        covered: set[str] = set()
        for e in found:
            if not e.terms:
                continue
            covered.update(e.terms)
            key = (
                " ".join(s.text.split())
                if {t for _, t in query_words(s.text)} <= set(e.terms)
                else " ".join(
                    dict.fromkeys(spelt.get(w, w) for w, t in query_words(s.text) if t in e.terms)
                )
            )
            if holding(e.terms, document_id):
                out.append(key)
                continue
            phrase = next((p for p in e.phrases if holding(p, document_id, True)), None)
            if phrase is not None:
                out.append(f"{key} ({written.get(phrase, ' '.join(phrase))})")
        for word, term in query_words(s.text):
            if term not in covered and holding((term,), document_id):
                out.append(spelt.get(word, word))
                covered.add(term)
        return tuple(out)

    out = []
    for s in standing:
        built = build_query(schema, s.query(entries), searcher, strict=True)
        found = expansions(entries, s.text)
        filters = {
            k: v
            for k, v in (
                ("type", s.doc_type),
                ("level", s.level),
                ("issuer", s.issuer),
                ("rubric", s.rubric),
            )
            if v
        }
        for document_id in sorted(ids(built.match)):
            out.append(
                Match(
                    s.profile_id,
                    s.subscriber_id,
                    document_id,
                    words(s, found, document_id),
                    filters,
                )
            )
    return out


def ordered(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (m.profile_id, m.document_id))


@pytest.mark.parametrize("seed", [3, 8])
def test_the_matcher_finds_what_each_profile_finds_alone(seed: int) -> None:
    docs = new_acts(120, seed)
    standing = profiles(400, seed, ENTRIES)
    # Keys whose acts hold only a phrase of theirs, and a key with a word of a title.
    standing += [
        Standing(1001, 900, "ЖКХ"),
        Standing(1002, 900, "коммуналка", level="municipal"),
        Standing(1003, 901, "Маткапитал"),
        Standing(1004, 901, "131-ФЗ"),
        Standing(1005, 902, "отопление поселения"),
    ]
    timings = Timings()
    fast = match(docs, standing, ENTRIES, timings=timings)
    assert ordered(fast) == ordered(plain_match(docs, standing, ENTRIES))
    # The set is worth comparing: it holds filtered and thesaurus matches and alike profiles.
    assert len(fast) > 500
    assert any(m.filters and m.words for m in fast)
    assert any("(" in w for m in fast for w in m.words)
    assert len({s.key for s in standing}) < len(standing)
    assert timings.build > 0 and timings.run > 0 and timings.explain > 0


def test_a_batch_answers_alike_for_another_thesaurus() -> None:
    docs = [act(1, "О программе развития жилищно-коммунального хозяйства")]
    batch = Batch(docs)
    standing = Standing(1, 1, "ЖКХ")
    assert batch.find(standing, ENTRIES) == {1}
    assert batch.words_found(standing, 1, ENTRIES) == ("ЖКХ (жилищно-коммунальное хозяйство)",)
    assert batch.find(standing, ()) == frozenset()
    assert batch.words_found(standing, 1, ()) == ()
    other = (Entry("жкх", ("программа развития",)),)
    assert batch.find(standing, other) == {1}
    assert batch.words_found(standing, 1, other) == ("ЖКХ (программа развития)",)
    assert batch.find(replace(standing, text="жкх"), ENTRIES) == {1}
