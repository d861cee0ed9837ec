"""The list as RUSMARC records (the Russian UNIMARC) that a library's catalogue imports —
IRBIS64, Koha with its UNIMARC frameworks, OPAC-Global — so that acts filed in LegalDesk
need not be catalogued again: ISO 2709 (``render_iso``) and MARCXML (``render_xml``), both
UTF-8, written with pymarc. docs/lists.md gives the field-by-field mapping and where the
definitions come from; in short:

leader (new record, printed text, monograph — an article or newspaper item is analytic —,
record level 3: made by a program, for a cataloguer to complete), 001 the record's id in
LegalDesk, 005 when it was made, 100 general processing data (date entered, year, target
audience, the government level of an act, Russian cataloguing, Unicode, Cyrillic titles),
101 language (rus), 102 country (RU), 200 title and responsibility ($a title, $e the kind,
date and number of an act, $f the issuing body or authors), 210 year of issue, 300 notes
(adopted on, number, where published, the item's note), 606 the centre's rubrics, 610 the
kind of act as a keyword, 700/701 personal authors, 710/711 the issuing body (primary, then
alternative responsibility), 801 the record's source, 856 the address online.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from pymarc import Field, Indicators, MARCReader, Record, Subfield, XMLWriter

from legaldesk.lists.exports import ListDocument
from legaldesk.lists.grouping import issued
from legaldesk.typed import xml_text
from legaldesk.vocabulary import Level

# 100$a/20, «government publication»: the level of the body that issued an act.
GOVERNMENT: dict[str, str] = {
    Level.FEDERAL: "a",
    Level.REGIONAL: "b",
    Level.MUNICIPAL: "d",
    Level.UNKNOWN: "h",  # an official act whose level is not determined
}
AGENCY = "LegalDesk"
# MARC separators must not occur in data: a stray one would cut a field in two.
_SEPARATORS = re.compile("[\x1d\x1e\x1f]")


def _clean(value: object) -> str:
    return " ".join(_raw(value).split())


def _raw(value: object) -> str:
    # MARC's own delimiters in the data become spaces; other control characters, which
    # MARCXML cannot hold (a scan's form feed, a broken layer's U+FFFE), go.
    return xml_text(_SEPARATORS.sub(" ", str(value)))


def _field(tag: str, ind: str, *pairs: tuple[str, object], raw: bool = False) -> Field | None:
    """A data field of the pairs with a value; ``raw`` keeps the spaces (coded data, where
    each position means something)."""
    subfields = [
        Subfield(code, _raw(v) if raw else _clean(v)) for code, v in pairs if v not in (None, "")
    ]
    subfields = [s for s in subfields if s.value]
    if not subfields:
        return None
    return Field(tag=tag, indicators=Indicators(ind[0], ind[1]), subfields=subfields)


def leader(item: Mapping[str, Any]) -> str:
    kind = item.get("type")
    record_type = "l" if kind == "webpage" else "a"  # electronic resource, or printed text
    level = "a" if kind in ("article-newspaper", "article", "article-journal") else "m"
    # 0-4 length and 12-16 base address are filled in by pymarc when the record is written.
    return f"00000n{record_type}{level}  22000003i 450 "


def general_data(item: Mapping[str, Any], entered: date) -> str:
    """100$a: 36 characters by position (UNIMARC/RUSMARC field 100)."""
    when = issued(item)
    kind_of_date, year = ("d", f"{when.year:04d}") if when else ("u", "    ")
    if item.get("type") == "legislation":
        government = GOVERNMENT.get(str(item.get("legaldesk:level") or ""), "h")
    else:
        government = "y"  # not a government publication
    value = (
        f"{entered:%Y%m%d}{kind_of_date}{year}    "  # 0-16: entered; type of date; date 1, 2
        f"m  "  # 17-19: target audience — adult, general
        f"{government}0"  # 20: government publication; 21: record not modified
        "rusy"  # 22-24: language of cataloguing; 25: no transliteration
        "50      "  # 26-33: character set — ISO 10646 (Unicode), no additional sets
        "ca"  # 34-35: script of the title — Cyrillic
    )
    assert len(value) == 36
    return value


def _dmy(item: Mapping[str, Any]) -> str | None:
    when = issued(item)
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    if when is None:
        return None
    return f"{when:%d.%m.%Y}" if len(parts[0]) >= 3 else str(when.year)


def _initials(given: str) -> str:
    return " ".join(f"{part[0]}." for part in given.replace(".", " ").split() if part)


def _people(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = []
    for person in item.get("author") or []:
        if isinstance(person, Mapping) and person.get("family"):
            out.append((str(person["family"]), str(person.get("given") or "")))
    return out


def record(item: Mapping[str, Any], n: int, entered: date, made: datetime) -> Record:
    """The record of the list's ``n``-th item."""
    act = item.get("type") == "legislation"
    rec = Record(to_unicode=False, force_utf8=True, leader=leader(item))
    ident = item.get("legaldesk:id")
    control = f"LEGALDESK/ACT/{ident}" if act and ident else f"LEGALDESK/ITEM/{item.get('id') or n}"
    rec.add_field(Field(tag="001", data=_clean(control)))
    rec.add_field(Field(tag="005", data=f"{made:%Y%m%d%H%M%S}.0"))
    fields: list[Field | None] = [
        _field("100", "  ", ("a", general_data(item, entered)), raw=True),
        _field("101", "0 ", ("a", "rus")),
        _field("102", "  ", ("a", "RU")),
    ]
    genre = str(item.get("genre") or "").strip()
    number = str(item.get("number") or "").strip()
    adopted = _dmy(item)
    title = str(item.get("title") or "").strip()
    people = _people(item)
    authorities = [a.strip() for a in str(item.get("authority") or "").split(";") if a.strip()]
    other_info = None
    if act:
        other_info = " ".join(
            p
            for p in (genre, f"от {adopted}" if adopted else "", f"№ {number}" if number else "")
            if p
        )
        if not title:  # an untitled act is named by its kind, date and number
            title, other_info = (other_info[:1].upper() + other_info[1:]) or "[Без заглавия]", None
    responsibility = (
        ", ".join(f"{_initials(g)} {f}".strip() for f, g in people) if people else None
    ) or (authorities[0] if authorities else None)
    fields.append(
        _field(
            "200", "1 ", ("a", title or "[Без заглавия]"), ("e", other_info), ("f", responsibility)
        )
    )
    year = issued(item)
    fields.append(
        _field("210", "  ", ("c", item.get("publisher")), ("d", year.year if year else None))
    )
    if act and (adopted or number):
        said = ", ".join(
            p
            for p in (f"Принят {adopted}" if adopted else "", f"№ {number}" if number else "")
            if p
        )
        fields.append(_field("300", "  ", ("a", said)))
    container = item.get("container-title")
    if container:
        where = [str(container)]
        if item.get("issue"):
            where.append(f"№ {item['issue']}")
        if item.get("page"):
            where.append(f"с. {item['page']}")
        fields.append(_field("300", "  ", ("a", "Опубл.: " + ", ".join(where))))
    fields.append(_field("300", "  ", ("a", item.get("note"))))
    for rubric in item.get("legaldesk:rubrics") or []:
        fields.append(_field("606", "0 ", ("a", rubric), ("2", "local")))
    if genre:
        fields.append(_field("610", "0 ", ("a", genre.lower())))
    for i, (family, given) in enumerate(people):
        fields.append(
            _field(
                "700" if i == 0 else "701",
                " 1",
                ("a", family),
                ("b", _initials(given)),
                ("g", given),
            )
        )
    for i, body in enumerate(authorities):
        # 710 is the primary responsibility and excludes 700: with personal authors every
        # body is an alternative one.
        tag = "710" if i == 0 and not people else "711"
        fields.append(_field(tag, "02", ("a", body)))
    fields.append(_field("801", " 0", ("a", "RU"), ("b", AGENCY), ("c", f"{entered:%Y%m%d}")))
    fields.append(_field("856", "4 ", ("u", item.get("URL"))))
    for f in fields:
        if f is not None:
            rec.add_field(f)
    return rec


def records(doc: ListDocument, made: datetime | None = None) -> list[Record]:
    made = made or datetime.now(UTC)
    return [record(e.item, e.n, doc.compiled, made) for e in doc.entries()]


def render_iso(doc: ListDocument) -> bytes:
    return b"".join(r.as_marc() for r in records(doc))


def render_xml(doc: ListDocument) -> bytes:
    out = io.BytesIO()
    writer = XMLWriter(out)
    for rec in records(doc):
        writer.write(rec)
    writer.close(close_fh=False)
    return out.getvalue()


def read_iso(data: bytes) -> list[Record]:
    """The records back from ISO 2709 bytes, as a catalogue reads them (UTF-8)."""
    return [r for r in MARCReader(data, to_unicode=True, force_utf8=True) if r is not None]
