"""A subscriber's private Atom feed (RFC 4287): the acts they were told of, newest first,
each entry saying why.

Written here with xml.etree until the shared Atom writer (legaldesk/feeds/) is on main; the
entries keep their ids then, so a feed reader does not show them all again: an entry is
``{base}/subscriptions/{subscriber}/items/{item}``, one per item for ever."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from legaldesk.subscriptions.views import ItemView

ATOM = "http://www.w3.org/2005/Atom"
SHOWN = 50  # entries in the feed: a reader polls it often and keeps what it saw


def _when(value: datetime) -> str:
    # The database hands back UTC without its zone (SQLite): it is UTC all the same.
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def render(
    base: str,
    subscriber_id: int,
    self_url: str,
    title: str,
    author: str,
    items: Sequence[ItemView],
    translate: Callable[[str], str],
    created_at: datetime,
) -> bytes:
    """The feed as UTF-8 XML. ``base`` is the configured public address; ``translate``
    turns each reason (a Msg) into the reader's words; ``created_at`` dates an empty feed."""
    base = base.rstrip("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", f"{base}/subscriptions/{subscriber_id}/feed")
    _add(feed, "title", title)
    shown = list(items)[:SHOWN]
    newest = max((i.created_at for i in shown), default=created_at)
    _add(feed, "updated", _when(newest))
    _add(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _add(feed, "link", rel="alternate", href=f"{base}/", type="text/html")
    _add(_add(feed, "author"), "name", author)
    for item in shown:
        entry = _add(feed, "entry")
        _add(entry, "id", f"{base}/subscriptions/{subscriber_id}/items/{item.id}")
        heading = item.act.heading + (f" «{item.act.title}»" if item.act.title else "")
        _add(entry, "title", heading)
        _add(entry, "link", rel="alternate", href=f"{base}/documents/{item.act.id}")
        if item.by is not None:
            _add(entry, "link", rel="related", href=f"{base}/documents/{item.by.id}")
        _add(entry, "updated", _when(item.created_at))
        if item.filed_at is not None:
            _add(entry, "published", _when(item.filed_at))
        _add(entry, "summary", "; ".join(translate(w) for w in item.why) + ".")
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
