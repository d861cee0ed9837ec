"""What a resident meant: a query typed in the wrong keyboard layout, and words misspelt, are
corrected against the index's own vocabulary — a correction is offered only if the index
holds it, so the search never «corrects» towards a word no act uses.

* **Layout.** «ptvtkmysq yfkju» is «земельный налог» typed with the English layout on: each
  Latin letter (and ``[];',.`` standing where Russian letters are) is read as the key it
  shares on a ЙЦУКЕН keyboard. Taken only when most of the converted words are known — to
  the index, or as words of Russian (a question's «где», «есть ли» are in no act's terms) —
  and more of them than of the typed ones: a Latin query that means something (an «ООО»
  name, a «ГОСТ R» code) stays. A comma or full stop that ends a word is the one thing a
  person types the same on both layouts, yet it stands on the keys of «б» and «ю»: «rjymrf[,
  tcnm» is «коньках, есть», not «конькахб есть». Such a word keeps its punctuation when the
  word without it is known and the word with the letter is not («деревн.» stays «деревню»).
* **Spelling.** A word the index does not know is replaced by its neighbour one edit away (a
  letter wrong, missing, extra or two swapped — Damerau distance 1, the typo a person
  makes): a word of the language before a string that only stems like one, a letter written
  as it sounds (a voiced or voiceless pair, an unstressed vowel: «торв» → «торф», not the
  commoner «торг») before any other edit, then the one most acts hold; never one whose stem
  is a scrap of two letters that every act holds. Candidates are checked through the index's
  term dictionary after stemming, the same analysis documents get, so «нолог» finds «налог»
  because acts hold «налога», «налогу». A word the index knows is never replaced, however
  rare: a rare word may be the one meant («ёлочных» beside the frequent «блочных»). Nor is a
  word of the language that no act holds (pymorphy3's dictionary decides): «куда сдать
  молоко» is not a typo of «стать», nor «дрова для печки» of «пески» — corrected, the
  resident's own words were lost to a frequent neighbour. Words two edits away are left to
  the fuzzy clauses of the query (index/query.py): proposing them would guess too often —
  except a letter written as it sounds («кадецкий» for «кадетский», «щастье» for «счастье»:
  SOUNDS_ALIKE), which a resident makes as often as a typo.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import tantivy

from legaldesk.index.analysis import WORD, fold, query_words
from legaldesk.index.documents import Correction
from legaldesk.index.inflection import dictionary
from legaldesk.index.vocabulary import document_frequency

LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
# The same keys with Shift: upper-case letters, and ``{}:"<>~`` for «Х Ъ Ж Э Б Ю Ё»
# (str.upper leaves ``[;,.`` as they are, and would make their capitals win the table).
LATIN_SHIFTED = 'QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>~'
CYRILLIC = "йцукенгшщзхъфывапролджэячсмитьбюё"
TO_CYRILLIC = str.maketrans(LATIN + LATIN_SHIFTED, CYRILLIC + CYRILLIC.upper())
LAYOUT_WORD = re.compile(r"[A-Za-z\[\];',.`{}:\"<>~]+")
RUSSIAN_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
MIN_WORD = 4  # shorter words have too many neighbours to tell which was meant
MIN_STEM = 3  # a neighbour whose stem is shorter is a stem of too many words
PHONETIC = True


def _word_frequency(searcher: tantivy.Searcher, word: str) -> int:
    terms = [term for _, term in query_words(word)]
    return min((document_frequency(searcher, t) for t in terms), default=0)


def from_wrong_layout(text: str, known: Callable[[str], bool] = lambda word: True) -> str | None:
    """The query read on the Russian layout, when it was typed on the English one: only
    for queries with no Cyrillic letter and some Latin one. A word ending in ``,`` or
    ``.`` keeps it as punctuation when ``known`` knows the word without it and not the
    word with «б» or «ю» in its place."""
    if any("а" <= ch <= "я" or ch in "ёЁ" or "А" <= ch <= "Я" for ch in text):
        return None
    if not any(ch.isascii() and ch.isalpha() for ch in text):
        return None

    def read(match: re.Match[str]) -> str:
        typed = match.group(0)
        whole = typed.translate(TO_CYRILLIC)
        trailing = len(typed) - len(typed.rstrip(",."))
        if not trailing or trailing == len(typed) or known(whole):
            return whole
        # The fewest marks read as punctuation: «.yfhvb.,» is «юнармию,», not «юнарми.,».
        for cut in range(1, trailing + 1):
            short = typed[:-cut].translate(TO_CYRILLIC)
            if known(short):
                return short + typed[-cut:]
        return whole

    return LAYOUT_WORD.sub(read, text)


# Letters written as they sound, two edits from the word meant: «кадецкий» for «кадетский»,
# «щастье» for «счастье», «учасник» for «участник» (one edit is in the neighbours anyway).
SOUNDS_ALIKE = (("ц", "тс"), ("ц", "дс"), ("щ", "сч"), ("щ", "ст"), ("ц", "тьс"), ("с", "ст"))


def _neighbours(word: str) -> set[str]:
    """Words one edit away (Damerau): a letter deleted, two swapped, one replaced, one added;
    and the word with a letter written as it sounds put back (SOUNDS_ALIKE)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in RUSSIAN_LETTERS}
    out |= {a + c + b for a, b in splits for c in RUSSIAN_LETTERS}
    if PHONETIC:
        for heard, written in SOUNDS_ALIKE:
            out |= {a + written + b[len(heard) :] for a, b in splits if b.startswith(heard)}
    out.discard(word)
    return out


