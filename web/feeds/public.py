"""``/new.atom``: the newest published acts as an Atom feed, narrowed by the search page's
own parameters (``q``, ``rubric``, ``issuer``, ``type``, ``level`` and the rest, read by
web/acts/search_form.py), so that any search can be followed in a feed reader. Without
words the acts filed last; with words the acts filed last among those the search finds.

The feed is the public's whoever fetches it (published acts only), speaks Russian as its
entries do (a feed reader has no language switch), and its links are built on the
configured public address — never on the request's Host header, which anybody can forge to
hand subscribers links to another site. The document is written by legaldesk/feeds/."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response, get

from legaldesk.catalogue import rubric_names
from legaldesk.feeds.acts import act_entries, last_filed
from legaldesk.feeds.atom import MEDIA_TYPE, Feed, newest, render
from legaldesk.publication import PUBLIC
from legaldesk.search import search_documents
from legaldesk.vocabulary import DOC_TYPE_LABELS_RU
from legaldesk.web import i18n
from legaldesk.web.acts.search_form import Filters, read_filters
from legaldesk.web.i18n import doc_type_label, gettext
from legaldesk.web.labels import LEVELS
from legaldesk.web.state import Repo, public_url

SIZE = 30  # entries in a feed: a reader polling daily misses nothing on an ordinary day


@get("/new.atom", name="feed", media_type=MEDIA_TYPE)
async def feed(request: Request[Any, Any, Any], repo: Repo) -> Response[bytes]:
    filters = read_filters(request)
    query = replace(
        filters.query(per_page=SIZE, publication=PUBLIC),
        sort="filed_desc",
        offset=0,
        snippets=False,
        facets=False,
    )
    page = search_documents(repo.engine, repo.index, query)
    base = public_url(repo)
    entries = act_entries(repo.engine, [hit.id for hit in page.hits], base)
    parameters = filters.parameters(sort="", page="")
    address = f"{base}{filters.feed_link()}"
    # Found nothing: dated by the last public filing, asked only then (never 2000-01-01).
    otherwise = None if entries else last_filed(repo.engine)
    with i18n.speaking("ru"):
        document = Feed(
            id=address,
            title=gettext("New legal acts"),
            self_link=address,
            alternate_link=f"{base}/search?{parameters}" if parameters else f"{base}/new",
            updated=newest(entries, otherwise or datetime.now(UTC)),
            entries=entries,
            subtitle=describe(filters, repo),
            lang="ru",
        )
    return Response(content=render(document), media_type=MEDIA_TYPE)


def describe(filters: Filters, repo: Repo) -> str | None:
    """What the feed follows, as its subtitle: «Поиск: «налог»; рубрика: …», or None for
    the plain feed of new acts."""
    parts = []
    if filters.q:
        parts.append(gettext("search: «%(q)s»") % {"q": filters.q})
    if filters.rubric:
        name = rubric_names(repo.engine, "ru").get(filters.rubric, filters.rubric)
        parts.append(gettext("subject: %(name)s") % {"name": name})
    if filters.issuer:
        parts.append(gettext("issued by: %(issuer)s") % {"issuer": filters.issuer})
    if filters.doc_type:
        known = filters.doc_type in DOC_TYPE_LABELS_RU  # else «Документ» would misname it
        kind = doc_type_label(filters.doc_type) if known else filters.doc_type
        parts.append(gettext("type: %(type)s") % {"type": kind})
    if filters.level:
        level = gettext(LEVELS[filters.level]) if filters.level in LEVELS else filters.level
        parts.append(gettext("level: %(level)s") % {"level": level})
    if not parts:
        return None
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


ROUTES = [feed]
