"""How far two annotators agree: the ceiling a ranking can reach on the relevance set.

    .venv/bin/python -m bench.relevance.agreement [--corpus PATH] [--shuffles 200]

The questions of some parts were judged twice, by two annotators working apart
(``judgements.tsv`` and ``judgements_second.tsv``; the second wrote its own patterns, in
``grep_second.tsv``, and never saw the first's grades). What one annotator judged is then
read as a ranking — its documents graded 2 first, then those graded 1 — and scored with
nDCG@10 against the other's grades, exactly as ``evaluate`` scores an engine. That is the
figure of a search engine that ranks every question as a careful reader would: what the set
can say of any engine is bounded by it. Documents of the same grade have no order between
them, so the figure is the mean over ``--shuffles`` random orders of each grade (seeded).

Also shown: how many of one annotator's documents the other graded at all, and LegalDesk
and bare Tantivy scored against each annotator — an engine's figure moves with the
annotator, and by how much says how far a difference between two rankings can be read.
Only documents with a text layer count, as in ``evaluate`` (a scan no engine reads is not
a document any ranking can place).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.relevance import evaluate as ev

SECOND = ev.HERE / "judgements_second.tsv"
COMMAND = ".venv/bin/python -m bench.relevance.agreement"


@dataclass(frozen=True)
class Pair:
    """A question judged twice, and what each annotator makes of the other and of the
    engines."""

    question: ev.Question
    second_by_first: float  # the second's judgements as a ranking, the first's grades
    first_by_second: float
    first_top: tuple[int, int, int]  # see shared()
    second_top: tuple[int, int, int]
    engines: dict[str, tuple[float, float]]  # nDCG@10 by the first's and the second's grades


def second_grades(path: Path = SECOND) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for lineno, parts in ev._rows(path):
        if len(parts) != 3 or parts[2] not in ("1", "2"):
            raise SystemExit(f"{path}:{lineno}: want id<TAB>path<TAB>grade")
        grades = out.setdefault(parts[0], {})
        if parts[1] in grades:
            raise SystemExit(f"{path}:{lineno}: {parts[0]} judged twice on {parts[1]}")
        grades[parts[1]] = int(parts[2])
    return out


def as_ranking(grades: dict[str, int], rng: random.Random) -> list[str]:
    """One annotator's judgements as a ranking: grade 2, then grade 1, each in a random
    order (the annotator said nothing of the order within a grade)."""
    out: list[str] = []
    for grade in (2, 1):
        same = sorted(p for p, g in grades.items() if g == grade)
        rng.shuffle(same)
        out += same
    return out


def ceiling(ranker: dict[str, int], judge: dict[str, int], shuffles: int, seed: int) -> float:
    """nDCG@10 of ``ranker``'s judgements read as a ranking, graded by ``judge``."""
    rng = random.Random(seed)
    return sum(ev.ndcg(as_ranking(ranker, rng), judge) for _ in range(shuffles)) / shuffles


def shared(a: dict[str, int], b: dict[str, int]) -> tuple[int, int, int]:
    """Documents graded 2 by ``a``: how many, how many ``b`` graded at all, how many 2."""
    top = {p for p, g in a.items() if g == 2}
    return len(top), len(top & set(b)), sum(1 for p in top if b.get(p) == 2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ev.DEFAULT_CORPUS)
    parser.add_argument("--shuffles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")
    docs = ev.build_docs(ev.extract_texts(args.corpus))
    indexed = {d.path for d in docs}
    second = second_grades()
    questions = [q for q in ev.load_questions() if q.id in second]
    if not questions:
        raise SystemExit(f"no question of {SECOND.name} is in questions.tsv")

    def kept(grades: dict[str, int]) -> dict[str, int]:
        return {p: g for p, g in grades.items() if g > 0 and p in indexed}

    engines = {
        "LegalDesk": ev.legaldesk_engine(docs),
        "Tantivy": ev.bare_tantivy_engine(docs),
    }
    path_of = {d.id: d.path for d in docs}
    rows: list[Pair] = []
    for q in questions:
        a, b = kept(q.grades), kept(second[q.id])
        if not a or not b:
            continue
        ranked = {name: [path_of[i] for i in rank(q.text, ev.K)] for name, rank in engines.items()}
        rows.append(
            Pair(
                q,
                ceiling(b, a, args.shuffles, args.seed),
                ceiling(a, b, args.shuffles, args.seed),
                shared(a, b),
                shared(b, a),
                {name: (ev.ndcg(r, a), ev.ndcg(r, b)) for name, r in ranked.items()},
            )
        )
    print(f"# Two annotators' agreement ({COMMAND})\n")
    print(
        "nDCG@10 of one annotator's judgements read as a ranking (grade 2, then 1; the order "
        f"within a grade: the mean of {args.shuffles} random orders), graded by the other; "
        "and the engines graded by each.\n"
    )
    table = [
        [
            "part",
            "kind",
            "questions",
            "second's ranking, first's grades",
            "first's ranking, second's grades",
            *(f"{name}: first / second" for name in engines),
        ]
    ]
    for split in sorted({r.question.split for r in rows}, key=ev.SPLITS.index):
        for kind in (*ev.KINDS, "all"):
            sel = [
                r for r in rows if r.question.split == split and kind in (r.question.kind, "all")
            ]
            if not sel:
                continue
            table.append(
                [
                    split,
                    kind,
                    str(len(sel)),
                    f"{ev.mean([r.second_by_first for r in sel]):.3f}",
                    f"{ev.mean([r.first_by_second for r in sel]):.3f}",
                    *(
                        f"{ev.mean([r.engines[n][0] for r in sel]):.3f} / "
                        f"{ev.mean([r.engines[n][1] for r in sel]):.3f}"
                        for n in engines
                    ),
                ]
            )
    print(ev.markdown_table(table))
    for name, other, top in (
        ("first", "second", [r.first_top for r in rows]),
        ("second", "first", [r.second_top for r in rows]),
    ):
        n, seen, same = (sum(t[i] for t in top) for i in range(3))
        print(
            f"\nOf the {n} documents the {name} annotator graded 2, the {other} graded "
            f"{seen} ({seen / n:.0%}) at all and {same} ({same / n:.0%}) 2."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
