"""Which kind of document a heading names, from the type word («ПОСТАНОВЛЕНИЕ», «Муниципальная
программа», «Пояснительная записка») or, failing that, from the operative verb
(«ПОСТАНОВЛЯЮ», «РЕШИЛ», «ПРИКАЗЫВАЮ»); and which kind of act a text cites («Приложение к
постановлению …», a listing's «Решение от …»). The type words are one table, ``TYPE_WORDS``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from legaldesk.vocabulary import DocType


@dataclass(frozen=True)
class TypeWord:
    """A Russian name of a kind of act, as patterns in matching form (lower case, ё→е): the
    one table of type words that headings, appendix headers and harvested listings read."""

    doc_type: DocType
    heading: str  # as it heads the act, in the nominative: «постановление», «областной закон»
    cited: str  # in any case, as other text names the act: «к постановлению», «Указом»
    approving: bool = False  # appendices and approved documents belong to acts of this kind


# A cited word that is the start of common other words ends with its own case endings: not
# «указанный», «законодательство», «письменный», «уставный капитал».
TYPE_WORDS: tuple[TypeWord, ...] = (
    TypeWord(
        DocType.FEDERALNYI_ZAKON,
        r"федеральный\s+(?:конституционный\s+)?закон",
        r"федеральн\w*\s+(?:конституционн\w*\s+)?закон",
        approving=True,
    ),
    TypeWord(DocType.POSTANOVLENIE, r"постановление", r"постановлени", approving=True),
    TypeWord(DocType.RASPORYAZHENIE, r"распоряжение", r"распоряжени", approving=True),
    TypeWord(DocType.RESHENIE, r"решение", r"решени", approving=True),
    TypeWord(DocType.PRIKAZ, r"приказ", r"приказ", approving=True),
    TypeWord(DocType.UKAZ, r"указ", r"указ(?:а|у|ом|е)?\b", approving=True),
    TypeWord(
        DocType.ZAKON,
        r"(?:областной\s+|краевой\s+)?закон",
        r"закон(?:а|у|ом|е|ы|ов|ам|ами|ах)?\b",
        approving=True,
    ),
    TypeWord(
        DocType.PISMO,
        r"(?:инструктивное\s+|информационное\s+)?письмо",
        r"письм(?:о|а|у|ом|е)\b",
    ),
    TypeWord(DocType.PROTOKOL, r"протокол", r"протокол(?:а|у|ом|е)?\b"),
    TypeWord(DocType.USTAV, r"устав", r"устав(?:а|у|ом|е)?\b"),
    TypeWord(DocType.POLOZHENIE, r"положение", r"положени"),
)


# Documents that are not acts but arrive with them: programmes, forecasts, notes.
_DOC_TYPES: tuple[tuple[str, str], ...] = (
    (
        r"(?:(?:муниципальная|государственная|ведомственная|районная|областная|комплексная|"
        r"долгосрочная|долго\s?срочная|среднесрочная|целевая|краевая|республиканская|городская|"
        r"межмуниципальная|межведомственная)\s+){0,3}(?:под)?программа",
        DocType.PROGRAMMA,
    ),
    (
        r"паспорт\s+(?:(?:муниципальной|государственной|ведомственной|целевой|комплексной|"
        r"районной)\s+){0,2}(?:под)?программы",
        DocType.PROGRAMMA,
    ),
    (r"паспорт", DocType.OTHER),
    (r"(?:бюджетный\s+)?прогноз", DocType.OTHER),
    (r"стратегия", DocType.OTHER),
    (r"пояснительная(?:\s+записка)?", DocType.OTHER),
    (r"показатели", DocType.OTHER),
    (r"изменения\s*,?\s+(?:которые\s+)?вносимые", DocType.OTHER),
    (r"доклад", DocType.OTHER),
    (r"перечень", DocType.OTHER),
    (r"план(?:\s+мероприятий)?", DocType.OTHER),
    (r"порядок", DocType.OTHER),
    (r"правила", DocType.OTHER),
    (r"регламент", DocType.OTHER),
    (r"административный\s+регламент", DocType.OTHER),
    (r"концепция", DocType.OTHER),
    (r"отчет", DocType.OTHER),
    (r"муниципальное\s+задание", DocType.OTHER),
    (r"антикоррупционная\s+политика", DocType.OTHER),
    (r"основные\s+направления", DocType.OTHER),
    (r"методика", DocType.OTHER),
    (r"информация", DocType.OTHER),
    (r"сведения", DocType.OTHER),
    (r"памятка", DocType.OTHER),
    (r"положение", DocType.POLOZHENIE),
    (r"устав", DocType.USTAV),
)

_ACT_ALT = "|".join(f"(?P<a{i}>{w.heading})" for i, w in enumerate(TYPE_WORDS))
_DOC_ALT = "|".join(f"(?P<d{i}>{p})" for i, (p, _c) in enumerate(_DOC_TYPES))

# A heading line that is only the type word, possibly followed by the issuer in the genitive
# («ПОСТАНОВЛЕНИЕ АДМИНИСТРАЦИИ …», «УКАЗ ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ») or by «№ …».
ACT_LINE_RE = re.compile(
    r"^[\s\"«*_.|-]*(?:" + _ACT_ALT + r")(?P<rest>(?:\s+.*)?)$",
)
DOC_LINE_RE = re.compile(
    r"^[\s\"«*_.|-]*(?:(?:\d{1,2}|[ivx]{1,4})\s?\.\s*){0,2}(?:"
    + _DOC_ALT
    + r")(?P<rest>(?:[\s«\"].*)?)$"
)

_GENITIVE_ISSUER_RE = re.compile(
    r"^\s*(?:администрации|правительства|главы|губернатора|президента|совета|думы|"
    r"собрания|министерства|комитета|управления|департамента|исполнительного|кабинета|"
    r"руководителя|мэра|мэрии|государственной|законодательного|муниципального|"
    r"городского|районного|сельского|представительного|территориальной|избирательной|"
    r"контрольно|председателя|начальника|директора|[а-яё-]+(?:ской|ского|ного|ной)\s+"
    r"(?:городской|районной|сельской|областной|краевой)?\s*(?:администрации|думы|совета))\b"
)

OPERATIVE_RE = re.compile(
    r"(?:^|[\s:,])(?P<verb>постановляю|постановляет|постановил[аи]?|решил[аи]?|решает|"
    r"приказываю|обязываю|предлагаю|распоряжаюсь)\s*[:.]?\s*$"
)
_OPERATIVE_TYPES = {
    "постановля": DocType.POSTANOVLENIE,
    "постановил": DocType.POSTANOVLENIE,
    "реш": DocType.RESHENIE,
    "приказыва": DocType.PRIKAZ,
}


def _code(m: re.Match[str], prefix: str, codes: Sequence[str]) -> str | None:
    for name, value in m.groupdict().items():
        if value is not None and name.startswith(prefix) and name[1:].isdigit():
            return codes[int(name[1:])]
    return None


def act_type_of_line(flat_line: str) -> tuple[str, int] | None:
    """(doc_type, offset of what follows the type word) when the line is an act's type
    heading: the type word alone, or followed by «№ …», «от …» or the issuer in the genitive
    («ПОСТАНОВЛЕНИЕ АДМИНИСТРАЦИИ …», «УКАЗ ПРЕЗИДЕНТА …»)."""
    m = ACT_LINE_RE.match(flat_line)
    if not m:
        return None
    rest = m.group("rest").strip()
    if rest and not _acceptable_rest(rest):
        return None
    code = _code(m, "a", [w.doc_type for w in TYPE_WORDS])
    return (code, m.start("rest")) if code else None


def _acceptable_rest(rest: str) -> bool:
    if rest.startswith(("№", "n ", "от ", "от_", "(")) or re.match(r"^[№n]?\s*_*\d", rest):
        return True
    if _GENITIVE_ISSUER_RE.match(rest):
        return True
    # «УКАЗ ПРЕЗИДЕНТА…», «ЗАКОН КОСТРОМСКОЙ ОБЛАСТИ», «ПОЛОЖЕНИЕ о …» are handled elsewhere
    if re.match(r"^[а-яё-]+(?:ской|ского|цкой|цкого)\s+(?:области|края|республики|округа)", rest):
        return True
    if re.match(r"^(?:республики|российской|рф\b|[а-яё]+ской\s+области|кабинета)", rest):
        return True
    return bool(re.match(r"^[а-яё]{2,}\s*$", rest) and rest in {"карар", "шуом", "шуöм"})


def doc_type_of_line(flat_line: str) -> str | None:
    """doc_type of a non-act heading («МУНИЦИПАЛЬНАЯ ПРОГРАММА …», «ПРОГНОЗ …»). A long line
    is prose that merely starts with such a word («Муниципальная программа … разработана»)."""
    if len(flat_line) > 250:
        return None
    m = DOC_LINE_RE.match(flat_line)
    if not m:
        return None
    return _code(m, "d", [code for _p, code in _DOC_TYPES])


def operative_type(flat_line: str) -> str | None:
    m = OPERATIVE_RE.search(flat_line)
    if not m:
        return None
    verb = m.group("verb")
    for stem, code in _OPERATIVE_TYPES.items():
        if verb.startswith(stem):
            return code
    return None


def _cited_re(words: Sequence[TypeWord], before: str = "", after: str = "") -> re.Pattern[str]:
    alternatives = "|".join(f"(?P<c{i}>{w.cited})" for i, w in enumerate(words))
    return re.compile(f"{before}(?:{alternatives}){after}", re.I)


# In a listing row or a link text, a type word starts a word: not «решени» in «разрешение».
_CITED_RE = _cited_re(TYPE_WORDS, r"(?<![а-яё])")
_APPROVING = [w for w in TYPE_WORDS if w.approving]
# In an appendix header letter-spaced words may run together («кпостановлению»): anywhere,
# and the whole word, as the issuer is read from what follows it.
_APPROVING_RE = _cited_re(_APPROVING, after=r"\w*")


def cited_type(text: str) -> str | None:
    """The kind of act the text names first, in any case («Постановление от …», «Решением
    Думы …»)."""
    m = _CITED_RE.search(text)
    return _code(m, "c", [w.doc_type for w in TYPE_WORDS]) if m else None


def leading_type(text: str) -> str | None:
    """The kind of act a text opens with («Постановление от …», «Решением Думы …»): the
    act's own type in a listing, unlike a type word further in, which its title cites."""
    m = _CITED_RE.match(text)
    return _code(m, "c", [w.doc_type for w in TYPE_WORDS]) if m else None


def cited_approving_act(flat_text: str) -> tuple[str, int] | None:
    """(doc_type, offset after its word) of the first act of a kind that approves documents
    («Приложение к постановлению …», «УТВЕРЖДЕНО решением …»)."""
    m = _APPROVING_RE.search(flat_text)
    if not m:
        return None
    code = _code(m, "c", [w.doc_type for w in _APPROVING])
    return (code, m.end()) if code else None
