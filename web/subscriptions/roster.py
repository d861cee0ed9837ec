"""The librarian's list of subscribers (/staff/subscribers): who subscribes to what, and the
«карта информационного обеспечения» of an official — a subscriber the centre sets up with
their name, address and, when they have one, staff account, and whose profiles it keeps.
Residents' addresses are personal data: these pages are for librarians and administrators."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from legaldesk.accounts.users import list_users
from legaldesk.models import User
from legaldesk.repository import Repository
from legaldesk.subscriptions import subscribers, views
from legaldesk.subscriptions.subscribers import SubscriptionError
from legaldesk.web.auth.guard import FILERS, StaffUser, staff
from legaldesk.web.forms import field, form_page, whole
from legaldesk.web.i18n import gettext as _
from legaldesk.web.params import Id
from legaldesk.web.state import Repo
from legaldesk.web.subscriptions import profiles
from legaldesk.web.subscriptions.profiles import (
    ADDRESS_STATES,
    ADDRESS_STATES_SHORT,
    address_state,
)


def _actor(user: User) -> str:
    return f"web:{user.username}"


def _list_page(repo: Repository, draft: dict[str, str] | None = None, **outcome: Any) -> Template:
    rows = subscribers.roster(repo.engine)
    context = {
        "rows": rows,
        "states": {r.subscriber.id: address_state(r.subscriber) for r in rows},
        "state_texts": ADDRESS_STATES_SHORT,
        "accounts": list_users(repo.engine),
        "draft": draft or {},
        **profiles.choices(repo),
    }
    return form_page("subscriptions/roster.html", context, **outcome)


@get("/staff/subscribers", name="subscribers", **staff(*FILERS))
async def roster(repo: Repo) -> Template:
    return _list_page(repo)


@post("/staff/subscribers", name="subscriber_add", **staff(*FILERS))
async def add_subscriber(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    """An official's card: their name, address and staff account, if any; the address gets
    its confirmation letter."""
    form = await request.form()
    draft = {name: field(form, name, 320) for name in ("name", "email", "user_id")}
    account = draft["user_id"]
    try:
        if account and whole(account) is None:
            raise SubscriptionError(_("Choose the account from the list."))
        made = subscribers.create(
            repo.engine,
            draft["name"],
            _actor(user),
            email=draft["email"] or None,
            user_id=whole(account),
            links=profiles.links(request, repo),
        )
    except SubscriptionError as exc:
        return _list_page(repo, draft, error=profiles.error_text(exc), status=400)
    return Redirect(f"/staff/subscribers/{made.id}")


def _card_page(
    request: Request[Any, Any, Any],
    repo: Repository,
    subscriber_id: int,
    draft: dict[str, str] | None = None,
    **outcome: Any,
) -> Template:
    subscriber = subscribers.get(repo.engine, subscriber_id)
    if subscriber is None:
        raise NotFoundException(_("There is no such subscriber."))
    state = address_state(subscriber)
    account = None
    if subscriber.user_id is not None:
        account = next((u for u in list_users(repo.engine) if u.id == subscriber.user_id), None)
    context = {
        "subscriber": subscriber,
        "account": account,
        "profiles": subscribers.profiles_of(repo.engine, subscriber_id),
        "items": views.recent(repo.engine, subscriber_id),
        "feed": profiles.links(request, repo).feed(subscriber),
        "state": state,
        "state_text": ADDRESS_STATES[state],
        "draft": draft or {},
        "base": f"/staff/subscribers/{subscriber_id}",
        **profiles.choices(repo),
    }
    return form_page("subscriptions/card.html", context, **outcome)


@get("/staff/subscribers/{subscriber_id:int}", name="subscriber", **staff(*FILERS))
async def card(request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id) -> Template:
    return _card_page(request, repo, subscriber_id)


async def _acting(
    request: Request[Any, Any, Any],
    repo: Repository,
    subscriber_id: int,
    action: Callable[[], Awaitable[object]],
    anchor: str,
) -> Template | Redirect:
    if subscribers.get(repo.engine, subscriber_id) is None:
        raise NotFoundException(_("There is no such subscriber."))
    try:
        await action()
    except SubscriptionError as exc:
        draft = profiles.draft(await request.form())
        return _card_page(
            request, repo, subscriber_id, draft, error=profiles.error_text(exc), status=400
        )
    return Redirect(f"/staff/subscribers/{subscriber_id}{anchor}")


@post(
    "/staff/subscribers/{subscriber_id:int}/profiles",
    name="subscriber_profile_add",
    **staff(*FILERS),
)
async def add_profile(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, subscriber_id: Id
) -> Template | Redirect:
    return await _acting(
        request,
        repo,
        subscriber_id,
        lambda: profiles.add(request, repo, subscriber_id, _actor(user)),
        "#profiles",
    )


@post(
    "/staff/subscribers/{subscriber_id:int}/profiles/{profile_id:int}",
    name="subscriber_profile_change",
    **staff(*FILERS),
)
async def change_profile(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, profile_id: Id
) -> Template | Redirect:
    return await _acting(
        request,
        repo,
        subscriber_id,
        lambda: profiles.change(request, repo, subscriber_id, profile_id),
        "#profiles",
    )


@post("/staff/subscribers/{subscriber_id:int}/mail", name="subscriber_mail", **staff(*FILERS))
async def mail(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id
) -> Template | Redirect:
    return await _acting(
        request, repo, subscriber_id, lambda: profiles.mail(request, repo, subscriber_id), "#mail"
    )


@post("/staff/subscribers/{subscriber_id:int}/email", name="subscriber_email", **staff(*FILERS))
async def email(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, subscriber_id: Id
) -> Template | Redirect:
    async def save() -> None:
        form = await request.form()
        subscribers.set_email(
            repo.engine,
            subscriber_id,
            field(form, "email", 320),
            _actor(user),
            profiles.links(request, repo),
        )

    return await _acting(request, repo, subscriber_id, save, "#mail")


@post("/staff/subscribers/{subscriber_id:int}/erase", name="subscriber_erase", **staff(*FILERS))
async def erase(repo: Repo, user: StaffUser, subscriber_id: Id) -> Redirect:
    """A subscriber erased with their address (a resident asked the library to)."""
    if subscribers.get(repo.engine, subscriber_id) is None:
        raise NotFoundException(_("There is no such subscriber."))
    subscribers.forget(repo.engine, subscriber_id, _actor(user))
    return Redirect("/staff/subscribers")


ROUTES = [roster, add_subscriber, card, add_profile, change_profile, mail, email, erase]
