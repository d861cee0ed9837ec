"""One Russian analyzer chain, shared by indexing and queries.

Snowball stemming runs inside Tantivy (Rust), so indexing a million acts costs no Python
per token; ё is folded to е in Python beforehand because Russian texts use both spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import tantivy

from legaldesk.actnumber import normalize_number

ANALYZER = "ru"
MAX_TOKEN = 40  # letters: a longer «word» is noise (a hash, a run of underscores)
# Tantivy's filter counts bytes of UTF-8, two to a Cyrillic letter: a limit of 40 had
# dropped every Russian word of 20 letters or more from the index and from queries —
# «сельскохозяйственных», «товаропроизводителей», «конкурентоспособности».
MAX_TOKEN_BYTES = 2 * MAX_TOKEN + 1  # tokens of this many bytes or more are dropped

# Function words of Russian queries; a query made only of them matches nothing.
STOP_WORDS = frozenset(
    """
    и в во на о об обо по за для от до к ко с со у из а но или ли же бы не ни что как при
    под над без про через то это так также его ее их все всех мне мой какой какие где
    когда есть был быть
    """.split()  # noqa: SIM905
)


def fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def build_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("russian"))
        .build()
    )


@lru_cache(maxsize=1)
def _analyzer() -> tantivy.TextAnalyzer:
    return build_analyzer()


WORD = re.compile(r"\w+", re.UNICODE)


def terms(text: str) -> list[str]:
    """The index's terms of ``text`` — stop words kept, as the index keeps them."""
    return list(_analyzer().analyze(fold(text).lower()))


def query_words(text: str) -> list[tuple[str, str]]:
    """(surface word, stemmed term) pairs of a query, stop words dropped."""
    pairs: list[tuple[str, str]] = []
    analyzer = _analyzer()
    for word in WORD.findall(fold(text).lower()):
        if word in STOP_WORDS or len(word) > MAX_TOKEN:
            continue
        for term in analyzer.analyze(word):
            pairs.append((word, term))
    return pairs


NUMBER_IN_QUERY = re.compile(
    r"(?:№|\bN)?\s*(?P<num>\d{1,6}(?:\s*[/\-]\s*[\dа-яёa-z]{1,6}){0,3})"
    r"(?P<suffix>[а-яё]{1,4}\b|\s[а-яё]{1,2}\b)?",
    re.IGNORECASE,
)
# Short words after a number that are not its letter suffix («245 от …», «1999 г.»).
NOT_SUFFIXES = STOP_WORDS | {"г", "гг"}


@dataclass(frozen=True)
class QueryNumber:
    """Something in a query that may be an act number: its key and where it stands."""

    key: str
    start: int
    end: int

    @property
    def structured(self) -> bool:
        # «245-п», «12/3-рс» name one act; a bare «245» may as well be a sum or a year.
        return not self.key.isdigit()


def numbers_in_query(text: str) -> list[QueryNumber]:
    out: list[QueryNumber] = []
    for match in NUMBER_IN_QUERY.finditer(text):
        end = match.end()
        raw = match.group("num")
        suffix = match.group("suffix")
        # A letter written apart («226 а», «245 от») may be a word; one written on («176а»)
        # is the number's own suffix, whatever word it would spell alone.
        apart = bool(suffix) and suffix[0].isspace()
        letter = suffix.strip().lower() if suffix else ""
        keys = [(normalize_number(raw + (suffix or "")), end)]
        if suffix and letter in (NOT_SUFFIXES if apart else {"г", "гг"}):
            keys = [(normalize_number(raw), match.end("num"))]
            if apart and len(letter) == 1 and letter not in {"г", "в", "к", "с", "у"}:
                # «226 а» may be act 226а as well as act 226 and the word «а».
                keys.append((normalize_number(raw + letter), end))
        for key, stop in keys:
            if key and all(key != n.key for n in out):
                out.append(QueryNumber(key, match.start("num"), stop))
    return out


def number_candidates(text: str) -> list[str]:
    """Keys in a query that may be an act number: «245-п» → «245п», «№ 12/3-рс», «245»."""
    return [n.key for n in numbers_in_query(text)]


PREFIX = "^"  # marks the leading-digits term of a number, apart from a whole number


def number_variants(number: str) -> list[str]:
    """Terms stored for an act number: the whole normalised number, and its leading digits
    marked as such («^245»), so a bare «245» also finds «245-п» — below the act whose
    number is 245 itself."""
    full = normalize_number(number)
    digits = re.match(r"\d+", full)
    variants = [full]
    if digits and digits.group(0) != full:
        variants.append(PREFIX + digits.group(0))
    return variants
