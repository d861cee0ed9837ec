"""``legaldesk subscriptions …``: who subscribes to what, an official's information support
card set up from the terminal, what a subscriber was told of and why, and the digests sent
now (``legaldesk serve`` sends them by itself, from the indexing loop).

What these commands print is for the library's staff, so it is in Russian, through the web
interface's catalogue; ``--json`` gives the stored values for scripts.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from sqlmodel import Session, col, func, select

from legaldesk.cli.common import _repo, app, console, err, id_argument
from legaldesk.cli.speech import _, moment, russian, tr
from legaldesk.models import Rubric, Subscriber, SubscriptionItem, SubscriptionProfile, User
from legaldesk.subscriptions import jobs, subscribers
from legaldesk.subscriptions.subscribers import ProfileFields, SubscriptionError
from legaldesk.subscriptions.views import recent

subscriptions_app = typer.Typer(
    help="Subscriptions to new acts: subscribers, their profiles, what they were told of."
)
app.add_typer(subscriptions_app, name="subscriptions")

_FREQUENCY = {"immediate": "сразу", "daily": "раз в день", "weekly": "раз в неделю"}


def _fail(exc: Exception) -> None:
    err.print(f"[red]{escape(tr(str(exc)))}[/]", soft_wrap=True)
    raise typer.Exit(1)


def _address_state(s: Subscriber) -> str:
    if not s.email:
        return _("no address")
    if s.mail_stopped_at is not None:
        return _("%(email)s, unsubscribed from mail") % {"email": s.email}
    if s.email_confirmed_at is None:
        return _("%(email)s, not confirmed yet") % {"email": s.email}
    return s.email


def _filters(p: SubscriptionProfile, rubrics: dict[str, str]) -> str:
    if p.follow_document_id is not None:
        return _("follows act %(id)d") % {"id": p.follow_document_id}
    parts = [f"«{p.query}»"] if p.query else []
    parts += [
        f"{label}: {value}"
        for label, value in (
            (_("heading"), rubrics.get(p.rubric, p.rubric)),
            (_("issuer"), p.issuer),
            (_("type"), p.doc_type),
            (_("level"), p.level),
        )
        if value
    ]
    return "; ".join(parts)


@subscriptions_app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every subscriber with their subscriptions and how much they were told of."""
    russian()
    repo = _repo()
    with Session(repo.engine) as session:
        people = session.exec(select(Subscriber).order_by(col(Subscriber.id))).all()
        profiles = session.exec(
            select(SubscriptionProfile).order_by(col(SubscriptionProfile.id))
        ).all()
        counts = dict(
            session.exec(
                select(SubscriptionItem.subscriber_id, func.count()).group_by(
                    col(SubscriptionItem.subscriber_id)
                )
            ).all()
        )
        accounts = {u.id: u.username for u in session.exec(select(User)).all()}
        rubrics = {r.code: r.name_ru for r in session.exec(select(Rubric)).all()}
    repo.close()
    by_subscriber: dict[int, list[SubscriptionProfile]] = {}
    for p in profiles:
        by_subscriber.setdefault(p.subscriber_id, []).append(p)
    if as_json:
        out: list[dict[str, Any]] = [
            {
                "id": s.id,
                "name": s.name,
                "account": accounts.get(s.user_id) if s.user_id else None,
                "email": s.email,
                "confirmed": s.email_confirmed_at is not None,
                "mail_stopped": s.mail_stopped_at is not None,
                "items": counts.get(s.id or 0, 0),
                "profiles": [
                    {
                        "id": p.id,
                        "title": p.title,
                        "query": p.query,
                        "rubric": p.rubric,
                        "issuer": p.issuer,
                        "type": p.doc_type,
                        "level": p.level,
                        "follow": p.follow_document_id,
                        "frequency": p.frequency,
                        "active": p.active,
                    }
                    for p in by_subscriber.get(s.id or 0, [])
                ],
            }
            for s in people
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if not people:
        console.print(_("Nobody subscribes yet."))
        return
    for s in people:
        who = accounts.get(s.user_id) if s.user_id else _("resident or official")
        told = _("told of: %(n)d") % {"n": counts.get(s.id or 0, 0)}
        console.print(
            f"[bold]№ {s.id}[/] {escape(s.name)} · {escape(str(who))} · "
            f"{escape(_address_state(s))} · {told}",
            soft_wrap=True,
        )
        for p in by_subscriber.get(s.id or 0, []):
            paused = "" if p.active else " · " + _("paused")
            console.print(
                f"  {p.id}. {escape(p.title)} — {escape(_filters(p, rubrics))} · "
                f"{_FREQUENCY.get(p.frequency, p.frequency)}{paused}",
                soft_wrap=True,
            )


@subscriptions_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Who: «Петров П. П., депутат».")],
    email: Annotated[
        str | None, typer.Option(help="Their address: a confirmation goes to it.")
    ] = None,
    user: Annotated[str | None, typer.Option(help="Their staff account, if they have one.")] = None,
) -> None:
    """Set up a subscriber — an official's information support card."""
    russian()
    repo = _repo()
    try:
        user_id = None
        if user:
            with Session(repo.engine) as session:
                found = session.exec(select(User).where(User.username == user)).first()
            if found is None:
                _fail(ValueError(_("There is no account %(name)s.") % {"name": user}))
            user_id = found.id if found else None
        subscriber = subscribers.create(
            repo.engine,
            name,
            "cli",
            email=email,
            user_id=user_id,
            links=jobs.links_for(repo.settings),
        )
    except SubscriptionError as exc:
        _fail(exc)
    finally:
        repo.close()
    console.print(_("Subscriber № %(id)d added.") % {"id": subscriber.id})
    if email:
        console.print(_("A letter to confirm the address is in the outbox."))


