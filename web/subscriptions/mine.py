"""A member of staff's own subscriptions (/staff/subscriptions): standing queries and
followed acts, the address the digests go to, the private feed, and what was found for them
— and following an act from its page. Every staff role subscribes; a deputy or an
employee above all. The account's subscriber is made on its first visit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from legaldesk.models import Subscriber, User
from legaldesk.repository import Repository
from legaldesk.subscriptions import subscribers, views
from legaldesk.subscriptions.subscribers import ProfileFields, SubscriptionError
from legaldesk.web.auth.guard import STAFF, StaffUser, staff
from legaldesk.web.forms import field, form_page
from legaldesk.web.params import Id
from legaldesk.web.state import Repo
from legaldesk.web.subscriptions import profiles
from legaldesk.web.subscriptions.profiles import ADDRESS_STATES, address_state

BASE = "/staff/subscriptions"


def _actor(user: User) -> str:
    return f"web:{user.username}"


def _page(
    request: Request[Any, Any, Any],
    repo: Repository,
    subscriber: Subscriber,
    draft: dict[str, str] | None = None,
    **outcome: Any,
) -> Template:
    assert subscriber.id is not None
    state = address_state(subscriber)
    context = {
        "subscriber": subscriber,
        "profiles": subscribers.profiles_of(repo.engine, subscriber.id),
        "items": views.recent(repo.engine, subscriber.id),
        "feed": profiles.links(request, repo).feed(subscriber),
        "state": state,
        "state_text": ADDRESS_STATES[state],
        "draft": draft or profiles.draft(request.query_params),
        "base": BASE,
        **profiles.choices(repo),
    }
    return form_page("subscriptions/mine.html", context, **outcome)


@get(BASE, name="my_subscriptions", **staff(*STAFF))
async def mine(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template:
    """The page; a search page's link prefills the new profile (?q=&rubric=…)."""
    return _page(request, repo, subscribers.of_user(repo.engine, user))


async def _acting(
    request: Request[Any, Any, Any],
    repo: Repository,
    user: User,
    action: Callable[[int], Awaitable[object]],
    anchor: str = "",
) -> Template | Redirect:
    subscriber = subscribers.of_user(repo.engine, user)
    assert subscriber.id is not None
    try:
        await action(subscriber.id)
    except SubscriptionError as exc:
        draft = profiles.draft(await request.form())
        subscriber = subscribers.of_user(repo.engine, user)
        return _page(request, repo, subscriber, draft, error=profiles.error_text(exc), status=400)
    return Redirect(BASE + anchor)


@post(BASE + "/profiles", name="my_subscription_add", **staff(*STAFF))
async def add(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template | Redirect:
    return await _acting(
        request, repo, user, lambda s: profiles.add(request, repo, s, _actor(user)), "#profiles"
    )


@post(BASE + "/profiles/{profile_id:int}", name="my_subscription_change", **staff(*STAFF))
async def change(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, profile_id: Id
) -> Template | Redirect:
    return await _acting(
        request, repo, user, lambda s: profiles.change(request, repo, s, profile_id), "#profiles"
    )


@post(BASE + "/mail", name="my_subscription_mail", **staff(*STAFF))
async def mail(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template | Redirect:
    return await _acting(request, repo, user, lambda s: profiles.mail(request, repo, s), "#mail")


@post(BASE + "/email", name="my_subscription_email", **staff(*STAFF))
async def email(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    """The address for the digests: unconfirmed until its owner follows the link sent."""

    async def save(subscriber_id: int) -> None:
        form = await request.form()
        subscribers.set_email(
            repo.engine,
            subscriber_id,
            field(form, "email", 320),
            _actor(user),
            profiles.links(request, repo),
        )

    return await _acting(request, repo, user, save, "#mail")


@post(BASE + "/key", name="my_subscription_key", **staff(*STAFF))
async def key(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template | Redirect:
    """New private links: the feed's old address stops working."""

    async def renew(subscriber_id: int) -> None:
        subscribers.renew_key(repo.engine, subscriber_id)

    return await _acting(request, repo, user, renew, "#mail")


@post(BASE + "/follow/{document_id:int}", name="follow_act", **staff(*STAFF))
async def follow(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, document_id: Id
) -> Template | Redirect:
    """«Следить за изменениями» on an act's page: back to the act, with a notice."""

    async def run(subscriber_id: int) -> None:
        subscribers.add_profile(
            repo.engine,
            subscriber_id,
            ProfileFields(follow_document_id=document_id, frequency="immediate"),
            _actor(user),
        )

    outcome = await _acting(request, repo, user, run)
    if isinstance(outcome, Redirect):
        return Redirect(f"/documents/{document_id}?followed=1")
    return outcome


ROUTES = [mine, add, change, mail, email, key, follow]
