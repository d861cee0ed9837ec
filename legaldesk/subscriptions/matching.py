"""New acts against standing queries, without searching the repository again.

The acts of one batch of the change log go into a small index in memory, with the search
index's own schema and analyzer (index/store.py); each profile's query, built by the search's
own query builder (index/query.py) in its strict form, runs against that small index only.
So a profile matches exactly the acts its words and filters would find in search — the same
stemming, the centre's thesaurus, a word's family, act numbers and dates — and the cost of a
batch grows with the batch and the number of profiles, never with the size of the
repository. Every part of a query is asked of the batch once, whichever profiles share it:
each filter value and each wording is searched once, and a profile's acts are the
intersection (Batch.find). bench/subscriptions.py measures it (docs/benchmarks.md).

Why an act matched is read from the same small index: the profile's words whose terms the
act holds, and the filters it was asked to meet.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import tantivy

from legaldesk.index.analysis import WORD, fold, numbers_in_query, query_words
from legaldesk.index.documents import IndexDoc, SearchQuery
from legaldesk.index.query import build_query, filter_clauses
from legaldesk.index.store import to_tantivy
from legaldesk.index.thesaurus import Entry, expansions
from legaldesk.publication import PUBLIC

Q = tantivy.Query
Occur = tantivy.Occur
_WRITER_HEAP = 50_000_000  # tantivy's least is 15 MB; a batch of acts needs little
TITLE = ("title",)
# The filters a profile's query may carry, as SearchQuery names them, emptied.
_NO_FILTERS: dict[str, tuple[str, ...]] = {
    "doc_types": (),
    "levels": (),
    "issuers": (),
    "rubrics": (),
    "publication": (),
}


@dataclass(frozen=True)
class Standing:
    """A profile as the matcher sees it: its words and the search page's filters."""

    profile_id: int
    subscriber_id: int
    text: str = ""
    doc_type: str = ""
    level: str = ""
    issuer: str = ""
    rubric: str = ""

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """Profiles alike in words and filters match alike: one query serves them all."""
        return (
            " ".join(fold(self.text).lower().split()),
            self.doc_type,
            self.level,
            self.issuer,
            self.rubric,
        )

    def query(self, thesaurus: tuple[Entry, ...]) -> SearchQuery:
        return SearchQuery(
            text=self.text,
            doc_types=(self.doc_type,) if self.doc_type else (),
            levels=(self.level,) if self.level else (),
            issuers=(self.issuer,) if self.issuer else (),
            rubrics=(self.rubric,) if self.rubric else (),
            publication=PUBLIC,
            thesaurus=thesaurus,
        )


@dataclass(frozen=True)
class Match:
    """One act a profile found, and why: the profile's words the act holds (as the profile
    spells them; a thesaurus key stands for its phrases) and the filters it met."""

    profile_id: int
    subscriber_id: int
    document_id: int
    words: tuple[str, ...]
    filters: dict[str, str] = field(default_factory=dict)


@dataclass
class Timings:
    """Where a match() spent its time, in seconds (bench/subscriptions.py)."""

    index: float = 0.0
    build: float = 0.0
    run: float = 0.0
    explain: float = 0.0


@dataclass(frozen=True)
class _Explanation:
    """A profile's words prepared once for all the acts it found: the thesaurus keys with
    their phrases, and the plain words (words_found)."""

    keys: tuple[tuple[str, tuple[str, ...], tuple[tuple[tuple[str, ...], str], ...]], ...]
    plain: tuple[tuple[str, str], ...]


