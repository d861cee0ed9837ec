"""Well-known federal acts by short name: codes (cited by name, rarely by number) and the
federal laws municipal acts cite most. Each entry is a public fact, checked against the
act's official requisites; an act whose number or date was not certain is left out.

Codes issued in several parts under different numbers (the Civil and the Tax code) carry
no number or date: a mention names the code, not one of its parts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from legaldesk.actnumber import normalize_number
from legaldesk.vocabulary import DocType


@dataclass(frozen=True)
class KnownAct:
    doc_type: str
    number: str | None
    date: dt.date | None
    title: str
    known_as: str
    name_re: str | None = None  # how text names it without a number (codes), lower case


_D = dt.date

CODES: tuple[KnownAct, ...] = (
    KnownAct(
        DocType.KODEKS,
        "145-ФЗ",
        _D(1998, 7, 31),
        "Бюджетный кодекс Российской Федерации",
        "БК РФ",
        r"бюджетн\w*\s+кодекс\w*|бк\s+рф",
    ),
    KnownAct(
        DocType.KODEKS,
        "190-ФЗ",
        _D(2004, 12, 29),
        "Градостроительный кодекс Российской Федерации",
        "ГрК РФ",
        r"градостроительн\w*\s+кодекс\w*|грк\s+рф",
    ),
    KnownAct(
        DocType.KODEKS,
        "136-ФЗ",
        _D(2001, 10, 25),
        "Земельный кодекс Российской Федерации",
        "ЗК РФ",
        r"земельн\w*\s+кодекс\w*|зк\s+рф",
    ),
    KnownAct(
        DocType.KODEKS,
        "188-ФЗ",
        _D(2004, 12, 29),
        "Жилищный кодекс Российской Федерации",
        "ЖК РФ",
        r"жилищн\w*\s+кодекс\w*|жк\s+рф",
    ),
    KnownAct(
        DocType.KODEKS,
        "195-ФЗ",
        _D(2001, 12, 30),
        "Кодекс Российской Федерации об административных правонарушениях",
        "КоАП РФ",
        r"кодекс\w*\s+(?:российской\s+федерации\s+|рф\s+)?об\s+административных\s+"
        r"правонарушениях|коап\s+рф",
    ),
    KnownAct(
        DocType.KODEKS,
        "200-ФЗ",
        _D(2006, 12, 4),
        "Лесной кодекс Российской Федерации",
        "ЛК РФ",
        r"лесн\w*\s+кодекс\w*",
    ),
    KnownAct(
        DocType.KODEKS,
        "74-ФЗ",
        _D(2006, 6, 3),
        "Водный кодекс Российской Федерации",
        "ВК РФ",
        r"водн\w*\s+кодекс\w*",
    ),
    KnownAct(
        DocType.KODEKS,
        "197-ФЗ",
        _D(2001, 12, 30),
        "Трудовой кодекс Российской Федерации",
        "ТК РФ",
        r"трудов\w*\s+кодекс\w*|тк\s+рф",
    ),
    KnownAct(
        DocType.KODEKS,
        "223-ФЗ",
        _D(1995, 12, 29),
        "Семейный кодекс Российской Федерации",
        "СК РФ",
        r"семейн\w*\s+кодекс\w*",
    ),
    KnownAct(
        DocType.KODEKS,
        "63-ФЗ",
        _D(1996, 6, 13),
        "Уголовный кодекс Российской Федерации",
        "УК РФ",
        r"уголовн\w*\s+кодекс\w*|ук\s+рф",
    ),
    KnownAct(
        DocType.KODEKS,
        None,
        None,
        "Гражданский кодекс Российской Федерации",
        "ГК РФ",
        r"гражданск\w*\s+кодекс\w*|гк\s+рф",
    ),
    KnownAct(
        DocType.KODEKS,
        None,
        None,
        "Налоговый кодекс Российской Федерации",
        "НК РФ",
        r"налогов\w*\s+кодекс\w*|нк\s+рф",
    ),
)

# Federal laws by number; a number shared by two laws (273-ФЗ, 69-ФЗ) is not looked up
# by number alone, only with its date or title.
LAWS: tuple[KnownAct, ...] = tuple(
    KnownAct(DocType.FEDERALNYI_ZAKON, number, date, title, number)
    for number, date, title in (
        (
            "131-ФЗ",
            _D(2003, 10, 6),
            "Об общих принципах организации местного самоуправления в Российской Федерации",
        ),
        (
            "44-ФЗ",
            _D(2013, 4, 5),
            "О контрактной системе в сфере закупок товаров, работ, услуг для обеспечения "
            "государственных и муниципальных нужд",
        ),
        ("59-ФЗ", _D(2006, 5, 2), "О порядке рассмотрения обращений граждан Российской Федерации"),
        (
            "210-ФЗ",
            _D(2010, 7, 27),
            "Об организации предоставления государственных и муниципальных услуг",
        ),
        ("8-ФЗ", _D(1996, 1, 12), "О погребении и похоронном деле"),
        (
            "189-ФЗ",
            _D(2004, 12, 29),
            "О введении в действие Жилищного кодекса Российской Федерации",
        ),
        (
            "191-ФЗ",
            _D(2004, 12, 29),
            "О введении в действие Градостроительного кодекса Российской Федерации",
        ),
        ("172-ФЗ", _D(2014, 6, 28), "О стратегическом планировании в Российской Федерации"),
        ("273-ФЗ", _D(2012, 12, 29), "Об образовании в Российской Федерации"),
        ("273-ФЗ", _D(2008, 12, 25), "О противодействии коррупции"),
        (
            "257-ФЗ",
            _D(2007, 11, 8),
            "Об автомобильных дорогах и о дорожной деятельности в Российской Федерации и о "
            "внесении изменений в отдельные законодательные акты Российской Федерации",
        ),
        ("25-ФЗ", _D(2007, 3, 2), "О муниципальной службе в Российской Федерации"),
        ("152-ФЗ", _D(2006, 7, 27), "О персональных данных"),
        ("329-ФЗ", _D(2007, 12, 4), "О физической культуре и спорте в Российской Федерации"),
        ("135-ФЗ", _D(2006, 7, 26), "О защите конкуренции"),
        ("178-ФЗ", _D(2001, 12, 21), "О приватизации государственного и муниципального имущества"),
        ("116-ФЗ", _D(2005, 7, 22), "Об особых экономических зонах в Российской Федерации"),
        ("3-ФЗ", _D(1998, 1, 8), "О наркотических средствах и психотропных веществах"),
        ("196-ФЗ", _D(1995, 12, 10), "О безопасности дорожного движения"),
        ("38-ФЗ", _D(2006, 3, 13), "О рекламе"),
        ("35-ФЗ", _D(2006, 3, 6), "О противодействии терроризму"),
        ("114-ФЗ", _D(2002, 7, 25), "О противодействии экстремистской деятельности"),
        ("7-ФЗ", _D(2002, 1, 10), "Об охране окружающей среды"),
        (
            "261-ФЗ",
            _D(2009, 11, 23),
            "Об энергосбережении и о повышении энергетической эффективности и о внесении "
            "изменений в отдельные законодательные акты Российской Федерации",
        ),
        (
            "33-ФЗ",
            _D(2025, 3, 20),
            "Об общих принципах организации местного самоуправления в единой системе публичной "
            "власти",
        ),
    )
)


def _key(title: str) -> str:
    """Letters and digits only, lower case, ё→е, at most 40: quotes and spacing do not count."""
    return re.sub(r"[^0-9а-яa-z]", "", title.lower().replace("ё", "е"))[:40]


_BY_NUMBER: dict[str, list[KnownAct]] = {}
_BY_TITLE: dict[str, KnownAct] = {}
for _act in (*CODES, *LAWS):
    if _act.number:
        _BY_NUMBER.setdefault(normalize_number(_act.number), []).append(_act)
    _BY_TITLE[_key(_act.title)] = _act

_CODE_PATTERN = (
    r"(?<![а-яёa-z])(?:"
    + "|".join(f"(?P<k{i}>{act.name_re})" for i, act in enumerate(CODES) if act.name_re)
    + r")(?:\s+(?:российской\s+федерации|рф)(?![а-яё]))?"
)
CODE_NAMES_RE = re.compile(_CODE_PATTERN, re.IGNORECASE)
CODE_NAMES_LOWER_RE = re.compile(r"(?=[бгзжклвтсун])" + _CODE_PATTERN)  # on lower-cased text


def code_of_match(m: re.Match[str]) -> KnownAct:
    for name, value in m.groupdict().items():
        if value is not None:
            return CODES[int(name[1:])]
    raise ValueError("no code group matched")  # unreachable: one alternative always matches


def by_number(number: str, date: dt.date | None, title: str | None) -> KnownAct | None:
    """The known law with this number, when the date (or, without it, the title) agrees or
    the number belongs to one known law only."""
    candidates = _BY_NUMBER.get(normalize_number(number), [])
    if date is not None:
        return next((act for act in candidates if act.date == date), None)
    if title:
        same = [act for act in candidates if _key(act.title) == _key(title)]
        if same:
            return same[0]
    return candidates[0] if len(candidates) == 1 else None


def by_title(title: str) -> KnownAct | None:
    return _BY_TITLE.get(_key(title))


def by_date(date: dt.date, digits: str) -> KnownAct | None:
    """A known law of this date whose number starts with these digits: the repair of an OCR'd
    suffix («№ 8-03» of 12.01.1996 is 8-ФЗ)."""
    for act in LAWS:
        if act.date == date and act.number and act.number.split("-")[0] == digits:
            return act
    return None


_BY_SHORT_NAME = {act.known_as.casefold(): act for act in (*CODES, *LAWS)}


def by_short_name(name: str) -> KnownAct | None:
    """The known act of this short name («НК РФ», «131-ФЗ»): its full title for a page."""
    return _BY_SHORT_NAME.get(name.casefold())
