"""The pages a subscriber opens from a letter without signing in, at the addresses
legaldesk/subscriptions/links.py signs: confirming the address, switching on a subscription
added to a known address, managing one's subscriptions, unsubscribing in one click, and the
private Atom feed.

The signed token in the path is the proof; a token that is not this subscriber's for this
purpose answers 404, as does a subscriber who does not exist — the two are not told apart.
The pages carry the token in their address, so they are kept out of caches, robots and the
Referer header."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter
from litestar.response import Redirect, Template

from legaldesk.models import Subscriber, SubscriptionProfile
from legaldesk.repository import Repository
from legaldesk.subscriptions import feed as atom
from legaldesk.subscriptions import subscribers, views
from legaldesk.subscriptions.links import PREFIX, valid
from legaldesk.subscriptions.subscribers import SubscriptionError
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.params import Id
from legaldesk.web.state import Repo, public_url
from legaldesk.web.subscriptions import profiles
from legaldesk.web.subscriptions.profiles import ADDRESS_STATES, address_state

Token = Annotated[str, PathParameter(max_length=64)]
PRIVATE = {
    "cache-control": "no-store",
    "x-robots-tag": "noindex, nofollow",
    "referrer-policy": "no-referrer",
}
# No CSRF token on these routes (web/auth/csrf.py): the signed token in the path is the proof.
SIGNED = {"signed_link": True}


def _signed(
    request: Request[Any, Any, Any],
    repo: Repository,
    subscriber_id: int,
    purpose: str,
    token: str,
    *parts: object,
) -> Subscriber:
    subscriber = subscribers.get(repo.engine, subscriber_id)
    if subscriber is None or not valid(
        request.app.state.secret_key, subscriber, purpose, token, *parts
    ):
        raise NotFoundException(
            _("This link does not work. Please check that it was copied whole.")
        )
    return subscriber


def _page(template: str, context: dict[str, Any], **outcome: Any) -> Template:
    status = outcome.pop("status", 200)
    page = {"message": None, "error": None, **context, **outcome}
    return Template(template, context=page, status_code=status, headers=PRIVATE)


@get(PREFIX + "/{subscriber_id:int}/confirm/{rest:path}", name="subscription_confirm_page")
async def confirm_page(
    request: Request[Any, Any, Any],
    repo: Repo,
    subscriber_id: Id,
    rest: Annotated[str, PathParameter(max_length=500)],
) -> Template:
    """One button, as for unsubscribing: mail scanners open the links of a letter, and an
    address must be confirmed by its owner, not by a scanner. The address in the link is
    for the reader: the token signs the address the subscriber has now."""
    token = rest.rstrip("/").rpartition("/")[2][:64]
    subscriber = _signed(request, repo, subscriber_id, "confirm", token)
    return _page("subscriptions/confirmed.html", {"subscriber": subscriber, "done": False})


@post(
    PREFIX + "/{subscriber_id:int}/confirm/{rest:path}",
    name="subscription_confirm",
    opt=SIGNED,
    request_max_body_size=4096,
)
async def confirm(
    request: Request[Any, Any, Any],
    repo: Repo,
    subscriber_id: Id,
    rest: Annotated[str, PathParameter(max_length=500)],
) -> Template:
    """The address confirmed; the page links to the subscriber's own page."""
    token = rest.rstrip("/").rpartition("/")[2][:64]
    subscriber = _signed(request, repo, subscriber_id, "confirm", token)
    confirmed = subscribers.confirm_email(repo.engine, subscriber_id)
    links = profiles.links(request, repo)
    return _page(
        "subscriptions/confirmed.html",
        {"subscriber": confirmed, "done": True, "manage": links.manage(subscriber)},
    )


@get(
    PREFIX + "/{subscriber_id:int}/add/{profile_id:int}/{token:str}",
    name="subscription_add_page",
)
async def add_page(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, profile_id: Id, token: Token
) -> Template:
    """One button (see confirm_page)."""
    _signed(request, repo, subscriber_id, "add", token, profile_id)
    profile = _profile_of(repo, subscriber_id, profile_id)
    return _page("subscriptions/added.html", {"profile": profile, "done": False})


