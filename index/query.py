"""From a SearchQuery to a Tantivy query, built programmatically so that no user input can
raise a query-syntax error.

Ranking, by design (each choice measured on the relevance set, docs/relevance.md):
  * every query word may match the title (boosted) or the text; any word will do, and each
    word a document holds adds its BM25 weight, so more matched words rank higher. The
    ranking query is a flat union of term queries, which Tantivy ranks with block-max WAND;
    the bonuses — all the words together, the words in their order in the title and in the
    text — are added to the top RESCORE_WINDOW hits only (positions and conjunctions over
    tens of thousands of matches cost more than the whole rest of a search at a million
    acts, and only the order near the top is ever read);
  * what counts as found (the total, the facets, a sort by date) is an act holding enough
    of the words (must_match), not counting a word found in most acts nor «год» after a
    year;
  * a word matches, as itself, the stems its other forms take where Snowball parts them
    («музей» → «муз», «музея» → «музе»: index/inflection.py);
  * something that looks like an act number («245-п», «№ 12/3-рс») hits the number field
    with a boost no text match can reach, so the act itself ranks first;
  * a word also matches, at a low boost, the stems of its family that the index holds
    («дорога» → «дорожного», «село» → «сельских»: index/derivation.py), and counts as
    found in an act that holds only those; the top hits whose title holds the query's
    words get a bonus for the share they hold (TITLE_COVER_BOOST);
  * a word of 6+ letters that the index does not know also matches at edit distance 1
    (2 from 9 letters) at a low boost, so a typo still finds the act but never outranks an
    exact match; known words skip the fuzzy automaton, which is the costliest clause;
  * a long word also matches as the two words a broken text layer split it into, cut at a
    compound's seam («анти коррупционной», «тепло снабжения»: index/compounds.py), and a
    shortened word as the words it stands for («спортзал» → «спортивный зал»);
  * a date («от 12.03.2024», «12 марта 2024 года») is one unit matching the act's date of
    adoption, or the date written in its text in digits or with the month's name — not
    three words, nor numbers «12» and «2024» to look up as act numbers; a type word
    («постановление», «решение № 75») also ranks acts of that type higher, so type, number
    and date find an act in any order.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import tantivy

from legaldesk.index import compounds, derivation
from legaldesk.index.analysis import PREFIX, fold, numbers_in_query, query_words
from legaldesk.index.analysis import terms as analysis_terms
from legaldesk.index.documents import SearchQuery
from legaldesk.index.inflection import first_tag, other_stems
from legaldesk.index.thesaurus import Expansion, expansions
from legaldesk.index.vocabulary import document_frequency
from legaldesk.pipeline.metadata.dates import MONTHS, iter_dates

Occur = tantivy.Occur
Q = tantivy.Query

# A word in the title adds this much of its title score to its text score. The title is
# usually in the text too, and short: at 2.0 a common word of the question in a title («дети»,
# «молодежь») outranked the programme whose text answers it (ranking_steps.md, twelfth round).
TITLE_BOOST = 0.5
NUMBER_BOOST = 50.0
BARE_NUMBER_BOOST = 8.0
# For the top hits holding every unit of the query. 0.5 → 0.25 in the fifteenth round (the
# weight search of bench/relevance/ranking_steps.md): the phrase and pair bonuses already
# lift the acts that hold the words together.
ALL_WORDS_BOOST = 0.25
PHRASE_BOOST = 2.0
# Each pair of neighbouring words within PAIR_SLOP positions of each other in the text, for
# the top hits (bench/relevance/ranking_steps.md, twelfth round).
PAIR_BOOST = 1.0
PAIR_SLOP = 4
FUZZY_BOOST = 0.3
# A stem of the word's family («дорожн» for «дорога», index/derivation.py): a hint below
# the word itself.
DERIVED_BOOST = 0.3
# The family counts as the word for the match and the all-words bonus («дорожного
# движения» holds «дороги» for «безопасность детей на дорогах»).
DERIVED_IN_UNIT = True
# Added to the top hits for a title holding every word of the query, a share of it for
# each word it holds: a programme named for the question above one that only mentions it.
TITLE_COVER_BOOST = 2.0
# A long word also matches as two words side by side, split where a broken text layer
# splits compounds («анти коррупционной»: index/compounds.py), as the word itself.
SPLIT_BOOST = 1.0
# Shortened words («спортзал» → «спортивный зал»: compounds.ABBREVIATED) matched the same way.
ABBREVIATIONS = True


def abbreviations(searcher: tantivy.Searcher, word: str) -> list[tuple[str, str]]:
    return compounds.abbreviated(searcher, word) if ABBREVIATIONS else []


# The stems of the word's other forms where Snowball parts them (index/inflection.py).
INFLECTED_FORMS = True
DATE_BOOST = 4.0
# A number and a date of the query cited together in the text (_cited_together), for the
# top hits: bench/relevance/ranking_steps.md, fourteenth round.
CITED_BOOST = 8.0
CITED_SLOP = 2
TYPE_BOOST = 1.5
# The words that name a kind of act in a query, by their stems (legaldesk.vocabulary codes).
TYPE_STEMS = {
    stem: code
    for word, code in (
        ("постановление", "postanovlenie"),
        ("распоряжение", "rasporyazhenie"),
        ("решение", "reshenie"),
        ("приказ", "prikaz"),
        ("указ", "ukaz"),
        ("устав", "ustav"),
        ("закон", "zakon"),
    )
    for _, stem in query_words(word)
}
# The index's term for each month's name («сентября» → «сентябр»): the date phrases' middle.
MONTH_STEMS = {number: stem for stem, number in MONTHS.items()}
RESCORE_WINDOW = 50
COMMON_SHARE = 0.5
COMMON_MIN_ACTS = 1000  # under this, a share of the acts says little about a word
YEAR_WORD = re.compile(
    r"\b((?:19|20)\d\d)(\s*(?:год(?:а|у|ом|ы|ов|ам|ах)?|гг?)\b\.?)", re.IGNORECASE
)


@dataclass(frozen=True)
class _Word:
    """One query word: its match in the text and its (boosted) match in the title."""

    text: tantivy.Query
    title: tantivy.Query
    common: bool = False  # in more than COMMON_SHARE of the acts: see text_query
    # Term clauses of the word's family (index/derivation.py), ranked apart: flat clauses
    # of the union like the word's own.
    related: tuple[tantivy.Query, ...] = ()
    # ``text`` and ``title`` taken apart into their clauses (the stems of the word's forms,
    # fuzzy matches), for the flat union of text_query; empty when each is one clause.
    parts: tuple[tantivy.Query, ...] = ()

    @property
    def ranked(self) -> tuple[tantivy.Query, ...]:
        """The clauses the ranking's flat union gets for this word: the same sum of scores
        as ``text`` and ``title``."""
        return (*(self.parts or (self.text, self.title)), *self.related)

    @property
    def either(self) -> tantivy.Query:
        """The word found at all — itself or, if DERIVED_IN_UNIT, its family: what the
        match and the all-words bonus count."""
        family = self.related if DERIVED_IN_UNIT else ()
        return Q.boolean_query([(Occur.Should, q) for q in (self.text, self.title, *family)])


def _word_query(
    schema: tantivy.Schema,
    word: str,
    term: str,
    searcher: tantivy.Searcher | None,
    title_boost: float = TITLE_BOOST,
    strict: bool = False,
) -> _Word:
    # The word's own stem, and the stems its other forms take where the stemmer parts
    # them («музей» → «муз», «музея» → «музе»: index/inflection.py), as the word itself.
    stems = [term]
    if searcher is not None and INFLECTED_FORMS:
        stems += [s for s in other_stems(word, term) if document_frequency(searcher, s)]
    parts: dict[str, list[tantivy.Query]] = {
        "title": [Q.boost_query(Q.term_query(schema, "title", s), title_boost) for s in stems],
        "text": [Q.term_query(schema, "text", s) for s in stems],
    }
    held = (
        max(searcher.doc_freq("text", term), searcher.doc_freq("title", term))
        if searcher is not None
        else 0
    )
    known = held > 0
    acts = int(searcher.num_docs) if searcher is not None else 0
    common = not strict and acts >= COMMON_MIN_ACTS and held > COMMON_SHARE * acts
    if len(word) >= 6 and not known and not strict:
        distance = 2 if len(word) >= 9 else 1
        for field, boost in (
            ("title", FUZZY_BOOST * title_boost / TITLE_BOOST),
            ("text", FUZZY_BOOST),
        ):
            fuzzy = Q.fuzzy_term_query(schema, field, term, distance=distance)
            parts[field].append(Q.boost_query(fuzzy, boost))
    title, text = (
        parts[f][0]
        if len(parts[f]) == 1
        else Q.boolean_query([(Occur.Should, q) for q in parts[f]])
        for f in ("title", "text")
    )
    family: list[tantivy.Query] = []
    if searcher is not None and SPLIT_BOOST > 0:
        for pair in [*compounds.split_in_two(searcher, word), *abbreviations(searcher, word)]:
            family.append(Q.boost_query(Q.phrase_query(schema, "text", list(pair)), SPLIT_BOOST))
            family.append(
                Q.boost_query(
                    Q.phrase_query(schema, "title", list(pair)), SPLIT_BOOST * title_boost
                )
            )
    if searcher is not None and DERIVED_BOOST > 0:
        for stem in derivation.related(searcher, term):
            family.append(Q.boost_query(Q.term_query(schema, "text", stem), DERIVED_BOOST))
            family.append(
                Q.boost_query(Q.term_query(schema, "title", stem), DERIVED_BOOST * title_boost)
            )
    flat = (*parts["text"], *parts["title"]) if len(parts["text"]) + len(parts["title"]) > 2 else ()
    return _Word(text=text, title=title, common=common, related=tuple(family), parts=flat)


@dataclass(frozen=True)
class TextQuery:
    scored: tantivy.Query
    match: tantivy.Query
    # Added to the top hits' scores (the all-words and phrase bonuses): see RESCORE_WINDOW.
    bonuses: tuple[tantivy.Query, ...]


def _number_words_query(schema: tantivy.Schema, span: str) -> tantivy.Query | None:
    """The words of a written act number («245-п» → 245, п) as one unit: adjacent, in
    order. Counting them as separate words would match every act holding a «245» and a
    «п.» anywhere — tens of thousands at scale, all to be scored."""
    # The index's terms, stop words kept: the letter of «367-а», «12-в», «5-с» is a stop word
    # as a word of its own, and without it «367-а» was any «367» («1 367,8 тыс. рублей»).
    terms = analysis_terms(span)
    if not terms:
        return None
    if len(terms) == 1:
        return Q.boolean_query(
            [
                (Occur.Should, Q.boost_query(Q.term_query(schema, "title", terms[0]), TITLE_BOOST)),
                (Occur.Should, Q.term_query(schema, "text", terms[0])),
            ]
        )
    return Q.boolean_query(
        [
            (
                Occur.Should,
                Q.boost_query(Q.phrase_query(schema, "title", terms), TITLE_BOOST),
            ),
            (Occur.Should, Q.phrase_query(schema, "text", terms)),
        ]
    )


def _written_dates(when: date) -> list[list[str | tuple[int, str]]]:
    """The index's terms of a date as acts write it: «15.01.2026», «5.01.2026», «15 января
    2026» (the month's name by its stem)."""
    return [
        [day, month, str(when.year)]
        for day in dict.fromkeys((f"{when.day:02d}", str(when.day)))
        for month in (f"{when.month:02d}", MONTH_STEMS[when.month])
    ]


def _date_query(schema: tantivy.Schema, when: date) -> tantivy.Query:
    """An act of that date — adopted then, or (its metadata unknown) with the date written in
    its text: as digits, «15.01.2026» or «5.01.2026», or with the month's name, «от « 29 »
    сентября 2017 г.» (how the approving act is cited on a programme's first page)."""
    written = [Q.phrase_query(schema, "text", terms) for terms in _written_dates(when)]
    adopted = Q.term_query(schema, "date", int(when.strftime("%Y%m%d")))
    return Q.boolean_query([(Occur.Should, q) for q in [adopted, *written]])


def _cited_together(
    schema: tantivy.Schema, when: date, number_terms: Sequence[str]
) -> list[tantivy.Query]:
    """The date and the number side by side in the text, either way round: «от 07.11.2017
    № 248», «№ 248 от 07.11.2017» — how an act is cited, and how a programme's first page
    names the act that approved it. An act that only shares the number (another year's
    «№ 248») or only the date holds them apart."""
    return [
        Q.phrase_query(schema, "text", terms, slop=CITED_SLOP)
        for written in _written_dates(when)
        for terms in ([*written, *number_terms], [*number_terms, *written])
    ]


def _terms_query(schema: tantivy.Schema, field: str, terms: tuple[str, ...]) -> tantivy.Query:
    if len(terms) == 1:
        return Q.term_query(schema, field, terms[0])
    return Q.phrase_query(schema, field, list(terms), slop=1)


# A one-word key is also matched as a plain word of the query is (its other forms, its
# family, the compounds): the act that names the thing itself must be found at least as
# well as without the thesaurus (bench/relevance/ranking_steps.md, ninth round).
KEY_AS_WORD = True
# A one-word key's phrases weigh less than its own word: at full weight they lifted the
# general programmes of a subject above the act that names the resident's own word, on every
# part written after the entries (held_out8, held_out9; ninth round). 0.5 → 0.7 in the
# fifteenth round's weight search over 1,243 questions (bench/relevance/ranking_steps.md).
PHRASE_WEIGHT = 0.7


# A name in the query (a district's, a settlement's) weighs this much of another word. In an
# official heading («…в Агрызском муниципальном районе») the subject is what the reader
# asks about: with full weight the rare name lifted every act of that district, whatever its
# subject, above programmes of the same subject elsewhere (bench/relevance/ranking_steps.md,
# ninth round). Still found and still counted for the all-words bonus. 0.3 → 0.15 in the
# fourteenth round: a search over every query-time weight on the 1,036 tuned questions, kept
# only where both halves of them (odd and even ids) gained.
PLACE_WEIGHT = 0.15
NAME = re.compile(r"\w+", re.UNICODE)


# A capitalised word weighs less only beside a word for a territory (tenth round).
TERRITORY = re.compile(
    r"^(район|муниципальн|поселен|поселк|поселок|округ|город|сельсовет|сельск|област|кра[йея]"
    r"|республик|мо$|мр$|го$|г$|с$|п$|пгт$|рп$|деревн|сел[оа]$)",
)


def _names(text: str) -> set[str]:
    """Words written with a capital inside the query, not first in it or in a quotation,
    next to a word for a territory: the names of districts and settlements («в Агрызском
    муниципальном районе», «городского округа Долгопрудный»), not a name that is what the
    reader asks about («Шукшинские дни», «Катунь»)."""
    out: set[str] = set()
    tokens = list(NAME.finditer(fold(text)))
    for i, m in enumerate(tokens):
        word = m.group(0)
        before = text[: m.start()].rstrip()
        if not (word[:1].isupper() and before and before[-1] not in '«"“„.!?('):
            continue
        near = [t.group(0).lower() for t in tokens[max(0, i - 2) : i + 3] if t is not m]
        if any(TERRITORY.match(w) for w in near):
            out.add(word.lower())
    return out


# The words that frame a resident's question rather than name its subject — verbs,
# adverbs, pronouns («где покататься», «можно ли устроиться», «кто будет ремонтировать»,
# «учатся во вторую смену») — weigh this much of a word. Rare in acts, they had the weight
# of a rare word, and the act holding «покататься» once outranked the programme that names
# the ski run (bench/relevance/ranking_steps.md, twelfth round). Still found and counted.
FRAME_WEIGHT = 0.5
FRAME = frozenset({"VERB", "INFN", "GRND", "ADVB", "PRED", "NPRO", "PRCL", "INTJ", "CONJ"})


def _frames(word: str) -> bool:
    return first_tag(word).POS in FRAME


def _weighted(word: _Word, weight: float) -> _Word:
    def w(q: tantivy.Query) -> tantivy.Query:
        return Q.boost_query(q, weight)

    return _Word(
        text=w(word.text),
        title=w(word.title),
        common=word.common,
        related=tuple(w(q) for q in word.related),
        parts=tuple(w(q) for q in word.parts),
    )


def _synonym_unit(
    schema: tantivy.Schema,
    expansion: Expansion,
    title_boost: float,
    strict: bool = False,
    searcher: tantivy.Searcher | None = None,
    key_words: Sequence[tuple[str, str]] = (),
) -> _Word:
    """The key's words or any of the thesaurus phrases that do not hold them: one unit of
    the query (see _phrase_bonuses for the others). ``strict`` (a standing query): the
    phrases count in the title only — a cemetery's rules that mention water supply once are
    not news on housing and utilities; the key's own words count anywhere."""
    if KEY_AS_WORD and len(key_words) == 1 and not strict:
        word = _word_query(schema, *key_words[0], searcher, title_boost)
        wide = _widening(expansion)
        phrases_text = [Q.boost_query(_terms_query(schema, "text", a), PHRASE_WEIGHT) for a in wide]
        phrases_title = [
            Q.boost_query(_terms_query(schema, "title", a), title_boost * PHRASE_WEIGHT)
            for a in wide
        ]
        return _Word(
            text=Q.boolean_query([(Occur.Should, q) for q in (word.text, *phrases_text)]),
            title=Q.boolean_query([(Occur.Should, q) for q in (word.title, *phrases_title)]),
            common=word.common,
            related=word.related,
            parts=(*(word.parts or (word.text, word.title)), *phrases_text, *phrases_title),
        )
    alternatives = [expansion.terms, *_widening(expansion)]
    in_text = [expansion.terms] if strict else alternatives
    text = Q.boolean_query([(Occur.Should, _terms_query(schema, "text", a)) for a in in_text])
    title = Q.boolean_query(
        [
            (Occur.Should, Q.boost_query(_terms_query(schema, "title", a), title_boost))
            for a in alternatives
        ]
    )
    return _Word(text=text, title=title)


def _widening(expansion: Expansion) -> list[tuple[str, ...]]:
    """The phrases that may find an act the key's words do not: «теплоснабжение» for
    «отопление», not «бюджет поселения» for «бюджет»."""
    key = set(expansion.terms)
    return [p for p in expansion.phrases if not key <= set(p)]


def _phrase_bonuses(schema: tantivy.Schema, expansion: Expansion) -> list[tantivy.Query]:
    """A phrase that holds the key's words («бюджет поселения» for «бюджет») finds nothing
    the key does not: it only ranks, so it is a bonus for the top hits — as a clause of
    the query it cost 110 ms at a million acts (positions of «бюджет» in half of them)."""
    key = set(expansion.terms)
    return [
        Q.boost_query(_terms_query(schema, field, p), boost)
        for p in expansion.phrases
        if key <= set(p)
        for field, boost in (("title", TITLE_BOOST), ("text", 1.0))
    ]


def _title_cover(words: Sequence[_Word]) -> list[tantivy.Query]:
    """The share of the query's words that the title holds, as a bonus for the top hits
    (TITLE_COVER_BOOST for a title holding them all)."""
    if TITLE_COVER_BOOST <= 0 or not words:
        return []
    share = TITLE_COVER_BOOST / len(words)
    out = []
    for word in words:
        family = list(word.related[1::2]) if DERIVED_IN_UNIT else []  # the title terms
        title = (
            word.title
            if not family
            else Q.boolean_query([(Occur.Should, q) for q in (word.title, *family)])
        )
        out.append(Q.const_score_query(title, share))
    return out


def _take(words: list[tuple[str, str]], terms: tuple[str, ...]) -> list[tuple[str, str]]:
    """The words without the first run of ``terms`` (a thesaurus key found in them)."""
    stems = [t for _, t in words]
    n = len(terms)
    for i in range(len(stems) - n + 1):
        if tuple(stems[i : i + n]) == terms:
            return words[:i] + words[i + n :]
    return words


def text_query(
    schema: tantivy.Schema,
    text: str,
    searcher: tantivy.Searcher | None = None,
    expansions: Sequence[Expansion] = (),
    strict: bool = False,
) -> TextQuery | None:
    """The scored query and the bare match query (same documents, no bonuses: what facet
    counts need). Any unit of the query matches; the more units a document holds, the
    higher it ranks (docs/relevance.md, «Ranking by measurement»: the all-words gate this
    replaced dropped the right acts whenever one word of a question was not theirs).

    ``strict``, for a standing query that e-mails what it matches (legaldesk/subscriptions/):
    an act is found only holding every unit — a word, its synonyms or its family — with no
    fuzzy match and no word let off for being common. A reader forgives a loose tenth
    result; a deputy does not forgive a digest of acts that lack half their words."""
    dates: list[tantivy.Query] = []
    whens: list[date] = []
    for start, end, when in iter_dates(text):
        dates.append(_date_query(schema, when))
        whens.append(when)
        text = text[:start] + " " * (end - start) + text[end:]
    # «на 2025 год», «2016-2020 годы»: the year is what the act must hold; «год» still
    # ranks (and makes phrases), but an act is found without it — as a word of its own it
    # is in half of all acts, the costliest word to count.
    year_words = {t for m in YEAR_WORD.finditer(text) for _, t in query_words(m.group(2))}
    numbers = numbers_in_query(text)
    number_queries = [
        Q.boost_query(
            Q.term_query(schema, "number", n.key),
            NUMBER_BOOST if n.structured else BARE_NUMBER_BOOST,
        )
        for n in numbers
    ]
    # A bare «245» also finds «245-п», «245-па» by their leading digits, below «245» itself.
    number_queries += [
        Q.boost_query(Q.term_query(schema, "number", PREFIX + n.key), BARE_NUMBER_BOOST / 4)
        for n in numbers
        if not n.structured
    ]
    # A written number («245-п») is one unit of the query, not two words.
    plain = text
    others: list[tantivy.Query] = []  # the units of act numbers and dates
    for n in numbers:
        if n.structured:
            unit = _number_words_query(schema, text[n.start : n.end])
            if unit is not None:
                others.append(unit)
            plain = plain[: n.start] + " " * (n.end - n.start) + plain[n.end :]
    words = query_words(plain)
    type_boosts = [
        Q.boost_query(Q.term_query(schema, "doc_type", TYPE_STEMS[term]), TYPE_BOOST)
        for term in dict.fromkeys(t for _, t in words)
        if term in TYPE_STEMS
    ]
    others += dates
    found_keys = [e for e in expansions if e.terms]
    # A key whose every phrase holds its words («бюджет» → «бюджет поселения») finds no act
    # the words do not: the words stay plain words of the query (flat term clauses, which
    # Tantivy's WAND can skip through: 22 → 14 ms for «бюджет на 2025 год» at a million
    # acts) and its phrases only rank the top hits.
    synonyms = [e for e in found_keys if _widening(e)]
    # The query's words each widening key stands for, taken out of the plain words.
    key_words: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for expansion in synonyms:
        rest = _take(words, expansion.terms)
        key_words[expansion.terms] = [w for w in words if w not in rest]
        words = rest
    # A law asked by its short number («131-ФЗ») also finds acts titled with its name.
    law_titles = [
        Q.boost_query(_terms_query(schema, "title", phrase), TITLE_BOOST)
        for e in expansions
        if e.number is not None
        for phrase in e.phrases
    ]
    plain_words = [_word_query(schema, w, t, searcher, strict=strict) for w, t in words]
    # How much each plain word weighs: a district's name and the words that frame a
    # question less than its subject.
    weights = [1.0] * len(words)
    if not strict:
        names = _names(plain)
        weights = [
            (PLACE_WEIGHT if w in names else 1.0) * (FRAME_WEIGHT if _frames(w) else 1.0)
            for w, _ in words
        ]
        plain_words = [
            word if weight == 1.0 else _weighted(word, weight)
            for word, weight in zip(plain_words, weights, strict=True)
        ]
    synonym_units = [
        _synonym_unit(schema, e, TITLE_BOOST, strict, searcher, key_words.get(e.terms, []))
        for e in synonyms
    ]
    units = [w.either for w in plain_words] + others
    units += [u.either for u in synonym_units]
    if not units and not number_queries:
        return None
    # The ranking is a flat union: each word's text and title terms are clauses of their
    # own, not a boolean per word, so that a query of plain words is a union of term
    # queries alone, which Tantivy ranks with block-max WAND (skipping the documents that
    # cannot reach the top) instead of scoring every document holding any word — 5 ms
    # against 24 ms on the worst query at a million acts (docs/benchmarks.md). The scores
    # are the same sums. Everything that is not a term (phrases, the all-words bonus) is
    # a bonus computed for the top RESCORE_WINDOW hits only.
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    clauses.extend((Occur.Should, q) for q in number_queries)
    clauses.extend((Occur.Should, q) for q in law_titles)
    for word in plain_words:
        clauses += [(Occur.Should, q) for q in word.ranked]
    clauses.extend((Occur.Should, q) for q in others)
    # A key's clauses flat in the union too, as a plain word's (the same sum of scores).
    clauses.extend((Occur.Should, q) for u in synonym_units for q in u.ranked)
    found = [*number_queries, *law_titles]
    # A word found in most acts («муниципальный» in two thirds of them) ranks, but does
    # not decide whether an act is found: it would admit nearly every act, and counting
    # its postings is the costliest part of a search at a million acts (Elasticsearch's
    # «common terms» query draws the same line).
    # So is a thesaurus key that is such a word («бюджет»): the rest of the query decides.
    needed = (
        [
            word.either
            for (_, term), word in zip(words, plain_words, strict=True)
            if term not in year_words and not word.common
        ]
        + others
        + [u.either for u in synonym_units if not u.common]
    ) or units
    if needed:
        found.append(at_least(needed, len(needed) if strict else must_match(len(needed))))
    match = found[0] if len(found) == 1 else Q.boolean_query([(Occur.Should, q) for q in found])
    clauses.extend((Occur.Should, q) for q in type_boosts)
    clauses.extend((Occur.Should, Q.boost_query(q, DATE_BOOST)) for q in dates)
    bonuses: list[tantivy.Query] = [b for e in found_keys for b in _phrase_bonuses(schema, e)]
    if CITED_BOOST > 0:
        for n in numbers:
            number_terms = analysis_terms(text[n.start : n.end])
            if number_terms:
                bonuses += [
                    Q.boost_query(q, CITED_BOOST)
                    for when in whens
                    for q in _cited_together(schema, when, number_terms)
                ]
    bonuses += _title_cover(plain_words + synonym_units)
    if len(units) > 1:
        every = Q.boolean_query([(Occur.Must, q) for q in units])
        bonuses.append(Q.boost_query(every, ALL_WORDS_BOOST))
    terms: list[str | tuple[int, str]] = [t for _, t in words]
    if len(words) > 2:
        # Two neighbouring words of the question near each other in the text: the passage
        # that answers a long question holds some of its words together even when no
        # passage holds them all (the all-words phrase below).
        # A pair weighs as its lighter word: a district's name beside «муниципальном
        # районе» is not the subject twice over.
        bonuses += [
            Q.boost_query(
                Q.phrase_query(schema, "text", [a, b], slop=PAIR_SLOP),
                PAIR_BOOST * min(wa, wb),
            )
            for ((_, a), wa), ((_, b), wb) in itertools.pairwise(zip(words, weights, strict=True))
        ]
    if len(terms) > 1:
        # A phrase match holds every word, so it never widens the match.
        bonuses.append(Q.boost_query(Q.phrase_query(schema, "title", terms, slop=2), PHRASE_BOOST))
        bonuses.append(Q.boost_query(Q.phrase_query(schema, "text", terms, slop=2), PHRASE_BOOST))
    return TextQuery(Q.boolean_query(clauses), match, tuple(bonuses))


def must_match(units: int) -> int:
    """How many of a query's units an act must hold to count as found (the total, the
    facets, a sort by date) — all of one or two, all but one of three or four, about two
    thirds of a long question. The ranking itself takes any unit: an act holding fewer
    words is still listed, after these."""
    if units <= 2:
        return units
    if units <= 4:
        return units - 1
    return max(units - 2, (2 * units + 2) // 3)


def at_least(units: list[tantivy.Query], m: int) -> tantivy.Query:
    """Documents holding at least ``m`` of ``units``."""
    if m >= len(units):
        if len(units) == 1:
            return units[0]
        return Q.boolean_query([(Occur.Must, u) for u in units])
    return Q.boolean_query(
        [(Occur.Should, u) for u in units], minimum_number_should_match=max(1, m)
    )


def filter_clauses(schema: tantivy.Schema, query: SearchQuery) -> list[tantivy.Query]:
    filters: list[tantivy.Query] = []
    for field, values in (
        ("material", query.materials),
        ("doc_type", query.doc_types),
        ("level", query.levels),
        ("issuer", query.issuers),
        ("rubric", query.rubrics),
        ("status", query.statuses),
        ("publication", query.publication),
    ):
        if values:
            filters.append(Q.term_set_query(schema, field, list(values)))
    if query.year is not None:
        filters.append(Q.term_query(schema, "year", query.year))
    if query.date_from or query.date_to:
        lower = int(query.date_from.strftime("%Y%m%d")) if query.date_from else None
        upper = int(query.date_to.strftime("%Y%m%d")) if query.date_to else None
        filters.append(Q.range_query(schema, "date", tantivy.FieldType.Integer, lower, upper))
    return filters


@dataclass(frozen=True)
class BuiltQuery:
    scored: tantivy.Query  # ranks the hits
    match: tantivy.Query  # the same documents, no scoring extras: counts and facets
    has_text: bool  # else a browse, sorted by date
    bonuses: tuple[tantivy.Query, ...] = ()  # rescoring of the top hits (see RESCORE_WINDOW)


def build_query(
    schema: tantivy.Schema,
    query: SearchQuery,
    searcher: tantivy.Searcher | None = None,
    strict: bool = False,
) -> BuiltQuery:
    found = expansions(query.thesaurus, query.text) if query.thesaurus else []
    text = (
        text_query(schema, fold(query.text), searcher, found, strict=strict)
        if query.text.strip()
        else None
    )
    filters = [(Occur.Must, f) for f in filter_clauses(schema, query)]
    if text is None and query.text.strip():
        # Only stop words or punctuation: nothing can match, and nothing should crash.
        empty = Q.empty_query()
        return BuiltQuery(empty, empty, True)
    if text is None:
        browse = Q.boolean_query(filters) if filters else Q.all_query()
        return BuiltQuery(browse, browse, False)
    return BuiltQuery(
        Q.boolean_query([*filters, (Occur.Must, text.scored)]),
        Q.boolean_query([*filters, (Occur.Must, text.match)]),
        True,
        text.bonuses,
    )
