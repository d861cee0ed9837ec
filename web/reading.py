"""A reading node (``LEGALDESK_PRIMARY_URL`` set): its database is a read-only streaming
replica, so it answers the public reading pages and sends everything else to the primary.

What it answers is listed here, by route template (as the metrics name routes, without
the parameters' types): the catalogue, search, headings,
issuers, the feeds of new acts, the question–answer base, their JSON API, the probes and the
static files — GET and HEAD only. Everything else is redirected to the same path on the
primary with 307, which keeps a POST a POST: every form and the page that shows it (asking a
question, subscribing, signing in), staff pages, a resident's page of their request, a
subscriber's signed links, and the original files of acts (the blob store is the primary's:
a reading node keeps no copy). Sessions are not read here: a signed-in librarian is an anonymous
reader on this node and works on the primary (reading a session writes: it extends the
session, or deletes it when it has expired).

Behind one load balancer the balancer sends those requests to the primary itself
(docs/deployment.md, «Reading nodes»); the redirect is for a reader who reached this node
directly. The list is checked against the route table by tests/web/test_reading_node.py:
each entry is a public GET route, and each one answers on a read-only database.
"""

from __future__ import annotations

from urllib.parse import quote

from litestar.types import Receive, Scope, Send

from legaldesk.observability.logs import route_of
from legaldesk.repository import Repository
from legaldesk.web.middleware import HttpMiddleware

READS = frozenset(
    {
        "/",
        "/search",
        "/rubrics",
        "/issuers",
        "/lang/{code}",
        "/documents/{document_id}",
        "/acts/outside/{external_id}",
        "/new",
        "/new/poster",
        "/new.atom",
        "/ask/privacy",
        "/qa",
        "/qa/{entry_id}",
        "/api/v1/search",
        "/api/v1/documents/{document_id}",
        "/api/v1/rubrics",
        "/api/v1/qa",
        "/api/v1/qa/{entry_id}",
        "/healthz",
        "/readyz",
        "/metrics",
        "/static/{file_path}",
    }
)
SCHEMA = "/schema"  # the API's description and its renderings, all under it
SAFE = frozenset({"GET", "HEAD"})


def served_here(method: str, route: str | None) -> bool:
    if method not in SAFE or route is None:
        return False
    return route in READS or route == SCHEMA or route.startswith(SCHEMA + "/")


class ReadingNodeMiddleware(HttpMiddleware):
    """Installed on reading nodes only: a writable node pays nothing for it."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if served_here(str(scope.get("method", "")), route_of(scope)):
            await self.app(scope, receive, send)
            return
        repo: Repository = scope["litestar_app"].state.repo
        raw = scope.get("raw_path")  # as sent, escapes kept; some servers add the query
        path = raw.split(b"?", 1)[0].decode("latin-1") if raw else quote(scope["path"])
        query = scope.get("query_string", b"").decode("latin-1")
        target = repo.settings.primary_url + path + (f"?{query}" if query else "")
        await send(
            {
                "type": "http.response.start",
                "status": 307,
                "headers": [
                    (b"location", target.encode("latin-1")),
                    (b"cache-control", b"no-store"),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b"", "more_body": False})