def _profile_of(repo: Repository, subscriber_id: int, profile_id: int) -> SubscriptionProfile:
    found = [p for p in subscribers.profiles_of(repo.engine, subscriber_id) if p.id == profile_id]
    if not found:  # deleted since the letter went
        raise NotFoundException(_("There is no such subscription."))
    return found[0]


@post(
    PREFIX + "/{subscriber_id:int}/add/{profile_id:int}/{token:str}",
    name="subscription_add",
    opt=SIGNED,
    request_max_body_size=4096,
)
async def add(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, profile_id: Id, token: Token
) -> Template:
    """A subscription ordered on the site for an address already known, switched on by the
    address's owner."""
    subscriber = _signed(request, repo, subscriber_id, "add", token, profile_id)
    profile = _profile_of(repo, subscriber_id, profile_id)
    subscribers.set_active(repo.engine, subscriber_id, profile_id, True)
    links = profiles.links(request, repo)
    return _page(
        "subscriptions/added.html",
        {"profile": profile, "done": True, "manage": links.manage(subscriber)},
    )


def _manage_page(
    request: Request[Any, Any, Any],
    repo: Repository,
    subscriber: Subscriber,
    draft: dict[str, str] | None = None,
    **outcome: Any,
) -> Template:
    assert subscriber.id is not None
    links = profiles.links(request, repo)
    state = address_state(subscriber)
    manage = links.manage(subscriber)
    context = {
        "subscriber": subscriber,
        "profiles": subscribers.profiles_of(repo.engine, subscriber.id),
        "items": views.recent(repo.engine, subscriber.id),
        "feed": links.feed(subscriber),
        "state": state,
        "state_text": ADDRESS_STATES[state],
        "draft": draft or {},
        # Forms post to this site's own path, whatever the configured public address.
        "base": manage.removeprefix(public_url(repo)),
        **profiles.choices(repo),
    }
    return _page("subscriptions/manage.html", context, **outcome)


@get(PREFIX + "/{subscriber_id:int}/manage/{token:str}", name="subscription_manage")
async def manage(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, token: Token
) -> Template:
    return _manage_page(request, repo, _signed(request, repo, subscriber_id, "manage", token))


async def _acting(
    request: Request[Any, Any, Any],
    repo: Repository,
    subscriber_id: int,
    token: str,
    action: Callable[[], Awaitable[object]],
    anchor: str,
) -> Template | Redirect:
    subscriber = _signed(request, repo, subscriber_id, "manage", token)
    try:
        await action()
    except SubscriptionError as exc:
        draft = profiles.draft(await request.form())
        return _manage_page(
            request, repo, subscriber, draft, error=profiles.error_text(exc), status=400
        )
    base = profiles.links(request, repo).manage(subscriber).removeprefix(public_url(repo))
    return Redirect(base + anchor)


@post(PREFIX + "/{subscriber_id:int}/manage/{token:str}/profiles", name="subscription_manage_add")
async def manage_add(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, token: Token
) -> Template | Redirect:
    """A resident adds a subscription on their own page: the link proves the address."""
    return await _acting(
        request,
        repo,
        subscriber_id,
        token,
        lambda: profiles.add(request, repo, subscriber_id, "site"),
        "#profiles",
    )


@post(
    PREFIX + "/{subscriber_id:int}/manage/{token:str}/profiles/{profile_id:int}",
    name="subscription_manage_change",
)
async def manage_change(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, token: Token, profile_id: Id
) -> Template | Redirect:
    return await _acting(
        request,
        repo,
        subscriber_id,
        token,
        lambda: profiles.change(request, repo, subscriber_id, profile_id),
        "#profiles",
    )


@post(PREFIX + "/{subscriber_id:int}/manage/{token:str}/mail", name="subscription_manage_mail")
async def manage_mail(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, token: Token
) -> Template | Redirect:
    return await _acting(
        request,
        repo,
        subscriber_id,
        token,
        lambda: profiles.mail(request, repo, subscriber_id),
        "#mail",
    )


