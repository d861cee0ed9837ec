"""Server-side sessions that touch the disk only when a session changes.

Litestar's server-side backend writes the session on every response, and gives every
visitor without a cookie a fresh, empty one: each anonymous page view of the public site
would write a file (a crawler, thousands), and each staff page would rewrite its own. Here
a request whose session is what it was when loaded writes nothing and sets no cookie; an
empty session is never stored. Logging in, logging out and any change still go through
Litestar's own code (a new id at login, the file deleted at logout).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty, Message, ScopeSession

LOADED = "legaldesk.session_loaded"


class QuietSessionBackend(ServerSideSessionBackend):
    async def load_from_connection(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        connection.scope[LOADED] = dict(data)  # type: ignore[literal-required]
        return data

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        loaded = connection.scope.get(LOADED)
        if scope_session is not Empty and scope_session == loaded:
            return  # unchanged (and an unchanged empty one was never stored)
        if scope_session is not Empty and not scope_session and not loaded:
            return  # emptied a session that never existed: nothing to write or delete
        await super().store_in_message(scope_session, message, connection)


@dataclass
class SessionConfig(ServerSideSessionConfig):
    _backend_class = QuietSessionBackend
