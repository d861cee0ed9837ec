"""The soak benchmark's pure parts (bench/soak.py): the memory growth is fitted to the
samples after the settling time only, and the addresses its forms come from are distinct
within a run and from one run to the next."""

from __future__ import annotations

import os

import pytest

from bench import soak


def test_growth_is_the_slope_after_the_settling_time() -> None:
    # The first minute fills caches (a jump of 300 MB); after it, 2 MB a minute with noise.
    samples = [(0.0, 100.0), (30.0, 400.0)] + [
        (t, 400.0 + 2.0 * t / 60 + (0.5 if n % 2 else -0.5))
        for n, t in enumerate(range(60, 601, 10))
    ]

    assert soak.growth(samples, settle=60) == pytest.approx(2.0, abs=0.05)
    assert soak.growth(samples, settle=0) > 4  # the jump counted as growth
    assert soak.growth([(t, 5.0) for t in (60.0, 70.0, 80.0)], settle=60) == 0
    assert soak.growth([(0.0, 1.0), (70.0, 2.0), (80.0, 3.0)], settle=60) is None  # two points


def test_every_submission_has_an_address_of_its_own_and_the_next_run_others() -> None:
    # The forms allow five an hour per address: a run on a kept directory must not reuse
    # the addresses the last one sent from.
    first, second = soak.Run(tag=1), soak.Run(tag=2)
    sent = [soak.address(next(first.addresses)) for _n in range(70_000)]
    after = {soak.address(next(second.addresses)) for _n in range(70_000)}

    assert len(set(sent)) == len(sent) and not after & set(sent)
    assert sent[0] == "10.16.0.1" and soak.address(65_536) == "10.1.0.0"


def test_the_later_half_tells_a_cache_levelling_off_from_a_leak() -> None:
    # A cache filling: +20 MB/min for the first four settled minutes, then flat. A leak:
    # the same 2 MB a minute all along. Both have a clear slope over the whole span.
    filling = [(float(t), 100.0 + 20.0 * min(t, 300) / 60) for t in range(60, 601, 10)]
    leaking = [(float(t), 100.0 + 2.0 * t / 60) for t in range(60, 601, 10)]

    assert soak.growth(filling, settle=60) > 5
    assert soak.late_growth(filling, settle=60) == pytest.approx(0.0, abs=1e-9)
    assert soak.late_growth(leaking, settle=60) == pytest.approx(2.0)
    assert soak.late_growth([(0.0, 1.0)], settle=60) is None


def test_a_process_memory_is_read_split_into_anonymous_and_file_pages() -> None:
    mine = soak.status_mb(os.getpid())
    ballast = bytearray(64 * 2**20)  # 64 MB of the heap, touched
    ballast[::4096] = b"x" * len(ballast[::4096])
    grown = soak.status_mb(os.getpid())

    assert set(mine) == {"RssAnon", "RssFile"} and mine["RssFile"] > 0
    assert grown["RssAnon"] - mine["RssAnon"] > 60
    assert soak.status_mb(2**22 + 7) == {}  # no such process: nothing, not an error
    del ballast
