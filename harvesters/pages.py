"""Reading what a site's pages say: decoding, links, and the act metadata in a listing row.

Municipal listings put an act's type, date, number and title in a table row («12.03.2024 |
245-п | О тарифах…») or in a link text («Постановление от 12.03.2024 № 245-п "О …"»). What
is read here becomes ingest hints; what the document itself says clearly wins
(legaldesk/pipeline/hints.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from legaldesk.pipeline.extract.html import decode_html
from legaldesk.pipeline.hints import looks_like_file_name, plausible_number
from legaldesk.pipeline.metadata import (
    NUMBER_RE,
    clean_number,
    find_number,
    looks_like_act_number,
)
from legaldesk.pipeline.metadata.dates import iter_dates
from legaldesk.pipeline.metadata.doctypes import leading_type

CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.I)
_TITLE_RE = re.compile(r"(?:^|[\s«\"“„(])((?:Об?|Об?\s)\s*[А-ЯЁа-яё«\"].{3,})", re.S)
_QUOTED_TITLE_RE = re.compile(r"[«\"“„]\s*(Об?\s[^»\"”]{3,})[»\"”]")
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
    """Type, date, number and title from a listing row or link text; absent ones left out.

    Only the act's own words count: a date or number inside the title belongs to an act the
    title cites («О внесении изменений в постановление от 12.03.2024 № 245-п»), a type word
    inside it to what the act approves («Об утверждении Положения…»), and a link text that
    is a file name («scan_0001.pdf», «Постановление 245-п от 12.03.2024.pdf») says nothing
    about the act. An empty «№» cell leaves the number to the document."""
    text = " ".join(text.split())
    if cells:  # a list item has none: its text is read as a link text is
        return _row_hints([" ".join(c.split()) for c in cells])
    if looks_like_file_name(text):
        return {}
    return _text_hints(text)


def _text_hints(text: str) -> dict[str, str]:
    """A link text or a detail page's heading: «Постановление от 12.03.2024 № 245-п «О …»
    (pdf, 120 Кб)». The act's own data are before its title or in a trailer after it."""
    hints: dict[str, str] = {}
    title_span = _title_span(text)
    if title_span is None:
        own = text
    else:
        start, end = title_span
        own = text[:start] + " " + text[end:]
        title = _tidy_title(text[start:end])
        if title:
            hints["title"] = title
    own = own.strip()
    doc_type = _leading_type(own)
    if doc_type:
        hints["doc_type"] = doc_type
    for _start, _end, day in iter_dates(own):
        hints["date"] = day.isoformat()
        break
    number = find_number(own)
    if number and plausible_number(number):
        hints["number"] = number
    return dict(sorted(hints.items(), key=lambda kv: _ORDER.index(kv[0])))


_ORDER = ("doc_type", "date", "number", "title")


def _row_hints(cells: list[str]) -> dict[str, str]:
    """A table row: the title is its longest cell of words (none when that cell is a file
    name); date, number and type come from the other cells, and from the title cell only
    before its «О …» (a cell «Постановление от 12.03.2024 № 245-п О тарифах»)."""
    title_at = _title_cell(cells)
    hints: dict[str, str] = {}
    others = [c for i, c in enumerate(cells) if i != title_at and c and not looks_like_file_name(c)]
    for cell in others:
        if "date" not in hints:
            day = next(iter(iter_dates(cell)), None)
            if day is not None:
                hints["date"] = day[2].isoformat()
        if "number" not in hints:
            number = _number_cell(cell)
            if number:
                hints["number"] = number
        if "doc_type" not in hints:
            doc_type = _leading_type(cell)
            if doc_type:
                hints["doc_type"] = doc_type
    if title_at is not None:
        inner = _text_hints(cells[title_at])
        for key, value in inner.items():
            hints.setdefault(key, value)
        if "title" not in inner and _words_only(cells[title_at]):
            title = _tidy_title(cells[title_at])
            if title:
                hints["title"] = title
    return dict(sorted(hints.items(), key=lambda kv: _ORDER.index(kv[0])))


def _title_cell(cells: list[str]) -> int | None:
    best: int | None = None
    for i, cell in enumerate(cells):
        if len(cell) <= 12 or re.fullmatch(r"[\d./\-№ ]+", cell) or looks_like_file_name(cell):
            continue
        if best is None or len(cell) > len(cells[best]):
            best = i
    return best


def _words_only(cell: str) -> bool:
    """A title cell without «О …» («Положение о порядке…», «Устав поселения») is a title
    when it is not just the act's type, date and number."""
    rest = cell
    for start, end, _d in sorted(iter_dates(rest), reverse=True):
        rest = rest[:start] + rest[end:]
    rest = NUMBER_RE.sub(" ", rest)
    return len(re.findall(r"[А-ЯЁа-яё]{3,}", rest)) >= 3


def _number_cell(cell: str) -> str | None:
    """The number a cell states: «245-п», «№ 12/3-рс», «35»; not a year, a date or an
    upload's name."""
    found = find_number(cell)
    if found:
        return found if plausible_number(found) else None
    value = cell.strip()
    if looks_like_act_number(value) and plausible_number(value):
        return clean_number(value)
    # A bare «35» in the «№» column; a lone year is more likely a «Год» column.
    if re.fullmatch(r"\d{1,5}", value) and not re.fullmatch(r"(?:19|20)\d\d", value):
        return value
    return None


_LEAD_RE = re.compile(r"^[\d./\s№-]*(?:от\s+)?", re.I)


def _leading_type(text: str) -> str | None:
    """The type word that opens the text («Постановление от …», «Решением Думы …»), after
    at most a date or number: never one met further in."""
    lead = _LEAD_RE.match(text)
    doc_type = leading_type(text[lead.end() if lead else 0 :].lstrip('«"('))
    return str(doc_type) if doc_type else None


def _title_span(text: str) -> tuple[int, int] | None:
    """Where the title is in a link text: a quoted «О …», else from «О …» to a trailer."""
    quoted = _QUOTED_TITLE_RE.search(text)
    m = _TITLE_RE.search(text)
    # «О внесении изменений в постановление … «О тарифах»»: a quote inside a title is the
    # cited act's name; a quoted title is one whose quote opens before any «О …».
    if quoted and (m is None or quoted.start() < m.start(1)):
        return quoted.start(), _closing_quote(text, quoted.start()) or quoted.end()
    if not m:
        return None
    end = len(text)
    trailer = _TRAILER.search(text, m.start(1))
    if trailer:
        end = trailer.start()
    return m.start(1), end


def _closing_quote(text: str, start: int) -> int | None:
    """The end of the quote opened at ``start``, nested quotes («… «Дороги»») counted."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in "«“„" or (ch == '"' and (i == start or text[i - 1] in " («")):
            depth += 1
        elif ch in "»”" or ch == '"':
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def _tidy_title(title: str) -> str | None:
    title = title.strip()
    quoted = _QUOTED_TITLE_RE.fullmatch(title)
    if quoted:
        title = quoted.group(1)
    # A trailing «(pdf, 120 Кб)» or «(постановление № 17 от 01.02.2024)» is not the title.
    title = _TRAILER.sub("", title).strip()
    if title[:1] in "«\"“„'":
        title = title[1:]
    # A closing quote ends the title only when nothing in it opened one: «… «О тарифах»»
    # keeps the quote of the act it cites.
    while title[-1:] in "»\"”'" and title.count("«") < title.count("»") + (title[-1] != "»"):
        title = title[:-1].rstrip()
    return title.strip()[:1000] or None
