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

from legaldesk.index.analysis import STOP_WORDS, WORD, fold, numbers_in_query, query_words
from legaldesk.index.inflection import first_tag, other_stems

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


# A form's stem shorter than this does not stand for the word: «телят» has «тел» among its
# forms' stems (of «телят»), which is also the stem of «тела» (a body).
MIN_FORM_STEM = 4


@lru_cache(maxsize=4096)
def _families(text: str) -> tuple[frozenset[str], ...]:
    """Each word's stem with the stems of its other forms where Snowball parts them
    (index/inflection.py): «поросят» (stem «порос») is then found by the key «поросята»
    («поросят»), as «архива» by «архив»."""
    return tuple(
        frozenset((term, *(s for s in other_stems(word, term) if len(s) >= MIN_FORM_STEM)))
        for word, term in query_words(text)
    )


def _run(words: tuple[frozenset[str], ...], key: tuple[frozenset[str], ...]) -> int | None:
    """Where the key's words stand in the query's, each in one of its forms."""
    n = len(key)
    for i in range(len(words) - n + 1):
        if all(k & w for k, w in zip(key, words[i : i + n], strict=True)):
            return i
    return None


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


@dataclass(frozen=True)
class _Prepared:
    terms: tuple[str, ...]  # the key's stems; () for a number key
    families: tuple[frozenset[str], ...]  # the key's words' stems in each of their forms
    number: str | None  # the number key of an entry keyed by an act number
    phrases: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Thesaurus:
    numbered: tuple[_Prepared, ...]  # entries keyed by an act number
    by_stem: dict[str, tuple[tuple[int, _Prepared], ...]]  # by the key's first stem
    entries: tuple[Entry, ...]


@lru_cache(maxsize=8)
def _prepare(entries: tuple[Entry, ...]) -> _Thesaurus:
    """The entries analysed once, in the order they are tried (longest key first) and
    found by their key's first stem: with a few hundred entries, analysing every key and
    phrase at every search cost milliseconds a query."""
    numbered: list[_Prepared] = []
    by_stem: dict[str, list[tuple[int, _Prepared]]] = {}
    for order, entry in enumerate(sorted(entries, key=lambda e: -len(_stems(e.key)))):
        phrases = tuple(p for p in (_stems(x) for x in entry.phrases) if p)
        if not phrases:
            continue
        keyed = [n.key for n in numbers_in_query(entry.key) if n.structured]
        if keyed:
            numbered.append(_Prepared((), (), keyed[0], phrases))
        elif terms := _stems(entry.key):
            families = _families(entry.key)
            prepared = _Prepared(terms, families, None, phrases)
            for stem in families[0]:
                by_stem.setdefault(stem, []).append((order, prepared))
    return _Thesaurus(tuple(numbered), {k: tuple(v) for k, v in by_stem.items()}, entries)


_last: _Thesaurus | None = None


def _prepared(entries: Iterable[Entry]) -> _Thesaurus:
    # The same tuple comes back at every search (the library's thesaurus, cached): looked up
    # by identity first, as hashing a few hundred entries for the cache costs as much again.
    global _last
    last = _last
    if last is not None and entries is last.entries:
        return last
    last = _last = _prepare(tuple(entries))
    return last


# A one-word key right after an adjective names something else: «железная дорога» is not
# «дорога» → «автомобильные дороги», nor «кадастровые работы» «работа» → «трудоустройство»,
# «конный двор» «двор» → «дворовые территории», «минеральная вода» «вода» → «водоснабжение»
# (bench/relevance/ranking_steps.md, twelfth round). The key then stays a plain word. Unless
# the adjective is in the entry's own phrases («автомобильных дорог» for «дорога»), or the
# adjective is a pronoun's («нашей дороге»).
NARROWING = frozenset({"ADJF", "PRTF"})


def _attributive(word: str) -> bool:
    if word in STOP_WORDS:
        return False
    tag = first_tag(word)
    return tag.POS in NARROWING and "Apro" not in tag


def _narrowed(query: str) -> frozenset[int]:
    """Positions, among the query's stems (``_stems``), of a word right after an adjective."""
    out: set[int] = set()
    at = 0
    before: str | None = None
    for word in WORD.findall(fold(query).lower()):
        n = len(_stems(word))
        if n and before is not None and _attributive(before):
            out.add(at)
        at += n
        before = word
    return frozenset(out)


def expansions(entries: Iterable[Entry], query: str) -> list[Expansion]:
    """The entries the query holds, longest key first; a shorter key inside a longer one
    found already («мусор» in «вывоз мусора») is not applied again."""
    words = _stems(query)
    numbers = {n.key for n in numbers_in_query(query) if n.structured}
    thesaurus = _prepared(entries)
    found: list[Expansion] = [
        Expansion((), e.number, e.phrases) for e in thesaurus.numbered if e.number in numbers
    ]
    families = _families(query)
    candidates = sorted(
        {
            item
            for family in families
            for stem in family
            for item in thesaurus.by_stem.get(stem, ())
        },
        key=lambda item: item[0],
    )
    covered: list[tuple[str, ...]] = []
    narrowed = _narrowed(query) if candidates else frozenset()
    for _, entry in candidates:
        at = _run(families, entry.families)
        if at is None:
            continue
        if (
            len(entry.terms) == 1
            and at in narrowed
            and not any(words[at - 1] in phrase for phrase in entry.phrases)
        ):
            continue
        # The query's own stems where the key stands: what the query then leaves out.
        terms = words[at : at + len(entry.terms)]
        if any(_contains(c, terms) for c in covered):
            continue
        covered.append(terms)
        found.append(Expansion(terms, None, entry.phrases))
    return found
