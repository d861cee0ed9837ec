"""Issuing bodies: recognising an organ line, turning «администрации …» into «Администрация …»,
and the level (federal / regional / municipal) an issuer implies."""

from __future__ import annotations

import re

from legaldesk.vocabulary import DocType, Level

FEDERATION = "Российская Федерация"  # the issuer of federal laws

# Head nouns of issuing bodies, nominative → gender (m, f, n); matching is on lower case.
_ORGANS: dict[str, str] = {
    "администрация": "f",
    "правительство": "n",
    "глава": "m",
    "губернатор": "m",
    "президент": "m",
    "совет": "m",
    "дума": "f",
    "собрание": "n",
    "министерство": "n",
    "комитет": "m",
    "управление": "n",
    "департамент": "m",
    "кабинет": "m",
    "руководитель": "m",
    "мэр": "m",
    "мэрия": "f",
    "палата": "f",
    "комиссия": "f",
    "прокуратура": "f",
    "служба": "f",
    "агентство": "n",
    "инспекция": "f",
    "отдел": "m",
    "начальник": "m",
    "директор": "m",
    "председатель": "m",
    "суд": "m",
    "исполком": "m",
}
_GENITIVE: dict[str, str] = {
    "администрации": "администрация",
    "правительства": "правительство",
    "главы": "глава",
    "губернатора": "губернатор",
    "президента": "президент",
    "совета": "совет",
    "думы": "дума",
    "собрания": "собрание",
    "министерства": "министерство",
    "комитета": "комитет",
    "управления": "управление",
    "департамента": "департамент",
    "кабинета": "кабинет",
    "руководителя": "руководитель",
    "мэра": "мэр",
    "мэрии": "мэрия",
    "палаты": "палата",
    "комиссии": "комиссия",
    "прокуратуры": "прокуратура",
    "службы": "служба",
    "агентства": "агентство",
    "инспекции": "инспекция",
    "отдела": "отдел",
    "начальника": "начальник",
    "директора": "директор",
    "председателя": "председатель",
    "исполкома": "исполком",
}
# Adjectives with a stressed ending: «городского» → «городской», not «городский».
_STRESSED = ("городск", "краев", "окружн", "рабоч", "мирово", "земск")

_ORGAN_LINE_RE = re.compile(
    r"^(?:[а-яё-]+(?:ая|ый|ий|ое|ой)\s+){0,3}(?:" + "|".join(_ORGANS) + r")(?![а-яё])"
)
_GENITIVE_START_RE = re.compile(
    r"^(?:[а-яё-]+(?:ого|его|ой|ей)\s+){0,3}(" + "|".join(_GENITIVE) + r")(?![а-яё])"
)


def is_organ_line(flat_line: str) -> bool:
    """«Администрация …», «БРЯНСКАЯ ГОРОДСКАЯ АДМИНИСТРАЦИЯ», «Совет народных депутатов …»,
    «Исполнительный комитет …», «Глава …» (nominative)."""
    return bool(_ORGAN_LINE_RE.match(flat_line)) or bool(
        re.match(r"^(?:[а-яё-]+\s+){1,3}администрация(?![а-яё])", flat_line)
    )


def starts_genitive_organ(flat_line: str) -> bool:
    return bool(_GENITIVE_START_RE.match(flat_line))


def to_nominative(phrase: str) -> str:
    """«Администрации Рыбинского района» → «Администрация Рыбинского района»;
    «Исполнительного комитета …» → «Исполнительный комитет …»; «Брянской городской
    администрации» → «Брянская городская администрация». Only the head noun and the
    adjectives before it change; the genitive tail is already right."""
    words = phrase.split(" ")
    head = None
    for i, word in enumerate(words[:5]):
        if word.lower().strip('«»"') in _GENITIVE:
            head = i
            break
    if head is None:
        return phrase
    word = words[head]
    bare = word.strip('«»"')  # a quote glued on («администрации«…») stays where it was
    nominative = _GENITIVE[bare.lower()]
    gender = _ORGANS[nominative]
    words[head] = word.replace(bare, _same_case(bare, nominative), 1)
    for j in range(head):
        words[j] = _same_case(words[j], _adjective_nominative(words[j].lower(), gender))
    return " ".join(words)


