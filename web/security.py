"""What every response says to the browser about itself, and requests refused before they
reach a handler.

The pages load nothing from outside the service and carry no inline script or style, so
the Content-Security-Policy can allow only the site itself; no other site may frame a page
(clickjacking of the staff forms); types are never sniffed; a link followed to another site
carries no path or query (a search for someone's benefit is nobody else's business).
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import ClientException
from litestar.types import Message, Receive, Scope, Send

from legaldesk.web.auth.sessions import secure
from legaldesk.web.i18n import N_
from legaldesk.web.middleware import HttpMiddleware

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000"


async def security_headers(message: Message, scope: Scope) -> None:
    """A ``before_send`` hook: it sees every response, the errors for paths that match no
    route among them."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in HEADERS.items():
        if name not in headers:
            headers[name] = value
    settings = scope["litestar_app"].state.repo.settings
    if secure(settings, scope):  # the site is reached over HTTPS: browsers should stay there
        headers["strict-transport-security"] = HSTS


class MalformedRequestMiddleware(HttpMiddleware):
    """A path or query with control characters (``/static/%00``) or bytes that are not
    UTF-8 is the client's mistake or a probe: 400, before any handler turns it into a
    file name or a database query."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _malformed(scope):
            raise ClientException(N_("The address of this page is malformed."))
        await self.app(scope, receive, send)


def _malformed(scope: Scope) -> bool:
    path = scope.get("path", "")
    if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in path):
        return True
    query: bytes = scope.get("query_string", b"")
    if b"%00" in query or any(b < 32 for b in query):
        return True
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
