"""Compound words that a broken text layer splits in two.

Many published acts come with a text layer that breaks compounds at their seam: the real
corpus holds «много квартирных» 280 times, «анти коррупционной» 139, «не коммерческих» 131,
«долго срочной» 108, «тепло снабжения» 80, «градо регулирования». The index holds such an
act under two words, so a reader's «антикоррупционная» does not find it. Here a query word
is tried as two words the index holds, cut where Russian joins compounds — after a
linking «о»/«е» of a stem of four letters or more («тепло», «много», «градо»), or after a
prefix that is written together («анти», «меж», «не»…) — and the search asks for them as
a phrase beside the word itself (index/query.py). Nothing is changed in the index: the
act's text stays as published, and the repair costs a few dozen term look-ups per long
query word.

Words shortened into one («спортзал», «госуслуги», «медпункт», «райцентр», «соцзащита»)
are the residents'; acts write them out («спортивный зал», «государственных услуг»). Such
a word is tried as the adjective its head abbreviates (ABBREVIATED) and its tail, asked
for as a phrase in the same way.

Measured on the relevance set's tuning parts (docs/relevance.md, third round): +0.004 on
the tune part (officials' «антикоррупционная политика» 0.60 → 0.86), no change on the
other; cutting anywhere instead of at these seams found «про граммы» in «программы» and
cost officials' questions more than it gave.
"""

from __future__ import annotations

import tantivy

from legaldesk.index.analysis import terms
from legaldesk.index.vocabulary import document_frequency

MIN_WORD = 8  # shorter words are rarely compounds, and their halves too often words
MIN_STEM_HEAD = 4  # «тепло», «водо»: shorter «про», «по» are prefixes of everything
MIN_TAIL = 4
MAX_SPLITS = 2  # the cuts whose rarer half the index holds most often
# Prefixes written together with the word, which the broken layers also split off.
PREFIXES = frozenset({"анти", "меж", "не", "вне", "сверх", "контр", "пост", "суб", "без", "бес"})


# The heads of shortened words, and the adjective each one stands for.
ABBREVIATED = {
    "спорт": "спортивный",
    "соц": "социальный",
    "мед": "медицинский",
    "гос": "государственный",
    "рай": "районный",
    "обл": "областной",
    "гор": "городской",
    "мун": "муниципальный",
    "сельхоз": "сельскохозяйственный",
    "дет": "детский",
    "строй": "строительный",
    "авто": "автомобильный",
    "тех": "технический",
    "проф": "профессиональный",
    "физ": "физический",
    "жил": "жилой",
    "эко": "экологический",
    "нац": "национальный",
    "пром": "промышленный",
    "зем": "земельный",
    "хоз": "хозяйственный",
    "культ": "культурный",
    "муз": "музыкальный",
    "фин": "финансовый",
    "юр": "юридический",
    "сан": "санитарный",
    "пож": "пожарный",
    "тур": "туристический",
    "вет": "ветеринарный",
    "спец": "специальный",
    "пед": "педагогический",
    "инфо": "информационный",
    "комм": "коммунальный",
}
MIN_ABBREVIATED_TAIL = 3  # «зал», «сад»


def seams(word: str) -> list[tuple[str, str]]:
    """Where ``word`` may be cut into a compound's two parts (surface forms)."""
    if len(word) < MIN_WORD or not word.isalpha():
        return []
    out = []
    for i in range(2, len(word) - MIN_TAIL + 1):
        head, tail = word[:i], word[i:]
        if head in PREFIXES or (len(head) >= MIN_STEM_HEAD and head.endswith(("о", "е"))):
            out.append((head, tail))
    return out


def split_in_two(searcher: tantivy.Searcher, word: str) -> list[tuple[str, str]]:
    """The stems of ``word``'s two parts, for the cuts whose both parts the index holds."""
    found: list[tuple[int, tuple[str, str]]] = []
    for head, tail in seams(word):
        parts = [*terms(head), *terms(tail)]
        if len(parts) != 2:
            continue
        held = min(document_frequency(searcher, t) for t in parts)
        if held > 0:
            found.append((held, (parts[0], parts[1])))
    return [pair for _, pair in sorted(found, reverse=True)[:MAX_SPLITS]]


def abbreviated(searcher: tantivy.Searcher, word: str) -> list[tuple[str, str]]:
    """The stems of the adjective and the noun a shortened word («спортзала») stands for,
    when the index holds both; the longest head that fits is taken."""
    if not word.isalpha():
        return []
    own = terms(word)
    for head in sorted(ABBREVIATED, key=len, reverse=True):
        tail = word[len(head) :]
        if not word.startswith(head) or len(tail) < MIN_ABBREVIATED_TAIL:
            continue
        full = terms(ABBREVIATED[head])
        if own and full and own[0].startswith(full[0]):
            continue  # the full word itself («районе», «детских»), not a shortened one
        parts = [*full, *terms(tail)]
        if len(parts) == 2 and min(document_frequency(searcher, t) for t in parts) > 0:
            return [(parts[0], parts[1])]
    return []
