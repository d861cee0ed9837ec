"""Files that carry no legal act: recognised after the act parser has read the heading, so
that they wait in review with a reason (``not_an_act{why}``) instead of being published.

What counts as an act (docs/acts-or-not.md): a legal act of a public body, a document one
adopts or approves (a programme, forecast, strategy, regulation, list), or part of one (a
page, an appendix, a fragment without its heading: those wait in review as «parser
unsure», they are acts). What does not, and how each is told:

* ``no_text`` — an image or a scan with no text to speak of once read (a photo, a blank
  page): fewer than ``MIN_LETTERS`` Cyrillic letters. A scan not read yet (OCR off) is
  left to ``needs_ocr``: nothing is known about it.
* ``boilerplate`` — only a legal database's notes («Документ предоставлен КонсультантПлюс»,
  «Дата сохранения», «Список изменяющих документов»…), nothing of the act's own text.
* ``table`` — a table or list exported as text (a TSV manifest of files, a spreadsheet):
  most lines are rows of cells (tabs, or ``|`` as the readers write table cells), and no
  act heading. An act's own tables sit under its heading and stay acts.
* ``personnel`` — a personnel order (приказ по личному составу: hiring, dismissal, leave,
  appointment of a named person…) when the centre holds them (``LEGALDESK_PERSONNEL_ORDERS``,
  default ``hold``). Told by its title; «о назначении публичных слушаний» is no such order.
* ``institution`` — an institution's own document: the charter of a school or an
  enterprise (not of a municipality), a local act its director approves («УТВЕРЖДАЮ
  Директор», «Приложение к приказу МБУ …»).
* ``leaflet`` — a leaflet, memo or notice for the public: no act heading, and a memo's
  name on top («Памятка», «Служебная записка», «Объявление»), an exclamation for a
  heading («Мы против коррупции…!»), or prose that addresses the reader («вы», «вам»).

Each rule asks for positive evidence; a file that shows none of it is an act. The rules
are measured on the real corpus with a held-out part (bench/acts_or_not.py).
"""

from __future__ import annotations

import re

from legaldesk.pipeline.metadata import ActMetadata
from legaldesk.vocabulary import DocType, TextMethod

NO_TEXT = "no_text"
BOILERPLATE = "boilerplate"
TABLE = "table"
PERSONNEL = "personnel"
INSTITUTION = "institution"
LEAFLET = "leaflet"
KINDS = (NO_TEXT, BOILERPLATE, TABLE, PERSONNEL, INSTITUTION, LEAFLET)

MIN_LETTERS = 80  # an act's heading alone has more: type, date, number, title
HEAD_LINES = 15  # the lines a heading is read from (non-empty)
TABLE_SHARE = 0.6  # of the non-empty lines being rows of cells
TABLE_MIN_ROWS = 8
SECOND_PERSON_PER_1000 = 2.0  # «вы», «вам», «ваш…» per thousand words in a leaflet
SECOND_PERSON_MIN = 8
SAMPLE_CHARS = 60_000  # what is read: the features settle long before

# Kinds of act whose heading is evidence of an act (named documents — programmes,
# forecasts, memos — are not: the parser types a «Памятка» too).
_ACT_TYPES = frozenset(
    {
        DocType.POSTANOVLENIE,
        DocType.RASPORYAZHENIE,
        DocType.RESHENIE,
        DocType.PRIKAZ,
        DocType.UKAZ,
        DocType.ZAKON,
        DocType.FEDERALNYI_ZAKON,
        DocType.PISMO,
        DocType.PROTOKOL,
    }
)

_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_BOILERPLATE = re.compile(
    r"консультантплюс|consultant\.ru|документ\s+предоставлен|дата\s+сохранения|"
    r"гарант|garant\.ru|docs\.cntd\.ru|кодекс|список\s+изменяющих\s+документов|"
    r"надежная\s+правовая\s+поддержка|^\s*\((?:в\s+ред|с\s+изм)",
    re.I,
)
_ROW = re.compile(r"\t[^\t]*\t|\|[^|]*\|")  # two cell separators on a line

