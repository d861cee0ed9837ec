"""The shape of this service's own ASGI middleware: each works on HTTP requests only."""

from __future__ import annotations

from litestar.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    """Hands HTTP requests to ``handle``; other scopes (lifespan, websockets) go straight on
    to the application."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError
