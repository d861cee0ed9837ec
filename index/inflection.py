"""The stems of a word's other forms: where Snowball's Russian stemmer parts one word.

Snowball strips endings by rule, not by dictionary, and some words' forms come out as two
stems: «музей» → «муз» but «музея» → «музе», «сабантуй» → «сабант» but «сабантуи» →
«сабанту», «сирена» → «сир» (the stem of «сирота») but «сирены» → «сирен», «архив» → «арх»
but «архива» → «архив». An act that writes one form is then not found by a query that
writes another. Here a query word's forms are generated from the OpenCorpora dictionary
(pymorphy3, the one index/spelling.py consults) and stemmed as the index stems them; the
query matches every stem the word's forms take (index/query.py), as the word itself.

Only a noun's or a full adjective's forms count, and only stems that begin the word's own
stem or that it begins: the stems the stemmer cut apart. A verb's lexeme holds its
participles (a hundred forms and stems), and a noun's suppletive forms are another word to
the reader's eye («дети» / «ребенок», «люди» / «человек»): measured, both lost more
questions than they won (bench/relevance/ranking_steps.md, seventh round).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from legaldesk.index.analysis import fold, terms

PARTS_OF_SPEECH = frozenset({"NOUN", "ADJF"})
# A surname or a first name that happens to be spelt like the word («Бычков» for «бычков»).
NAMES = ("Surn", "Name", "Patr")


@lru_cache(maxsize=1)
def dictionary() -> Any:
    """pymorphy3's analyser of Russian (the OpenCorpora dictionary), loaded once."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def readable(word: str) -> bool:
    """Whether pymorphy3 can look at ``word``: it reads each character's Unicode name to tell
    Latin letters, and a character without one (unassigned, or newer than Python's tables,
    such as «𘘥») raised from inside it: a query of such bytes answered 500."""
    return all(unicodedata.name(c, "") for c in word)


@lru_cache(maxsize=8192)
def first_tag(word: str) -> Any:
    """The tag of the dictionary's likeliest parse of ``word``: the query reads a word's
    part of speech in two places (index/query.py, index/thesaurus.py), once is enough."""
    if not readable(word):
        return dictionary().TagClass("UNKN")
    return dictionary().parse(word)[0].tag


@lru_cache(maxsize=8192)
def other_stems(word: str, stem: str) -> tuple[str, ...]:
    """The index's stems of ``word``'s other forms that ``stem`` (its own) begins or that
    begin it; none for a word the dictionary does not know."""
    word = fold(word.lower())
    if not word.isalpha() or not readable(word):
        return ()
    parse = dictionary().parse(word)[0]
    if parse.tag.POS not in PARTS_OF_SPEECH or any(name in parse.tag for name in NAMES):
        return ()
    if not parse.is_known:
        return ()
    found: set[str] = set()
    for form in parse.lexeme:
        if form.tag.POS == parse.tag.POS:
            found.update(terms(form.word))
    found.discard(stem)
    return tuple(sorted(t for t in found if t.startswith(stem) or stem.startswith(t)))
