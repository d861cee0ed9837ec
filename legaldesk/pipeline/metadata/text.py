"""Line clean-up, spaced-letter headings, pre-tokenized spacing and ALL-CAPS to readable case."""

from __future__ import annotations

import itertools
import re

_WS_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# «П О С Т А Н О В Л Е Н И Е», «Ш У Ö М», «п о с т а н о в л я ю»: 3+ single letters
_SPACED_RE = re.compile(r"(?<!\w)(?:\w[ \t]{1,3}){2,}\w(?!\w)")
_LETTER_RE = re.compile(r"[А-Яа-яЁёA-Za-z]")
_CYR_RE = re.compile(r"[А-Яа-яЁё]")


_MARKUP_RE = re.compile(r"^#[A-Z]\d*\s*")  # «#G0УТВЕРЖДЕН»: Кодекс/Техэксперт markup


def clean_line(line: str) -> str:
    return _MARKUP_RE.sub("", _WS_RE.sub(" ", line).strip())


def despace(line: str) -> str:
    """Join letter-spaced words: «П О С Т А Н О В Л Е Н И Е» → «ПОСТАНОВЛЕНИЕ»."""
    if " " not in line:
        return line

    def join(m: re.Match[str]) -> str:
        return re.sub(r"[ \t]+", "", m.group(0))

    return _SPACED_RE.sub(join, line)


def flat(line: str) -> str:
    """Matching form: despaced, lower case, ё→е, collapsed spaces."""
    return despace(line).lower().replace("ё", "е")


def is_upper_text(text: str) -> bool:
    letters = _LETTER_RE.findall(text)
    if len(letters) < 3:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= 0.8


def cyrillic_share(text: str) -> float:
    letters = _LETTER_RE.findall(text)
    if not letters:
        return 0.0
    return len(_CYR_RE.findall(text)) / len(letters)


_PRETOKENIZED_RE = re.compile(r"\w \, |\w \. |\w \)|\( \w|« \w|\w »")


def looks_pretokenized(text: str) -> bool:
    """Text whose punctuation was split off by a tokenizer («2017 г .», «( далее )»)."""
    return len(_PRETOKENIZED_RE.findall(text[:6000])) >= 3


def detokenize(text: str, pretokenized: bool) -> str:
    """Undo tokenizer spacing around punctuation in one line of display text."""
    text = re.sub(r"\s+([,.;:!?%)\]»])", r"\1", text)
    text = re.sub(r"([(\[«])\s+", r"\1", text)
    text = re.sub(r"\s+([”’])", r"\1", text)
    text = re.sub(r"([“‘„])\s+", r"\1", text)
    text = _fix_straight_quotes(text)
    if pretokenized:
        # «социально - экономического» → «социально-экономического»; «131 - ФЗ» → «131-ФЗ»
        # … but «образования - Шацкий» is a dash: a lower-case word before a capitalised one,
        # or a common noun of municipal names
        text = _HYPHEN_RE.sub(_hyphen_or_dash, text)
        text = re.sub(r"(?<=\d)\s*-\s*(?=\d)", "-", text)
    return text


_HYPHEN_RE = re.compile(r"(\w+) - (?=(\w))")
_DASH_NOUNS = ("образования", "района", "поселения", "округа", "области", "края")


def _hyphen_or_dash(m: re.Match[str]) -> str:
    left, right = m.group(1), m.group(2)
    if left.lower().endswith(_DASH_NOUNS) or (left[:1].islower() and right.isupper()):
        return left + " – "
    return left + "-"


def _fix_straight_quotes(text: str) -> str:
    if '"' not in text:
        return text
    out: list[str] = []
    opened = False
    parts = text.split('"')
    for i, part in enumerate(parts):
        if i == 0:
            out.append(part)
            continue
        if not opened:
            # opening quote: no space after it
            out.append('"')
            out.append(part.lstrip() if part.strip() else part)
            opened = True
        else:
            if out and out[-1] != '"':
                out[-1] = out[-1].rstrip()
            out.append('"')
            out.append(part)
            opened = False
    return "".join(out)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- ALL-CAPS → readable case
