"""An Atom (RFC 4287) writer: a feed and its entries as plain values in, UTF-8 XML out.

The document is built as an element tree and serialised by ``xml.etree``, so whatever the
values hold (``<``, ``&``, quotes) comes out escaped and the XML well formed. What XML 1.0
cannot carry at all — control characters other than tab and newlines, lone surrogates,
U+FFFE and U+FFFF — is dropped: a scanned act's title with a stray form feed must not take
the whole feed down with it. Dates are RFC 3339 with their offset; a naive datetime is a
caller's mistake and refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree

from legaldesk.typed import xml_chars

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Everything outside XML 1.0's Char production.


@dataclass(frozen=True)
class Entry:
    id: str  # stable, e.g. a tag URI or the act's absolute URL
    title: str
    link: str  # absolute URL
    updated: datetime  # timezone-aware
    published: datetime | None = None
    summary: str | None = None  # plain text
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # term labels (e.g. rubric names)
    related: tuple[str, ...] = ()  # absolute URLs of related pages (the act that amended it)


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    self_link: str
    alternate_link: str
    # The newest entry's ``updated``, or a real time for an empty feed (see ``newest``).
    updated: datetime  # timezone-aware
    entries: Sequence[Entry]
    subtitle: str | None = None
    lang: str = "ru"


def newest(entries: Sequence[Entry], otherwise: datetime) -> datetime:
    """The feed's ``updated``: its newest entry's, or ``otherwise`` when it has none."""
    return max((e.updated for e in entries), default=otherwise)


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return xml_chars(text)


def stamp(moment: datetime) -> str:
    """RFC 3339 with the offset, to the second: ``2024-03-12T09:30:00+03:00``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"an Atom date needs its offset: {moment!r} is naive")
    return moment.isoformat(timespec="seconds")


def render(feed: Feed) -> bytes:
    """The feed as an Atom document, UTF-8, with its XML declaration."""
    # The namespace as a plain attribute of unqualified elements: ElementTree's own
    # namespace handling would either prefix every element or take a process-wide prefix.
    root = ElementTree.Element("feed", {"xmlns": ATOM, _XML_LANG: clean(feed.lang)})
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    _link(root, feed.self_link, "self", MEDIA_TYPE)
    _link(root, feed.alternate_link, "alternate", "text/html")
    _text(root, "updated", stamp(feed.updated))
    # RFC 4287 4.1.1: a feed names an author unless every entry does; the feed's own
    # title (the site's name for it) stands for whoever publishes it.
    if not feed.entries or any(not entry.authors for entry in feed.entries):
        _author(root, feed.title)
    for entry in feed.entries:
        _entry(root, entry)
    body: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def _entry(parent: ElementTree.Element, entry: Entry) -> None:
    element = ElementTree.SubElement(parent, "entry")
    _text(element, "id", entry.id)
    _text(element, "title", entry.title)
    _link(element, entry.link, "alternate", "text/html")
    for href in entry.related:
        _link(element, href, "related", "text/html")
    if entry.published is not None:
        _text(element, "published", stamp(entry.published))
    _text(element, "updated", stamp(entry.updated))
    for name in entry.authors:
        _author(element, name)
    for term in entry.categories:
        ElementTree.SubElement(element, "category", {"term": clean(term)})
    if entry.summary:
        _text(element, "summary", entry.summary)


def _text(parent: ElementTree.Element, name: str, value: str) -> None:
    ElementTree.SubElement(parent, name).text = clean(value)


def _link(parent: ElementTree.Element, href: str, rel: str, media_type: str) -> None:
    attributes = {"rel": rel, "type": media_type, "href": clean(href)}
    ElementTree.SubElement(parent, "link", attributes)


def _author(parent: ElementTree.Element, name: str) -> None:
    _text(ElementTree.SubElement(parent, "author"), "name", name)
