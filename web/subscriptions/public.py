"""«Подписаться на новые акты» on the public site (/subscribe): a resident gives an address
and what to follow — words and filters, prefilled from a search (?q=&rubric=&issuer=&type=
&level=), or an act (?follow=) — and is told a confirmation letter went. The page says the
same whether the address was known or not (legaldesk/subscriptions/subscribers.py
``subscribe_on_site``), so the form does not tell who subscribes.

A public form (web/antispam.py): CSRF for a visitor without a session, the honeypot and the
stamp, sizes, and a rate per client address counted once the form is valid."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from legaldesk.catalogue import act
from legaldesk.mail import InvalidAddress, normalise_address
from legaldesk.ratelimit import Rate
from legaldesk.repository import Repository
from legaldesk.subscriptions import subscribers
from legaldesk.subscriptions.subscribers import SubscriptionError
from legaldesk.web import antispam
from legaldesk.web.acts.publication import may_see
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.state import Repo
from legaldesk.web.subscriptions import profiles

FORM = antispam.PublicForm("subscribe", rate=Rate(5, timedelta(hours=1)))
MAX_EMAIL = 254
MAX_QUERY = 500


def _followed(request: Request[Any, Any, Any], repo: Repository, value: Any) -> Any:
    """The act to follow, if the reader may see it (an act not published is «not found»)."""
    document_id = profiles.follow_id(value)
    if document_id is None:
        return None
    view = act(repo.engine, document_id)
    return view if view is not None and may_see(request, view.publication) else None


def _page(
    request: Request[Any, Any, Any],
    repo: Repository,
    values: Any,
    problems: list[str] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    draft = profiles.draft(values)
    draft["email"] = str(values.get("email") or "")[: MAX_EMAIL + 100]
    context = {
        "draft": draft,
        "follow": _followed(request, repo, values.get("follow")),
        "problems": problems or [],
        **profiles.choices(repo),
    }
    return Template(
        "subscriptions/subscribe.html", context=context, status_code=status, headers=headers
    )


@get("/subscribe", name="subscribe_page")
async def subscribe_page(request: Request[Any, Any, Any], repo: Repo) -> Template:
    return _page(request, repo, request.query_params)


@post("/subscribe", name="subscribe_send", request_max_body_size=antispam.BODY_LIMIT)
async def subscribe_send(
    request: Request[Any, Any, Any],
    repo: Repo,
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Template:
    """Subscribe and say a confirmation letter went; a form that cannot be taken comes back
    with what is wrong and what was typed, nothing saved."""
    try:
        if not FORM.screen(request, data):  # a robot: answered as if accepted
            return Template("subscriptions/sent.html")
        email = antispam.text(
            data, "email", label=_("Your e-mail address"), limit=MAX_EMAIL, lines=False
        )
        antispam.text(data, "q", label=_("Words"), limit=MAX_QUERY, required=False, lines=False)
        follow = None
        if str(data.get("follow") or "").strip():
            followed = _followed(request, repo, data.get("follow"))
            if followed is None:
                raise SubscriptionError(_("There is no such act to follow."))
            follow = followed.id
        fields = subscribers.clean(repo.engine, profiles.fields(data, follow))
        normalise_address(email)
        FORM.admit(repo, request)
        subscribers.subscribe_on_site(repo.engine, email, fields, profiles.links(request, repo))
    except antispam.Refused as refused:
        return _page(request, repo, data, [refused.message], refused.status, refused.headers)
    except (SubscriptionError, InvalidAddress) as exc:
        return _page(request, repo, data, [tr(exc.args[0]) if exc.args else str(exc)], 400)
    return Template("subscriptions/sent.html")


ROUTES = [subscribe_page, subscribe_send]
