"""Kinds of sources. A new kind, or an adapter for one site, is a module here with a class
that has ``name``, ``start()`` and ``parse(follow, page)`` (see ``base.Kind``), registered
in ``KINDS``. Folder inboxes are not pages and live in ``legaldesk.harvesters.folder``."""

from __future__ import annotations

from legaldesk.harvesters.config import SourceConfig
from legaldesk.harvesters.kinds.base import Follow, Kind, Page, PageResult
from legaldesk.harvesters.kinds.crawl import CrawlKind
from legaldesk.harvesters.kinds.feed import FeedKind
from legaldesk.harvesters.kinds.listing import ListingKind
from legaldesk.harvesters.kinds.pravo import PravoKind
from legaldesk.harvesters.kinds.sitemap import SitemapKind

KINDS: dict[str, type] = {
    "listing": ListingKind,
    "feed": FeedKind,
    "sitemap": SitemapKind,
    "crawl": CrawlKind,
    "pravo": PravoKind,
}


def kind_for(config: SourceConfig) -> Kind:
    try:
        cls = KINDS[config.kind]
    except KeyError:
        raise ValueError(f"source kind {config.kind!r} does not read web pages") from None
    kind: Kind = cls(config)
    return kind


__all__ = ["KINDS", "Follow", "Kind", "Page", "PageResult", "kind_for"]
