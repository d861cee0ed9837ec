"""Reading CSL-JSON, the format Zotero and citeproc exchange items in: one item or a list,
each a JSON object with a ``type``. Only the types the formatter describes are taken; any
other is refused with a reason a librarian can act on.

What CSL has no variable for travels in the item's ``note`` as «key: value» lines, the way
Zotero's Extra field carries it: a line whose key is a CSL variable fills that variable when
the item lacks it (``available-date: 2024-03-15``), the project's own keys (``adopted``,
``revision``, ``authority-genitive``) are read by the formatter through :func:`extra`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

MAX_INPUT = 20 * 1024 * 1024  # characters of CSL-JSON read at once (a file, stdin, a form)
MAX_FIELD = 4000  # characters of one variable used in a description

TYPES = {
    "legislation": "нормативный правовой акт",
    "article-newspaper": "статья из газеты",
    "webpage": "веб-страница",
    "book": "книга (отдельное издание)",
    "periodical": "выпуск газеты, бюллетеня или сборника",
}

# CSL date variables a «key: value» line of the note may fill.
DATE_VARIABLES = ("issued", "accessed", "available-date", "original-date", "event-date")
# The project's own keys carried in the note (docs/bibliography.md).
EXTRA_KEYS = ("adopted", "revision", "authority-genitive")
_NOTE_LINE_RE = re.compile(r"^\s*([A-Za-z][A-Za-z-]{1,40})\s*:\s*(.+?)\s*$")


class DescriptionError(ValueError):
    """An item that cannot be described; the message says why, in Russian."""


def load(text: str) -> list[Any]:
    """The items of a CSL-JSON text: a list, or one item as a list of one. Whether each is
    an item the formatter takes is :func:`checked`'s question, asked per item."""
    if len(text) > MAX_INPUT:
        raise DescriptionError(
            f"слишком большой файл: больше {MAX_INPUT // (1024 * 1024)} МБ текста CSL-JSON"
        )
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise DescriptionError(f"это не JSON: {exc}") from None
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise DescriptionError("ожидался объект CSL-JSON или список таких объектов")


def checked(item: Any) -> dict[str, Any]:
    """``item`` as a dict the formatter can take, with the CSL variables its note carries
    filled in; DescriptionError says why not."""
    if not isinstance(item, Mapping):
        raise DescriptionError("элемент списка — не объект CSL-JSON")
    kind = item.get("type")
    if not isinstance(kind, str) or not kind:
        raise DescriptionError("у записи нет типа (type)")
    if kind not in TYPES:
        known = ", ".join(TYPES)
        raise DescriptionError(f"тип «{kind[:60]}» не описывается: поддерживаются {known}")
    out = dict(item)
    for key, value in note_fields(item).items():
        if key in DATE_VARIABLES and key not in out:
            out[key] = {"raw": value}
        elif key not in EXTRA_KEYS and key not in out and re.fullmatch(r"[a-z][a-z-]+", key):
            out[key] = value
    return out


def note_fields(item: Mapping[str, Any]) -> dict[str, str]:
    """The «key: value» lines of the item's note, keys in lower case; other lines ignored."""
    note = item.get("note")
    if not isinstance(note, str):
        return {}
    fields: dict[str, str] = {}
    for line in note[:MAX_FIELD].splitlines():
        match = _NOTE_LINE_RE.match(line)
        if match:
            fields.setdefault(match.group(1).lower(), match.group(2))
    return fields


def extra(item: Mapping[str, Any], key: str) -> str | None:
    """One of the project's own note keys (EXTRA_KEYS), or None."""
    return note_fields(item).get(key) or None


def text(item: Mapping[str, Any], variable: str) -> str | None:
    """A CSL string or number variable as one line of text, bounded; None when empty."""
    value = item.get(variable)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        raise DescriptionError(f"поле {variable} должно быть строкой")
    value = " ".join(value[:MAX_FIELD].split())
    return value or None


@dataclass(frozen=True)
class Date:
    """A CSL date as far as it is known: a year, perhaps a month, perhaps a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self) -> date | None:
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)


_ISO_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RU_RE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def date_of(item: Mapping[str, Any], variable: str) -> Date | None:
    """A CSL date variable: ``{"date-parts": [[2024, 3, 15]]}``, ``{"raw": "2024-03-15"}``
    or, leniently, a string «2024-03-15» / «15.03.2024». A date that is not in the calendar
    is refused with a reason rather than printed."""
    value = item.get(variable)
    if value is None:
        return None
    parts: list[Any] | None = None
    if isinstance(value, Mapping):
        date_parts = value.get("date-parts")
        if isinstance(date_parts, list) and date_parts and isinstance(date_parts[0], list):
            parts = date_parts[0]
        elif isinstance(value.get("raw"), str):
            value = value["raw"]
        elif isinstance(value.get("literal"), str):
            value = value["literal"]
    if isinstance(value, str):
        parts = _parts_of_string(value)
    if not parts:
        raise DescriptionError(f"поле {variable}: не дата")
    try:
        numbers = [int(p) for p in parts[:3]]
    except (TypeError, ValueError):
        raise DescriptionError(f"поле {variable}: не дата") from None
    year, month, day = [*numbers, 0, 0][:3]
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        raise DescriptionError(f"поле {variable}: такой даты нет в календаре") from None
    return Date(year, month or None, day or None)


def _parts_of_string(value: str) -> list[Any] | None:
    ru = _RU_RE.match(value)
    if ru:
        return [ru.group(3), ru.group(2), ru.group(1)]
    iso = _ISO_RE.match(value)
    if iso:
        return [g for g in iso.groups() if g]
    return None


@dataclass(frozen=True)
class Name:
    family: str | None
    given: str | None
    literal: str | None


def names(item: Mapping[str, Any], variable: str = "author") -> list[Name]:
    value = item.get(variable)
    if value is None:
        return []
    if not isinstance(value, list):
        raise DescriptionError(f"поле {variable} должно быть списком имён")
    out = []
    for entry in value[:100]:
        if not isinstance(entry, Mapping):
            raise DescriptionError(f"поле {variable}: имя должно быть объектом")
        family, given, literal = (_name_part(entry, k) for k in ("family", "given", "literal"))
        if not (family or literal):
            raise DescriptionError(f"поле {variable}: у имени нет фамилии (family)")
        out.append(Name(family, given, literal))
    return out


def _name_part(entry: Mapping[str, Any], key: str) -> str | None:
    value = entry.get(key)
    if not isinstance(value, str):
        return None
    return " ".join(value[:200].split()) or None
