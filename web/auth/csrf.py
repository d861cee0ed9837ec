"""Cross-site request forgery: every form carries a token that only this site can have
given to this browser, checked on every request that changes something.

The token is bound to what identifies the visitor. Signed in, it is an HMAC of the session
token under the site's secret key: a new session (every sign-in) means a new token, and a
token seen before sign-in is worth nothing after it. Before sign-in (the login form), it is
an HMAC of a random cookie set the first time a form is shown — set only then: the public
pages give readers no cookie at all. The cookie is dropped when a session starts.

One kind of request needs no token: a JSON body (``Content-Type: application/json``) sent
without a staff session cookie — the public ask API (POST /api/v1/ask). A browser cannot
send that content type to another site without a CORS preflight, which this service never
grants, so no other site can make a visitor's browser send it; and without a session cookie
it carries nobody's authority. A JSON request that carries a session cookie still needs the
token (X-CSRF-Token), as does every form. docs/security.md, «Public forms».

Nor does a route that declares ``opt={"signed_link": True}``: the one-click unsubscribe of
a digest (web/subscriptions/signed.py), which mail clients POST with
``List-Unsubscribe=One-Click`` (RFC 8058) and no cookie of ours. The signed token in its
path is the proof of who may do it; the request uses no cookie's authority (neither a
session nor the anonymous CSRF cookie), so a forged cross-site POST could do nothing the
link's holder could not do by opening it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from litestar.connection import ASGIConnection, Request
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import RequestEncodingType
from litestar.exceptions import PermissionDeniedException
from litestar.types import Message, Receive, Scope, Send
from markupsafe import Markup, escape

from legaldesk.repository import Repository
from legaldesk.web.auth.guard import is_guarded
from legaldesk.web.auth.sessions import SESSION_COOKIE, Auth, auth_of, secure
from legaldesk.web.i18n import N_
from legaldesk.web.middleware import HttpMiddleware

COOKIE = "ld_csrf"
FIELD = "_csrf_token"
HEADER = "x-csrf-token"
SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
STATE = "legaldesk.csrf"
REFUSED = N_(
    "The form has expired or did not come from this site. "
    "Go back, reload the page and send it again."
)


def _sign(secret: str, kind: str, value: str) -> str:
    message = f"{kind}|{value}".encode("utf-8", "surrogateescape")
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class CsrfState:
    """The request's token, made when a form asks for it."""

    def __init__(self, secret: str, auth: Auth, cookie: str | None) -> None:
        self.secret = secret
        self.auth = auth
        self.cookie = cookie if cookie and 20 <= len(cookie) <= 100 else None
        self.new_cookie: str | None = None

    def expected(self) -> str | None:
        if self.auth.token:
            return _sign(self.secret, "session", self.auth.token)
        if self.cookie:
            return _sign(self.secret, "anonymous", self.cookie)
        return None

    def token(self) -> str:
        """The token for a form on this page (a first form gives the visitor the cookie)."""
        if not self.auth.token and not self.cookie:
            self.cookie = self.new_cookie = secrets.token_urlsafe(32)
        expected = self.expected()
        assert expected is not None
        return expected


def state_of(connection: ASGIConnection[Any, Any, Any, Any]) -> CsrfState | None:
    found = connection.scope.get(STATE)
    return found if isinstance(found, CsrfState) else None


@pass_context
def csrf_field(context: Context) -> Markup:
    """``{{ csrf_field() }}`` in a form."""
    request = context.get("request")
    state = state_of(request) if request is not None else None
    if state is None:
        return Markup("")
    return Markup('<input type="hidden" name="%s" value="%s">') % (FIELD, escape(state.token()))


class CsrfMiddleware(HttpMiddleware):
    """Runs inside ``AuthMiddleware`` (it needs the session)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        repo: Repository = scope["litestar_app"].state.repo
        secret: str = scope["litestar_app"].state.secret_key
        request: Request[Any, Any, Any] = Request(scope, receive)
        auth = auth_of(request)
        state = CsrfState(secret, auth, request.cookies.get(COOKIE))
        scope[STATE] = state  # type: ignore[literal-required]
        had_cookie = COOKIE in request.cookies

        if request.method not in SAFE:
            handler = scope.get("route_handler")
            # A staff route without a signed-in user is refused by its guard; its body (an
            # upload of fifty files, say) is not worth reading to find a token first.
            refused_unread = auth.user is None and handler is not None and is_guarded(handler)
            # Never a staff route: a signed link speaks for its subscriber, not for a session.
            signed_link = (
                handler is not None
                and handler.opt.get("signed_link") is True
                and not is_guarded(handler)
            )
            if not (refused_unread or signed_link or _json_without_session(request)):
                await _check(request, state)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = None
                if auth.new_token and had_cookie:
                    cookie = Cookie(key=COOKIE, value="", max_age=0, path="/")  # session now
                elif state.new_cookie and not auth.new_token:
                    cookie = Cookie(key=COOKIE, value=state.new_cookie, path="/")
                if cookie is not None:
                    cookie.httponly = True
                    cookie.samesite = "lax"
                    cookie.secure = secure(repo.settings, scope)
                    MutableScopeHeaders.from_message(message).add(
                        "set-cookie", cookie.to_header(header="")
                    )
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _json_without_session(request: Request[Any, Any, Any]) -> bool:
    """A JSON body with no session cookie at all (not even an expired one): what no other
    site can make a browser send, and what speaks for nobody (the module's docstring)."""
    content_type, _ = request.content_type
    return content_type == "application/json" and SESSION_COOKIE not in request.cookies


async def _check(request: Request[Any, Any, Any], state: CsrfState) -> None:
    submitted = request.headers.get(HEADER)
    content_type, _ = request.content_type
    if not submitted and content_type in (
        RequestEncodingType.URL_ENCODED,
        RequestEncodingType.MULTI_PART,
    ):
        value = (await request.form()).get(FIELD)
        submitted = value if isinstance(value, str) else None
    expected = state.expected()
    if not (submitted and expected and hmac.compare_digest(submitted, expected)):
        raise PermissionDeniedException(REFUSED)
