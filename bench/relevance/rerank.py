"""Would a learned reranking of LegalDesk's top 50 help? A cross-validated answer.

    .venv/bin/python -m bench.relevance.rerank

For every scored question (the parts of ``evaluate.SPLITS``: never a part that waits or is
untouched) LegalDesk's top 50 is taken as the pool, and each pooled act gets features that
the ranking does not use as such: where the question's words stand in the text (the best
window of 40 and of 12 words holding the most of them, weighted by idf), how many are in the
heading and in the whole act, the act's length, and bare Tantivy's rank. A linear ranker
over these and LegalDesk's own rank and score is fitted by coordinate ascent on nDCG@10
(RankLib's method), leaving one part out at a time: each part is scored by weights fitted
on the others, so no figure below comes from weights that saw its questions.

The fifteenth round's answer (bench/relevance/ranking_steps.md, sixteenth round): level.
"""

from __future__ import annotations

import math
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import tantivy

from bench.relevance import evaluate as ev
from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.index.analysis import query_words, terms

POOL = 50
FEATURES = (
    "LegalDesk score / top score",
    "1 / LegalDesk rank",
    "heading: share of the words",
    "whole act: share of the words",
    "best 40-word window: share",
    "best 12-word window: share",
    "1 / bare Tantivy rank",
    "log length / 10",
)
RANK = 1  # the feature held at weight 1: the others are fitted against LegalDesk's order
STEPS = (2.0, 1.0, 0.5, 0.25, 0.1, 0.05)


@dataclass(frozen=True)
class Pooled:
    path: str
    features: tuple[float, ...]


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    split: str
    grades: dict[str, int]
    pool: tuple[Pooled, ...]


def window_share(stems: Sequence[str], weights: dict[str, float], width: int) -> float:
    """The largest idf-weighted share of the question's words inside ``width`` tokens."""
    total = sum(weights.values()) or 1.0
    best, last = 0.0, {}
    for i, term in enumerate(stems):
        if term in weights:
            last[term] = i
            best = max(best, sum(weights[t] for t, j in last.items() if i - j < width))
            if best >= total:
                break
    return best / total


def pools() -> list[Item]:
    docs = ev.build_docs(ev.extract_texts(ev.DEFAULT_CORPUS))
    index = SearchIndex.open(None)
    index.raw_index = cast(tantivy.Index, ev._OneThreadIndex(index.raw_index))
    index.write(upserts=[ev.index_doc(d.id, d.title, d.text, d.number) for d in docs])
    bare = ev.bare_tantivy_engine(docs)
    entries = ev.shipped_thesaurus()
    path_of = {d.id: d.path for d in docs}
    indexed = set(path_of.values())
    stems = {d.id: terms(d.text) for d in docs}
    in_text = {i: set(s) for i, s in stems.items()}
    in_title = {d.id: set(terms(d.title)) for d in docs}
    df = Counter(t for s in in_text.values() for t in s)

    def idf(term: str) -> float:
        return math.log((len(docs) + 1) / (df.get(term, 0) + 0.5))

    items = []
    for q in ev.load_questions():
        grades = {p: g for p, g in q.grades.items() if g > 0 and p in indexed}
        if q.split not in ev.SPLITS or not grades:
            continue
        query = SearchQuery(
            text=q.text, limit=POOL, facets=False, snippets=False, thesaurus=entries
        )
        found = index.search(query)
        text = found.corrected.text if found.corrected else q.text
        weights = {term: idf(term) for _, term in query_words(text)}
        total = sum(weights.values()) or 1.0
        bare_rank = {i: r for r, i in enumerate(bare(q.text, POOL))}
        top = found.hits[0].score if found.hits else 1.0
        pool = tuple(
            Pooled(
                path_of[hit.id],
                (
                    hit.score / top if top else 0.0,
                    1.0 / (rank + 1),
                    sum(w for t, w in weights.items() if t in in_title[hit.id]) / total,
                    sum(w for t, w in weights.items() if t in in_text[hit.id]) / total,
                    window_share(stems[hit.id], weights, 40),
                    window_share(stems[hit.id], weights, 12),
                    1.0 / (bare_rank[hit.id] + 1) if hit.id in bare_rank else 0.0,
                    math.log(len(stems[hit.id]) + 1) / 10,
                ),
            )
            for rank, hit in enumerate(found.hits)
        )
        items.append(Item(q.id, q.kind, q.split, grades, pool))
    return items


def ndcg(weights: Sequence[float], item: Item) -> float:
    ranked = sorted(
        item.pool, key=lambda p: -sum(w * f for w, f in zip(weights, p.features, strict=True))
    )
    return ev.ndcg([p.path for p in ranked[: ev.K]], item.grades)


def mean_ndcg(weights: Sequence[float], items: Sequence[Item]) -> float:
    return sum(ndcg(weights, item) for item in items) / len(items)


def fit(items: Sequence[Item]) -> list[float]:
    """Coordinate ascent from LegalDesk's own order: a weight moves while the mean rises."""
    weights = [1.0 if i == RANK else 0.0 for i in range(len(FEATURES))]
    best = mean_ndcg(weights, items)
    for _sweep in range(3):
        moved = False
        for i in range(len(FEATURES)):
            if i == RANK:
                continue
            for step in STEPS:
                for sign in (1, -1):
                    trial = list(weights)
                    trial[i] += sign * step
                    score = mean_ndcg(trial, items)
                    if score > best + 1e-5:
                        best, weights, moved = score, trial, True
        if not moved:
            break
    return weights


def main() -> int:
    items = pools()
    alone = [1.0 if i == RANK else 0.0 for i in range(len(FEATURES))]
    before: dict[str, list[float]] = defaultdict(list)
    after: dict[str, list[float]] = defaultdict(list)
    print("| part left out | weights fitted on the others | LegalDesk | reranked |")
    print("|---|---|---|---|")
    for part in ev.SPLITS:
        held = [item for item in items if item.split == part]
        if not held:
            continue
        weights = fit([item for item in items if item.split != part])
        for item in held:
            before[item.kind].append(ndcg(alone, item))
            after[item.kind].append(ndcg(weights, item))
        fitted = ", ".join(f"{w:+.2f}" for i, w in enumerate(weights) if i != RANK)
        print(
            f"| {part} | {fitted} | {mean_ndcg(alone, held):.4f} | {mean_ndcg(weights, held):.4f} |"
        )
    print()
    print("| kind | questions | LegalDesk | reranked, each part by the others' weights |")
    print("|---|---|---|---|")
    for kind in (*ev.KINDS, "all"):
        b = [x for k, v in before.items() if kind in (k, "all") for x in v]
        a = [x for k, v in after.items() if kind in (k, "all") for x in v]
        print(f"| {kind} | {len(b)} | {ev.mean(b):.4f} | {ev.mean(a):.4f} |")
    print()
    print("Features, in the order of the weights: " + "; ".join(FEATURES) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
