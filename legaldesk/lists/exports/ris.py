"""The list as RIS (UTF-8, CRLF lines), mapped as Zotero's own RIS translator maps its item
types, so that a list imported into Zotero and exported again reads the same: a CSL
``legislation`` item is Zotero's ``statute`` (CSL's type for it), whose RIS type is STAT —
not BILL, which is a draft law (docs/lists.md has the whole table).

legislation → TY STAT; TI the act's title (Zotero's nameOfAct); AU the issuing body
(``authority``) as a corporate author; DA/PY the date adopted (dateEnacted); M1 the act's
number (publicLawNumber); T2 the publication it appeared in (``container-title``, Zotero's
code); SP/EP its pages. Other sources: article-newspaper → NEWS, webpage → ELEC, book →
BOOK, article → JOUR, anything else GEN.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from legaldesk.lists.exports import ListDocument

TYPES: dict[str, str] = {
    "legislation": "STAT",
    "bill": "BILL",
    "article-newspaper": "NEWS",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article": "JOUR",
    "webpage": "ELEC",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
}


def _clean(value: object) -> str:
    # A RIS value is one line: a line break inside it would start a tag of nothing.
    return " ".join(str(value).split())


def _date(value: Any) -> tuple[str, str] | None:
    """(DA, PY) from a CSL date: «2024/03/12/» and «2024»."""
    try:
        parts = [int(p) for p in value["date-parts"][0]]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if not parts:
        return None
    padded = [f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:3])]
    return "/".join(padded) + "/" * (4 - len(padded)), f"{parts[0]:04d}"


def _names(item: Mapping[str, Any]) -> Iterator[str]:
    for person in item.get("author") or []:
        if not isinstance(person, Mapping):
            continue
        if person.get("literal"):
            yield _clean(person["literal"])
            continue
        family, given = person.get("family"), person.get("given")
        if family:
            yield _clean(f"{family}, {given}" if given else family)


def record(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    kind = str(item.get("type") or "")
    tags: list[tuple[str, str]] = [("TY", TYPES.get(kind, "GEN"))]

    def put(tag: str, value: object) -> None:
        if value not in (None, "", []):
            tags.append((tag, _clean(value)))

    put("TI", item.get("title"))
    for name in _names(item):
        put("AU", name)
    if kind == "legislation":
        put("AU", item.get("authority"))
        put("M1", item.get("number"))
        put("M3", item.get("genre"))
    else:
        put("PB", item.get("publisher"))
    dates = _date(item.get("issued"))
    if dates:
        put("DA", dates[0])
        put("PY", dates[1])
    put("T2", item.get("container-title"))
    put("IS", item.get("issue"))
    page = str(item.get("page") or "")
    first, _, last = page.replace("–", "-").partition("-")
    put("SP", first.strip())
    put("EP", last.strip())
    put("UR", item.get("URL"))
    accessed = _date(item.get("accessed"))
    if accessed:
        put("Y2", accessed[0])
    for rubric in item.get("legaldesk:rubrics") or []:
        put("KW", rubric)
    put("LA", item.get("language") or "ru")
    put("N1", item.get("note"))
    tags.append(("ER", ""))
    return tags


def render(doc: ListDocument) -> bytes:
    lines: list[str] = []
    for entry in doc.entries():
        lines += [f"{tag}  - {value}".rstrip() if tag == "ER" else f"{tag}  - {value}"
                  for tag, value in record(entry.item)]  # fmt: skip
        lines.append("")
    return "\r\n".join(lines).encode("utf-8")
