"""Every request's id, access line and metrics, around the whole application.

It wraps Litestar's own ASGI handler rather than sitting in the middleware list: Litestar
runs listed middleware only for requests a route matched, and a probe of random paths
(404), a malformed Host (400) or an unknown method must be counted and traceable too.
The id is kept from an incoming ``X-Request-ID`` of sane form (a proxy's), else made here,
and returned in the response's ``X-Request-ID``."""

from __future__ import annotations

import logging
import time

from litestar import Litestar
from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from legaldesk.observability import logs
from legaldesk.observability.metrics import UNMATCHED, RequestMetrics

HEADER = "x-request-id"
access_log = logging.getLogger(logs.ACCESS)


class RequestObserver:
    def __init__(self, app: ASGIApp, metrics: RequestMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == HEADER.encode()), None
        )
        info = logs.RequestInfo(logs.accept_id(incoming), scope)
        token = logs.current.set(info)
        started = time.perf_counter()
        status = 500  # unless a response starts: the connection broke, or the app failed

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)[HEADER] = info.id
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            seconds = time.perf_counter() - started
            route = info.route
            method = str(scope.get("method", ""))
            self.metrics.observe(route, method, status, seconds)
            # The route's template, never the path: paths hold the tokens of signed links
            # (a subscriber's «manage» page) and ids, and logs are kept and copied.
            access_log.info(
                "%s %s %d %.1f ms",
                method,
                route or UNMATCHED,
                status,
                seconds * 1000,
                extra={"method": method, "status": status, "duration_ms": round(seconds * 1000, 1)},
            )
            logs.current.reset(token)


def install(app: Litestar, metrics: RequestMetrics) -> None:
    app.asgi_handler = RequestObserver(app.asgi_handler, metrics)