# Words that keep a capital inside names of bodies and places.
_ALWAYS_CAPITAL = {
    "российской",
    "российская",
    "федерации",
    "федерация",
    "республики",
    "республика",
    "республике",
    "президент",
    "президента",
    "дума",
    "думы",
    "думой",
    "совет",
    "совета",
    "собрание",
    "собрания",
    "министров",
    "кабинет",
    "кабинета",
    "правительство",
    "правительства",
    "губернатор",
    "губернатора",
    "кремль",
    "москва",
    "коми",
    "татарстан",
    "саха",
    "якутия",
    "крым",
    "севастополя",
    "севастополь",
    "санкт-петербурга",
    "санкт-петербург",
    "москвы",
}
_PLACE_NOUNS = {
    "город",
    "города",
    "городе",
    "городу",
    "городом",
    "г.",
    "село",
    "села",
    "селе",
    "с.",
    "поселок",
    "поселка",
    "поселке",
    "посёлок",
    "посёлка",
    "пос.",
    "п.",
    "пгт",
    "пгт.",
    "р.п.",
    "деревня",
    "деревни",
    "д.",
    "станица",
    "станицы",
    "ст.",
    "республики",
    "республика",
    "республике",
    "образования",
    "образование",
    "округа",
    "округ",
}
_SK_RE = re.compile(r"^[а-яё-]+(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|ым)$")
_ADJ_RE = re.compile(r"^[а-яё-]{3,}(?:ого|его|ому|ему|ой|ей|ая|яя|ый|ое|ее|ом|ем)$")
# A place-name adjective is followed by one of these (one word ahead for -ский names,
# a strong place noun for other adjectives: «Заречного сельского поселения»).
_SK_FOLLOWERS = (
    "район",
    "област",
    "края",
    "краю",
    "крае",
    "округ",
    "поселени",
    "сельсовет",
    "муниципальн",
    "городск",
    "сельск",
    "республик",
    "федерац",
    "краев",
    "областн",
    "районн",
    "административн",
)
_PLACE_FOLLOWERS = ("район", "област", "края", "краю", "крае", "округ", "поселени", "сельсовет")
_PLACE_ADJ_FOLLOWERS = ("городск", "сельск", "муниципальн")
_COMMON_ADJ = (
    "городск",
    "сельск",
    "районн",
    "муниципальн",
    "федеральн",
    "областн",
    "краев",
    "административн",
    "внутригородск",
    "межмуниципальн",
    "государственн",
)
_COMMON_WORDS = {"нового", "новой", "данного", "настоящего", "указанного", "каждого", "этого"}
_TOKEN_RE = re.compile(r"[А-Яа-яЁёA-Za-z][А-Яа-яЁёA-Za-z-]*|[^А-Яа-яЁёA-Za-z]+")


def readable_case(text: str) -> str:
    """ALL-CAPS heading text to sentence case with capitals kept for names.

    A heuristic: the first word and the first word inside quotes get a capital; so does a
    place-name adjective (an adjective, not an ordinary one such as «муниципального» or
    «городского», followed by «района», «области», «края», «округа», «поселения»,
    «муниципального», «сельского»…: «Алейского района», «Заречного сельского поселения»),
    the word after «город/г./с./пос./Республики/образования» («города Брянска», «Республики
    Коми»), and a short list of words capitalised in the names of bodies (Российской
    Федерации, Дума, Совет, Собрание, Правительство, Кабинет Министров, Президент).
    Known abbreviations (МО, МР, РФ, МБУ, ВПД, ФЗ…) stay upper case. Text that is not mostly
    upper case is returned unchanged.
    """
    if not is_upper_text(text):
        return text
    tokens = _TOKEN_RE.findall(text.lower())
    words = [i for i, t in enumerate(tokens) if _LETTER_RE.match(t[0])]
    next_word: dict[int, str] = {}
    after_next: dict[int, str] = {}
    for a, b in itertools.pairwise(words):
        next_word[a] = tokens[b]
    for a, _b, c in zip(words, words[1:], words[2:], strict=False):
        after_next[a] = tokens[c]
    out: list[str] = []
    capital_next = True
    prev_word = ""
    straight_open = False
    for i, token in enumerate(tokens):
        if not _LETTER_RE.match(token[0]):
            out.append(token)
            straight = token.count('"')
            if straight % 2:
                straight_open = not straight_open
            ends = token.rstrip()
            if ends.endswith(("«", "“", "(")) or (ends.endswith('"') and straight_open):
                capital_next = True
            continue
        word = token
        follower = next_word.get(i, "")
        if capital_next:
            word = word[:1].upper() + word[1:]
            capital_next = False
        elif word in _ABBREVIATIONS:
            word = word.upper()
        elif (
            word in _ALWAYS_CAPITAL
            or _is_place_adjective(word, follower, after_next.get(i, ""))
            or (word == "федерального" and follower.startswith("собрани"))
            or (
                prev_word in _PLACE_NOUNS
                and word not in _PLACE_NOUNS
                and word not in _FUNCTION_WORDS
                and not word.startswith(("муниципальн", "городск", "сельск", "район", "област"))
            )
        ):
            word = _cap(word)
        out.append(word)
        prev_word = token
    return "".join(out)


def _is_place_adjective(word: str, follower: str, after: str) -> bool:
    if word.startswith(_COMMON_ADJ) or word in _COMMON_WORDS:
        return False
    if _SK_RE.match(word):
        return follower.startswith(_SK_FOLLOWERS)
    if not _ADJ_RE.match(word):
        return False
    return follower.startswith(_PLACE_FOLLOWERS) or (
        follower.startswith(_PLACE_ADJ_FOLLOWERS) and after.startswith(_PLACE_FOLLOWERS)
    )


_ABBREVIATIONS = {
    "мо",
    "мр",
    "го",
    "рф",
    "мбу",
    "муп",
    "мусп",
    "впд",
    "спс",
    "рт",
    "км",
    "гд",
    "фс",
    "ссср",
    "рсфср",
    "снг",
    "апк",
    "жкх",
    "оао",
    "ооо",
    "зао",
    "пао",
    "мку",
    "мбоу",
    "мкоу",
    "мау",
    "мбук",
    "дод",
    "сш",
    "рмр",
    "вцп",
    "ип",
    "кфх",
    "нко",
    "мфц",
    "фз",
    "фкз",
    "зс",
    "оз",
    "кз",
}


_FUNCTION_WORDS = {"и", "в", "во", "на", "о", "об", "по", "с", "со", "к", "от", "до", "за", "из"}


def _cap(word: str) -> str:
    if "-" in word:
        return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
    return word[:1].upper() + word[1:]