def in_dictionary(word: str) -> bool:
    """A word of Russian as the OpenCorpora dictionary (pymorphy3's) knows it, in any form."""
    return bool(dictionary().word_is_known(word))


def correct_word(searcher: tantivy.Searcher, word: str) -> str | None:
    """The word meant by a misspelt one, if the index makes it clear; None otherwise."""
    word = fold(word.lower())
    if len(word) < MIN_WORD or not word.isalpha() or not all("а" <= ch <= "я" for ch in word):
        return None
    if _word_frequency(searcher, word) > 0:
        return None
    if in_dictionary(word):
        return None
    best, best_rank = None, (False, False, 0)
    seen_terms: dict[str, int] = {}
    for candidate in sorted(_neighbours(word)):
        terms = [term for _, term in query_words(candidate)]
        if len(terms) != 1:
            continue  # a stop word, or it fell apart
        if len(terms[0]) < MIN_STEM:
            continue  # «тоев» stems «то», held by every act: no sign it was meant
        count = seen_terms.get(terms[0])
        if count is None:
            count = seen_terms[terms[0]] = document_frequency(searcher, terms[0])
        if not count:
            continue
        # A word of the language before a string that only stems like one («устроиа»), and
        # a letter heard for its pair («торв» → «торф», not the commoner «торг») before
        # any other edit; then the commonest in the acts.
        rank = (
            WORDS_FIRST and in_dictionary(candidate),
            HEARD_FIRST and _heard(word, candidate),
            count,
        )
        if rank > best_rank:
            best, best_rank = candidate, rank
    return best


WORDS_FIRST = True
HEARD_FIRST = True
# Letters a writer swaps for the way they sound: voiced and voiceless pairs, unstressed vowels.
HEARD_PAIRS = frozenset(
    frozenset(p)
    for p in ("бп", "вф", "гк", "дт", "жш", "зс", "оа", "еи", "ея", "иы", "ёо", "ую", "эе")
)


def _heard(typed: str, meant: str) -> bool:
    """One letter of ``typed`` replaced by its pair of HEARD_PAIRS gives ``meant``."""
    if len(typed) != len(meant):
        return False
    diff = [(a, b) for a, b in zip(typed, meant, strict=True) if a != b]
    return len(diff) == 1 and frozenset(diff[0]) in HEARD_PAIRS


def correct(
    searcher: tantivy.Searcher, text: str, keep: frozenset[str] = frozenset()
) -> Correction | None:
    """The query a resident meant, or None when it reads as typed. Act numbers, digits,
    words of other scripts and words whose stems are in ``keep`` (the thesaurus's keys)
    are left as they are."""
    layout = False

    def known(word: str) -> bool:
        """Held by the index, a key of the thesaurus, or a word of Russian: a stop word
        («где», «ли») is in no act's terms, yet it is a word the resident meant."""
        word = word.lower()
        stems = {t for _, t in query_words(word)}
        return (
            _word_frequency(searcher, word) > 0
            or bool(stems & keep)
            or (word.isalpha() and in_dictionary(fold(word)))
        )

    converted = from_wrong_layout(text, known)
    if converted is not None:
        typed_known = sum(_word_frequency(searcher, w) > 0 for w in WORD.findall(text))
        words = WORD.findall(converted)
        found = sum(known(w) for w in words)
        if words and found > typed_known and found * 2 >= len(words):
            text, layout = converted, True
    changed: list[tuple[str, str]] = []
    out: list[str] = []
    last = 0
    for match in WORD.finditer(text):
        word = match.group(0)
        stems = {term for _, term in query_words(word)}
        fixed = None if stems & keep else correct_word(searcher, word)
        out.append(text[last : match.start()])
        if fixed is None:
            out.append(word)
        else:
            out.append(fixed)
            changed.append((word, fixed))
        last = match.end()
    out.append(text[last:])
    if not layout and not changed:
        return None
    return Correction("".join(out), layout, tuple(changed))
