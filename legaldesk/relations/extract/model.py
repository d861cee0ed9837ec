"""What the extractor returns: one :class:`Reference` per mention of another act."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ROLES = ("amends", "repeals", "suspends", "based_on", "cites")


@dataclass(frozen=True)
class Reference:
    role: str  # one of ROLES
    doc_type: str | None  # a legaldesk.vocabulary.DocType value
    issuer: str | None  # as written, in the nominative where it could be put there
    level: str | None  # "federal" | "regional" | "municipal" | None
    date: dt.date | None
    number: str | None  # display form (legaldesk.actnumber.clean_number), OCR repaired
    title: str | None  # the quoted title «О …», without the quotes
    partial: bool  # only part of the act: a point, an article, an appendix…
    part: str | None  # that part as written: «пункт 3», «приложение 2», «статья 14»
    sentence: str  # the sentence it came from, whitespace collapsed, at most 1000 chars
    start: int  # [start, end) in the text given to extract(): type word … number … date
    end: int
    known_as: str | None = None  # «131-ФЗ», «БК РФ», … for well-known acts
