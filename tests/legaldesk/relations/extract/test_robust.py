"""Any text gives a result: never an exception, spans inside the text, roles from ROLES, no
two references over the same words — and a mutated real sentence is read within a generous
time bound (a crash guard against catastrophic backtracking, not a speed measurement: speed
is in bench/references/speed.py)."""

from __future__ import annotations

import multiprocessing
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legaldesk.relations.extract import ROLES, extract

# Short real sentences (from ../shared/corpus/real) to mutate.
SENTENCES = (
    "Признать утратившими силу постановления Администрации Нижнекисляйского городского "
    "поселения :\n- от 07.02.2014 г. № 06 « Об утверждении муниципальной программы » ;",
    "Постановление главы администрации района « О принятии районной муниципальной программы » "
    "№ 1522 – п от 13.11.2013 считать утратившим силу с 01.01.2015 года .",
    "( с изм. от 28.03.2014 г. № 122 , 20.11.2014 г. № 536 , 27.12.2017 г .\n№ 706 , "
    "25.07.2018 № 460 г. )",
    'Закона РФ " Об основах федеральной жилищной политики " N 4218-1 от 24.12.1992',
    "соответствии Федеральным законом от 06.10.2003 13.1-ФЗ «Об общих принципах",
    "Руководствуясь статьей 179 Бюджетного кодекса Российской Федерации , решениями Совета МР "
    "« Усть - Вымский » от 26.12.2018 г. № 31/6-318 « О бюджете « Усть - Вымский » ,",
)
ALPHABET = '«»"„“”()№N.,;:-–— \n\t0123456789от г года ФЗ п ПОСТАНОВЛЯЮ О внесении в'


def check(text: str) -> None:
    found = extract(text, own_number="5", own_date=None)
    previous_end = -1
    for ref in found:
        assert ref.role in ROLES
        assert 0 <= ref.start < ref.end <= len(text)
        assert ref.start >= previous_end  # no overlapping spans, text order
        previous_end = ref.end
        assert len(ref.sentence) <= 1000


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=600))
def test_text_made_of_the_pieces_of_references(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6), st.randoms())
def test_real_sentences_cut_and_joined(parts: list[str], rnd: random.Random) -> None:
    text = "\n".join(parts)
    cut = rnd.randrange(len(text) + 1)
    check(text[:cut])
    check(text[cut:])


def _mutate(rnd: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rnd.randrange(1, 12)):
        op = rnd.randrange(4)
        pos = rnd.randrange(len(chars) + 1)
        if op == 0:
            chars.insert(pos, rnd.choice(ALPHABET))
        elif op == 1 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif op == 2:
            chars[pos:pos] = list(rnd.choice(SENTENCES))
        else:
            chars[pos:pos] = list("«" * rnd.randrange(1, 30) + "№ 1" * rnd.randrange(1, 30))
    return "".join(chars)


def _fuzz(seed: int) -> int:
    rnd = random.Random(seed)
    count = 0
    for _ in range(150):
        text = _mutate(rnd, rnd.choice(SENTENCES)) * rnd.choice((1, 1, 3, 40))
        check(text)
        count += 1
    return count


def test_mutated_real_sentences_finish_within_a_time_bound() -> None:
    # In a child process, so that a runaway regex is stopped instead of hanging the suite.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result = pool.apply_async(_fuzz, (20240312,))
        assert result.get(timeout=60) == 150


def test_long_texts_without_structure() -> None:
    for text in ("«" * 20000, "№ 1 " * 5000, "от 12.03.2024 " * 3000, '"' * 10000, "\n" * 50000):
        check(text)
