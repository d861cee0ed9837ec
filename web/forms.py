"""Reading form fields the way every page does: whitespace folded, length bounded; the one
kind of redirect target a form may name (a path of this site); and a workspace page answering
a form with what it came to."""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

from litestar.response import Template

from legaldesk.models.base import MAX_ID
from legaldesk.typed import keepable


class Outcome(TypedDict, total=False):
    """What the last form sent on a workspace page came to: a message, or an error with the
    form as it was sent (``draft``) and the status to answer with."""

    message: str
    error: str
    status: int
    draft: Any


def field(form: Any, name: str, limit: int = 255) -> str:
    """A one-line field: whitespace folded, control characters dropped, cut to ``limit``."""
    return " ".join(keepable(str(form.get(name) or "")).split())[:limit]


def multiline(form: Any, name: str, limit: int = 20_000) -> str:
    """A field of several lines (a purpose, a note, entries): its lines kept, with Unix line
    ends, control characters dropped, cut to ``limit``. A control character kept from a form
    stopped every DOCX the text later went into."""
    value = str(form.get(name) or "").replace("\r\n", "\n").replace("\r", "\n")
    return keepable(value)[:limit]


def whole(text: object, low: int = 1, high: int = MAX_ID) -> int | None:
    """A whole number typed into a form or an address, if it is one within [low, high].

    Only the digits 0–9: ``str.isdigit`` also says yes to «²» and «٣», and ``int("²")``
    raised (/search?page=² was a server error); and bounded, so that a number no column
    holds is not a database's overflow."""
    raw = str(text if text is not None else "").strip()
    if not raw or len(raw) > 19 or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def whole_list(values: Any, low: int = 1, high: int = MAX_ID) -> list[int]:
    """The whole numbers among a form's repeated field (ids ticked in a list), each once."""
    out: list[int] = []
    for value in values:
        number = whole(value, low, high)
        if number is not None and number not in out:
            out.append(number)
    return out


def safe_next(value: str | None, default: str = "/staff") -> str:
    # Only our own paths: «next=https://evil.example» must not turn login into a redirector.
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value[:500]
    return default


def form_page(template: str, context: dict[str, Any], **outcome: Unpack[Outcome]) -> Template:
    """``template`` with the page's ``context`` and the outcome shown above its forms; a
    ``draft`` replaces the page's empty one."""
    status = outcome.pop("status", 200)
    page = {"message": None, "error": None, **context, **outcome}
    return Template(template, context=page, status_code=status)
