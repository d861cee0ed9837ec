"""What every kind of source does: name its first pages, and read one page into the files it
lists and the pages to read next. Reading a page is a pure function of its bytes, which is
what lets the runner skip it when the site answers 304: the last reading is remembered."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Protocol

from selectolax.lexbor import LexborHTMLParser

from legaldesk.harvesters.config import FILE_EXTENSIONS, SourceConfig
from legaldesk.harvesters.pages import (
    Candidate,
    absolute,
    listing_hints,
    looks_like_file,
    node_text,
    parse_html,
)


@dataclass(frozen=True)
class Page:
    url: str
    final_url: str
    content: bytes
    content_type: str

    @cached_property
    def html(self) -> LexborHTMLParser:
        return parse_html(self.content, self.content_type)


@dataclass(frozen=True)
class Follow:
    """A page to read next, in a role its kind understands, with what is known so far."""

    url: str
    role: str
    hints: dict[str, str] = field(default_factory=dict)


@dataclass
class PageResult:
    candidates: list[Candidate] = field(default_factory=list)
    follow: list[Follow] = field(default_factory=list)

    def to_json(self) -> list[Any]:
        return [
            {"c": [[c.url, c.hints, c.link_text] for c in self.candidates]},
            {"f": [[f.url, f.role, f.hints] for f in self.follow]},
        ]

    @classmethod
    def from_json(cls, data: list[Any]) -> PageResult:
        out = cls()
        for part in data or []:
            for url, hints, text in part.get("c", []):
                out.candidates.append(Candidate(url, dict(hints), text))
            for url, role, hints in part.get("f", []):
                out.follow.append(Follow(url, role, dict(hints)))
        return out


class Kind(Protocol):
    name: ClassVar[str]

    def start(self) -> list[Follow]: ...

    def parse(self, follow: Follow, page: Page) -> PageResult: ...


class UrlRules:
    """The source's allow/deny patterns and file extensions, shared by the HTML kinds."""

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.allow = [re.compile(p) for p in config.listing.allow]
        self.deny = [re.compile(p) for p in config.listing.deny]

    def wanted(self, url: str) -> bool:
        if any(p.search(url) for p in self.deny):
            return False
        return not self.allow or any(p.search(url) for p in self.allow)

    def is_file(self, url: str) -> bool:
        return looks_like_file(url, FILE_EXTENSIONS)

    def detail_page(self, follow: Follow, page: Page) -> PageResult:
        """A page about one act: its heading says what the act is, its links are the files
        (the act and, often, its appendices)."""
        tree = page.html
        heading = tree.css_first("h1") or tree.css_first("title")
        hints = dict(follow.hints)
        if heading is not None:
            hints.update(listing_hints(node_text(heading)))
        result = PageResult()
        selector = self.config.listing.detail_file_link
        links = tree.css(selector) if selector else tree.css("a[href]")
        seen: set[str] = set()
        for link in links:
            url = absolute(page.final_url, link.attributes.get("href"))
            if not url or url in seen or not self.wanted(url):
                continue
            if selector or self.is_file(url):
                seen.add(url)
                result.candidates.append(Candidate(url, hints, node_text(link)))
        return result
