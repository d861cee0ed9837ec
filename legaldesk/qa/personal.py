"""What looks like personal data left in a text a librarian is about to publish: names of
people, phone numbers, e-mail addresses, street addresses, СНИЛС and passport numbers.

A check, not a filter: it warns, listing each finding, and the librarian decides (a
finding may be a street named in a decree, or the name of the head of an administration).
It is tuned to miss little in residents' questions while staying quiet on the language of
acts — «Администрация Лесного сельского поселения», «Постановление Правительства
Российской Федерации от 14.12.2005 № 761», act numbers and dates:

- a **name** is a known first name (in any case: «Марии», «Ивану») next to a patronymic or
  another capitalised word («Мария Ивановна», «Анна Петрова», «Петрова Анна» when the word
  before reads as a surname), or a capitalised word with initials («Иванов И.И.», «И. И.
  Иванова»; not «имени А.С. Пушкина»);
- a **phone** is a Russian number of eleven digits from +7 or 8, a local one written in
  groups («64-12-34»), or digits after «тел.»;
- an **address** is a street word with a name and a house («ул. Ленина, д. 5», «пр-т
  Мира, 12-4») or a flat («кв. 12»; not «1 кв. 2025 года», a quarter);
- **СНИЛС** «123-456-789 01»; a **passport** «45 06 123456» or a series and number after
  «паспорт».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

KINDS = ("name", "phone", "email", "address", "snils", "passport")


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    text: str  # as it stands in the text
    start: int
    end: int


# -- names -------------------------------------------------------------------------------

_MALE = """
Александр Алексей Анатолий Андрей Антон Аркадий Арсений Артём Артур Богдан Борис Вадим
Валентин Валерий Василий Вениамин Виктор Виталий Владимир Владислав Всеволод Вячеслав
Гавриил Геннадий Георгий Герман Глеб Григорий Даниил Данила Денис Дмитрий Евгений Егор
Елисей Ефим Захар Иван Игорь Илья Иосиф Кирилл Константин Лев Леонид Максим Марк Матвей
Мирон Михаил Назар Никита Николай Олег Павел Пётр Платон Прохор Ринат Роман Руслан Рустам
Савелий Семён Сергей Станислав Степан Тарас Тимофей Тимур Фёдор Филипп Эдуард Эльдар Юрий
Яков Ян Ярослав
"""
_FEMALE = """
Александра Алёна Алина Алиса Алла Анастасия Ангелина Анна Антонина Арина Валентина Валерия
Варвара Василиса Вера Вероника Виктория Галина Дарья Диана Ева Евгения Екатерина Елена
Елизавета Жанна Зинаида Злата Зоя Инна Ирина Карина Кира Клавдия Кристина Ксения Лариса
Лидия Лилия Любовь Людмила Майя Маргарита Марина Мария Милана Надежда Наталия Наталья Нина
Оксана Ольга Полина Раиса Регина Римма Светлана Снежана Софья София Таисия Тамара Татьяна
Ульяна Эвелина Эльвира Юлия Яна
"""
# First names whose other cases lose a vowel.
_STEMS = {"Павел": "Павл", "Лев": "Льв", "Пётр": "Петр"}


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _forms(name: str) -> set[str]:
    """The name in the cases it takes in a sentence (a superset does no harm: a form is
    a name only next to another part of a name)."""
    base = _fold(name)
    forms = {base}
    if name in _STEMS:
        stem = _fold(_STEMS[name])
        return forms | {stem + end for end in ("а", "у", "ом", "е")}
    if base.endswith(("ия", "ья")):
        stem = base[:-1]
        return forms | {stem + end for end in ("и", "ю", "ей", "е")}
    if base.endswith(("а", "я")):
        stem = base[:-1]
        return forms | {stem + end for end in ("ы", "и", "е", "у", "ю", "ой", "ей", "ою")}
    if base.endswith("овь"):  # Любовь: Любови, Любовью
        return forms | {base[:-2] + "ви", base[:-2] + "вью"}
    if base.endswith("й"):
        stem = base[:-1]
        return forms | {stem + end for end in ("я", "ю", "ем", "е", "и")}
    return forms | {base + end for end in ("а", "у", "ом", "е")}


@cache
def first_names() -> frozenset[str]:
    return frozenset(f for name in (_MALE + _FEMALE).split() for f in _forms(name))


_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?")
_CAPITAL = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
_PATRONYMIC = re.compile(
    r"^[А-ЯЁ][а-яё]+(?:ович|евич|ич)(?:а|у|ем|е)?$|^[А-ЯЁ][а-яё]+(?:овн|евн|ичн)(?:а|ы|е|у|ой)$"
)
_SURNAME = re.compile(
    r"^[А-ЯЁ][а-яё]+(?:"
    r"(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ом|е|ой|ых)?"
    r"|(?:ск|цк)(?:ий|ая|ого|ой|ому|им|ую|ом)"
    r"|енко|ко|ук|юк|ян|дзе|швили|их|ых"
    r")$"
)
# Capitalised words of acts that a first name may stand before without being a person's.
_NOT_PEOPLE = re.compile(
    r"^(?:Администрац|Управлени|Совет|Дум|Собрани|Правительств|Кодекс|Закон|Устав|"
    r"Постановлени|Решени|Распоряжени|Положени|Порядок|Порядк|Правил|Российск|Федераци|"
    r"Област|Район|Город|Поселени|Министерств|Комитет|Отдел|Центр|Библиотек)"
)
_INITIALS = r"[А-ЯЁ]\.\s?[А-ЯЁ]\."
_SURNAME_INITIALS = re.compile(rf"(?<![А-ЯЁа-яё])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s+{_INITIALS}")
_INITIALS_SURNAME = re.compile(rf"(?<![А-ЯЁа-яё.]){_INITIALS}\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")
_HONORIFIC = re.compile(r"(?:имени|им\.)\s*$", re.IGNORECASE)


def _names(text: str) -> list[Finding]:
    out: list[Finding] = []
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    names = first_names()

    def next_to(i: int, j: int) -> bool:  # only spaces between words i and j (j = i + 1)
        return 0 <= i < j < len(words) and text[words[i][2] : words[j][1]].strip() == ""

    i = 0
    while i < len(words):
        word = words[i][0]
        if not _CAPITAL.match(word) or _fold(word) not in names:
            i += 1
            continue
        first, last = i, i
        if next_to(i, i + 1) and _PATRONYMIC.match(words[i + 1][0]):
            last = i + 1
            if next_to(i + 1, i + 2) and _CAPITAL.match(words[i + 2][0]):
                last = i + 2
        elif (
            next_to(i, i + 1)
            and _CAPITAL.match(words[i + 1][0])
            and not _NOT_PEOPLE.match(words[i + 1][0])
        ):
            last = i + 1
        if next_to(i - 1, i) and _SURNAME.match(words[i - 1][0]):
            first = i - 1
        if first == last:
            i += 1
            continue
        out.append(
            Finding("name", text[words[first][1] : words[last][2]], words[first][1], words[last][2])
        )
        i = last + 1
    for pattern in (_SURNAME_INITIALS, _INITIALS_SURNAME):
        for m in pattern.finditer(text):
            if _HONORIFIC.search(text[max(0, m.start() - 8) : m.start()]):
                continue  # «библиотека имени А.С. Пушкина» names no resident
            if pattern is _SURNAME_INITIALS and _NOT_PEOPLE.match(m.group(1)):
                continue
            out.append(Finding("name", m.group(0), m.start(), m.end()))
    return out


# -- numbers, addresses, e-mail ----------------------------------------------------------

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_PHONE_START = re.compile(r"(?:\+\s?7|(?<![\d.,/\-])8)(?=[\s\-(]*\d)")
_PHONE_LOCAL = re.compile(r"(?<![\d.\-/])\d{1,3}-\d{2}-\d{2}(?![\d\-])")
_PHONE_SAID = re.compile(r"(?:\bтел\.?|\bтелефон\w*)\s*:?\s*(\+?[\d()\-\s]{5,20}\d)", re.IGNORECASE)
_SNILS = re.compile(
    r"(?<!\d)\d{3}-\d{3}-\d{3}[\s\-]\d{2}(?!\d)|СНИЛС\s*:?\s*№?\s*\d[\d\s\-]{9,13}\d"
)
_PASSPORT = re.compile(
    r"(?<![\d.])\d{2}\s\d{2}\s(?:№\s?)?\d{6}(?!\d)"
    r"|паспорт\w*[^\d\n]{0,40}\d{2}\s?\d{2}\s?(?:№\s?)?\d{6}"
    r"|серия\s+\d{2}\s?\d{2}\s+(?:№|номер)\s*\d{6}",
    re.IGNORECASE,
)
_STREET = (
    r"(?:ул\.|улиц[аеуы]|пр-т|пр-кт|просп\.|проспект\w*|пер\.|переул\w*|б-р|бульвар\w*|"
    r"ш\.|шоссе|пл\.|площад[ьи]|наб\.|набережн\w*|мкр\.?|микрорайон\w*|проезд\w*|пр-д|тупик\w*)"
)
_ADDRESS = re.compile(
    rf"(?<![А-ЯЁа-яё])(?i:{_STREET})\s*[А-ЯЁ0-9][\w\-. ]{{0,40}}?"
    r"(?:,\s*(?:д\.|дом)?\s*№?\s*\d+[а-я]?(?:\s*[-/]\s*\d+)?|\s+(?:д\.|дом)\s*№?\s*\d+[а-я]?"
    r"|\s+\d{1,3}[а-я]?(?:\s*[-/]\s*\d{1,4})?(?![\d.]))"
    r"(?:\s*,?\s*(?:корп\.|корпус|к\.|стр\.|строение)\s*\d+)?"
    r"(?:\s*,?\s*(?:кв\.|квартира)\s*\d+)?",
)
_FLAT = re.compile(r"(?<![А-ЯЁа-яё])(?:кв\.|квартир[аеуы])\s*№?\s*(\d{1,4})(?!\d)", re.IGNORECASE)
_QUARTER = re.compile(r"(?:\b\d|\b[IV]{1,3})\s*$")


def _phones(text: str) -> list[Finding]:
    out = []
    for m in _PHONE_START.finditer(text):
        digits, end = (1, m.end())
        for position in range(m.end(), min(len(text), m.end() + 24)):
            char = text[position]
            if char.isdigit():
                digits += 1
                end = position + 1
                if digits == 11:
                    break
            elif char not in " -()\u00a0":
                break
        if digits == 11 and not (end < len(text) and text[end].isdigit()):
            out.append(Finding("phone", text[m.start() : end], m.start(), end))
    out += [Finding("phone", m.group(0), m.start(), m.end()) for m in _PHONE_LOCAL.finditer(text)]
    for m in _PHONE_SAID.finditer(text):
        if sum(c.isdigit() for c in m.group(1)) >= 5:
            out.append(Finding("phone", m.group(1).strip(), m.start(1), m.end(1)))
    return out


def _flats(text: str) -> list[Finding]:
    out = []
    for m in _FLAT.finditer(text):
        number = int(m.group(1))
        if _QUARTER.search(text[max(0, m.start() - 6) : m.start()]) or 1900 <= number <= 2100:
            continue  # «за 1 кв. 2025 года»: a quarter, not a flat
        out.append(Finding("address", m.group(0), m.start(), m.end()))
    return out


def findings(text: str) -> list[Finding]:
    """Everything in ``text`` that looks like personal data, in the order it stands; where
    two findings overlap the longer is kept."""
    found: list[Finding] = []
    found += [Finding("email", m.group(0), m.start(), m.end()) for m in _EMAIL.finditer(text)]
    found += [Finding("snils", m.group(0), m.start(), m.end()) for m in _SNILS.finditer(text)]
    found += [Finding("passport", m.group(0), m.start(), m.end()) for m in _PASSPORT.finditer(text)]
    found += _phones(text)
    found += [Finding("address", m.group(0), m.start(), m.end()) for m in _ADDRESS.finditer(text)]
    found += _flats(text)
    found += _names(text)
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and finding.start < kept[-1].end:
            continue  # inside (or across) one already kept, which is at least as long
        kept.append(finding)
    return kept
