"""Snowball stemming (in Tantivy) against pymorphy3 lemmatization (in Python, before
indexing), on the relevance set and on indexing throughput.

    .venv/bin/pip install pymorphy3 pymorphy3-dicts-ru      # not a dependency of LegalDesk
    .venv/bin/python -m bench.morphology [--synthetic 20000] [--write docs/relevance.md]

Tantivy cannot call Python from its analyzers, so the lemmatizing variant rewrites each
title and text into space-separated lemmas (``MorphAnalyzer().parse(w)[0].normal_form``,
cached per word form) and indexes them with the same tokenizer minus the stemmer; query
words are lemmatized the same way. Everything else — boosts, the all-words gate, number
clauses, phrases — is LegalDesk's own query code, so the two differ only in how words are
normalised.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import tantivy

import legaldesk.index.query as query_module
import legaldesk.index.store as store_module
from bench.relevance import evaluate as ev
from legaldesk.index import SearchIndex
from legaldesk.index.analysis import MAX_TOKEN, STOP_WORDS, fold
from legaldesk.synth import generate_acts

WORD = re.compile(r"\w+", re.UNICODE)
COMMAND = ".venv/bin/python -m bench.morphology --write docs/relevance.md"


def lemmatizer() -> Callable[[str], str]:
    try:
        import pymorphy3
    except ImportError:
        raise SystemExit("pip install pymorphy3 pymorphy3-dicts-ru (a benchmark tool)") from None
    morph = pymorphy3.MorphAnalyzer()

    @lru_cache(maxsize=500_000)
    def lemma(word: str) -> str:
        return str(morph.parse(word)[0].normal_form).replace("ё", "е")

    return lemma


def lemmatize_text(text: str, lemma: Callable[[str], str]) -> str:
    return " ".join(lemma(w) for w in WORD.findall(fold(text).lower()))


def plain_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


@contextmanager
def lemmatized(lemma: Callable[[str], str]) -> Iterator[None]:
    """LegalDesk's index and query code with lemmas in place of Snowball stems."""
    saved_analyzer = store_module.build_analyzer
    saved_words = query_module.query_words

    def query_words(text: str) -> list[tuple[str, str]]:
        out = []
        for word in WORD.findall(fold(text).lower()):
            if word not in STOP_WORDS and len(word) <= MAX_TOKEN:
                out.append((word, lemma(word)))
        return out

    store_module.build_analyzer = plain_analyzer
    query_module.query_words = query_words
    try:
        yield
    finally:
        store_module.build_analyzer = saved_analyzer
        query_module.query_words = saved_words


def relevance(docs: list[ev.Doc], transform: Callable[[str], str] | None) -> tuple[float, float]:
    """nDCG@10 and recall@10 of LegalDesk's engine, texts optionally transformed first."""
    if transform is not None:
        docs = [ev.Doc(d.id, d.path, transform(d.title), d.number, transform(d.text)) for d in docs]
    rows, _unanswerable = ev.evaluate(ev.load_questions(), docs, {"x": ev.legaldesk_engine(docs)})
    # The same averages as bench.relevance.evaluate (questions about scans left out).
    return ev.mean([r.ndcg["x"] for r in rows]), ev.mean([r.recall["x"] for r in rows])


def throughput(
    texts: list[tuple[str, str]], transform: Callable[[str], str] | None
) -> dict[str, float]:
    start = time.perf_counter()
    prepared = texts if transform is None else [(transform(t), transform(x)) for t, x in texts]
    prepare_s = time.perf_counter() - start
    index = SearchIndex.open(None)
    start = time.perf_counter()
    index.rebuild(ev.index_doc(i + 1, t, x, None) for i, (t, x) in enumerate(prepared))
    index_s = time.perf_counter() - start
    mb = sum(len(t) + len(x) for t, x in texts) / 1e6
    total = prepare_s + index_s
    return {
        "prepare_s": round(prepare_s, 1),
        "index_s": round(index_s, 1),
        "docs_per_s": round(len(texts) / total),
        "mb_per_s": round(mb / total, 2),
    }


def query_cost(lemma: Callable[[str], str]) -> float:
    """Microseconds to lemmatize a query's words, uncached words included."""
    questions = [q.text for q in ev.load_questions()]
    start = time.perf_counter()
    for text in questions:
        [lemma(w) for w in WORD.findall(text.lower())]
    return (time.perf_counter() - start) / len(questions) * 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=20_000)
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args(argv)
    lemma = lemmatizer()
    cost_us = query_cost(lemma)
    texts = ev.extract_texts(ev.DEFAULT_CORPUS)
    docs = ev.build_docs(texts)

    def to_lemmas(text: str) -> str:
        return lemmatize_text(text, lemma)

    snowball = relevance(docs, None)
    with lemmatized(lemma):
        lemmas = relevance(docs, to_lemmas)
    # Lemmas, then Snowball over them: does stemming the lemmas join what pymorphy3 left apart?
    lemma_stem = relevance(docs, to_lemmas)
    synth = [(a.title, a.text) for a in generate_acts(args.synthetic, seed=3)]
    corpus = [(d.title, d.text) for d in docs]
    rows: dict[str, Any] = {
        "Snowball (Tantivy)": (snowball, throughput(synth, None), throughput(corpus, None)),
        "pymorphy3 lemmas": (lemmas, throughput(synth, to_lemmas), throughput(corpus, to_lemmas)),
        "pymorphy3 lemmas + Snowball": (lemma_stem, None, None),
    }
    lines = [
        "<!-- morphology:start -->",
        f"Command: `{COMMAND}` (pymorphy3 installed in the virtualenv for the run only)",
        "",
        f"| analysis | nDCG@10 | recall@10 | synthetic: docs/s (MB/s), {args.synthetic:,} acts "
        "| real corpus: docs/s (MB/s) |",
        "|---|---|---|---|---|",
    ]
    for name, (rel, synth_t, corpus_t) in rows.items():
        s = f"{synth_t['docs_per_s']:,} ({synth_t['mb_per_s']})" if synth_t else "—"
        c = f"{corpus_t['docs_per_s']:,} ({corpus_t['mb_per_s']})" if corpus_t else "—"
        lines.append(f"| {name} | {rel[0]:.3f} | {rel[1]:.3f} | {s} | {c} |")
    lines += [
        "",
        f"Lemmatizing a question's words costs {cost_us:.0f} µs on average (cache cold for most).",
        "<!-- morphology:end -->",
    ]
    block = "\n".join(lines)
    print(block)
    if args.write:
        text = args.write.read_text("utf-8")
        if "<!-- morphology:start -->" in text:
            text = re.sub(
                r"<!-- morphology:start -->.*<!-- morphology:end -->", block, text, flags=re.S
            )
        else:
            text += "\n## Snowball or pymorphy3\n\n" + block + "\n"
        args.write.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
