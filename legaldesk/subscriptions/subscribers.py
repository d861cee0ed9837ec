"""Subscribers and their profiles: a member of staff subscribing in their workspace, a
librarian setting up an official's «information support card», a resident subscribing on
the public site with an address they confirm.

E-mail goes only to an address whose owner clicked the link sent to it, whoever typed it:
a librarian's typo or a stranger's form cannot make LegalDesk mail someone who did not ask.
A subscription added on the public site to an address already known waits, inactive, for
the same kind of confirmation, so nobody can load someone else's mailbox with digests.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from legaldesk.db import session_scope
from legaldesk.mail import InvalidAddress, enqueue, normalise_address
from legaldesk.messages import Msg
from legaldesk.models import (
    AuditEvent,
    Document,
    Rubric,
    Subscriber,
    SubscriptionItem,
    SubscriptionProfile,
    User,
)
from legaldesk.models.base import utcnow
from legaldesk.models.subscriptions import FREQUENCIES
from legaldesk.subscriptions.links import Links
from legaldesk.vocabulary import DocType, Level, act_heading_ru

MAX_PROFILES = 50  # a subscriber's profiles; a form posted in a loop stops here


class SubscriptionError(ValueError):
    """A form that cannot be saved; the message is a :class:`Msg`."""


@dataclass(frozen=True)
class ProfileFields:
    """A profile as a form gives it, cleaned by :func:`clean`."""

    title: str = ""
    query: str = ""
    doc_type: str = ""
    level: str = ""
    issuer: str = ""
    rubric: str = ""
    frequency: str = "daily"
    follow_document_id: int | None = None


def _line(value: str, limit: int) -> str:
    return " ".join(value.split())[:limit]


def clean(engine: Engine, fields: ProfileFields) -> ProfileFields:
    """The fields checked and tidied, or :class:`SubscriptionError` saying what is wrong."""
    cleaned = replace(
        fields,
        title=_line(fields.title, 300),
        query=_line(fields.query, 500),
        doc_type=fields.doc_type.strip(),
        level=fields.level.strip(),
        issuer=_line(fields.issuer, 300),
        rubric=fields.rubric.strip(),
    )
    if cleaned.frequency not in FREQUENCIES:
        raise SubscriptionError(Msg("choose how often to send the news"))
    if cleaned.doc_type and cleaned.doc_type not in {t.value for t in DocType}:
        raise SubscriptionError(Msg("there is no type of act «%(type)s»", type=cleaned.doc_type))
    if cleaned.level and cleaned.level not in {lv.value for lv in Level}:
        raise SubscriptionError(Msg("there is no level «%(level)s»", level=cleaned.level))
    with Session(engine) as session:
        if (
            cleaned.rubric
            and not session.exec(select(Rubric.id).where(Rubric.code == cleaned.rubric)).first()
        ):
            raise SubscriptionError(
                Msg("there is no subject heading «%(code)s»", code=cleaned.rubric)
            )
        if cleaned.follow_document_id is not None:
            act = session.get(Document, cleaned.follow_document_id)
            if act is None:
                raise SubscriptionError(
                    Msg("there is no act %(id)s", id=cleaned.follow_document_id)
                )
            if not cleaned.title:
                cleaned = replace(cleaned, title=_act_title(act))
            # A followed act is followed: words and filters would mean nothing beside it.
            return replace(cleaned, query="", doc_type="", level="", issuer="", rubric="")
        if cleaned.rubric and not cleaned.title:
            rubric = session.exec(select(Rubric).where(Rubric.code == cleaned.rubric)).one()
            cleaned = replace(cleaned, title=rubric.name_ru)
    if not (cleaned.query or cleaned.doc_type or cleaned.level or cleaned.issuer or cleaned.rubric):
        raise SubscriptionError(
            Msg("say what to follow: words, a subject heading, an issuer, a type or a level")
        )
    return replace(cleaned, title=cleaned.title or cleaned.query or cleaned.issuer)


def _act_title(act: Document) -> str:
    return _line(
        f"{act_heading_ru(act.doc_type, act.date_adopted, act.number)} {act.title or ''}", 300
    )


def _new_key() -> str:
    return secrets.token_urlsafe(24)


def of_user(engine: Engine, user: User) -> Subscriber:
    """The staff account's subscriber, made on first use."""
    assert user.id is not None
    with session_scope(engine) as session:
        found = session.exec(select(Subscriber).where(Subscriber.user_id == user.id)).first()
        if found is None:
            found = Subscriber(
                user_id=user.id,
                name=user.display_name or user.username,
                feed_key=_new_key(),
                created_by=user.username,
            )
            session.add(found)
            session.flush()
        session.refresh(found)
        session.expunge(found)
        return found