def _adjective_nominative(adj: str, gender: str) -> str:
    if gender == "f":
        for old, new in (
            ("ской", "ская"),
            ("цкой", "цкая"),
            ("ной", "ная"),
            ("ей", "яя"),
            ("ой", "ая"),
        ):
            if adj.endswith(old):
                return adj[: -len(old)] + new
        return adj
    if gender == "n":
        for old, new in (("ого", "ое"), ("его", "ее")):
            if adj.endswith(old):
                return adj[: -len(old)] + new
        return adj
    if adj.endswith("его"):
        return adj[:-3] + "ий"
    if adj.endswith("ого"):
        stem = adj[:-3]
        if adj.startswith(_STRESSED):
            return stem + "ой"
        if stem.endswith(("к", "г", "х", "ж", "ш", "ч", "щ")):
            return stem + "ий"
        return stem + "ый"
    return adj


def _same_case(original: str, new: str) -> str:
    if original.isupper():
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


_FEDERAL_RE = re.compile(
    r"президент|правительств\w* (?:российской федерации|рф)|государственн\w+ дум|"
    r"федеральн\w+ собрани|совет\w* федерации|министерств\w* .*(?:российской федерации|рф)|"
    r"федеральн\w+ (?:служб|агентств)|кабинет\w* министров ссср|верховн\w+ суд"
)
_REGIONAL_RE = re.compile(
    r"област|кра[яйе]|республик|автономн|губернатор|законодательн|кабинет\w* министров|"
    r"санкт-петербург|москвы|севастопол"
)


def level_of(issuer: str | None, doc_type: str | None) -> str | None:
    """federal / regional / municipal when the issuer or type makes it clear."""
    if doc_type == DocType.FEDERALNYI_ZAKON:
        return Level.FEDERAL
    if not issuer:
        return Level.REGIONAL if doc_type == DocType.ZAKON else None
    text = issuer.lower().replace("ё", "е")
    if text == FEDERATION.lower():  # a law of the Federation («Закон РФ о защите прав …»)
        return Level.FEDERAL
    if _FEDERAL_RE.search(text) and not re.search(r"област|кра[яй]|республики (?!крым)", text):
        return Level.FEDERAL
    if doc_type == DocType.UKAZ and "президент" in text:
        return Level.FEDERAL
    if re.search(
        r"район|поселени|сельсовет|муниципальн|городск|город[а ]|\bмо\b|\bмр\b|"
        r"городского округа|совет\w* депутатов|исполнительн\w+ комитет",
        text,
    ):
        return Level.MUNICIPAL
    if _REGIONAL_RE.search(text):
        return Level.REGIONAL
    if doc_type == DocType.ZAKON:
        return Level.REGIONAL
    return None


# ------------------------------------------------------------------------------ laws
# A law's issuer is the Federation or one of its subjects, named by the law's heading
# («ЗАКОН БРЯНСКОЙ ОБЛАСТИ», «АЛТАЙСКИЙ КРАЙ / ЗАКОН»), not the assembly that passed it.

