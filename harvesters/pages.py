"""Reading what a site's pages say: decoding, links, and the act metadata in a listing row.

Municipal listings put an act's type, date, number and title in a table row («12.03.2024 |
245-п | О тарифах…») or in a link text («Постановление от 12.03.2024 № 245-п "О …"»). What
is read here becomes ingest hints; what the parser reads in the file itself wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from legaldesk.pipeline.extract.html import decode_html
from legaldesk.pipeline.metadata import clean_number, find_number, looks_like_act_number
from legaldesk.pipeline.metadata.dates import iter_dates
from legaldesk.pipeline.metadata.doctypes import cited_type

CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.I)
_TITLE_RE = re.compile(r"(?:^|[\s«\"“„(])((?:Об?|Об?\s)\s*[А-ЯЁа-яё«\"].{3,})", re.S)
_QUOTED_TITLE_RE = re.compile(r"[«\"“„]\s*(Об?\s[^»\"”]{3,})[»\"”]")
_QUOTES = "«»\"“”„'"
_TRAILER = re.compile(
    r"\s*\((?:[^()]*\b(?:pdf|docx?|rtf|odt|[кkм]б|kb|mb)\b|[^()]*№)[^()]*\)\s*$", re.I
)


@dataclass(frozen=True)
class Candidate:
    """A file a source lists, with what the listing says about it."""

    url: str
    hints: dict[str, str] = field(default_factory=dict)  # doc_type, number, date, title
    link_text: str = ""


def decode_page(content: bytes, content_type: str = "") -> str:
    """Header charset first (windows-1251 sites usually say so), then <meta>, then a guess
    by Russian letter frequencies."""
    match = CHARSET.search(content_type or "")
    if match:
        try:
            return content.decode(match.group(1).lower())
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_html(content)[0]


def parse_html(content: bytes, content_type: str = "") -> LexborHTMLParser:
    return LexborHTMLParser(decode_page(content, content_type))


def absolute(base: str, href: str | None) -> str | None:
    """An absolute http(s) URL without its fragment, or None for mailto:, javascript: …"""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    url = urldefrag(urljoin(base, href))[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def node_text(node: LexborNode) -> str:
    return " ".join((node.text(separator=" ") or "").split())


def looks_like_file(url: str, extensions: tuple[str, ...]) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith(extensions)


def next_links(tree: LexborHTMLParser, base: str, selector: str | None) -> list[str]:
    """The next listing page: the source's selector, else rel=next, else a «Следующая» /
    «Далее» / «»» link."""
    nodes: list[LexborNode] = []
    if selector:
        nodes = list(tree.css(selector))
    if not nodes:
        nodes = list(tree.css("a[rel~=next], link[rel~=next]"))
    if not nodes:
        nodes = [
            a
            for a in tree.css("a[href]")
            if re.fullmatch(r"(?:следующая|далее|вперед|вперёд)?\s*[»>→]*", node_text(a).lower())
            and node_text(a)
        ]
    out = []
    for node in nodes:
        url = absolute(base, node.attributes.get("href"))
        if url and url not in out:
            out.append(url)
    return out


def listing_hints(text: str, cells: list[str] | None = None) -> dict[str, str]:
    """Type, date, number and title from a listing row or link text; absent ones left out."""
    text = " ".join(text.split())
    hints: dict[str, str] = {}
    doc_type = cited_type(text[:120])
    if doc_type:
        hints["doc_type"] = str(doc_type)
    for _start, _end, day in iter_dates(text):
        hints["date"] = day.isoformat()
        break
    number = find_number(text)
    if not number and cells:
        for cell in cells:
            cell = cell.strip()
            if cell and looks_like_act_number(cell):
                number = clean_number(cell)
                break
    if number:
        hints["number"] = number
    title = _title(text, cells)
    if title:
        hints["title"] = title
    return hints


def _title(text: str, cells: list[str] | None) -> str | None:
    if cells:
        # The title is the longest cell that is not a date, number or type word.
        words = [c for c in cells if len(c) > 12 and not re.fullmatch(r"[\d./\-№ ]+", c)]
        best = max(words, key=len, default=None)
        if best:
            text = best
    quoted = _QUOTED_TITLE_RE.search(text)
    match = quoted or _TITLE_RE.search(text)
    title = match.group(1) if match else None
    if title is None and cells:
        title = text
    if not title:
        return None
    # A trailing «(pdf, 120 Кб)» or «(постановление № 17 от 01.02.2024)» is not the title.
    title = _TRAILER.sub("", title.strip())
    title = title.strip().strip(_QUOTES).strip()
    return title[:1000] or None