def create(
    engine: Engine,
    name: str,
    actor: str,
    email: str | None = None,
    user_id: int | None = None,
    links: Links | None = None,
) -> Subscriber:
    """A subscriber set up by a librarian (an official's card) or a resident; given an
    address, the confirmation link goes to it (``links`` writes it)."""
    address = _address(email) if email else None
    name = _line(name, 255)
    if not name and not address:
        raise SubscriptionError(Msg("give the subscriber's name or e-mail address"))
    with session_scope(engine) as session:
        if user_id is not None:
            if session.get(User, user_id) is None:
                raise SubscriptionError(Msg("there is no account %(id)s", id=user_id))
            if session.exec(select(Subscriber).where(Subscriber.user_id == user_id)).first():
                raise SubscriptionError(Msg("this account has its subscriptions already"))
        subscriber = Subscriber(
            name=name or (address or ""),
            email=address,
            user_id=user_id,
            feed_key=_new_key(),
            created_by=actor[:128],
        )
        session.add(subscriber)
        session.flush()
        session.add(
            AuditEvent(
                actor=actor[:128],
                action="subscriber_added",
                detail={"subscriber": subscriber.id, "name": subscriber.name},
            )
        )
        if address and links is not None:
            _send_confirmation(session, subscriber, links)
        session.flush()
        session.refresh(subscriber)
        session.expunge(subscriber)
        return subscriber


def _address(email: str) -> str:
    try:
        return normalise_address(email)
    except InvalidAddress as exc:
        raise SubscriptionError(str(exc)) from exc


def set_email(engine: Engine, subscriber_id: int, email: str, actor: str, links: Links) -> bool:
    """Give the subscriber an address (or another one): unconfirmed until its owner follows
    the link sent to it. Whether a confirmation went (not for the address they have)."""
    address = _address(email) if email.strip() else None
    with session_scope(engine) as session:
        subscriber = _get(session, subscriber_id)
        if address == subscriber.email:
            return False
        subscriber.email = address
        subscriber.email_confirmed_at = None
        session.add(subscriber)
        session.add(
            AuditEvent(
                actor=actor[:128], action="subscriber_email", detail={"subscriber": subscriber_id}
            )
        )
        if address is None:
            return False
        _send_confirmation(session, subscriber, links)
        return True


def _send_confirmation(session: Session, subscriber: Subscriber, links: Links) -> None:
    assert subscriber.email is not None
    text = (
        "Здравствуйте!\n\n"
        "Этот адрес указан для рассылки новых правовых актов центра правовой информации "
        f"библиотеки ({subscriber.name}).\n\n"
        "Чтобы получать письма, подтвердите адрес по ссылке:\n"
        f"{links.confirm(subscriber)}\n\n"
        "Если вы ничего не заказывали, просто не отвечайте на это письмо: без подтверждения "
        "писем не будет.\n"
    )
    enqueue(
        session,
        subscriber.email,
        "Подтвердите адрес для рассылки новых правовых актов",
        text,
        kind="subscription_confirm",
        ref=f"subscriber:{subscriber.id}",
    )


def confirm_email(engine: Engine, subscriber_id: int) -> Subscriber:
    """The owner followed the link: their address is confirmed (the link was checked)."""
    with session_scope(engine) as session:
        subscriber = _get(session, subscriber_id)
        if subscriber.email and subscriber.email_confirmed_at is None:
            subscriber.email_confirmed_at = utcnow()
            subscriber.mail_stopped_at = None
            session.add(subscriber)
        session.flush()
        session.refresh(subscriber)
        session.expunge(subscriber)
        return subscriber


def stop_mail(engine: Engine, subscriber_id: int) -> None:
    """One-click unsubscribe: no more e-mail; the profiles, the feed and the list stay."""
    with session_scope(engine) as session:
        subscriber = _get(session, subscriber_id)
        if subscriber.mail_stopped_at is None:
            subscriber.mail_stopped_at = utcnow()
            session.add(subscriber)


