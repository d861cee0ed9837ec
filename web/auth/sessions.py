"""Who is signed in: staff sessions (kept in the database, see
``legaldesk.accounts.sessions``), signing in and out.

``AuthMiddleware`` reads the session cookie once per request and leaves the session and its
user in the request's scope; the guard, the ``user`` dependency of staff handlers and the
templates read them from there. An anonymous reader without a cookie costs nothing: no
query, no cookie, no write.

Signing in always opens a new session (a session id planted in the browser beforehand is
dropped, and its CSRF token with it); signing out, a password change or reset, another
role and a switched-off account end sessions in the database, so they end in every worker
at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

from jinja2 import pass_context
from jinja2.runtime import Context
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.types import Message, Receive, Scope, Send

from legaldesk.accounts.sessions import (
    Lifetime,
    end_session,
    load_session,
    open_session,
    purge_expired,
)
from legaldesk.config import Settings
from legaldesk.models import User
from legaldesk.repository import Repository
from legaldesk.web.middleware import HttpMiddleware

SESSION_COOKIE = "ld_session"
AUTH = "legaldesk.auth"
P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class Auth:
    """The request's session: its token and user when valid, and what the response must
    tell the browser (a new session's token, or to forget the old one)."""

    token: str | None = None
    user: User | None = None
    new_token: str | None = None
    forget: bool = False


def auth_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Auth:
    auth = connection.scope.get(AUTH)
    return auth if isinstance(auth, Auth) else Auth()


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> User | None:
    return auth_of(connection).user


def lifetime(settings: Settings) -> Lifetime:
    return Lifetime(
        idle=timedelta(minutes=settings.session_idle_minutes),
        absolute=timedelta(hours=settings.session_max_hours),
    )


def secure(settings: Settings, scope: Scope) -> bool:
    """Whether cookies carry the Secure flag: by configuration, or by the request's scheme
    (uvicorn takes it from X-Forwarded-Proto when the proxy is trusted)."""
    if settings.secure_cookies == "always":
        return True
    if settings.secure_cookies == "never":
        return False
    return scope.get("scheme") == "https"


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    client = connection.scope.get("client")
    return str(client[0])[:64] if client else "unknown"


class AuthMiddleware(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        repo: Repository = scope["litestar_app"].state.repo
        auth = Auth()
        scope[AUTH] = auth  # type: ignore[literal-required]
        # A reading node serves public pages alone, to everyone alike (web/reading.py):
        # reading a session writes to the database, which is a read-only replica there.
        cookies = ASGIConnection(scope).cookies
        token = None if repo.settings.read_only else cookies.get(SESSION_COOKIE)
        if token:
            opened = load_session(repo.engine, token, lifetime(repo.settings))
            if opened is None:
                auth.forget = True  # expired, ended elsewhere, or never ours
            else:
                auth.token, auth.user = token, opened.user

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and (auth.new_token or auth.forget):
                headers = MutableScopeHeaders.from_message(message)
                cookie = Cookie(
                    key=SESSION_COOKIE,
                    value=auth.new_token or "",
                    max_age=repo.settings.session_max_hours * 3600 if auth.new_token else 0,
                    path="/",
                    httponly=True,
                    samesite="lax",
                    secure=secure(repo.settings, scope),
                )
                headers.add("set-cookie", cookie.to_header(header=""))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def sign_in(connection: ASGIConnection[Any, Any, Any, Any], user: User) -> None:
    """A new session for this browser; the one it held (if any) ends."""
    repo: Repository = connection.app.state.repo
    auth = auth_of(connection)
    if auth.token:
        end_session(repo.engine, auth.token)
    assert user.id is not None
    purge_expired(repo.engine, lifetime(repo.settings))  # sessions nobody came back to
    token = open_session(
        repo.engine,
        user.id,
        client_address(connection),
        connection.headers.get("user-agent", ""),
    )
    auth.token, auth.user, auth.new_token, auth.forget = token, user, token, False


def sign_out(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    repo: Repository = connection.app.state.repo
    auth = auth_of(connection)
    if auth.token:
        end_session(repo.engine, auth.token)
    auth.token, auth.user, auth.new_token, auth.forget = None, None, None, True


@pass_context
def staff_user(context: Context) -> User | None:
    """``{{ staff_user() }}`` in a template: who is signed in, if anyone."""
    request = context.get("request")
    return current_user(request) if request is not None else None
