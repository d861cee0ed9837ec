"""Errors as readers and programs see them: a page in the reader's language, the login page
for a staff page opened signed out, and for the JSON API one documented shape
(``ApiError``: status_code, detail, extra). A database that does not answer (restarting,
its disk gone, its connections refused) is not a bug: 503 with Retry-After, a page saying
so, and the next request after it is back is answered as usual — the engine's pool makes
new connections, nothing needs a restart."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect, Template
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from legaldesk.web import i18n
from legaldesk.web.acts.upload import upload_limit
from legaldesk.web.i18n import N_, gettext

log = logging.getLogger(__name__)


def http_error(
    request: Request[Any, Any, Any], exc: HTTPException
) -> Response[Any] | Template | Redirect:
    status = exc.status_code
    # A path no route matches is refused before any route's middleware runs, so the
    # reader's language is read here again.
    i18n.use(
        i18n.negotiate(request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))
    )
    headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "retry-after"}
    detail = exc.detail
    if status == 413:
        repo = request.app.state.repo
        detail = gettext(
            "The files you chose are over %(total)s together. Each file may be up to "
            "%(file)s: send them in smaller batches."
        ) % {"total": _mb(upload_limit(repo)), "file": _mb(repo.settings.max_file_size)}
    if request.url.path.startswith("/api/"):
        body: dict[str, Any] = {"status_code": status, "detail": detail}
        if exc.extra:  # which parameter was wrong, and why
            body["extra"] = exc.extra
        return Response(body, status_code=status, headers=headers)
    if status == 401 and request.method == "GET":
        return Redirect("/login?" + urlencode({"next": request.url.path}))
    template = "404.html" if status == 404 else "error.html"
    context = {"detail": detail, "status": status}
    return Template(template, context=context, status_code=status, headers=headers)


def crash(request: Request[Any, Any, Any], exc: Exception) -> Response[Any] | Template:
    """A bug, not the client's fault: logged with its traceback, shown without it."""
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return http_error(request, HTTPException(status_code=500, detail=N_("Internal error")))


UNSTORABLE = N_(
    "What was sent holds a NUL character, which no text may hold: remove it and send it again."
)


def unstorable(request: Request[Any, Any, Any], exc: Exception) -> Response[Any] | Template:
    """A NUL in what the client sent reached a query (legaldesk.db.UnstorableText): bad
    input, 400, nothing written — not a crash."""
    log.warning("a NUL character refused on %s %s", request.method, request.url.path)
    return http_error(request, HTTPException(status_code=400, detail=gettext(UNSTORABLE)))


DATABASE_RETRY_SECONDS = 30
DATABASE_GONE = N_(
    "The database does not answer. The service will work again as soon as it does: try "
    "again in a minute."
)


def database_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any] | Template:
    """503 for a database that cannot be reached; any other database error is a bug."""
    if not is_unavailable(exc):
        return crash(request, exc)
    log.warning(
        "the database does not answer on %s %s: %s",
        request.method,
        request.url.path,
        type(getattr(exc, "orig", None) or exc).__name__,
    )
    gone = HTTPException(
        status_code=503,
        detail=DATABASE_GONE,
        headers={"Retry-After": str(DATABASE_RETRY_SECONDS)},
    )
    return http_error(request, gone)


def is_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database cannot be reached or used for now, rather than
    that a query was wrong: a refused or dropped connection, a file that does not open, a
    lock not granted in time, the pool's connections all taken for too long."""
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"
