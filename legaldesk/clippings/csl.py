"""A clipping as a CSL-JSON item of type ``article-newspaper``: what a bibliographic
formatter (the GOST one in legaldesk/bibliography/) needs to describe it — headline, authors,
newspaper or site, issue, date, pages, address."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

# The endings of Russian patronymics: «Иванова Мария Петровна» is written family name first.
_PATRONYMIC_RE = re.compile(r"(?:вич|вна|ична|инична|оглы|кызы)$", re.IGNORECASE)
_INITIALS_RE = re.compile(r"^(?:[А-ЯЁA-Z]\.\s?){1,2}$")
_INITIAL_RE = re.compile(r"^[А-ЯЁA-Z]\.(?:\s?[А-ЯЁA-Z]\.)?$")


class ClippingLike(Protocol):
    """A clipping's fields: legaldesk.clippings.ClippingDetails or the stored row
    (legaldesk.models.Clipping) both have them."""

    @property
    def source_name(self) -> str: ...
    @property
    def source_kind(self) -> str: ...
    @property
    def headline(self) -> str: ...
    @property
    def issued(self) -> date | None: ...
    @property
    def issue(self) -> str | None: ...
    @property
    def pages(self) -> str | None: ...
    @property
    def authors(self) -> Sequence[str]: ...
    @property
    def url(self) -> str | None: ...


def clipping_item(
    clipping: ClippingLike, item_id: str | int | None = None, language: str = "ru"
) -> dict[str, Any]:
    """The CSL-JSON item; fields the clipping lacks are left out, not given empty."""
    item: dict[str, Any] = {
        "id": str(item_id) if item_id is not None else _fallback_id(clipping),
        "type": "article-newspaper",
        "title": clipping.headline,
        "container-title": clipping.source_name,
        "language": language,
    }
    authors = [csl_name(name) for name in clipping.authors if name.strip()]
    if authors:
        item["author"] = authors
    if clipping.issue:
        item["issue"] = clipping.issue
    if clipping.issued is not None:
        day = clipping.issued
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    if clipping.pages:
        item["page"] = clipping.pages
    if clipping.url:
        item["URL"] = clipping.url
    if clipping.source_kind == "site":
        # CSL has no kind for a news site's article: the medium tells a formatter to describe
        # the container as an electronic resource («[сайт]»).
        item["medium"] = "site"
    return item


def csl_name(name: str) -> dict[str, str]:
    """A person's name as CSL wants it (family, given), from how bylines and librarians write
    it: «Иванова М. П.», «М. П. Иванова», «Мария Иванова», «Иванова Мария Петровна»; a
    name of another shape («Редакция», «Пресс-служба администрации») stays whole."""
    words = name.split()
    if len(words) >= 2 and _INITIALS_RE.match(" ".join(words[1:]) + " "):
        return {"family": _cased(words[0]), "given": " ".join(words[1:])}
    if len(words) >= 2 and _INITIAL_RE.match("".join(words[:-1])):
        return {"family": _cased(words[-1]), "given": " ".join(words[:-1])}
    if len(words) == 3 and _PATRONYMIC_RE.search(words[2]) and _is_name(words):
        return {"family": _cased(words[0]), "given": " ".join(_cased(w) for w in words[1:])}
    if len(words) == 2 and _is_name(words):
        return {"family": _cased(words[1]), "given": _cased(words[0])}
    return {"literal": " ".join(words)}


def _is_name(words: Sequence[str]) -> bool:
    return all(re.fullmatch(r"[А-ЯЁA-Z][а-яёa-zА-ЯЁA-Z'-]+", w) for w in words)


def _cased(word: str) -> str:
    """«ИВАНОВА» (a byline in capitals) as «Иванова»; «Петров-Водкин» keeps its hyphen."""
    return (
        "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")) if word.isupper() else word
    )


def _fallback_id(clipping: ClippingLike) -> str:
    day = clipping.issued.isoformat() if clipping.issued else "undated"
    # Stable across runs (hash() of a str is not): one clipping, one id in every list.
    digest = hashlib.sha1(clipping.headline.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"clipping-{day}-{digest}"
