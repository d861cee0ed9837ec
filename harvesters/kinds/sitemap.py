"""sitemap.xml (and sitemap indexes): the URLs a site declares, filtered by the source's
allow/deny patterns; pages among them are read as detail pages."""

from __future__ import annotations

from typing import ClassVar

from legaldesk.harvesters.config import SourceConfig
from legaldesk.harvesters.kinds.base import Follow, Page, PageResult, UrlRules
from legaldesk.harvesters.kinds.feed import parse_xml
from legaldesk.harvesters.pages import Candidate, absolute


class SitemapKind:
    name: ClassVar[str] = "sitemap"

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.rules = UrlRules(config)

    def start(self) -> list[Follow]:
        return [Follow(url, "sitemap") for url in self.config.start_urls]

    def parse(self, follow: Follow, page: Page) -> PageResult:
        if follow.role == "detail":
            return self.rules.detail_page(follow, page)
        root = parse_xml(page)
        result = PageResult()
        nested = root.tag.endswith("sitemapindex")
        for loc in root.iter():
            if not loc.tag.endswith("loc") or not loc.text:
                continue
            url = absolute(page.final_url, loc.text.strip())
            if not url:
                continue
            if nested:
                result.follow.append(Follow(url, "sitemap"))
            elif not self.rules.wanted(url):
                continue
            elif self.rules.is_file(url):
                result.candidates.append(Candidate(url))
            else:
                result.follow.append(Follow(url, "detail"))
        return result