_SUBJECT_NOUNS = {
    "области": "область",
    "края": "край",
    "республики": "республика",
    "округа": "округ",
    "федерации": "федерация",
    "города": "город",
    "москвы": "москва",
    "санкт-петербурга": "санкт-петербург",
    "севастополя": "севастополь",
    "югры": "югра",
}
_SUBJECT_ADJECTIVES = (("ской", "ская"), ("цкой", "цкая"), ("ной", "ная"))
_SUBJECT_ADJECTIVES_M = (("ского", "ский"), ("цкого", "цкий"), ("ного", "ный"))
_ADJ = r"[а-я]+(?:-[а-я]+)?"
_SUBJECT_RES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:российская федерация|рф)$"), "federation"),
    (re.compile(r"^республика ([а-я][а-я ()–-]*[а-я)])$"), "republic"),
    (re.compile(rf"^({_ADJ}(?:ская|цкая)) республика$"), "adj_republic"),
    (re.compile(rf"^({_ADJ}(?:ская|цкая|ная))( автономная)? область$"), "oblast"),
    (re.compile(rf"^({_ADJ}(?:ский|цкий)) край$"), "krai"),
    (re.compile(rf"^({_ADJ}(?:ский|цкий)) автономный округ(?: – (югра))?$"), "okrug"),
    (
        re.compile(r"^(?:город (?:федерального значения )?)?(москва|санкт-петербург|севастополь)$"),
        "city",
    ),
)


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def federation_subject(phrase: str) -> str | None:
    """The subject of the Federation a phrase names, in the nominative and its official
    spelling, from either case: «БРЯНСКОЙ ОБЛАСТИ» and «Брянская область» → «Брянская
    область», «Республики Саха (Якутия)» → «Республика Саха (Якутия)», «Ханты-Мансийского
    автономного округа - Югры» → «Ханты-Мансийский автономный округ – Югра», «РФ» →
    «Российская Федерация». None for anything else."""
    text = phrase.lower().replace("ё", "е").strip(" ,.;:")
    text = re.sub(r"\s*[-–—]\s+|\s+[-–—]\s*", " – ", " ".join(text.split()))
    words = []
    for word in text.split(" "):
        if word in _SUBJECT_NOUNS:
            word = _SUBJECT_NOUNS[word]
        else:
            for old, new in (*_SUBJECT_ADJECTIVES_M, *_SUBJECT_ADJECTIVES):
                if word.endswith(old) and len(word) > len(old) + 2:
                    word = word[: -len(old)] + new
                    break
        words.append(word)
    text = " ".join(words)
    for pattern, kind in _SUBJECT_RES:
        m = pattern.match(text)
        if m is None:
            continue
        if kind == "federation":
            return FEDERATION
        if kind == "republic":
            name = " ".join(_title(w) if w != "–" else w for w in m.group(1).split(" "))
            return "Республика " + re.sub(r"\((\w)", lambda p: "(" + p.group(1).upper(), name)
        if kind == "adj_republic":
            return _title(m.group(1)) + " Республика"
        if kind == "oblast":
            return _title(m.group(1)) + (m.group(2) or "") + " область"
        if kind == "krai":
            return _title(m.group(1)) + " край"
        if kind == "okrug":
            return _title(m.group(1)) + " автономный округ" + (" – Югра" if m.group(2) else "")
        return _title(m.group(1))
    return None


def subject_in(name: str) -> str | None:
    """The subject of the Federation a body's name is or ends with: «Законодательное
    Собрание Волжского края» → «Волжский край»."""
    words = name.split()
    for size in (4, 3, 2, 1):
        if len(words) >= size:
            found = federation_subject(" ".join(words[-size:]))
            if found is not None:
                return found
    return None


def law_issuer(doc_type: str | None, after_type: str, lines_above: list[str]) -> str | None:
    """The issuer of a law: the Federation for a federal law; for a law, the subject its
    heading names after the type word («ЗАКОН БРЯНСКОЙ ОБЛАСТИ»), else on a line above
    («АЛТАЙСКИЙ КРАЙ / ЗАКОН»), a subject before «РОССИЙСКАЯ ФЕДЕРАЦИЯ» (which heads
    regional laws too, and alone heads a law of the Federation: «Закон РФ о защите прав
    потребителей»). None when the text does not say."""
    if doc_type == DocType.FEDERALNYI_ZAKON:
        return FEDERATION
    if doc_type != DocType.ZAKON:
        return None
    # «Закон Брянской области от 10.11.2015 № 5-З»: the subject ends where the date begins
    after_type = re.split(r"\s(?:от|№|n)(?:\s|$)|\d", after_type.lower(), maxsplit=1)[0]
    named = federation_subject(after_type) if after_type.strip() else None
    if named is not None:
        return named
    above = [found for line in lines_above if (found := federation_subject(line)) is not None]
    regional = [found for found in above if found != FEDERATION]
    return regional[-1] if regional else (above[-1] if above else None)