class Batch:
    """The acts of one batch, in an index in memory."""

    def __init__(self, docs: Iterable[IndexDoc]) -> None:
        from legaldesk.index.store import SearchIndex  # the same schema and analyzer

        self._index = SearchIndex.open(None)
        raw = self._index.raw_index
        writer = raw.writer(heap_size=_WRITER_HEAP, num_threads=1)
        self.ids: list[int] = []
        for doc in docs:
            writer.add_document(to_tantivy(doc))
            self.ids.append(doc.id)
        writer.commit()
        writer.wait_merging_threads()
        raw.reload()
        self.searcher = raw.searcher()
        self.schema = self._index.schema
        self._postings: dict[tuple[tuple[str, ...], tuple[str, ...]], frozenset[int]] = {}
        self._thesaurus: _Thesaurus | None = None
        self._filters: dict[tuple[str, tuple[str, ...]], frozenset[int]] = {}
        # By the words and the thesaurus entries they hold: all the query depends on.
        self._words_of: dict[tuple[str, tuple[Entry, ...]], frozenset[int]] = {}
        self.spent = Timings()

    def __len__(self) -> int:
        return len(self.ids)

    def _ids(self, query: tantivy.Query) -> frozenset[int]:
        if not self.ids:
            return frozenset()
        # Ordered by the id fast field, the hits carry the ids: no scoring, and no stored
        # document read per hit (a heading matches hundreds of acts of a batch).
        result = self.searcher.search(query, len(self.ids), count=False, order_by_field="id")
        return frozenset(int(value) for value, _ in result.hits)

    def find(self, standing: Standing, thesaurus: tuple[Entry, ...] = ()) -> frozenset[int]:
        """The ids of the batch's acts that ``standing`` finds.

        The search's query is its filters and its words, all required; so the acts it
        finds are those each filter finds and its words find, and each of these is
        searched once per batch, whichever profiles share it: a heading, an issuer or
        a wording is asked of the batch once, not once per combination. (A filter is a
        set of terms of a fast field, which Tantivy walks whole: run once per profile,
        the filters cost more than the words.)"""
        query = standing.query(())
        if filter_clauses(self.schema, replace(query, **_NO_FILTERS)):
            # A filter this split does not know of: the whole query, as the search builds it.
            return self._ids(self._query(standing, self._entries(thesaurus)))
        found: frozenset[int] | None = None
        for name in _NO_FILTERS:
            values = getattr(query, name)
            if values:
                met = self._met(name, values)
                found = met if found is None else found & met
                if not found:
                    return frozenset()
        words = self._worded(standing.text, self._entries(thesaurus))
        return words if found is None else found & words

    def _met(self, name: str, values: tuple[str, ...]) -> frozenset[int]:
        """The acts meeting one filter of the search page."""
        found = self._filters.get((name, values))
        if found is None:
            start = time.perf_counter()
            (clause,) = filter_clauses(self.schema, SearchQuery(**{name: values}))
            found = self._filters[(name, values)] = self._ids(clause)
            self.spent.run += time.perf_counter() - start
        return found

    def _worded(self, text: str, thesaurus: _Thesaurus) -> frozenset[int]:
        """The acts the words ``text`` find, with no filter."""
        within = thesaurus.within(text)
        found = self._words_of.get((text, within))
        if found is None:
            start = time.perf_counter()
            query = SearchQuery(text=text, thesaurus=within)
            built = build_query(self.schema, query, self.searcher, strict=True).match
            made = time.perf_counter()
            found = self._words_of[(text, within)] = self._ids(built)
            self.spent.build += made - start
            self.spent.run += time.perf_counter() - made
        return found

    def _entries(self, thesaurus: tuple[Entry, ...]) -> _Thesaurus:
        if self._thesaurus is None or self._thesaurus.entries is not thesaurus:
            self._thesaurus = _Thesaurus(thesaurus)
        return self._thesaurus

    def _query(self, standing: Standing, thesaurus: _Thesaurus) -> tantivy.Query:
        query = standing.query(thesaurus.within(standing.text))
        return build_query(self.schema, query, self.searcher, strict=True).match

    def holding(
        self, terms: tuple[str, ...], fields: tuple[str, ...] = ("title", "text")
    ) -> frozenset[int]:
        """The acts holding all of ``terms`` (stems) in their title or text (``fields``)."""
        found = self._postings.get((terms, fields))
        if found is None:
            clauses = [
                (
                    Occur.Must,
                    Q.boolean_query(
                        [(Occur.Should, Q.term_query(self.schema, name, term)) for name in fields]
                    ),
                )
                for term in terms
            ]
            found = self._postings[(terms, fields)] = self._ids(Q.boolean_query(clauses))
        return found

    def words_found(
        self, standing: Standing, document_id: int, thesaurus: tuple[Entry, ...] = ()
    ) -> tuple[str, ...]:
        """The profile's words the act holds, as the profile spells them; a thesaurus key
        the act holds only through one of its phrases says which («ЖКХ (жилищно-
        коммунальное хозяйство)»)."""
        return self._words(self._entries(thesaurus).explanation(standing.text), document_id)

    def _words(self, explained: _Explanation, document_id: int) -> tuple[str, ...]:
        out: list[str] = []
        for key, terms, phrases in explained.keys:
            if document_id in self.holding(terms):
                out.append(key)
                continue
            # A phrase counts in the title only (index/query.py, _synonym_unit).
            said = next((s for p, s in phrases if document_id in self.holding(p, TITLE)), None)
            if said is not None:
                out.append(said)
        seen: set[str] = set()
        for word, term in explained.plain:
            if term not in seen and document_id in self.holding((term,)):
                out.append(word)
                seen.add(term)
        return tuple(out)


