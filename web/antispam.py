"""What stands between a public form (the ask form, and any later one) and robots or a
flood, besides CSRF (auth/csrf.py, which also serves visitors without a session).

A form declares itself once as a :class:`PublicForm` and uses four pieces:

- ``{{ antispam_fields("ask") }}`` in its template: a *honeypot* field (hidden by the
  stylesheet, so people leave it empty and robots that fill every field do not) and a
  *stamp*, the signed moment the form was shown;
- :meth:`PublicForm.screen` first in its POST handler: a filled honeypot answers False —
  the handler then answers as if the form was accepted and saves nothing (a robot told
  it was caught only learns to avoid the field), and it is logged; a stamp that is
  missing, forged or older than ``max_age`` is refused (:class:`Refused`), as is a form sent
  sooner than ``min_seconds`` after it was shown (no person reads and fills it that fast;
  the page shown again has a new stamp, so a person who was that fast just sends it
  again);
- :func:`text` for each text field: whitespace tidied, and a field longer than its limit
  refused with a message that says which field and by how much, never cut silently;
- :meth:`PublicForm.admit` last, when the submission is valid and about to be saved: at
  most ``rate.count`` submissions per client address per ``rate.per``, counted in the
  database (legaldesk/ratelimit.py) so every worker sees the same count; a person who
  got a field wrong is not charged for it. IPv6 clients are counted by their /64 network,
  which one household or one attacker holds whole.

The route itself sets ``request_max_body_size=antispam.BODY_LIMIT``: a public form is a
few kilobytes, and an anonymous client may not make the server read more.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import math
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from litestar.connection import ASGIConnection
from markupsafe import Markup, escape

from legaldesk import ratelimit
from legaldesk.ratelimit import Rate
from legaldesk.repository import Repository
from legaldesk.typed import keepable
from legaldesk.web.auth.sessions import client_address
from legaldesk.web.i18n import N_, gettext, ngettext, wait_text

log = logging.getLogger(__name__)

HONEYPOT = "website"  # a name robots fill in gladly; the real forms have no such field
STAMP = "_form_stamp"
BODY_LIMIT = 64 * 1024
STALE = N_("This form is out of date. Please send it again.")
TOO_FAST = N_("The form was sent too quickly after it opened. Please check it and send it again.")
TOO_MANY = N_("Too many messages from your address. Please try again in %(wait)s.")


class Refused(Exception):
    """A submission refused with a message for the person who sent it (translated), the
    status to answer with and, for a rate limit, the seconds to wait."""

    def __init__(self, message: str, status: int = 400, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after else {}


def _secret(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    secret: str = connection.app.state.secret_key
    return secret


def _sign(secret: str, form: str, issued: int) -> str:
    message = f"form-stamp|{form}|{issued}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def stamp(secret: str, form: str, issued: float) -> str:
    """The stamp of ``form`` shown at ``issued`` (seconds since the epoch)."""
    milliseconds = int(issued * 1000)
    return f"{milliseconds}.{_sign(secret, form, milliseconds)}"


def stamped_at(secret: str, form: str, value: str) -> float | None:
    """When the form carrying ``value`` was shown; None for a stamp this site did not
    sign for this form."""
    issued, _dot, signature = value.partition(".")
    if not (issued.isascii() and issued.isdigit()) or len(issued) > 15:  # «²» is a digit
        return None
    if not hmac.compare_digest(signature, _sign(secret, form, int(issued))):
        return None
    return int(issued) / 1000


def address_key(address: str) -> str:
    """A client address as it is counted: IPv4 whole, IPv6 by its /64 network."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # an IPv4 client of a dual-stack socket
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


@dataclass(frozen=True)
class PublicForm:
    """A public form's protection. ``name`` keys its stamps and its rate limit."""

    name: str
    rate: Rate = field(default_factory=lambda: Rate(5, timedelta(hours=1)))
    min_seconds: float = 3.0
    max_age: timedelta = timedelta(hours=12)

    def screen(
        self, request: ASGIConnection[Any, Any, Any, Any], form: Any, now: float | None = None
    ) -> bool:
        """False when a robot filled the honeypot (answer as if accepted, save nothing);
        :class:`Refused` for a stamp that is missing, forged, too old or too young."""
        now = time.time() if now is None else now
        if str(form.get(HONEYPOT) or "").strip():
            log.warning(
                "form %s from %s dropped: the hidden field was filled",
                self.name,
                client_address(request),
            )
            return False
        issued = stamped_at(_secret(request), self.name, str(form.get(STAMP) or ""))
        if issued is None or now - issued > self.max_age.total_seconds() or issued > now + 60:
            raise Refused(gettext(STALE))
        if now - issued < self.min_seconds:
            log.info("form %s from %s sent too fast", self.name, client_address(request))
            raise Refused(gettext(TOO_FAST))
        return True

    def admit(
        self,
        repo: Repository,
        request: ASGIConnection[Any, Any, Any, Any],
        now: float | None = None,
    ) -> None:
        """Count this submission against the client's address; :class:`Refused` (429,
        with the wait) when the address has used its allowance."""
        key = f"form:{self.name}:{address_key(client_address(request))}"
        wait = ratelimit.take(repo.engine, key, self.rate, now=now)
        if wait is not None:
            log.info("form %s: %s is over its rate", self.name, key)
            raise Refused(
                gettext(TOO_MANY) % {"wait": wait_text(wait)},
                status=429,
                retry_after=max(1, math.ceil(wait.total_seconds())),
            )


@pass_context
def antispam_fields(context: Context, form: str) -> Markup:
    """``{{ antispam_fields("ask") }}`` inside a public form: the honeypot and the stamp."""
    request = context.get("request")
    if request is None:
        return Markup("")
    value = stamp(_secret(request), form, time.time())
    label = gettext("Leave this field empty")
    return Markup(
        '<div class="hp" aria-hidden="true"><label for="hp-%(form)s">%(label)s</label>'
        '<input type="text" id="hp-%(form)s" name="%(honeypot)s" value="" tabindex="-1" '
        'autocomplete="off"></div><input type="hidden" name="%(stamp_name)s" value="%(stamp)s">'
    ) % {
        "form": escape(form),
        "label": label,
        "honeypot": HONEYPOT,
        "stamp_name": STAMP,
        "stamp": value,
    }


def text(
    form: Any, name: str, *, label: str, limit: int, required: bool = True, lines: bool = True
) -> str:
    """The field ``name`` tidied: line ends as \\n, control characters and the spaces
    around it gone (``lines=False``: one line, runs of whitespace as one space).
    :class:`Refused` when it is empty but ``required``, or longer than ``limit`` characters
    — never cut: a question cut short would be answered wrong. ``label`` is the field's
    name as the page shows it."""
    value = keepable(str(form.get(name) or "").replace("\r\n", "\n").replace("\r", "\n"))
    value = value.strip() if lines else " ".join(value.split())
    if required and not value:
        raise Refused(gettext("Please fill in «%(label)s».") % {"label": label})
    if len(value) > limit:
        raise Refused(
            ngettext(
                "«%(label)s» may be at most %(num)d character long; it is %(length)d. "
                "Please shorten it.",
                "«%(label)s» may be at most %(num)d characters long; it is %(length)d. "
                "Please shorten it.",
                limit,
            )
            % {"label": label, "num": limit, "length": len(value)}
        )
    return value
