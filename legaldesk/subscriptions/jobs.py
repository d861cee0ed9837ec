"""The digest job: after the subscriptions consumer has read the change log, queue the
digests that are due. It runs in the indexing loop's turns (``legaldesk index --follow``,
which ``legaldesk serve`` starts), at most every ``interval`` seconds, and by
``legaldesk subscriptions send``."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy.engine import Engine

from legaldesk.config import Settings
from legaldesk.signing import secret_key
from legaldesk.subscriptions import consumer, digests
from legaldesk.subscriptions.links import Links

DIGEST_EVERY = 60.0  # seconds between passes: «immediate» means within a minute or so


def links_for(settings: Settings) -> Links:
    """Links from the configured public address (never a request's Host header)."""
    return Links(settings.resolved_public_url, secret_key(settings))


def run(engine: Engine, settings: Settings, translate: digests.Translate) -> list[digests.Sent]:
    """Read the change log into subscriptions, then queue the due digests."""
    consumer.follow(engine)
    return digests.send_due(engine, links_for(settings), translate)


def every(
    engine: Engine,
    settings: Settings,
    translate: digests.Translate,
    interval: float = DIGEST_EVERY,
) -> Callable[[], object]:
    """A task for the indexing loop's turns: digests at most every ``interval`` s."""
    last = [float("-inf")]

    def turn() -> object:
        now = time.monotonic()
        if now - last[0] < interval:
            return None
        last[0] = now
        return digests.send_due(engine, links_for(settings), translate)

    return turn
