"""Text as people send it, made safe to keep: what a form or a program sends may hold
control characters (a NUL, which PostgreSQL refuses in any text column), and a caller in
Python may pass a lone surrogate, which no UTF-8 encoder writes (the JSON API refuses one as
malformed before it gets here). Both are dropped, and so are U+FFFE and U+FFFF, which are no
characters at all; tabs and line ends stay.

What was kept before, and what documents bring (a scan's text has a form feed between pages,
a broken text layer has U+FFFE), is made safe again where it is written into XML
(``xml_safe``): a DOCX or MARCXML file holds no control characters, and python-docx raised on
one — a dossier with a scanned act could not be delivered."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

_UNKEEPABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# What XML 1.0 cannot hold (its «Char» production, negated).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

T = TypeVar("T")


def keepable(text: str) -> str:
    """``text`` without control characters (but tab and line ends), lone surrogates and the
    two non-characters."""
    return _UNKEEPABLE.sub("", text)


def xml_chars(text: str) -> str:
    """``text`` without the characters XML 1.0 has no place for."""
    return _NOT_XML.sub("", text)


def xml_text(text: str) -> str:
    """``text`` as a document's XML can hold it: a form feed becomes a line end (a page's
    end in a scan's text), every other character XML has no place for goes."""
    return xml_chars(text.replace("\x0c", "\n"))


def xml_safe(value: T) -> T:
    """``value`` with every string in it fit for XML: a form feed becomes a line end (a
    page's end in a scan's text), other control characters go. Strings inside dataclasses,
    tuples, lists and dicts are cleaned too, so a writer cleans its whole input at once."""
    return _clean(value)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f for f in dataclasses.fields(value) if f.init]
        changes = {f.name: _clean(getattr(value, f.name)) for f in fields}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_clean(v) for v in value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value