class _Thesaurus:
    """The thesaurus with each entry's key analysed once, so that a profile's query is
    built with only the entries its words could hold: expansions() analyses every key of
    the thesaurus on every call, which over thousands of profiles cost more than all
    their searches. The entries passed keep their order, and every entry expansions()
    could find is among them, so what it finds is the same."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self.spelling = _spelling(entries)
        self._keys: list[tuple[Entry, str | None, frozenset[str]]] = []
        for entry in entries:
            numbered = [n.key for n in numbers_in_query(entry.key) if n.structured]
            stems = frozenset(t for _, t in query_words(entry.key))
            self._keys.append((entry, numbered[0] if numbered else None, stems))
        self._within: dict[str, tuple[Entry, ...]] = {}
        self._explained: dict[str, _Explanation] = {}

    def within(self, text: str) -> tuple[Entry, ...]:
        """The entries whose key ``text`` may hold: all its stems, or its act number."""
        found = self._within.get(text)
        if found is None:
            stems = {t for _, t in query_words(text)}
            numbers = {n.key for n in numbers_in_query(text) if n.structured}
            found = self._within[text] = tuple(
                entry
                for entry, number, key in self._keys
                if (number in numbers if number is not None else key and key <= stems)
            )
        return found

    def explanation(self, text: str) -> _Explanation:
        """A profile's words as words_found reads them (the same for every batch)."""
        cached = self._explained.get(text)
        if cached is not None:
            return cached
        spelt = {w.lower(): w for w in WORD.findall(fold(text))}
        words = query_words(text)
        within = self.within(text)
        keys = []
        covered: set[str] = set()
        for expansion in expansions(within, text) if within else []:
            if not expansion.terms:
                continue
            covered.update(expansion.terms)
            key = (
                " ".join(text.split())  # the whole query is the key: as it was typed
                if {t for _, t in words} <= set(expansion.terms)
                else " ".join(
                    dict.fromkeys(spelt.get(w, w) for w, t in words if t in expansion.terms)
                )
            )
            phrases = tuple(
                (phrase, f"{key} ({self.spelling.get(phrase, ' '.join(phrase))})")
                for phrase in expansion.phrases
            )
            keys.append((key, expansion.terms, phrases))
        plain = tuple((spelt.get(w, w), t) for w, t in words if t not in covered)
        explained = self._explained[text] = _Explanation(tuple(keys), plain)
        return explained


@lru_cache(maxsize=4)
def _spelling(thesaurus: tuple[Entry, ...]) -> dict[tuple[str, ...], str]:
    """A thesaurus phrase's stems → the phrase as written."""
    return {
        tuple(t for _, t in query_words(phrase)): phrase
        for entry in thesaurus
        for phrase in entry.phrases
    }


def match(
    docs: Sequence[IndexDoc],
    profiles: Sequence[Standing],
    thesaurus: tuple[Entry, ...] = (),
    timings: Timings | None = None,
) -> list[Match]:
    """Every (profile, act) pair where the profile finds the act among ``docs``."""
    if not docs or not profiles:
        return []
    spent = timings if timings is not None else Timings()
    clock = time.perf_counter()
    batch = Batch(docs)
    entries = batch._entries(thesaurus)
    alike: dict[tuple[str, str, str, str, str], list[Standing]] = {}
    for standing in profiles:
        alike.setdefault(standing.key, []).append(standing)
    spent.index += time.perf_counter() - clock
    out: list[Match] = []
    for group in alike.values():
        first = group[0]
        found = batch.find(first, thesaurus)
        if not found:
            continue
        ran = time.perf_counter()
        # Alike profiles may spell their words apart («Рождение ребенка», «рождение
        # ребенка»): each is told its own spelling.
        explained = {s.text: entries.explanation(s.text) for s in group}
        for document_id in sorted(found):
            words = {text: batch._words(e, document_id) for text, e in explained.items()}
            filters = {
                name: value
                for name, value in (
                    ("type", first.doc_type),
                    ("level", first.level),
                    ("issuer", first.issuer),
                    ("rubric", first.rubric),
                )
                if value
            }
            out.extend(
                Match(s.profile_id, s.subscriber_id, document_id, words[s.text], filters)
                for s in group
            )
        spent.explain += time.perf_counter() - ran
    spent.build += batch.spent.build
    spent.run += batch.spent.run
    return out
