"""New acts against standing queries, without searching the repository again.

The acts of one batch of the change log go into a small index in memory, with the search
index's own schema and analyzer (index/store.py); each profile's query, built by the search's
own query builder (index/query.py) in its strict form, runs against that small index only.
So a profile matches exactly the acts its words and filters would find in search — the same
stemming, the centre's thesaurus, a word's family, act numbers and dates — and the cost of a
batch grows with the batch and the number of profiles, never with the size of the
repository. bench/subscriptions.py measures it (docs/benchmarks.md).

Why an act matched is read from the same small index: the profile's words whose terms the
act holds, and the filters it was asked to meet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import tantivy

from legaldesk.index.analysis import WORD, fold, query_words
from legaldesk.index.documents import IndexDoc, SearchQuery
from legaldesk.index.query import build_query
from legaldesk.index.store import to_tantivy
from legaldesk.index.thesaurus import Entry, expansions
from legaldesk.publication import PUBLIC

Q = tantivy.Query
Occur = tantivy.Occur
_WRITER_HEAP = 50_000_000  # tantivy's least is 15 MB; a batch of acts needs little


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
        self._postings: dict[tuple[str, ...], frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def _ids(self, query: tantivy.Query) -> frozenset[int]:
        if not self.ids:
            return frozenset()
        result = self.searcher.search(query, len(self.ids), count=False)
        return frozenset(self.searcher.doc(addr)["id"][0] for _, addr in result.hits)

    def find(self, standing: Standing, thesaurus: tuple[Entry, ...] = ()) -> frozenset[int]:
        """The ids of the batch's acts that ``standing`` finds."""
        built = build_query(self.schema, standing.query(thesaurus), self.searcher, strict=True)
        return self._ids(built.match)

    def holding(self, terms: tuple[str, ...]) -> frozenset[int]:
        """The acts holding all of ``terms`` (stems) in their title or text."""
        found = self._postings.get(terms)
        if found is None:
            clauses = [
                (
                    Occur.Must,
                    Q.boolean_query(
                        [
                            (Occur.Should, Q.term_query(self.schema, name, term))
                            for name in ("title", "text")
                        ]
                    ),
                )
                for term in terms
            ]
            found = self._postings[terms] = self._ids(Q.boolean_query(clauses))
        return found

    def words_found(
        self, standing: Standing, document_id: int, thesaurus: tuple[Entry, ...] = ()
    ) -> tuple[str, ...]:
        """The profile's words the act holds, as the profile spells them; a thesaurus key
        the act holds only through one of its phrases says which («ЖКХ (жилищно-
        коммунальное хозяйство)»)."""
        spelt = {w.lower(): w for w in WORD.findall(fold(standing.text))}
        out: list[str] = []
        covered: set[str] = set()
        for expansion in expansions(thesaurus, standing.text) if thesaurus else []:
            if not expansion.terms:
                continue
            covered.update(expansion.terms)
            words = [(w, t) for w, t in query_words(standing.text)]
            key = (
                " ".join(standing.text.split())  # the whole query: as it was typed
                if {t for _, t in words} <= set(expansion.terms)
                else " ".join(
                    dict.fromkeys(spelt.get(w, w) for w, t in words if t in expansion.terms)
                )
            )
            if document_id in self.holding(expansion.terms):
                out.append(key)
                continue
            phrase = next((p for p in expansion.phrases if document_id in self.holding(p)), None)
            if phrase is not None:
                out.append(f"{key} ({_spelling(thesaurus).get(phrase, ' '.join(phrase))})")
        for word, term in query_words(standing.text):
            if term not in covered and document_id in self.holding((term,)):
                out.append(spelt.get(word, word))
                covered.add(term)
        return tuple(out)


@lru_cache(maxsize=4)
def _spelling(thesaurus: tuple[Entry, ...]) -> dict[tuple[str, ...], str]:
    """A thesaurus phrase's stems → the phrase as written."""
    return {
        tuple(t for _, t in query_words(phrase)): phrase
        for entry in thesaurus
        for phrase in entry.phrases
    }


def match(
    docs: Sequence[IndexDoc], profiles: Sequence[Standing], thesaurus: tuple[Entry, ...] = ()
) -> list[Match]:
    """Every (profile, act) pair where the profile finds the act among ``docs``."""
    if not docs or not profiles:
        return []
    batch = Batch(docs)
    alike: dict[tuple[str, str, str, str, str], list[Standing]] = {}
    for standing in profiles:
        alike.setdefault(standing.key, []).append(standing)
    out: list[Match] = []
    for group in alike.values():
        first = group[0]
        found = batch.find(first, thesaurus)
        for document_id in sorted(found):
            words = batch.words_found(first, document_id, thesaurus)
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
                Match(s.profile_id, s.subscriber_id, document_id, words, filters) for s in group
            )
    return out