@post(PREFIX + "/{subscriber_id:int}/manage/{token:str}/key", name="subscription_key")
async def key(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, token: Token
) -> Redirect:
    """New private links; the page moves to its new address (the old one is void)."""
    _signed(request, repo, subscriber_id, "manage", token)
    renewed = subscribers.renew_key(repo.engine, subscriber_id)
    manage = profiles.links(request, repo).manage(renewed).removeprefix(public_url(repo))
    return Redirect(manage + "#mail")


@post(PREFIX + "/{subscriber_id:int}/manage/{token:str}/erase", name="subscription_erase")
async def erase(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, token: Token
) -> Template:
    """A resident erases their address and subscriptions (the form carries its CSRF token,
    as every form of the page does)."""
    _signed(request, repo, subscriber_id, "manage", token)
    subscribers.forget(repo.engine, subscriber_id, "site")
    return _page("subscriptions/erased.html", {})


@get(PREFIX + "/{subscriber_id:int}/unsubscribe/{token:str}", name="unsubscribe_page")
async def unsubscribe_page(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, token: Token
) -> Template:
    """One button: a link opened by a mail scanner unsubscribes nobody."""
    subscriber = _signed(request, repo, subscriber_id, "unsubscribe", token)
    return _page("subscriptions/unsubscribe.html", {"subscriber": subscriber, "done": False})


@post(
    PREFIX + "/{subscriber_id:int}/unsubscribe/{token:str}",
    name="unsubscribe",
    opt=SIGNED,
    request_max_body_size=4096,
)
async def unsubscribe(
    request: Request[Any, Any, Any], repo: Repo, subscriber_id: Id, token: Token
) -> Template:
    """RFC 8058 one-click unsubscribe: the mail client POSTs «List-Unsubscribe=One-Click»
    to the address of the letter's List-Unsubscribe header — no CSRF token, no cookie; the
    page's own button posts here too."""
    subscriber = _signed(request, repo, subscriber_id, "unsubscribe", token)
    subscribers.stop_mail(repo.engine, subscriber_id)
    links = profiles.links(request, repo)
    return _page(
        "subscriptions/unsubscribe.html",
        {"subscriber": subscriber, "done": True, "manage": links.manage(subscriber)},
    )


@get(PREFIX + "/{subscriber_id:int}/feed/{name:str}", name="subscription_feed")
async def feed(
    repo: Repo, subscriber_id: Id, name: Annotated[str, PathParameter(max_length=80)]
) -> Response[bytes]:
    """The private Atom feed: the newest items, each saying why. The key is compared in
    constant time; a wrong one is «not found», like a subscriber who does not exist."""
    subscriber = subscribers.get(repo.engine, subscriber_id)
    key = name.removesuffix(".atom")
    if (
        subscriber is None
        or not name.endswith(".atom")
        or not hmac.compare_digest(key.encode(), subscriber.feed_key.encode())
    ):
        raise NotFoundException(_("There is no such feed."))
    base = public_url(repo)
    body = atom.render(
        base,
        subscriber_id,
        f"{base}{PREFIX}/{subscriber_id}/feed/{subscriber.feed_key}.atom",
        _("New legal acts for %(name)s") % {"name": subscriber.name},
        repo.settings.library_name or _("Legal information centre"),
        views.recent(repo.engine, subscriber_id, limit=atom.SHOWN),
        tr,
        subscriber.created_at,
    )
    return Response(
        body,
        media_type="application/atom+xml; charset=utf-8",
        headers={"x-robots-tag": "noindex, nofollow", "cache-control": "private, no-cache"},
    )


ROUTES = [
    confirm_page,
    confirm,
    add_page,
    add,
    manage,
    manage_add,
    manage_change,
    manage_mail,
    erase,
    key,
    unsubscribe_page,
    unsubscribe,
    feed,
]
