"""An issuing body's name in the genitive, as «постановление администрации …» needs it.

Only the head of the name changes case: «Администрация Ольховского муниципального района»
→ «администрации Ольховского муниципального района», «Совет депутатов городского поселения
Лесное» → «Совета депутатов городского поселения Лесное». The head is the leading run of
adjectives up to and including the first noun; what follows it is already in the genitive
(or is a proper name that stays as it is). pymorphy3 inflects the head; an authority that
spells its name otherwise has a stored override, which wins.
"""

from __future__ import annotations

import re
from typing import Any

from legaldesk.index.inflection import dictionary, readable

# Heads written in lower case inside a sentence: the local administration and the officials
# («постановление администрации …», «постановление главы …»); the bodies whose names are
# proper names (Совет, Дума, Правительство, Министерство, Губернатор) keep their capital.
_LOWER_HEADS = frozenset({"администрация", "глава", "мэр"})
_HEAD_WORDS = 6  # a head longer than this is not a head: the name is left as it is
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _nominative(word: str, pos: str) -> Any | None:
    """The parse of ``word`` as a nominative ``pos`` (NOUN or ADJF), the likeliest first."""
    if not readable(word):
        return None
    # The one analyser of the process, the index's: each loads the whole dictionary.
    for parse in dictionary().parse(word):
        # «Волжский» is also a surname and a place; in a body's name it is an adjective.
        if pos == "NOUN" and {"Surn", "Name", "Patr", "Geox"} & set(parse.tag.grammemes):
            continue
        if pos == parse.tag.POS and parse.tag.case == "nomn":
            return parse
    return None


def _same_case(original: str, new: str) -> str:
    if "ё" not in original.lower():  # pymorphy3 writes «казённого» for «казенное»
        new = new.replace("ё", "е")
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def genitive(name: str, override: str | None = None) -> str:
    """``name`` (an issuer in the nominative) in the genitive; ``override`` when given. A
    name whose head pymorphy3 cannot read is returned unchanged rather than guessed at."""
    if override and override.strip():
        return " ".join(override.split())
    name = " ".join(name.split())
    words = list(_WORD_RE.finditer(name[:2000]))
    adjectives: list[re.Match[str]] = []
    for match in words[:_HEAD_WORDS]:
        word = match.group()
        noun = _nominative(word, "NOUN")
        adjective = _nominative(word, "ADJF")
        # «Лесное» in «поселение Лесное» never comes here: the head noun ends the search.
        if noun is not None and (adjective is None or noun.score >= adjective.score):
            return _inflect(name, adjectives, match, noun)
        if adjective is None:
            return name
        adjectives.append(match)
    return name


def _inflect(name: str, adjectives: list[re.Match[str]], head: re.Match[str], noun: Any) -> str:
    number = noun.tag.number or "sing"
    changed = noun.inflect({"gent", number})
    if changed is None:
        return name
    pieces: list[tuple[re.Match[str], str]] = []
    gender = noun.tag.gender
    for match in adjectives:
        parse = _nominative(match.group(), "ADJF")
        grammemes = {"gent", number} | ({gender} if number == "sing" and gender else set())
        form = parse.inflect(grammemes) if parse is not None else None
        if form is None:
            return name
        pieces.append((match, form.word))
    pieces.append((head, changed.word))
    out = []
    last = 0
    for match, word in pieces:
        out.append(name[last : match.start()])
        out.append(_same_case(match.group(), word))
        last = match.end()
    out.append(name[last:])
    result = "".join(out)
    first = (adjectives[0] if adjectives else head).group().lower()
    if not adjectives and first in _LOWER_HEADS and not head.group().isupper():
        result = result[:1].lower() + result[1:]
    return result