@subscriptions_app.command("profile")
def profile(
    subscriber_id: Annotated[int, id_argument("The subscriber's number.")],
    query: Annotated[str, typer.Option("--query", "-q", help="Words to watch for.")] = "",
    rubric: Annotated[str, typer.Option(help="A subject heading's code.")] = "",
    issuer: Annotated[str, typer.Option(help="An issuing body, as search names it.")] = "",
    doc_type: Annotated[str, typer.Option("--type", help="A type of act's code.")] = "",
    level: Annotated[str, typer.Option(help="federal, regional or municipal.")] = "",
    follow: Annotated[int | None, typer.Option(help="An act to follow instead.")] = None,
    frequency: Annotated[str, typer.Option(help="immediate, daily or weekly.")] = "daily",
    title: Annotated[str, typer.Option(help="What to call it.")] = "",
) -> None:
    """Add a subscription: words and filters, or an act to follow."""
    russian()
    repo = _repo()
    fields = ProfileFields(
        title=title,
        query=query,
        doc_type=doc_type,
        level=level,
        issuer=issuer,
        rubric=rubric,
        frequency=frequency,
        follow_document_id=follow,
    )
    try:
        added = subscribers.add_profile(repo.engine, subscriber_id, fields, "cli")
    except SubscriptionError as exc:
        _fail(exc)
    finally:
        repo.close()
    console.print(
        _("Subscription %(id)d «%(title)s» added.") % {"id": added.id, "title": escape(added.title)}
    )


@subscriptions_app.command("items")
def items(
    subscriber_id: Annotated[int, id_argument("The subscriber's number.")],
    limit: Annotated[int, typer.Option(min=1)] = 20,
) -> None:
    """What the subscriber was told of, newest first, and why."""
    russian()
    repo = _repo()
    shown = recent(repo.engine, subscriber_id, limit)
    repo.close()
    if not shown:
        console.print(_("Nothing yet."))
        return
    for item in shown:
        mailed = (
            _("mailed %(at)s") % {"at": moment(item.mailed_at)}
            if item.mailed_at
            else _("not mailed")
        )
        title = f" «{item.act.title}»" if item.act.title else ""
        console.print(f"[bold]{escape(item.act.heading)}[/]{escape(title)}", soft_wrap=True)
        why = "; ".join(tr(w) for w in item.why)
        console.print(f"  {escape(why)} · {moment(item.created_at)} · {mailed}", soft_wrap=True)


@subscriptions_app.command("send")
def send() -> None:
    """Read the change log into the subscriptions and queue the digests that are due
    (the mail sender delivers them: `legaldesk mail send`)."""
    russian()
    repo = _repo()
    sent = jobs.run(repo.engine, repo.settings, tr)
    repo.close()
    console.print(
        _("Digests queued: %(letters)d, news in them: %(items)d.")
        % {"letters": len(sent), "items": sum(s.items for s in sent)}
    )
