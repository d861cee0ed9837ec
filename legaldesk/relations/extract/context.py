"""What surrounds a reference: where its clause and sentence begin, whether it stands in the
act's enacting preamble, which verb governs it, and which part of the act it names."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .anchors import lowered

_ABBREVIATIONS = frozenset(
    (
        *("г", "ст", "п", "пп", "ч", "гг", "т", "д", "ул", "обл", "им", "тыс", "руб"),
        *("млн", "стр", "разд", "абз", "подп", "пос", "с", "кв", "пр", "ред", "изм", "рис"),
    )
)
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s+[«\"]?[А-ЯЁA-Z])")
_WORD_BEFORE_RE = re.compile(r"([А-Яа-яЁёA-Za-z]*)\s?$")


def _sentence_ends(text: str) -> list[int]:
    """Ends of sentences, not of abbreviations («г. Брянск», «ст. 179») or initials («А.Н.»)."""
    ends = []
    for m in _SENTENCE_END_RE.finditer(text):
        word = _WORD_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
        before = word.group(1) if word else ""
        if before.lower() in _ABBREVIATIONS or (len(before) == 1 and before.isupper()):
            continue
        ends.append(m.end())
    return ends


_POINT_RE = re.compile(r"\n[ \t]*\d{1,2}[ \t]?\.(?=[ \t]*\n|[ \t]+[А-ЯЁ])")
_HEADER_RE = re.compile(r"\n[ \t]*(?:приложение|утвержден[аоы]?\b|справка|лист согласования)", re.I)
OPERATIVE_RE = re.compile(
    r"(?<![а-яё])(?:п\s?о\s?с\s?т\s?а\s?н\s?о\s?в\s?л\s?я\s?(?:ю|е\s?т)|постановил[аи]?|"
    r"р\s?е\s?ш\s?и\s?л[аи]?|решает|приказываю|распоряжаюсь)(?![а-яё])(?=\s*[:.]|\s*\n)",
    re.IGNORECASE,
)
_OPENER = (
    r"(?:в\s+)?соответстви[еи]|на\s+основании|руководствуясь|во\s+исполнение|в\s+целях|"
    r"в\s+связи|рассмотрев|согласно"
)
_OPENER_RE = re.compile(r"(?:^|\n|[.;]\s)[ \t]*(?P<o>" + _OPENER + r")(?![а-яё])", re.IGNORECASE)
_PREAMBLE_WINDOW = 4000
_LOOKBACK = 6000


@dataclass(frozen=True)
class Layout:
    """Clause boundaries and the preamble of one text, found once."""

    boundaries: list[int]
    preamble: tuple[int, int]

    def clause_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.boundaries, pos) - 1
        start = self.boundaries[i] if i >= 0 else 0
        return max(start, pos - _LOOKBACK)

    def clause_end(self, pos: int) -> int:
        i = bisect.bisect_right(self.boundaries, pos)
        return self.boundaries[i] if i < len(self.boundaries) else pos + _LOOKBACK

    def in_preamble(self, pos: int) -> bool:
        return self.preamble[0] <= pos < self.preamble[1]


def layout(text: str, extra: list[int] | None = None) -> Layout:
    """``extra``: more clause boundaries (where the act's own heading and title end)."""
    points = _sentence_ends(text) + list(extra or [])
    points += [m.start() + 1 for m in _POINT_RE.finditer(text)]
    points += [m.start() + 1 for m in _HEADER_RE.finditer(text)]
    points += [m.end() for m in OPERATIVE_RE.finditer(text)]
    points += [
        m.start("o") for m in _OPENER_RE.finditer(text) if _at_line_start(text, m.start("o"))
    ]
    preamble = _preamble(text)
    points.append(preamble[0])
    return Layout(sorted(set(points)), preamble)


def _at_line_start(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


def _preamble(text: str) -> tuple[int, int]:
    """[start, end) of the enacting preamble: from the first «В соответствии с / На основании /
    Руководствуясь / В целях …» that opens a line before the operative word
    («ПОСТАНОВЛЯЮ:», «постановляет:», «РЕШИЛ:») to that word. Without an operative word, a
    paragraph near the top that opens so and ends with «:» (a law's «В соответствии с …:»)."""
    operative = OPERATIVE_RE.search(text, 0, min(len(text), 20000))
    if operative:
        end = operative.start()
        window = max(0, end - _PREAMBLE_WINDOW)
        for m in _OPENER_RE.finditer(text, window, end):
            if _at_line_start(text, m.start("o")) or m.group().lstrip()[:1] in ".;":
                return m.start("o"), end
        return end, end
    for m in _OPENER_RE.finditer(text, 0, min(len(text), 3000)):
        start = m.start("o")
        if not _at_line_start(text, start):
            continue
        colon = re.compile(r":[ \t]*(?:\n|$)").search(text, start, start + 3000)
        if colon:
            return start, colon.start()
    return 0, 0


# ------------------------------------------------------------------------------ verbs
_VERBS: tuple[tuple[str, str], ...] = (
    (
        r"о\s+внесении\s+изменени|внесени[еяю]\s+изменени|внести\s+(?:в\s|изменени|следующ|"
        r"дополнени)|изменени\w*\s*,?\s*(?:которые\s+)?вносим\w*\s+в|вносятся\s+изменени|"
        r"изложить|изложив|в\s+новой\s+редакции|дополнить|исключить|заменить",
        "amends",
    ),
    (
        r"признат\w*\s+утративш\w*\s+сил\w*|признаются\s+утративш|считать\s+утративш|"
        r"утратившим\w*\s+силу|отменить",
        "repeals",
    ),
    (r"приостановить\s+(?:действие|применение)|приостанавливается\s+действие", "suspends"),
    (
        r"в\s+ред(?:акции|\.|\s)|с\s+изм(?:енениями|\.|\s)|с\s+учетом\s+изменени|"
        r"с\s+изменениями\s+и\s+дополнениями|изменениями\s*,?\s*внесенными|введен\w*\s|"
        r"утратил\w*\s+силу",
        "cites",
    ),
)
_VERB_PATTERN = "|".join(f"(?P<v{i}>{pattern})" for i, (pattern, _role) in enumerate(_VERBS))
VERB_RE = re.compile(_VERB_PATTERN, re.IGNORECASE)
_VERB_LOWER_RE = re.compile(r"(?=[овпискдзуи])(?:" + _VERB_PATTERN + ")")  # lower-cased text
REPEAL_AFTER_RE = re.compile(
    r"[\s,»\"”]{0,12}(?:\([^()]{0,200}\)\s*)?(?:,\s*)?(?:с\s+[^\s,]+(?:\s+[^\s,]+){0,3}\s+)?"
    r"(?:признать\s+|считать\s+)?утративш\w*\s+силу",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verb:
    start: int
    end: int
    role: str
    in_parenthesis: bool  # «(в редакции …)»: governs only up to its closing bracket


def verbs(text: str) -> list[Verb]:
    found = []
    low = lowered(text)
    for m in _VERB_LOWER_RE.finditer(low) if low is not None else VERB_RE.finditer(text):
        name = next(k for k, v in m.groupdict().items() if v is not None)
        role = _VERBS[int(name[1:])][1]
        before = text[max(0, m.start() - 3) : m.start()]
        found.append(Verb(m.start(), m.end(), role, "(" in before))
    return found


# ------------------------------------------------------------------------------ parts
_PART_WORD = (
    r"(?:под)?пункт\w*|пп?\s?\.|стать\w+|ст\s?\.|част\w*|ч\s?\.|раздел\w*|разд\s?\.|глав\w*|"
    r"приложени\w*|абзац\w*|абз\s?\.|строк\w*"
)
PART_RUN_RE = re.compile(
    r"(?:(?<![а-яё])(?:" + _PART_WORD + r")[\s\dIVX.,№-]{0,24}(?:(?:и|,)\s+[\d.]+[\s,]{0,3}){0,4}"
    r"(?:и\s+)?){1,4}(?:к\s+)?\s*$",
    re.IGNORECASE,
)


def part_before(text: str, start: int) -> str | None:
    """The part of an act named right before it: «статьи 14», «пункта 5 части 1 статьи 15»,
    «приложение 1 , приложение 2 и приложение 3 к»."""
    window = text[max(0, start - 120) : start]
    m = PART_RUN_RE.search(window)
    if not m:
        return None
    part = " ".join(m.group().split())
    part = re.sub(r"\s+к$", "", part).strip(" ,")
    return part or None
