"""Who may open a staff page: every staff handler says which roles it admits, and one guard
checks them. ``staff(*roles)`` is what a handler's decorator takes::

    @get("/staff/upload", name="upload_page", **staff(*FILERS))
    async def upload_page(user: StaffUser) -> Template: ...

The signed-in user is resolved once per request (``AuthMiddleware``) and handed to the
handler as its ``user`` parameter. The access-matrix test walks the application's route
table: a route that is neither public by name nor guarded fails the suite.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection, Request
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from legaldesk.models import ROLES, User
from legaldesk.web.auth.sessions import current_user
from legaldesk.web.i18n import N_

STAFF = ROLES
FILERS = ("admin", "librarian")
ADMINS = ("admin",)
# A staff handler's parameter ``user: StaffUser`` is the signed-in user.
StaffUser = NamedDependency[User]


def staff_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    roles = handler.opt.get("roles")
    if not roles:  # a staff route that forgot to say who may use it: nobody may
        raise PermissionDeniedException(N_("This page declares no roles."))
    user = current_user(connection)
    if user is None:
        raise NotAuthorizedException(N_("Please log in."))
    if user.role not in roles:
        raise PermissionDeniedException(N_("Your role does not allow this."))


def staff(*roles: str) -> dict[str, Any]:
    """The decorator arguments of a staff route admitting ``roles``."""
    return {"guards": [staff_guard], "opt": {"roles": roles}}


def is_guarded(handler: BaseRouteHandler) -> bool:
    return staff_guard in (handler.guards or [])


def signed_in_user(request: Request[Any, Any, Any]) -> User:
    """The ``user`` dependency: the guard has let the request in, so there is one."""
    user = current_user(request)
    if user is None:
        raise NotAuthorizedException(N_("Please log in."))
    return user
