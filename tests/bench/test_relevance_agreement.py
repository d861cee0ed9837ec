"""Two annotators' agreement (bench/relevance/agreement.py): the second annotator's file
stays usable, and the ceiling is the nDCG evaluate would give a ranking made of one
annotator's judgements."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest

from bench.relevance import agreement
from bench.relevance import evaluate as ev
from bench.relevance.candidates import load_patterns


def test_the_second_judgements_are_of_known_questions_judged_twice() -> None:
    second = agreement.second_grades()
    questions = {q.id: q for q in ev.load_questions()}

    assert second, "the second annotator's file is empty"
    assert set(second) <= set(questions)
    for qid, grades in second.items():
        assert questions[qid].grades, qid  # judged by the first annotator too
        assert 2 in grades.values(), qid


def test_the_second_patterns_compile_and_are_of_judged_questions() -> None:
    patterns = load_patterns(agreement.ev.HERE / "grep_second.tsv")
    second = agreement.second_grades()

    assert set(patterns) <= set(second)
    for pats in patterns.values():
        for pat in pats:
            re.compile(pat)


def test_a_grade_twice_in_the_second_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "second.tsv"
    path.write_text("q001\ta.txt\t2\nq001\ta.txt\t1\n", encoding="utf-8")

    with pytest.raises(SystemExit, match="judged twice"):
        agreement.second_grades(path)


def test_judgements_read_as_a_ranking_put_grade_two_first() -> None:
    grades = {"a": 1, "b": 2, "c": 1, "d": 2}

    ranking = agreement.as_ranking(grades, random.Random(3))

    assert set(ranking[:2]) == {"b", "d"}
    assert set(ranking[2:]) == {"a", "c"}


def test_the_ceiling_is_one_for_the_same_judgements_and_less_when_they_differ() -> None:
    first = {"a": 2, "b": 1, "c": 1}

    same = agreement.ceiling(first, first, shuffles=20, seed=1)
    # The second annotator swaps the grades of a and b, and adds d: the first's ranking
    # puts a (worth 1 to the second) first.
    other = agreement.ceiling(first, {"a": 1, "b": 2, "c": 1, "d": 2}, shuffles=20, seed=1)

    assert same == pytest.approx(1.0)
    assert 0 < other < 1
    assert other == pytest.approx(
        sum(
            ev.ndcg(r, {"a": 1, "b": 2, "c": 1, "d": 2}) for r in (["a", "b", "c"], ["a", "c", "b"])
        )
        / 2,
        abs=0.05,
    )


@pytest.mark.corpus
def test_every_path_the_second_annotator_judged_is_a_file_of_the_corpus(corpus: Path) -> None:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        listed = {row["filename"] for row in csv.DictReader(fh, delimiter="\t")}

    for qid, grades in agreement.second_grades().items():
        for path in grades:
            assert path in listed, (qid, path)
