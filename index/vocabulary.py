"""How common a stem is in the index: the one count the query's helpers weigh words by —
the spelling correction (is a word known, which correction is likeliest), the word
families (which relative the acts use), the compounds (which cut's parts exist)."""

from __future__ import annotations

import tantivy


def document_frequency(searcher: tantivy.Searcher, term: str) -> int:
    """Acts holding ``term`` in their text, plus acts holding it in their title: 0 means the
    index does not know the stem at all."""
    return int(searcher.doc_freq("text", term)) + int(searcher.doc_freq("title", term))
