"""A subscriber's private Atom feed: the acts they were told of, newest first, each entry
saying why, through the shared Atom writer (legaldesk/feeds/atom.py).

An entry is an item, not an act: ``{base}/subscriptions/{subscriber}/items/{item}``, one per
item for ever, so an act amended after it was new appears again — as the news it is — and a
feed reader never shows an old entry twice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from legaldesk.feeds import atom
from legaldesk.subscriptions.views import ItemView

SHOWN = 50  # entries in the feed: a reader polls it often and keeps what it saw


def _aware(value: datetime) -> datetime:
    # The database hands back UTC without its zone (SQLite): it is UTC all the same.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


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
    entries = [
        atom.Entry(
            id=f"{base}/subscriptions/{subscriber_id}/items/{item.id}",
            title=item.act.heading + (f" «{item.act.title}»" if item.act.title else ""),
            link=f"{base}/documents/{item.act.id}",
            updated=_aware(item.created_at),
            published=_aware(item.filed_at) if item.filed_at is not None else None,
            summary="; ".join(translate(w) for w in item.why) + ".",
            authors=(author,),
            related=(f"{base}/documents/{item.by.id}",) if item.by is not None else (),
        )
        for item in list(items)[:SHOWN]
    ]
    feed = atom.Feed(
        id=f"{base}/subscriptions/{subscriber_id}/feed",
        title=title,
        self_link=self_url,
        alternate_link=f"{base}/",
        updated=atom.newest(entries, _aware(created_at)),
        entries=entries,
    )
    return atom.render(feed)
