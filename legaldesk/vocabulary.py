"""Closed vocabularies of act metadata, stored as short stable codes.

A module of its own, importing nothing of the project: the database models, the readers of
files (which run in processes that must not load the models) and the web all use it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class TextMethod(StrEnum):
    """How a version's text was obtained: it tells a librarian how far to trust it."""

    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    NEEDS_OCR = "needs_ocr"  # kept, but no usable text yet
    NATIVE = "native"  # DOCX, HTML, RTF, plain text: the text is the document
    CONVERTED = "converted"  # through an external converter (antiword)


class DocType(StrEnum):
    POSTANOVLENIE = "postanovlenie"  # постановление
    RASPORYAZHENIE = "rasporyazhenie"  # распоряжение
    RESHENIE = "reshenie"  # решение
    PRIKAZ = "prikaz"  # приказ
    USTAV = "ustav"  # устав
    POLOZHENIE = "polozhenie"  # положение
    ZAKON = "zakon"  # закон
    FEDERALNYI_ZAKON = "federalnyi_zakon"  # федеральный закон
    KODEKS = "kodeks"  # кодекс (Бюджетный, Градостроительный, …), cited by other acts
    UKAZ = "ukaz"  # указ
    PISMO = "pismo"  # письмо
    PROGRAMMA = "programma"  # муниципальная программа
    PROTOKOL = "protokol"  # протокол
    OTHER = "other"


DOC_TYPE_LABELS_RU: dict[str, str] = {
    "postanovlenie": "Постановление",
    "rasporyazhenie": "Распоряжение",
    "reshenie": "Решение",
    "prikaz": "Приказ",
    "ustav": "Устав",
    "polozhenie": "Положение",
    "zakon": "Закон",
    "federalnyi_zakon": "Федеральный закон",
    "kodeks": "Кодекс",
    "ukaz": "Указ",
    "pismo": "Письмо",
    "programma": "Программа",
    "protokol": "Протокол",
    "other": "Документ",
}


def act_heading_ru(doc_type: str | None, adopted: date | None, number: str | None) -> str:
    """«Постановление от 12.03.2024 № 245-п»: an act's short name in Russian, wherever it is
    written for readers outside a page (a dossier's contents, a feed)."""
    text = DOC_TYPE_LABELS_RU.get(doc_type or "", "Документ")
    if adopted:
        text += f" от {adopted:%d.%m.%Y}"
    if number:
        text += f" № {number}"
    return text


# The same kinds for the English interface (the act's own words stay Russian in its text).
DOC_TYPE_LABELS_EN: dict[str, str] = {
    "postanovlenie": "Resolution",
    "rasporyazhenie": "Directive",
    "reshenie": "Decision",
    "prikaz": "Order",
    "ustav": "Charter",
    "polozhenie": "Regulation",
    "zakon": "Law",
    "federalnyi_zakon": "Federal law",
    "kodeks": "Code",
    "ukaz": "Decree",
    "pismo": "Letter",
    "programma": "Programme",
    "protokol": "Minutes",
    "other": "Document",
}


class Level(StrEnum):
    FEDERAL = "federal"
    REGIONAL = "regional"
    MUNICIPAL = "municipal"
    UNKNOWN = "unknown"


class Material(StrEnum):
    """What kind of material a document is: searched together, told apart by a filter."""

    ACT = "act"
    CLIPPING = "clipping"  # an article from a newspaper or a news site (legaldesk/clippings/)


class SourceKind(StrEnum):
    """Where a clipping was published."""

    NEWSPAPER = "newspaper"
    SITE = "site"


class Publication(StrEnum):
    """Whether the public sees an act (legaldesk/publication.py). Staff see every state."""

    PENDING = "pending"  # awaits a librarian's review, not public
    PUBLISHED = "published"  # public
    REJECTED = "rejected"  # a librarian kept it back for good (with a reason); not public
    WITHDRAWN = "withdrawn"  # was public, taken off the public site (with a reason)


class Status(StrEnum):
    IN_FORCE = "in_force"
    AMENDED = "amended"
    REPEALED = "repealed"
    SUSPENDED = "suspended"
    UNKNOWN = "unknown"
