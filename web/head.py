"""HEAD answered like GET, without the body: monitoring probes /healthz and /readyz with it,
link checkers ask pages and files with it, and Litestar routes a GET route's HEAD to 405.

The request goes through the application as a GET — routing, the reading node's choice,
sessions, guards, CSRF: a HEAD may learn exactly what a GET would (the status, a redirect
to /login, a 401, the headers with Content-Length) and nothing more. Turning HEAD into GET
before everything is what keeps the guards: Litestar's own security middleware lets HEAD
through unauthenticated by default, so routes taking HEAD themselves would be a way past a
login. Litestar runs listed middleware only once a route has matched, so this wraps its
ASGI handler, as the request observer does (web/system/tracing.py), inside the observer:
the access log and the metrics still say HEAD.
"""

from __future__ import annotations

from typing import cast

from litestar import Litestar
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from legaldesk.observability import logs


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return
        # A copy: the server reads the method from its own scope to know that no body
        # follows the headers, and the observer logs it.
        as_get = cast("Scope", {**scope, "method": "GET"})
        info = logs.current.get()
        if info is not None:
            info.scope = as_get  # the router writes the route it finds into this one
        done = False

        async def headers_only(message: Message) -> None:
            nonlocal done
            if message["type"] != "http.response.body":
                await send(message)
            elif not done and not message.get("more_body", False):
                done = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app(as_get, receive, headers_only)


def install(app: Litestar) -> None:
    app.asgi_handler = HeadAsGet(app.asgi_handler)
