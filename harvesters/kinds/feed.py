"""RSS 2.0 and Atom feeds: each entry links to a file or to the act's page."""

from __future__ import annotations

from typing import ClassVar
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from legaldesk.harvesters.config import SourceConfig
from legaldesk.harvesters.kinds.base import Follow, Page, PageResult, UrlRules
from legaldesk.harvesters.pages import Candidate, absolute, listing_hints

ATOM = "{http://www.w3.org/2005/Atom}"


class FeedError(ValueError):
    pass


def parse_xml(page: Page) -> Element:
    try:
        root: Element = ElementTree.fromstring(page.content)
    except Exception as exc:  # defusedxml raises several kinds, all meaning «not usable»
        raise FeedError(f"not well-formed XML: {type(exc).__name__}: {exc}") from None
    return root


class FeedKind:
    name: ClassVar[str] = "feed"

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.rules = UrlRules(config)

    def start(self) -> list[Follow]:
        return [Follow(url, "feed") for url in self.config.start_urls]

    def parse(self, follow: Follow, page: Page) -> PageResult:
        if follow.role == "detail":
            return self.rules.detail_page(follow, page)
        root = parse_xml(page)
        result = PageResult()
        for title, link, summary in _entries(root):
            url = absolute(page.final_url, link)
            if not url or not self.rules.wanted(url):
                continue
            hints = listing_hints(f"{title} {summary}".strip())
            if title and "title" not in hints:
                hints["title"] = title
            if self.rules.is_file(url):
                result.candidates.append(Candidate(url, hints, title))
            else:
                result.follow.append(Follow(url, "detail", hints))
        return result


def _text(node: Element | None) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def _entries(root: Element) -> list[tuple[str, str, str]]:
    out = []
    for item in root.iter("item"):  # RSS
        out.append(
            (_text(item.find("title")), _text(item.find("link")), _text(item.find("description")))
        )
    for entry in root.iter(ATOM + "entry"):
        link = ""
        for candidate in entry.findall(ATOM + "link"):
            if candidate.get("rel", "alternate") in ("alternate", "enclosure"):
                link = candidate.get("href", "")
                break
        summary = _text(entry.find(ATOM + "summary")) or _text(entry.find(ATOM + "content"))
        out.append((_text(entry.find(ATOM + "title")), link, summary))
    return out
