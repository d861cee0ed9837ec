"""A section crawler: from the start pages, every page under a URL prefix down to a depth,
taking the files linked from them. For sites with no usable listing structure."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from legaldesk.harvesters.config import SourceConfig
from legaldesk.harvesters.kinds.base import Follow, Page, PageResult, UrlRules
from legaldesk.harvesters.pages import Candidate, absolute, listing_hints, node_text


class CrawlKind:
    name: ClassVar[str] = "crawl"

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.rules = UrlRules(config)
        self.prefixes = (
            [config.crawl.prefix]
            if config.crawl.prefix
            else [
                url if url.endswith("/") else url.rsplit("/", 1)[0] + "/"
                for url in config.start_urls
            ]
        )

    def start(self) -> list[Follow]:
        return [Follow(url, "crawl:0") for url in self.config.start_urls]

    def parse(self, follow: Follow, page: Page) -> PageResult:
        depth = int(follow.role.split(":")[1])
        result = PageResult()
        seen: set[str] = set()
        if page.content_type and "html" not in page.content_type.lower():
            return result
        for link in page.html.css("a[href]"):
            url = absolute(page.final_url, link.attributes.get("href"))
            if not url or url in seen or not self.rules.wanted(url):
                continue
            seen.add(url)
            if self.rules.is_file(url):
                text = node_text(link)
                hints = listing_hints(text)
                if len(hints) < 2 and link.parent is not None:
                    hints = listing_hints(node_text(link.parent)) or hints
                result.candidates.append(Candidate(url, hints, text))
            elif depth < self.config.crawl.max_depth and self._inside(url):
                result.follow.append(Follow(url, f"crawl:{depth + 1}"))
        return result

    def _inside(self, url: str) -> bool:
        if urlsplit(url).query.count("&") > 4:
            return False  # calendar and filter traps multiply pages without end
        return any(url.startswith(prefix) for prefix in self.prefixes)
