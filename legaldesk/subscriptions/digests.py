"""E-mail digests: what each subscriber was told of and not yet mailed, one letter per
subscriber per pass, through the outbox (legaldesk/mail) — so a letter exists exactly when
its items are marked mailed, in one transaction, and a mail server that is down loses
nothing: the outbox retries it.

A profile's items are due at once (``immediate``), a day after its last letter (``daily``)
or a week after (``weekly``). Mail goes only to a confirmed address that has not
unsubscribed, and only what was found after the address was confirmed: the feed and the
workspace list show the rest. Each letter carries the one-click unsubscribe link (RFC 8058:
``List-Unsubscribe`` with ``List-Unsubscribe-Post``), the page to manage the subscriptions
and the private feed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.mail import enqueue
from legaldesk.models import Subscriber, SubscriptionItem, SubscriptionProfile
from legaldesk.models.base import utcnow
from legaldesk.subscriptions.links import Links
from legaldesk.subscriptions.views import ItemView, views

EVERY = {"immediate": timedelta(0), "daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A daily letter written a few minutes earlier than yesterday's still goes today: the job
# runs every minute or so, and its turns drift.
SLACK = timedelta(minutes=30)
MAX_ITEMS = 200  # a letter longer than this sends the rest in the next one
Translate = Callable[[str], str]


@dataclass(frozen=True)
class Sent:
    subscriber_id: int
    message_id: int
    items: int


def _due(profile: SubscriptionProfile, now: datetime) -> bool:
    every = EVERY.get(profile.frequency, EVERY["daily"])
    last = profile.last_sent_at or profile.created_at
    return every == timedelta(0) or now - last >= every - SLACK


def pending(engine: Engine) -> dict[int, list[SubscriptionItem]]:
    """Unmailed items of subscribers mail may go to, by subscriber."""
    with Session(engine) as session:
        rows = session.exec(
            select(SubscriptionItem, Subscriber)
            .join(Subscriber, col(Subscriber.id) == col(SubscriptionItem.subscriber_id))
            .where(
                col(SubscriptionItem.mailed_at).is_(None),
                col(Subscriber.email).is_not(None),
                col(Subscriber.email_confirmed_at).is_not(None),
                col(Subscriber.mail_stopped_at).is_(None),
                col(SubscriptionItem.created_at) >= col(Subscriber.email_confirmed_at),
            )
            .order_by(col(SubscriptionItem.id))
        ).all()
    out: dict[int, list[SubscriptionItem]] = {}
    for item, _ in rows:
        out.setdefault(item.subscriber_id, []).append(item)
    return out


def send_due(
    engine: Engine, links: Links, translate: Translate, now: datetime | None = None
) -> list[Sent]:
    """Queue every digest that is due; what was queued."""
    now = now or utcnow()
    sent: list[Sent] = []
    for subscriber_id, items in pending(engine).items():
        with session_scope(engine) as session:
            subscriber = session.get(Subscriber, subscriber_id)
            if subscriber is None or subscriber.email is None:
                continue
            profile_ids = sorted({i.profile_id for i in items})
            profiles = {
                p.id: p
                for p in session.exec(
                    select(SubscriptionProfile).where(col(SubscriptionProfile.id).in_(profile_ids))
                ).all()
            }
            due = [
                i
                for i in items
                if (p := profiles.get(i.profile_id)) is not None and p.active and _due(p, now)
            ][:MAX_ITEMS]
            if not due:
                continue
            shown = views(engine, due)
            if not shown:
                continue
            message = enqueue(
                session,
                subscriber.email,
                subject(len(shown)),
                letter(subscriber, shown, links, translate),
                kind="subscription_digest",
                ref=f"subscriber:{subscriber_id}",
                headers={
                    "List-Unsubscribe": f"<{links.unsubscribe(subscriber)}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            assert message.id is not None
            mailed = {v.id for v in shown} | {i.id for i in due}
            for item in session.exec(
                select(SubscriptionItem).where(col(SubscriptionItem.id).in_(sorted(mailed)))
            ).all():
                item.mailed_at = now
                item.message_id = message.id
                session.add(item)
            for profile_id in {i.profile_id for i in due}:
                profile = profiles[profile_id]
                profile.last_sent_at = now
                session.add(profile)
            sent.append(Sent(subscriber_id, message.id, len(shown)))
    return sent


def _acts(n: int) -> str:
    """«1 новый акт», «3 новых акта», «5 новых актов»."""
    tens, ones = n % 100, n % 10
    if ones == 1 and tens != 11:
        return f"{n} новость"
    if 2 <= ones <= 4 and not 12 <= tens <= 14:
        return f"{n} новости"
    return f"{n} новостей"


def subject(count: int) -> str:
    return f"Правовые акты по вашим подпискам: {_acts(count)}"


def letter(
    subscriber: Subscriber, items: Sequence[ItemView], links: Links, translate: Translate
) -> str:
    """The digest's text: new acts by subscription, then changes of acts followed."""
    base = links.base.rstrip("/")
    lines = [f"Здравствуйте, {subscriber.name}!" if subscriber.name else "Здравствуйте!", ""]
    new = [i for i in items if i.reason == "new"]
    changed = [i for i in items if i.reason != "new"]
    number = 0
    for heading, group in (
        ("Новые акты по вашим подпискам", new),
        ("Изменения в актах, за которыми вы следите", changed),
    ):
        if not group:
            continue
        lines += [f"{heading}:", ""]
        for item in group:
            number += 1
            title = f" «{item.act.title}»" if item.act.title else ""
            lines.append(f"{number}. {item.act.heading}{title}")
            lines.append("   " + "; ".join(translate(w) for w in item.why) + ".")
            lines.append(f"   {base}/documents/{item.act.id}")
            if item.by is not None:
                lines.append(f"   {base}/documents/{item.by.id}")
            lines.append("")
    lines += [
        "—",
        f"Управлять подписками: {links.manage(subscriber)}",
        f"Лента Atom с теми же новостями: {links.feed(subscriber)}",
        f"Отписаться от писем: {links.unsubscribe(subscriber)}",
        "",
    ]
    return "\n".join(lines)
