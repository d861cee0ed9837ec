"""The links a subscriber follows without signing in: confirming an address, confirming a
subscription added to a known address, managing one's subscriptions, unsubscribing in one
click, and the private feed.

Each is signed with the site's key (legaldesk/signing.py) over its purpose, the subscriber
and the subscriber's ``feed_key``: a new feed key (``renew_key``) voids every link sent
before, and a link for one purpose or one subscriber is worth nothing for another. The
confirmation of an address also signs the address, so it confirms only the address it was
sent to.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from legaldesk.models import Subscriber
from legaldesk.signing import check, sign

PREFIX = "/subscriptions"


@dataclass(frozen=True)
class Links:
    """Absolute links for one subscriber: ``base`` is the configured public address."""

    base: str
    secret: str

    def _path(self, subscriber: Subscriber, purpose: str, *parts: object) -> str:
        assert subscriber.id is not None
        token = sign(self.secret, purpose, subscriber.id, subscriber.feed_key, *parts)
        # An address may hold «/», «?», «#» or «%»: quoted, it stays one part of the path.
        tail = "/".join(quote(str(p), safe="@+") for p in parts)
        middle = f"/{tail}" if tail else ""
        return f"{self.base.rstrip('/')}{PREFIX}/{subscriber.id}/{purpose}{middle}/{token}"

    def confirm(self, subscriber: Subscriber) -> str:
        return self._path(subscriber, "confirm", subscriber.email or "")

    def add(self, subscriber: Subscriber, profile_id: int) -> str:
        return self._path(subscriber, "add", profile_id)

    def manage(self, subscriber: Subscriber) -> str:
        return self._path(subscriber, "manage")

    def unsubscribe(self, subscriber: Subscriber) -> str:
        return self._path(subscriber, "unsubscribe")

    def feed(self, subscriber: Subscriber) -> str:
        assert subscriber.id is not None
        return f"{self.base.rstrip('/')}{PREFIX}/{subscriber.id}/feed/{subscriber.feed_key}.atom"


def valid(secret: str, subscriber: Subscriber, purpose: str, token: str, *parts: object) -> bool:
    """Whether ``token`` is this subscriber's link for ``purpose`` (and ``parts``)."""
    if purpose == "confirm":
        parts = (subscriber.email or "",)
    return check(secret, token, purpose, subscriber.id, subscriber.feed_key, *parts)