def resume_mail(engine: Engine, subscriber_id: int) -> None:
    with session_scope(engine) as session:
        subscriber = _get(session, subscriber_id)
        subscriber.mail_stopped_at = None
        session.add(subscriber)


def add_profile(
    engine: Engine,
    subscriber_id: int,
    fields: ProfileFields,
    actor: str,
    active: bool = True,
) -> SubscriptionProfile:
    cleaned = clean(engine, fields)
    with session_scope(engine) as session:
        subscriber = _get(session, subscriber_id)
        count = len(
            session.exec(
                select(SubscriptionProfile.id).where(
                    SubscriptionProfile.subscriber_id == subscriber_id
                )
            ).all()
        )
        if count >= MAX_PROFILES:
            raise SubscriptionError(
                Msg("a subscriber may have at most %(n)d subscriptions", n=MAX_PROFILES)
            )
        if cleaned.follow_document_id is not None:
            same = session.exec(
                select(SubscriptionProfile).where(
                    SubscriptionProfile.subscriber_id == subscriber_id,
                    SubscriptionProfile.follow_document_id == cleaned.follow_document_id,
                )
            ).first()
            if same is not None:  # following twice is following
                same.active = same.active or active
                same.frequency = cleaned.frequency
                session.add(same)
                session.flush()
                session.refresh(same)
                session.expunge(same)
                return same
        profile = SubscriptionProfile(
            subscriber_id=subscriber_id,
            title=cleaned.title,
            query=cleaned.query,
            doc_type=cleaned.doc_type,
            level=cleaned.level,
            issuer=cleaned.issuer,
            rubric=cleaned.rubric,
            follow_document_id=cleaned.follow_document_id,
            frequency=cleaned.frequency,
            active=active,
            created_by=actor[:128],
        )
        session.add(profile)
        session.flush()
        if actor != (subscriber.created_by or ""):
            session.add(
                AuditEvent(
                    actor=actor[:128],
                    action="subscription_added",
                    detail={"subscriber": subscriber_id, "profile": profile.id},
                )
            )
        session.refresh(profile)
        session.expunge(profile)
        return profile


def update_profile(
    engine: Engine, subscriber_id: int, profile_id: int, fields: ProfileFields
) -> SubscriptionProfile:
    cleaned = clean(engine, fields)
    with session_scope(engine) as session:
        profile = _profile(session, subscriber_id, profile_id)
        for name in ("title", "query", "doc_type", "level", "issuer", "rubric", "frequency"):
            setattr(profile, name, getattr(cleaned, name))
        session.add(profile)
        session.flush()
        session.refresh(profile)
        session.expunge(profile)
        return profile


def set_active(engine: Engine, subscriber_id: int, profile_id: int, active: bool) -> None:
    with session_scope(engine) as session:
        profile = _profile(session, subscriber_id, profile_id)
        profile.active = active
        session.add(profile)


def remove_profile(engine: Engine, subscriber_id: int, profile_id: int) -> None:
    """The profile and what it told of: the subscriber's record goes with the profile."""
    with session_scope(engine) as session:
        _profile(session, subscriber_id, profile_id)
        session.execute(
            delete(SubscriptionItem).where(col(SubscriptionItem.profile_id) == profile_id)
        )
        session.execute(
            delete(SubscriptionProfile).where(col(SubscriptionProfile.id) == profile_id)
        )


def renew_key(engine: Engine, subscriber_id: int) -> Subscriber:
    """A new ``feed_key``: the private feed's address and every link sent before (manage,
    unsubscribe, confirm) stop working — for a link that went where it should not."""
    with session_scope(engine) as session:
        subscriber = _get(session, subscriber_id)
        subscriber.feed_key = _new_key()
        session.add(subscriber)
        session.flush()
        session.refresh(subscriber)
        session.expunge(subscriber)
        return subscriber


def forget(engine: Engine, subscriber_id: int, actor: str) -> None:
    """The subscriber, their address, profiles and what they were told of, erased — on
    their own request from their page, or a librarian's. The audit trail keeps that it was
    done and by whom, not the address. Letters already in the outbox still go."""
    with session_scope(engine) as session:
        _get(session, subscriber_id)
        session.execute(
            delete(SubscriptionItem).where(col(SubscriptionItem.subscriber_id) == subscriber_id)
        )
        session.execute(
            delete(SubscriptionProfile).where(
                col(SubscriptionProfile.subscriber_id) == subscriber_id
            )
        )
        session.execute(delete(Subscriber).where(col(Subscriber.id) == subscriber_id))
        session.add(
            AuditEvent(
                actor=actor[:128], action="subscriber_erased", detail={"subscriber": subscriber_id}
            )
        )


