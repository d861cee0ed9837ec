"""A queued message as the e-mail that goes on the wire."""

from __future__ import annotations

from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from legaldesk.mail.outbox import Claimed

# CRLF line ends and at most 78 characters a line, as SMTP wants them; 7-bit so that the
# library encodes a Russian body (base64 or quoted-printable, whichever is shorter) instead
# of sending 8-bit bytes a server without 8BITMIME may mangle. Headers outside ASCII are
# encoded words (RFC 2047), which every mail client reads.
WIRE = policy.SMTP.clone(cte_type="7bit")


def envelope_sender(from_header: str) -> str:
    """The bare address of a From header (``Центр <cpi@library.ru>`` → ``cpi@library.ru``)."""
    parsed = EmailMessage(policy=policy.default)
    parsed["From"] = from_header
    addresses: tuple[Address, ...] = parsed["From"].addresses
    if len(addresses) != 1 or not addresses[0].addr_spec or "@" not in addresses[0].addr_spec:
        raise ValueError(f"LEGALDESK_SMTP_FROM is not one address: {from_header!r}")
    return addresses[0].addr_spec


def build(message: Claimed, from_header: str) -> EmailMessage:
    """The e-mail of a queued message: UTF-8 text (and HTML beside it when there is some),
    dated when it was queued — when it was written — and with a Message-ID that every
    attempt repeats."""
    email = EmailMessage(policy=WIRE)
    email["From"] = from_header
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    domain = envelope_sender(from_header).rpartition("@")[2]
    email["Message-ID"] = f"<{message.token}@{domain}>"
    # Sent by a program: vacation replies and other robots do not answer it (RFC 3834).
    email["Auto-Submitted"] = "auto-generated"
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.text, charset="utf-8")
    if message.html is not None:
        email.add_alternative(message.html, subtype="html", charset="utf-8")
    return email