_PERSONNEL = re.compile(
    r"\b(?:"
    r"о\s+при[её]ме\s+(?:\S+\s+){0,3}на\s+(?:работу|должность|муниципальную\s+службу|службу)|"
    r"об?\s+увольнении|"
    r"о\s+предоставлении\s+(?:\S+\s+){0,4}отпуска|"
    r"об?\s+отпуске|"
    r"о\s+назначении\s+(?:\S+\s+){0,4}на\s+должность|"
    r"об?\s+освобождении\s+(?:\S+\s+){0,3}от\s+(?:занимаемой\s+)?должности|"
    r"о\s+переводе\s+(?:\S+\s+){0,3}на\s+(?:другую\s+)?(?:работу|должность)|"
    r"о\s+(?:наложении|применении|снятии)\s+дисциплинарного\s+взыскания|"
    r"о\s+направлении\s+(?:\S+\s+){0,3}в\s+(?:служебную\s+)?командировку|"
    r"о\s+командировании|"
    r"о\s+(?:возложении|временном\s+исполнении)\s+(?:\S+\s+){0,2}обязанностей|"
    r"о\s+совмещении\s+должностей|"
    r"по\s+личному\s+составу"
    r")",
    re.I,
)
# «Устав муниципального бюджетного учреждения …», not «Устав муниципального образования».
_INSTITUTION_CHARTER = re.compile(
    r"^\s*устав\s+(?:[а-яё-]+(?:ого|его|ой|ей)\s+){0,5}"
    r"(?:учреждения|предприятия|общества|организации|товарищества|кооператива|"
    r"партнерства|фонда|школы|библиотеки|музея|больницы)\b",
    re.I,
)
_INSTITUTION_FORMS = (
    r"(?:МУ|МБУ|МКУ|МАУ|МУП|МБОУ|МАОУ|МКОУ|МБДОУ|МАДОУ|МКДОУ|МБУДО|МАУДО|МКУДО|МБУК|МКУК|"
    r"ГУ|ГБУ|ГКУ|ГАУ|ГУП|ГБОУ|ГАОУ|ГБУЗ|ОГБУ|ОГКУ|ФГБУ|ФГБОУ|ООО|ОАО|ЗАО|ПАО|АО|АНО)"
)
_INSTITUTION_APPROVAL = re.compile(
    r"утверждаю\W{0,5}(?:\w+\s+){0,2}(?:директор(?!\w*\s+департамента)|заведующ\w*|ректор|"
    r"главн\w+\s+врач)|"
    r"(?:к\s+)?приказ(?:у|ом)\s+(?:директора\s+)?" + _INSTITUTION_FORMS + r"\b",
    re.I,
)
_MEMO = re.compile(
    r"^\W*(?:памятка|служебная\s+записка|докладная\s+записка|объяснительная\s+записка|"
    r"буклет|листовка|объявление|пресс-релиз|информационный\s+листок|уважаем\w+\b)",
    re.I,
)
_WORD = re.compile(r"[а-яёa-z]+", re.I)
_SECOND_PERSON = re.compile(r"^(?:вы|вас|вам|вами|ваш|ваша|ваше|ваши|вашего|вашей|вашим|ваших)$")


def not_an_act(
    text: str, meta: ActMetadata, method: str, hold_personnel: bool = True
) -> str | None:
    """Why the file is not an act (one of ``KINDS``), or None when it is one or nothing
    says otherwise."""
    if method == TextMethod.NEEDS_OCR:
        return None
    sample = text[:SAMPLE_CHARS]
    lines = [line.strip() for line in sample.splitlines() if line.strip()]
    own = [line for line in lines if not _BOILERPLATE.search(line)]
    if _letters("\n".join(own)) < MIN_LETTERS:
        return BOILERPLATE if len(own) < len(lines) else NO_TEXT
    heading = _act_heading(meta)
    if not heading and _tabular(lines):
        return TABLE
    if hold_personnel and _personnel(meta, own):
        return PERSONNEL
    if _institution(meta, own):
        return INSTITUTION
    if not heading and _leaflet(own, sample):
        return LEAFLET
    return None


def _letters(text: str) -> int:
    return len(_CYRILLIC.findall(text))


def _act_heading(meta: ActMetadata) -> bool:
    """The parser found what only an act, or a document an act approves, carries."""
    return bool(
        meta.doc_type in _ACT_TYPES
        or meta.is_appendix
        or meta.parent is not None
        or (meta.date_adopted and meta.number)
    )


def _tabular(lines: list[str]) -> bool:
    rows = sum(1 for line in lines[:500] if _ROW.search(line))
    return rows >= TABLE_MIN_ROWS and rows >= TABLE_SHARE * min(len(lines), 500)


def _personnel(meta: ActMetadata, lines: list[str]) -> bool:
    # An order, or a scan whose type word OCR lost; never a programme or a regulation.
    if meta.doc_type not in (
        DocType.PRIKAZ,
        DocType.RASPORYAZHENIE,
        DocType.POSTANOVLENIE,
        None,
    ):
        return False
    title = meta.title or " ".join(lines[:HEAD_LINES])
    return bool(_PERSONNEL.search(title.replace("ё", "е")))


def _institution(meta: ActMetadata, lines: list[str]) -> bool:
    if _INSTITUTION_CHARTER.search(meta.title or ""):
        return True
    head = " ".join(lines[:HEAD_LINES])
    return bool(_INSTITUTION_APPROVAL.search(head))


def _leaflet(lines: list[str], text: str) -> bool:
    head = lines[:HEAD_LINES]
    if any(_MEMO.search(line) for line in head):
        return True
    if any(line.endswith("!") and len(line) <= 150 for line in head):
        return True
    words = [w.lower() for w in _WORD.findall(text)]
    you = sum(1 for w in words if _SECOND_PERSON.match(w))
    return you >= SECOND_PERSON_MIN and you * 1000 >= SECOND_PERSON_PER_1000 * len(words)
