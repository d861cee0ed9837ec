"""A section page listing acts — a table or a list of links, paginated — whose links go to
the files or to one detail page per act."""

from __future__ import annotations

from typing import ClassVar

from selectolax.lexbor import LexborNode

from legaldesk.harvesters.config import SourceConfig
from legaldesk.harvesters.kinds.base import Follow, Page, PageResult, UrlRules
from legaldesk.harvesters.pages import Candidate, absolute, listing_hints, next_links, node_text


class ListingKind:
    name: ClassVar[str] = "listing"

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.rules = UrlRules(config)

    def start(self) -> list[Follow]:
        return [Follow(url, "listing") for url in self.config.start_urls]

    def parse(self, follow: Follow, page: Page) -> PageResult:
        if follow.role == "detail":
            return self.rules.detail_page(follow, page)
        rules = self.config.listing
        tree = page.html
        result = PageResult()
        items: list[LexborNode] = list(tree.css(rules.item)) if rules.item else []
        if not rules.item:
            body = tree.body or tree.root
            items = [body] if body is not None else []
        seen: set[str] = set()
        for item in items:
            cells = [node_text(td) for td in item.css("td, th")] if rules.item else None
            row_hints = listing_hints(node_text(item), cells) if rules.item else None
            for link in self._file_links(item):
                url = absolute(page.final_url, link.attributes.get("href"))
                if not url or url in seen or not self.rules.wanted(url):
                    continue
                seen.add(url)
                text = node_text(link)
                hints = row_hints if row_hints is not None else self._link_hints(link)
                result.candidates.append(Candidate(url, hints, text))
            if rules.detail_link:
                for link in item.css(rules.detail_link):
                    url = absolute(page.final_url, link.attributes.get("href"))
                    if url and url not in seen and self.rules.wanted(url):
                        seen.add(url)
                        hints = row_hints if row_hints is not None else self._link_hints(link)
                        result.follow.append(Follow(url, "detail", hints))
        for url in next_links(tree, page.final_url, rules.next_page):
            result.follow.append(Follow(url, "listing"))
        return result

    def _file_links(self, item: LexborNode) -> list[LexborNode]:
        selector = self.config.listing.file_link
        if selector:
            return list(item.css(selector))
        return [
            a for a in item.css("a[href]") if self.rules.is_file(a.attributes.get("href") or "")
        ]

    @staticmethod
    def _link_hints(link: LexborNode) -> dict[str, str]:
        hints = listing_hints(node_text(link))
        if len(hints) < 2 and link.parent is not None:
            # «Скачать» next to the act's description: read the enclosing block instead.
            hints = listing_hints(node_text(link.parent)) or hints
        return hints
