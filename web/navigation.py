"""The staff's menu, built from what each role may open: an entry names a route, and a role
sees it only when that route's guard admits the role. An entry may narrow the roles further
(«/staff» is the review queue for librarians and the workspace for employees), never widen
them: the application refuses to start with such an entry, so the menu cannot offer a link
its guard would answer with 403."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Litestar

from legaldesk.models import CLIENTS
from legaldesk.web.auth.guard import FILERS
from legaldesk.web.i18n import N_


@dataclass(frozen=True)
class Entry:
    route: str  # the route handler's name
    label: str  # an English message, translated where shown
    roles: tuple[str, ...] | None = None  # narrower than the route's, when given


ENTRIES = (
    Entry("staff_home", N_("My questions"), CLIENTS),
    Entry("my_dossiers", N_("My dossiers")),
    Entry("my_subscriptions", N_("My subscriptions")),
    Entry("desk", N_("Reference desk")),
    Entry("qa_staff", N_("Questions and answers")),
    Entry("dossiers", N_("Dossiers")),
    Entry("lists", N_("Bibliographic lists")),
    Entry("subscribers", N_("Subscribers")),
    Entry("desk_stats", N_("Desk statistics")),
    Entry("desk_people", N_("Requesters' personal data")),
    Entry("describe", N_("Describe a source")),
    Entry("staff_home", N_("Review queue"), FILERS),
    Entry("upload_page", N_("Upload documents")),
    Entry("clipping_form", N_("File a press clipping")),
    Entry("sources", N_("Sources")),
    Entry("issuers_staff", N_("Authority file of issuing bodies")),
    Entry("users", N_("Users")),
    Entry("rubrics_admin", N_("Subject headings")),
    Entry("thesaurus", N_("Thesaurus")),
    Entry("desk_settings", N_("Desk settings")),
    Entry("status", N_("State of the service")),
    Entry("password_page", N_("Change password")),
)


@dataclass(frozen=True)
class Link:
    path: str
    label: str
    roles: frozenset[str]


def roles_of(app: Litestar, route: str) -> frozenset[str]:
    """The roles a named route's guard admits (none for an unknown or public route)."""
    found = app.get_handler_index_by_name(route)
    if found is None:
        return frozenset()
    return frozenset(found["handler"].opt.get("roles", ()))


def build(app: Litestar) -> list[Link]:
    links = []
    for entry in ENTRIES:
        admitted = roles_of(app, entry.route)
        if not admitted:
            raise RuntimeError(f"the staff menu names {entry.route!r}, which no guard admits")
        roles = frozenset(entry.roles) if entry.roles is not None else admitted
        if not roles <= admitted:
            raise RuntimeError(
                f"the staff menu offers {entry.route!r} to {sorted(roles - admitted)}"
            )
        links.append(Link(app.route_reverse(entry.route), entry.label, roles))
    return links


def may(app: Litestar, route: str, role: str | None) -> bool:
    """Whether ``role`` may open the named route (templates ask before they link to one)."""
    return role is not None and role in roles_of(app, route)
