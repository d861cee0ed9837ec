"""The centre's thesaurus at query time: what residents say («коммуналка», «ЖКХ»,
«131-ФЗ») → the words acts use («коммунальные услуги», «Об общих принципах организации
местного самоуправления…»). Applied to the query, never to the index, so an administrator's
edit takes effect at the next search with no reindex.

An entry's key is matched in the query by its stems (any word form, ё as е), as consecutive
words; a key that is an act number («131-ФЗ») is matched by the number's key. The query
then asks for the key's words **or** any of the entry's phrases (index/query.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from legaldesk.index.analysis import numbers_in_query, query_words

MAX_ALTERNATIVES = 5  # a key that expands into many phrases would drown the query


@dataclass(frozen=True)
class Entry:
    key: str  # as the residents say it
    phrases: tuple[str, ...]  # as the acts say it


@dataclass(frozen=True)
class Expansion:
    """A thesaurus entry found in a query: the stems it covers (or the act number key it
    matched) and the phrases' stems, each a phrase to look for."""

    terms: tuple[str, ...]  # the query's stems the key covers; () for a number key
    number: str | None  # the act-number key the entry matched («131фз»)
    phrases: tuple[tuple[str, ...], ...]


def parse(text: str) -> list[Entry]:
    """Entries of a thesaurus file: «key<TAB>phrase; phrase», # comments, blank lines."""
    entries: list[Entry] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
            continue
        key, _, rest = line.partition("\t")
        phrases = tuple(p.strip() for p in rest.split(";") if p.strip())
        if key.strip() and phrases:
            entries.append(Entry(key.strip(), phrases[:MAX_ALTERNATIVES]))
    return entries


@lru_cache(maxsize=4096)
def _stems(text: str) -> tuple[str, ...]:
    return tuple(term for _, term in query_words(text))


@lru_cache(maxsize=8)
def key_stems(entries: tuple[Entry, ...]) -> frozenset[str]:
    """Every stem of the thesaurus's keys: words a resident uses on purpose, which the
    spelling correction must leave as they are («коммуналка» is in no act)."""
    return frozenset(term for e in entries for term in _stems(e.key))


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


def expansions(entries: Iterable[Entry], query: str) -> list[Expansion]:
    """The entries the query holds, longest key first; a shorter key inside a longer one
    found already («мусор» in «вывоз мусора») is not applied again."""
    words = _stems(query)
    numbers = {n.key for n in numbers_in_query(query) if n.structured}
    found: list[Expansion] = []
    covered: list[tuple[str, ...]] = []
    ordered = sorted(entries, key=lambda e: -len(_stems(e.key)))
    for entry in ordered:
        phrases = tuple(p for p in (_stems(x) for x in entry.phrases) if p)
        if not phrases:
            continue
        keyed = [n.key for n in numbers_in_query(entry.key) if n.structured]
        if keyed:
            if keyed[0] in numbers:
                found.append(Expansion((), keyed[0], phrases))
            continue
        terms = _stems(entry.key)
        if not terms or not _contains(words, terms):
            continue
        if any(_contains(longer, terms) for longer in covered):
            continue
        covered.append(terms)
        found.append(Expansion(terms, None, phrases))
    return found
