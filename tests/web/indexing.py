"""The service as the tests run it in one process, without the indexing loop that
`legaldesk serve` starts beside its workers: the change log is applied to the index before
each request is handled, so a request finds what the ones before it filed, as a reader
finds it a moment later in production. Production handlers never write the index."""

from __future__ import annotations

import anyio.to_thread
from litestar import Litestar
from litestar.types import ASGIApp, Receive, Scope, Send

from legaldesk.repository import Repository


def indexing(app: Litestar) -> ASGIApp:
    repo: Repository = app.state.repo

    async def service(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await anyio.to_thread.run_sync(repo.update_index)
        await app(scope, receive, send)

    return service
