"""The profile form every subscriptions page shares — words and the search page's filters,
or one followed act, and how often to write — read from a request, and the changes a
subscriber's page makes to its profiles and its mail. A refusal is a
:class:`SubscriptionError` whose message the page shows in the reader's language."""

from __future__ import annotations

from typing import Any

from litestar import Request

from legaldesk.messages import Msg
from legaldesk.models import Subscriber
from legaldesk.models.subscriptions import FREQUENCIES
from legaldesk.repository import Repository
from legaldesk.subscriptions import subscribers
from legaldesk.subscriptions.links import Links
from legaldesk.subscriptions.subscribers import ProfileFields, SubscriptionError
from legaldesk.vocabulary import DOC_TYPE_LABELS_EN, DOC_TYPE_LABELS_RU
from legaldesk.web import i18n
from legaldesk.web.forms import field, whole
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import N_, tr
from legaldesk.web.labels import LEVELS
from legaldesk.web.state import public_url

FREQUENCY_LABELS = {
    "immediate": N_("as soon as found"),
    "daily": N_("once a day"),
    "weekly": N_("once a week"),
}
assert tuple(FREQUENCY_LABELS) == FREQUENCIES
# The parameters of the search page a profile takes, by the form's (and the URL's) names.
SEARCH_FIELDS = (("q", 500), ("rubric", 64), ("issuer", 300), ("type", 64), ("level", 16))


def links(request: Request[Any, Any, Any], repo: Repository) -> Links:
    """Links from the configured public address, never the request's Host header."""
    return Links(public_url(repo), request.app.state.secret_key)


def error_text(exc: SubscriptionError) -> str:
    return tr(exc.args[0]) if exc.args else str(exc)


def choices(repo: Repository) -> dict[str, Any]:
    """What the profile form offers: the headings, the types, the levels, the frequencies."""
    return {
        "rubrics": heading_names(repo),
        "types": DOC_TYPE_LABELS_RU if i18n.current() == "ru" else DOC_TYPE_LABELS_EN,
        "levels": LEVELS,
        "frequencies": FREQUENCY_LABELS,
    }


def draft(values: Any) -> dict[str, str]:
    """The form as it was typed, or as a search page's link prefills it."""
    out = {name: field(values, name, limit) for name, limit in SEARCH_FIELDS}
    out["frequency"] = field(values, "frequency", 16)
    out["title"] = field(values, "title", 300)
    return out


def fields(values: Any, follow: int | None = None) -> ProfileFields:
    typed = draft(values)
    return ProfileFields(
        title=typed["title"],
        query=typed["q"],
        doc_type=typed["type"],
        level=typed["level"],
        issuer=typed["issuer"],
        rubric=typed["rubric"],
        frequency=typed["frequency"] or "daily",
        follow_document_id=follow,
    )


def follow_id(value: Any) -> int | None:
    return whole(value)


async def add(
    request: Request[Any, Any, Any], repo: Repository, subscriber_id: int, actor: str
) -> None:
    form = await request.form()
    subscribers.add_profile(repo.engine, subscriber_id, fields(form), actor)


async def change(
    request: Request[Any, Any, Any], repo: Repository, subscriber_id: int, profile_id: int
) -> None:
    """One profile's form: ``do`` saves it, pauses it, resumes it or deletes it."""
    form = await request.form()
    profile = next(
        (p for p in subscribers.profiles_of(repo.engine, subscriber_id) if p.id == profile_id),
        None,
    )
    if profile is None:
        raise SubscriptionError(Msg("there is no such subscription"))
    do = field(form, "do", 16)
    if do in ("pause", "resume"):
        subscribers.set_active(repo.engine, subscriber_id, profile_id, do == "resume")
    elif do == "delete":
        subscribers.remove_profile(repo.engine, subscriber_id, profile_id)
    elif do == "save":
        if profile.follow_document_id is not None:  # a followed act: only how often
            changed = ProfileFields(
                title=profile.title,
                frequency=field(form, "frequency", 16),
                follow_document_id=profile.follow_document_id,
            )
        else:
            changed = fields(form)
        subscribers.update_profile(repo.engine, subscriber_id, profile_id, changed)
    else:
        raise SubscriptionError(Msg("choose what to do with the subscription"))


async def mail(request: Request[Any, Any, Any], repo: Repository, subscriber_id: int) -> None:
    """Mail on (``on=1``) or off (``on=0``)."""
    form = await request.form()
    on = field(form, "on", 1)
    if on == "1":
        subscribers.resume_mail(repo.engine, subscriber_id)
    elif on == "0":
        subscribers.stop_mail(repo.engine, subscriber_id)
    else:
        raise SubscriptionError(Msg("choose whether to send letters"))


def address_state(subscriber: Subscriber) -> str:
    """none, unconfirmed, confirmed or stopped (unsubscribed from letters)."""
    if not subscriber.email:
        return "none"
    if subscriber.email_confirmed_at is None:
        return "unconfirmed"
    return "stopped" if subscriber.mail_stopped_at is not None else "confirmed"


ADDRESS_STATES = {
    "none": N_("no address: news only on this page and in the feed"),
    "unconfirmed": N_("not confirmed yet: follow the link in the letter sent to it"),
    "confirmed": N_("confirmed: the news come by e-mail"),
    "stopped": N_("unsubscribed from letters: the news only on this page and in the feed"),
}
# The same, short, for the librarian's list.
ADDRESS_STATES_SHORT = {
    "none": N_("no address"),
    "unconfirmed": N_("not confirmed"),
    "confirmed": N_("confirmed"),
    "stopped": N_("unsubscribed from letters"),
}
