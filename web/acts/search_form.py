"""The search form as the public page and the API read it: parameters cleaned and bounded,
turned into a ``SearchQuery``, and the facet counts turned into links that keep the rest of
the search."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import quote_plus

from litestar import Request

from legaldesk.index import SearchQuery
from legaldesk.publication import PUBLIC
from legaldesk.vocabulary import DOC_TYPE_LABELS_EN, DOC_TYPE_LABELS_RU
from legaldesk.web import i18n
from legaldesk.web.forms import whole
from legaldesk.web.i18n import gettext
from legaldesk.web.labels import FACETS, LEVELS, MATERIALS, SORTS, STATUSES

PER_PAGE = 10
# The statuses «только действующие» keeps: all but what no longer applies. An act of
# unknown status stays: nothing in the collection says it stopped applying.
IN_FORCE = tuple(s for s in STATUSES if s not in ("repealed", "suspended"))


@dataclass(frozen=True)
class Filters:
    q: str
    doc_type: str
    level: str
    issuer: str
    rubric: str
    status: str
    year: int | None
    sort: str
    page: int
    as_typed: bool = False  # «искать как введено»: no correction of layout or spelling
    in_force: bool = False  # «только действующие»: no repealed or suspended acts
    material: str = ""  # «вид материала»: acts or press clippings; "" for both

    def query(self, per_page: int = PER_PAGE, publication: tuple[str, ...] = PUBLIC) -> SearchQuery:
        """The search; ``publication``: the states to find (the public's unless said)."""
        return SearchQuery(
            text=self.q,
            materials=(self.material,) if self.material else (),
            doc_types=(self.doc_type,) if self.doc_type else (),
            levels=(self.level,) if self.level else (),
            issuers=(self.issuer,) if self.issuer else (),
            rubrics=(self.rubric,) if self.rubric else (),
            statuses=(self.status,) if self.status else IN_FORCE if self.in_force else (),
            publication=publication,
            year=self.year,
            sort=self.sort,
            offset=(self.page - 1) * per_page,
            limit=per_page,
            as_typed=self.as_typed,
        )

    @cached_property
    def _encoded(self) -> dict[str, str]:
        """This search's parameters, each URL-encoded once: a results page links every facet
        value (up to ninety links) and encoding them all anew cost a millisecond a page."""
        values: dict[str, object] = {
            "q": self.q,
            "material": self.material,
            "type": self.doc_type,
            "level": self.level,
            "issuer": self.issuer,
            "rubric": self.rubric,
            "status": self.status,
            "year": self.year or "",
            "sort": "" if self.sort == "relevance" else self.sort,
            "typed": "1" if self.as_typed else "",
            "in_force": "1" if self.in_force else "",
        }
        return {k: quote_plus(str(v)) for k, v in values.items() if v not in ("", None)}

    def subscription_query(self) -> str:
        """This search's words and filters as a subscription form takes them («?q=&rubric=
        &issuer=&type=&level=»); "" when there is nothing to follow."""
        names = ("q", "rubric", "issuer", "type", "level")
        return "&".join(f"{k}={self._encoded[k]}" for k in names if k in self._encoded)

    def link(self, **changes: object) -> str:
        """This search with some parameters changed ("" removes one); back to page one unless
        a page is given."""
        return "/search?" + self.parameters(**changes)

    def parameters(self, **changes: object) -> str:
        """This search's query string (no «?»), with ``changes`` as in ``link``."""
        encoded = dict(self._encoded)
        for key, value in changes.items():
            if value in ("", None):
                encoded.pop(key, None)
            else:
                encoded[key] = quote_plus(str(value))
        return "&".join(f"{k}={v}" for k, v in encoded.items())

    def feed_link(self) -> str:
        """The Atom feed of the newest acts this search finds (web/feeds/): the same words
        and filters; the order and the page are the feed's own."""
        parameters = self.parameters(sort="", page="")
        return "/new.atom?" + parameters if parameters else "/new.atom"


def read_filters(request: Request[Any, Any, Any]) -> Filters:
    p = request.query_params

    def text(name: str, limit: int = 300) -> str:
        return " ".join(str(p.get(name) or "").split())[:limit]

    year_raw = text("year", 4)
    page_raw = text("page", 6)
    sort = text("sort") or "relevance"
    material = text("material", 16)
    return Filters(
        q=text("q", 500),
        doc_type=text("type", 64),
        level=text("level", 16),
        issuer=text("issuer"),
        rubric=text("rubric", 64),
        status=text("status", 16),
        year=whole(year_raw, 1701, 2199),
        sort=sort if sort in SORTS else "relevance",
        page=min(whole(page_raw) or 1, 1000),
        as_typed=text("typed", 1) == "1",
        in_force=text("in_force", 1) == "1",
        material=material if material in MATERIALS else "",
    )


def facet_view(
    facets: dict[str, dict[str, int]], f: Filters, rubrics: dict[str, str]
) -> list[tuple[str, list[tuple[str, int, str, bool]]]]:
    """(label, [(value label, count, link, chosen)]) per facet, in a reader's order."""
    current = {
        "material": f.material,
        "doc_type": f.doc_type,
        "year": str(f.year or ""),
        "issuer": f.issuer,
        "level": f.level,
        "status": f.status,
        "rubric": f.rubric,
    }
    param = {"doc_type": "type"}
    types = DOC_TYPE_LABELS_RU if i18n.current() == "ru" else DOC_TYPE_LABELS_EN
    labels = {
        "material": {k: gettext(v) for k, v in MATERIALS.items()},
        "doc_type": types,
        "level": {k: gettext(v) for k, v in LEVELS.items()},
        "status": {k: gettext(v) for k, v in STATUSES.items()},
        "rubric": rubrics,
    }
    out = []
    for name, label in FACETS.items():
        buckets = facets.get(name) or {}
        if not buckets:
            continue
        items = sorted(buckets.items(), key=lambda kv: -int(kv[0]) if name == "year" else -kv[1])
        rows = []
        for value, count in items[:15]:
            chosen = current[name] == str(value)
            link = f.link(**{param.get(name, name): "" if chosen else value})
            rows.append((labels.get(name, {}).get(str(value), str(value)), count, link, chosen))
        out.append((gettext(label), rows))
    return out
