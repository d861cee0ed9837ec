"""Signing in and out, and changing one's own password.

A sign-in is throttled before anything is hashed (``legaldesk.accounts.throttle``), checked
in the password thread, written to the audit trail either way, and opens a new session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from legaldesk.accounts import signin, throttle
from legaldesk.accounts.users import UserError, change_password
from legaldesk.web.auth.guard import STAFF, StaffUser, staff
from legaldesk.web.auth.passwords import password_work
from legaldesk.web.auth.sessions import client_address, sign_in, sign_out
from legaldesk.web.forms import safe_next
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr, wait_text
from legaldesk.web.state import Repo

# A login form is a few hundred bytes; an anonymous client may not make the server read more.
LOGIN_BODY = 16 * 1024


@dataclass
class LoginForm:
    username: str = ""
    password: str = ""
    next: str = "/staff"


@get("/login", name="login")
async def login_page(request: Request[Any, Any, Any]) -> Template:
    return Template(
        "auth/login.html", context={"next": safe_next(request.query_params.get("next"))}
    )


@post("/login", name="login_post", request_max_body_size=LOGIN_BODY)
async def login(
    request: Request[Any, Any, Any],
    repo: Repo,
    data: Annotated[LoginForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Template | Redirect:
    address = client_address(request)
    name = data.username.strip().lower()[:64]
    context: dict[str, Any] = {"next": safe_next(data.next), "username": name}
    held = signin.refused(repo.engine, name, address)
    if held is not None and held.wait is not None:
        message = (
            _("Too many failed attempts: signing in is locked. Try again in %(wait)s.")
            if held.locked
            else _("Too many failed attempts. Try again in %(wait)s.")
        )
        context["error"] = message % {"wait": wait_text(held.wait)}
        seconds = str(max(1, math.ceil(held.wait.total_seconds())))
        return Template(
            "auth/login.html", context=context, status_code=429, headers={"Retry-After": seconds}
        )
    policy = throttle.Policy.from_settings(repo.settings)
    result = await password_work(signin.attempt, repo.engine, policy, name, data.password, address)
    if result.user is None:
        context["error"] = _("Wrong user name or password.")
        return Template("auth/login.html", context=context, status_code=400)
    sign_in(request, result.user)
    return Redirect(safe_next(data.next))


@post("/logout", name="logout", **staff(*STAFF))
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    sign_out(request)
    return Redirect("/")


@dataclass
class PasswordForm:
    current: str = ""
    new: str = ""
    repeat: str = ""


@get("/staff/password", name="password_page", **staff(*STAFF))
async def password_page() -> Template:
    return Template("auth/password.html")


@post("/staff/password", name="password", **staff(*STAFF))
async def password(
    request: Request[Any, Any, Any],
    repo: Repo,
    user: StaffUser,
    data: Annotated[PasswordForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Template:
    """A new password ends every session of its owner (a browser left signed in elsewhere
    among them); this browser gets a fresh one and stays signed in."""
    assert user.id is not None
    error = None
    if data.new != data.repeat:
        error = _("The new password and its repetition differ.")
    else:
        try:
            await password_work(change_password, repo.engine, user.id, data.current, data.new)
        except UserError as exc:
            error = tr(exc.args[0])
        else:
            sign_in(request, user)
    context = {"error": error, "done": error is None}
    return Template("auth/password.html", context=context, status_code=400 if error else 200)


ROUTES = [login_page, login, logout, password_page, password]
