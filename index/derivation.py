"""Words of one family: a resident's noun and the act's adjective made from it.

Residents name things («дорога», «село», «молодежь», «фермер», «улица»); acts describe them
with adjectives made from the same root («дорожного движения», «сельских поселений»,
«молодежной политики», «крестьянских (фермерских) хозяйств», «уличного освещения»).
Snowball stems the two apart («дорог» / «дорожн»), so the act does not hold the resident's
word. Here a query's stem is related to the stems of its family by Russian word-building
rules — an adjective suffix added to the noun's stem, with the alternation of its last
consonant (г/ж, к/ч, ц/ч…), or taken off an adjective's stem — and only stems the index
holds are kept (the same check as index/spelling.py: the index's own vocabulary decides,
so nothing is invented). The query matches them at a low boost (index/query.py), as a
hint, never above the word itself.

Per query word this costs a few dozen term-dictionary look-ups, no scan of the vocabulary.
"""

from __future__ import annotations

import tantivy

from legaldesk.index.vocabulary import document_frequency

# Stem-final adjective suffixes (after Snowball): дорож-н, сель-ск, молодеж-н, детск…
ADJECTIVE_SUFFIXES = ("н", "ск", "ьн", "ьск", "ов", "ев", "енн", "ейн", "ичн", "ическ", "ивн")
# A consonant that alternates before -н/-ск: дорог → дорожн, рек → речн, улиц → уличн.
ALTERNATIONS = {
    "г": "ж",
    "к": "ч",
    "ц": "ч",
    "х": "ш",
    "д": "ж",
    "з": "ж",
    "т": "ч",
    "ст": "щ",
    "ск": "щ",
}
MIN_STEM = 3  # «сел», «дет», «лес»: shorter stems relate to too much
MAX_RELATED = 3  # the family's most frequent stems; more would drown the query's own word


def candidates(stem: str) -> set[str]:
    """Stems of the same family by the word-building rules, held by the index or not."""
    out: set[str] = set()
    if len(stem) < MIN_STEM or not stem.isalpha():
        return out
    # Noun → adjective: the suffix on the stem, or on the stem with its last consonant(s)
    # alternated.
    bases = {stem}
    for plain, changed in ALTERNATIONS.items():
        if stem.endswith(plain):
            bases.add(stem[: -len(plain)] + changed)
    for base in bases:
        out.update(base + suffix for suffix in ADJECTIVE_SUFFIXES)
    # Adjective → noun: the suffix taken off, and the alternation undone.
    for suffix in ADJECTIVE_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM:
            base = stem[: -len(suffix)]
            out.add(base)
            for plain, changed in ALTERNATIONS.items():
                if base.endswith(changed):
                    out.add(base[: -len(changed)] + plain)
    out.discard(stem)
    return out


def related(searcher: tantivy.Searcher, stem: str, limit: int = MAX_RELATED) -> list[str]:
    """The stems of ``stem``'s family that the index holds, most frequent first."""
    held = [(count, c) for c in candidates(stem) if (count := document_frequency(searcher, c)) > 0]
    return [c for _, c in sorted(held, key=lambda pair: (-pair[0], pair[1]))[:limit]]