def get(engine: Engine, subscriber_id: int) -> Subscriber | None:
    with Session(engine) as session:
        found = session.get(Subscriber, subscriber_id)
        if found is not None:
            session.expunge(found)
        return found


def profiles_of(engine: Engine, subscriber_id: int) -> list[SubscriptionProfile]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(SubscriptionProfile)
                .where(SubscriptionProfile.subscriber_id == subscriber_id)
                .order_by(col(SubscriptionProfile.id))
            ).all()
        )


def subscribe_on_site(
    engine: Engine, email: str, fields: ProfileFields, links: Links
) -> Subscriber:
    """A resident's form on the public site: a new address gets its subscriber and
    profile, and the confirmation of the address; an address already known gets the
    profile inactive, with a link to confirm it — the form's sender may not be its owner.
    Says the same either way, so the form does not tell whether an address subscribes."""
    address = _address(email)
    cleaned = clean(engine, fields)
    with Session(engine) as session:
        known = session.exec(
            select(Subscriber).where(Subscriber.email == address, col(Subscriber.user_id).is_(None))
        ).first()
    if known is None:
        subscriber = create(engine, address, "site", email=address, links=links)
        assert subscriber.id is not None
        add_profile(engine, subscriber.id, cleaned, "site")
        return subscriber
    assert known.id is not None
    profile = add_profile(engine, known.id, cleaned, "site", active=False)
    assert profile.id is not None
    with session_scope(engine) as session:
        enqueue(
            session,
            address,
            "Подтвердите новую подписку на правовые акты",
            "Здравствуйте!\n\n"
            f"На сайте библиотеки для этого адреса заказана подписка «{profile.title}».\n\n"
            f"Чтобы её включить, перейдите по ссылке:\n{links.add(known, profile.id)}\n\n"
            "Если вы её не заказывали, не отвечайте на это письмо: подписка останется "
            "выключенной.\n",
            kind="subscription_confirm",
            ref=f"subscriber:{known.id}",
        )
    return known


@dataclass(frozen=True)
class RosterRow:
    """A subscriber as the librarian's list shows them."""

    subscriber: Subscriber
    username: str | None  # their staff account; None for a resident or an official without one
    profiles: list[SubscriptionProfile]
    items: int
    last_mailed_at: datetime | None


def roster(engine: Engine) -> list[RosterRow]:
    """Every subscriber with their profiles, how many acts they were told of and when the
    last digest went, in the order they came."""
    with Session(engine) as session:
        rows = session.exec(
            select(Subscriber, User.username)
            .join(User, col(User.id) == col(Subscriber.user_id), isouter=True)
            .order_by(col(Subscriber.id))
        ).all()
        profiles: dict[int, list[SubscriptionProfile]] = {}
        for profile in session.exec(
            select(SubscriptionProfile).order_by(col(SubscriptionProfile.id))
        ).all():
            profiles.setdefault(profile.subscriber_id, []).append(profile)
        counts = {
            subscriber_id: (int(n), last)
            for subscriber_id, n, last in session.exec(
                select(
                    SubscriptionItem.subscriber_id,
                    func.count(col(SubscriptionItem.id)),
                    func.max(SubscriptionItem.mailed_at),
                ).group_by(col(SubscriptionItem.subscriber_id))
            ).all()
        }
        out = []
        for subscriber, username in rows:
            assert subscriber.id is not None
            n, last = counts.get(subscriber.id, (0, None))
            out.append(RosterRow(subscriber, username, profiles.get(subscriber.id, []), n, last))
        return out


def _get(session: Session, subscriber_id: int) -> Subscriber:
    subscriber = session.get(Subscriber, subscriber_id)
    if subscriber is None:
        raise SubscriptionError(Msg("there is no subscriber %(id)s", id=subscriber_id))
    return subscriber


def _profile(session: Session, subscriber_id: int, profile_id: int) -> SubscriptionProfile:
    profile = session.get(SubscriptionProfile, profile_id)
    if profile is None or profile.subscriber_id != subscriber_id:
        raise SubscriptionError(Msg("there is no such subscription"))
    return profile
