"""The official publication portal (publication.pravo.gov.ru): its public JSON API lists
document cards keyed by ``eoNumber`` (the number of electronic publication) with name,
number, dates and type, page by page; each card's official text is a PDF.

    [source]
    name = "pravo-kursk"
    kind = "pravo"
    start_urls = ["http://publication.pravo.gov.ru/api/Documents?block=region46&PageSize=100"]

The start URL is a ``/api/Documents`` query (a block, a period, a document type: whatever the
portal accepts); this adapter walks its pages (``Index=1, 2, …`` up to ``pagesTotalCount``,
bounded by ``listing.max_pages``) and fetches ``/file/pdf?eoNumber=…`` for each card.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from legaldesk.harvesters.config import SourceConfig
from legaldesk.harvesters.kinds.base import Follow, Page, PageResult
from legaldesk.harvesters.pages import Candidate, listing_hints

_ISSUER = re.compile(
    r"^(?:Федеральный\s+закон|Федеральный\s+конституционный\s+закон|Закон|Указ|Постановление|"
    r"Распоряжение|Приказ|Решение)\s+(?P<issuer>.+?)\s+от\s+\d",
    re.I,
)


class PravoError(ValueError):
    pass


def with_page(url: str, index: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "index"]
    query.append(("Index", str(index)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def pdf_url(api_url: str, eo_number: str) -> str:
    parts = urlsplit(api_url)
    return urlunsplit((parts.scheme, parts.netloc, "/file/pdf", f"eoNumber={eo_number}", ""))


class PravoKind:
    name: ClassVar[str] = "pravo"

    def __init__(self, config: SourceConfig) -> None:
        self.config = config

    def start(self) -> list[Follow]:
        return [Follow(with_page(url, 1), "api") for url in self.config.start_urls]

    def parse(self, follow: Follow, page: Page) -> PageResult:
        try:
            data = json.loads(page.content)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PravoError(f"the portal did not answer JSON: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise PravoError("the portal's answer has no «items» list")
        result = PageResult()
        for card in data["items"]:
            if isinstance(card, dict) and card.get("eoNumber"):
                url = pdf_url(page.final_url, str(card["eoNumber"]))
                result.candidates.append(Candidate(url, card_hints(card), str(card["eoNumber"])))
        current = _int(data.get("currentPage")) or _page_of(follow.url)
        total = _int(data.get("pagesTotalCount")) or 0
        if current and current < total:
            result.follow.append(Follow(with_page(follow.url, current + 1), "api"))
        return result


def card_hints(card: dict[str, Any]) -> dict[str, str]:
    """Act metadata from a document card: what the portal states, not what a parser guesses."""
    complex_name = " ".join(str(card.get("complexName") or card.get("title") or "").split())
    hints = listing_hints(complex_name) if complex_name else {}
    if card.get("number"):
        hints["number"] = str(card["number"]).strip()
    date = str(card.get("documentDate") or "")[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        hints["date"] = date
    name = " ".join(str(card.get("name") or "").split()).strip('"«» ')
    if name:
        hints["title"] = name
    match = _ISSUER.match(complex_name)
    if match:
        hints["issuer"] = match.group("issuer")
    if card.get("eoNumber"):
        hints["official_publication"] = (
            f"Официальный интернет-портал правовой информации (www.pravo.gov.ru), "
            f"номер опубликования {card['eoNumber']}"
        )
    return hints


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _page_of(url: str) -> int | None:
    for key, value in parse_qsl(urlsplit(url).query):
        if key.lower() == "index":
            return _int(value)
    return None
