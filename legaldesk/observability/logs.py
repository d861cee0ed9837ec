"""Logs with the request they belong to, as text for a person or as one JSON object a line
for a log collector (``LEGALDESK_LOG_FORMAT=json``).

Each request's id and route live in context variables set by the web service's outermost
layer (legaldesk/web/system/tracing.py); :class:`RequestContext` copies them onto every
record logged while the request is handled, whichever logger wrote it. Context variables
follow the request into the threads its sync handlers run in (anyio copies the context).

Why the standard library and not a logging package: one Formatter subclass of thirty lines
covers what a collector needs (a timestamp, level, logger, message, the request's fields
and the traceback), and the service's and the companions' own loggers, uvicorn's and
SQLAlchemy's all go through ``logging`` already.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal


class RequestInfo:
    """The request being handled: its id, and its route once the router has found it (read
    from the ASGI scope when a record is made, since routing happens after the id is set)."""

    __slots__ = ("id", "scope")

    def __init__(self, id: str, scope: Mapping[str, Any]) -> None:
        self.id = id
        self.scope = scope

    @property
    def route(self) -> str | None:
        return route_of(self.scope)


def route_of(scope: Mapping[str, Any]) -> str | None:
    """The template of the route that handled the request (``/documents/{document_id:int}``:
    never the path itself, which holds ids and, in a link, personal names), or None when no
    route matched."""
    if "route_handler" not in scope:
        return None
    template = scope.get("path_template")
    return str(template) if template is not None else None


current: ContextVar[RequestInfo | None] = ContextVar("request", default=None)

# An id a proxy or a client sent is kept when it looks like an id (a UUID, a hex or
# base64url token): anything else (a script, a line break, a kilobyte) is replaced, since
# it goes into log lines and a response header.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

ACCESS = "legaldesk.access"  # the logger of one line per request

# The fields a record may carry beyond the standard ones, in the order a JSON line has them.
FIELDS = ("request_id", "route", "method", "status", "duration_ms")


def accept_id(incoming: str | None) -> str:
    """The incoming X-Request-ID when it is of sane form, else a new id."""
    if incoming and _SANE_ID.match(incoming):
        return incoming
    return secrets.token_hex(16)


class RequestContext(logging.Filter):
    """Puts the current request's id and route on a record (None outside a request). A
    filter on the handler, so records of every logger get them."""

    def filter(self, record: logging.LogRecord) -> bool:
        info = current.get()
        if info is not None:
            if getattr(record, "request_id", None) is None:
                record.request_id = info.id
            if getattr(record, "route", None) is None:
                record.route = info.route
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601 with milliseconds), level, logger,
    message, the request's fields where there are any, and the traceback of an error."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


_MARK = "_legaldesk_handler"


def configure(log_format: Literal["human", "json"]) -> None:
    """Set up this process's logging. ``human`` leaves it as it always was (in the web
    service Litestar's format, in the commands Python's; uvicorn's own lines); ``json`` sends every
    logger's records of level INFO and up to stderr as JSON lines, with the request's id,
    and one access line per request. Calling it again changes nothing."""
    access = logging.getLogger(ACCESS)
    if log_format != "json":
        # A line per request was never printed in the human format (uvicorn's access log
        # is off in `legaldesk serve`): a terminal is for warnings and errors.
        access.setLevel(logging.WARNING)
        return
    access.setLevel(logging.INFO)
    root = logging.getLogger()
    if any(getattr(h, _MARK, False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContext())
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # uvicorn's loggers write through their own handlers in their own format; in JSON
    # they go to the root's instead. Its access line is replaced by ours, which knows the
    # request's id and route.
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    uvicorn_access = logging.getLogger("uvicorn.access")
    uvicorn_access.handlers.clear()
    uvicorn_access.propagate = False
