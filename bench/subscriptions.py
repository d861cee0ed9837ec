"""Subscriptions: a batch of new acts against the standing queries of every subscriber
(legaldesk/subscriptions/matching.py), the way the change-log consumer runs it.

    .venv/bin/python -m bench.subscriptions                       # 1,000 acts × 10,000 profiles
    .venv/bin/python -m bench.subscriptions --acts 100 --profiles 1000

The acts come from the project's synthetic generator (legaldesk.synth, as bench/scale.py
makes them), all public. The profiles are a mix like real subscribers keep: a heading
alone (the seeded headings, legaldesk/seed/rubrics.toml, the popular ones more often), one
to four words of a topic — words of act titles and keys of the shipped thesaurus («ЖКХ»,
«маткапитал») — some with a type, level, issuer or heading filter, a few act numbers
(«131-ФЗ»), and a share of copies of earlier profiles (many people subscribe to the same
heading or topic). The titles the words come from are acts of another seed than the batch,
so a profile need not find anything in it. Everything is seeded.

Each run times match() end to end and its phases (the batch's index, building the queries,
running them, the explanations: matching.Timings) and counts the matches; the runs are
repeated and the medians printed as a markdown table (docs/benchmarks.md). One more run
under tracemalloc gives the peak of Python memory match() holds; the process's peak
resident size (ru_maxrss) is the whole benchmark's so far.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
import tomllib
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib.resources import files

from bench.scale import to_index_doc
from legaldesk import thesaurus
from legaldesk.index import IndexDoc
from legaldesk.index.analysis import STOP_WORDS, WORD, fold, numbers_in_query
from legaldesk.index.thesaurus import Entry
from legaldesk.publication import PUBLISHED
from legaldesk.subscriptions.matching import Standing, Timings, match
from legaldesk.synth import generate_acts

RUBRIC_ONLY = 0.30
NUMBER = 0.03
WITH_FILTER = 0.25  # of the topic profiles
COPY = 0.25  # a profile the same as an earlier one (someone else's)
THESAURUS_KEY = 0.25  # of the topics, those with a thesaurus key
GENERIC_SHARE = 0.05  # a word in more titles than this is no topic
TITLE_SOURCE = 2000  # acts whose titles give the topic words


def new_acts(n: int, seed: int) -> list[IndexDoc]:
    """``n`` public acts of the synthetic generator."""
    return [
        replace(to_index_doc(act), publication=PUBLISHED) for act in generate_acts(n, seed=seed)
    ]


def rubric_codes() -> list[str]:
    spec = tomllib.loads(files("legaldesk").joinpath("seed/rubrics.toml").read_text("utf-8"))
    return [item["code"] for item in spec["rubric"]]


def _title_runs(titles: list[str]) -> list[list[str]]:
    """Each title's topical words in order: no function words, numbers, nor the words of
    most titles («муниципального», «внесении изменений», «утверждении») that nobody
    subscribes to."""
    runs = [
        [w for w in WORD.findall(fold(t).lower()) if len(w) >= 4 and w.isalpha()] for t in titles
    ]
    counted = Counter(w for run in runs for w in set(run))
    generic = {w for w, n in counted.items() if n > GENERIC_SHARE * len(titles)}
    runs = [[w for w in run if w not in generic and w not in STOP_WORDS] for run in runs]
    return [run for run in runs if run]


def profiles(n: int, seed: int, entries: Sequence[Entry]) -> list[Standing]:
    """``n`` standing queries of about n/3 subscribers, as described above."""
    rng = random.Random(seed)
    source = list(generate_acts(TITLE_SOURCE, seed=seed + 1))
    runs = _title_runs([a.title for a in source])
    keys = [e.key for e in entries if not numbers_in_query(e.key)]
    numbers = [e.key.upper() for e in entries if numbers_in_query(e.key)]
    numbers += [a.number for a in rng.sample(source, 20) if a.number]
    rubrics = rubric_codes()
    # Headings are not equally popular: the first of a shuffled list most (Zipf-like).
    rng.shuffle(rubrics)
    rubric_weights = [1 / (i + 1) for i in range(len(rubrics))]
    doc_types = sorted({a.doc_type for a in source})
    issuers = sorted({a.issuer for a in source})

    def topic() -> str:
        """One to four words: a run of a title's words («публичных слушаний»,
        «автомобильных дорог»), sometimes with a thesaurus key, or a key alone."""
        size = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        out: list[str] = []
        if rng.random() < THESAURUS_KEY:  # the key alone, or with a word of a title
            out.append(rng.choice(keys))
            size = 1 if rng.random() < 0.3 else 0
        if size:
            run = rng.choice(runs)
            start = rng.randrange(max(1, len(run) - size + 1))
            out += run[start : start + size]
        text = " ".join(dict.fromkeys(out))
        return text.capitalize() if rng.random() < 0.3 else text

    def a_filter() -> dict[str, str]:
        kind = rng.choice(("doc_type", "level", "issuer", "rubric"))
        if kind == "doc_type":
            return {"doc_type": rng.choice(doc_types)}
        if kind == "level":
            return {"level": rng.choice(("municipal", "regional"))}
        if kind == "issuer":
            return {"issuer": rng.choice(issuers)}
        return {"rubric": rng.choices(rubrics, rubric_weights)[0]}

    out: list[Standing] = []
    subscriber = 0
    for i in range(n):
        if rng.random() < 0.35:  # most subscribers keep one to three profiles
            subscriber += 1
        if out and rng.random() < COPY:
            like = rng.choice(out)
            out.append(replace(like, profile_id=i + 1, subscriber_id=subscriber))
            continue
        draw = rng.random()
        if draw < RUBRIC_ONLY:
            fields: dict[str, str] = {"rubric": rng.choices(rubrics, rubric_weights)[0]}
            if rng.random() < 0.2:
                fields["doc_type"] = rng.choice(doc_types)
        elif draw < RUBRIC_ONLY + NUMBER:
            fields = {"text": rng.choice(numbers)}
        else:
            fields = {"text": topic(), **(a_filter() if rng.random() < WITH_FILTER else {})}
        out.append(Standing(profile_id=i + 1, subscriber_id=subscriber, **fields))
    return out


@dataclass(frozen=True)
class Run:
    total: float
    timings: Timings
    matches: int


def run_once(docs: list[IndexDoc], standing: list[Standing], entries: tuple[Entry, ...]) -> Run:
    timings = Timings()
    start = time.perf_counter()
    found = match(docs, standing, entries, timings=timings)
    return Run(time.perf_counter() - start, timings, len(found))


def traced_peak_mb(
    docs: list[IndexDoc], standing: list[Standing], entries: tuple[Entry, ...]
) -> float:
    """The most Python memory match() holds at once, the list of matches included (a run
    of its own: tracing every allocation slows Python down about twice)."""
    tracemalloc.start()
    match(docs, standing, entries)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def measure(acts: int, n_profiles: int, seed: int, runs: int) -> dict[str, float | int | str]:
    entries = tuple(thesaurus.shipped())
    docs = new_acts(acts, seed)
    standing = profiles(n_profiles, seed, entries)
    results = [run_once(docs, standing, entries) for _ in range(runs)]
    assert len({r.matches for r in results}) == 1, "match() is deterministic"
    traced = traced_peak_mb(docs, standing, entries)

    def median(get: str) -> float:
        return statistics.median(getattr(r.timings, get) for r in results)

    distinct = len({s.key for s in standing})
    return {
        "acts": acts,
        "profiles": n_profiles,
        "distinct": distinct,
        "total": statistics.median(r.total for r in results),
        "index": median("index"),
        "build": median("build"),
        "run": median("run"),
        "explain": median("explain"),
        "matches": results[0].matches,
        "traced": traced,
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


HEAD = (
    "| acts | profiles (distinct queries) | match() total, s | batch index | build queries "
    "| run queries | explanations and matches | matches | peak traced MB | process peak "
    "RSS MB |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def row(r: dict[str, float | int | str]) -> str:
    return (
        f"| {r['acts']:,} | {r['profiles']:,} ({r['distinct']:,}) | {r['total']:.2f} "
        f"| {r['index']:.2f} | {r['build']:.2f} | {r['run']:.2f} | {r['explain']:.2f} "
        f"| {r['matches']:,} | {r['traced']:.0f} | {r['rss']:.0f} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, nargs="+", default=[1000, 100])
    parser.add_argument("--profiles", type=int, nargs="+", default=[10000, 1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if len(args.acts) != len(args.profiles):
        parser.error("give as many --acts as --profiles: they are measured in pairs")
    print(HEAD)
    for acts, n in zip(args.acts, args.profiles, strict=True):
        print(row(measure(acts, n, args.seed, args.runs)), flush=True)


if __name__ == "__main__":
    main()
