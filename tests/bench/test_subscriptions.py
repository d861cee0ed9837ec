"""The subscriptions benchmark (bench/subscriptions.py) runs at a tiny size, and its
profiles are the mix it promises, the same for a seed."""

from __future__ import annotations

import pytest

from bench import subscriptions as bench
from legaldesk import thesaurus
from legaldesk.index.analysis import numbers_in_query

ENTRIES = tuple(thesaurus.shipped())


def test_the_profiles_are_a_seeded_mix() -> None:
    drawn = bench.profiles(600, 4, ENTRIES)
    assert drawn == bench.profiles(600, 4, ENTRIES)
    assert drawn != bench.profiles(600, 5, ENTRIES)
    rubric_only = [p for p in drawn if not p.text]
    assert rubric_only and all(p.rubric in bench.rubric_codes() for p in rubric_only)
    keys = {e.key for e in ENTRIES}
    assert any(p.text.lower() in keys for p in drawn)  # «ЖКХ», «маткапитал»
    assert any(numbers_in_query(p.text) for p in drawn)  # «131-ФЗ»
    assert any(p.text and (p.doc_type or p.level or p.issuer or p.rubric) for p in drawn)
    assert len({p.key for p in drawn}) < 0.8 * len(drawn)  # many subscribe alike
    # One to four words of a title; a thesaurus key may be a phrase of its own.
    words = [len(p.text.split()) for p in drawn if p.text and p.text.lower() not in keys]
    assert {1, 2, 3, 4} <= set(words) and max(words) <= 5


def test_a_tiny_run_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench.main(["--acts", "30", "--profiles", "60", "--runs", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("| acts |")
    cells = [c.strip() for c in lines[2].strip("|").split("|")]
    assert cells[0] == "30" and cells[1].startswith("60 (")
    assert int(cells[7].replace(",", "")) > 0  # matches
