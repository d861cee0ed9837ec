"""From a SearchQuery to a Tantivy query, built programmatically so that no user input can
raise a query-syntax error.

Ranking, by design:
  * every query word may match the title (boosted) or the text; documents containing all
    words get a conjunction bonus, and words in their order a phrase bonus;
  * something that looks like an act number («245-п», «№ 12/3-рс») hits the number field
    with a boost no text match can reach, so the act itself ranks first;
  * a word of 6+ letters that the index does not know also matches at edit distance 1
    (2 from 9 letters) at a low boost, so a typo still finds the act but never outranks an
    exact match; known words skip the fuzzy automaton, which is the costliest clause.
"""

from __future__ import annotations

import tantivy

from legaldesk.index.analysis import fold, number_candidates, query_words
from legaldesk.index.documents import SearchQuery

Occur = tantivy.Occur
Q = tantivy.Query

TITLE_BOOST = 3.0
NUMBER_BOOST = 50.0
BARE_NUMBER_BOOST = 8.0
ALL_WORDS_BOOST = 2.0
PHRASE_BOOST = 2.0
FUZZY_BOOST = 0.3


def _word_query(
    schema: tantivy.Schema, word: str, term: str, searcher: tantivy.Searcher | None
) -> tantivy.Query:
    clauses = [
        (Occur.Should, Q.boost_query(Q.term_query(schema, "title", term), TITLE_BOOST)),
        (Occur.Should, Q.term_query(schema, "text", term)),
    ]
    known = searcher is not None and (
        searcher.doc_freq("text", term) > 0 or searcher.doc_freq("title", term) > 0
    )
    if len(word) >= 6 and not known:
        distance = 2 if len(word) >= 9 else 1
        for field in ("title", "text"):
            clauses.append(
                (
                    Occur.Should,
                    Q.boost_query(
                        Q.fuzzy_term_query(schema, field, term, distance=distance), FUZZY_BOOST
                    ),
                )
            )
    return Q.boolean_query(clauses)


def text_query(
    schema: tantivy.Schema,
    text: str,
    searcher: tantivy.Searcher | None = None,
    require_all: bool = False,
) -> tantivy.Query | None:
    """With ``require_all`` a document must hold every word (or carry the act number asked
    for); otherwise any word will do. The search tries the first and falls back to the
    second, so «земельный налог» lists only acts about land tax, while a long question
    whose words never meet in one act still finds the nearest ones."""
    words = query_words(text)
    should: list[tuple[tantivy.Occur, tantivy.Query]] = []
    number_queries = []
    for number in number_candidates(text):
        boost = BARE_NUMBER_BOOST if number.isdigit() else NUMBER_BOOST
        number_queries.append(Q.boost_query(Q.term_query(schema, "number", number), boost))
    should.extend((Occur.Should, q) for q in number_queries)
    if words:
        per_word = [_word_query(schema, w, t, searcher) for w, t in words]
        should.extend((Occur.Should, q) for q in per_word)
        if len(per_word) > 1:
            must_all = Q.boolean_query([(Occur.Must, q) for q in per_word])
            should.append((Occur.Should, Q.boost_query(must_all, ALL_WORDS_BOOST)))
            if require_all:
                gate = [(Occur.Should, Q.const_score_query(must_all, 0.0))]
                gate.extend((Occur.Should, Q.const_score_query(q, 0.0)) for q in number_queries)
                should.append((Occur.Must, Q.boolean_query(gate)))
            terms = [t for _, t in words]
            for field in ("title", "text"):
                should.append(
                    (
                        Occur.Should,
                        Q.boost_query(Q.phrase_query(schema, field, terms, slop=2), PHRASE_BOOST),
                    )
                )
    if not should:
        return None
    return Q.boolean_query(should)


def filter_clauses(schema: tantivy.Schema, query: SearchQuery) -> list[tantivy.Query]:
    filters: list[tantivy.Query] = []
    for field, values in (
        ("doc_type", query.doc_types),
        ("level", query.levels),
        ("issuer", query.issuers),
        ("rubric", query.rubrics),
        ("status", query.statuses),
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


def build_query(
    schema: tantivy.Schema,
    query: SearchQuery,
    searcher: tantivy.Searcher | None = None,
    require_all: bool = False,
) -> tuple[tantivy.Query, bool]:
    """The query and whether it has a text part (else it is a browse: sort by date)."""
    text = (
        text_query(schema, fold(query.text), searcher, require_all) if query.text.strip() else None
    )
    filters = filter_clauses(schema, query)
    if text is None and query.text.strip():
        # Only stop words or punctuation: nothing can match, and nothing should crash.
        return Q.empty_query(), True
    clauses = [(Occur.Must, f) for f in filters]
    if text is not None:
        clauses.append((Occur.Must, text))
    if not clauses:
        return Q.all_query(), False
    if text is None:
        return Q.boolean_query(clauses), False
    return Q.boolean_query(clauses), True
