"""Staff accounts, for administrators: add one, change a role, a name or the right to sign
in, set a new password for someone who forgot theirs, lift a sign-in lock, sign someone out
everywhere. Every change is written to the audit trail by the domain functions called."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from legaldesk.accounts import throttle
from legaldesk.accounts.sessions import open_session_counts
from legaldesk.accounts.signin import recent_attempts
from legaldesk.accounts.users import (
    UserError,
    create_user,
    end_sessions_of,
    get_any_user,
    list_users,
    reset_password,
    update_user,
)
from legaldesk.models import ROLES
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import ADMINS, StaffUser, staff
from legaldesk.web.auth.passwords import password_work
from legaldesk.web.auth.sessions import sign_in
from legaldesk.web.forms import field, form_page
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import ngettext, tr
from legaldesk.web.params import Id
from legaldesk.web.state import Repo


def _users(repo: Repository, **outcome: Any) -> Template:
    """The accounts page with the outcome of the last action (``forms.Outcome``), and the
    form as it was sent when it was refused."""
    context = {
        "users": list_users(repo.engine),
        "roles": ROLES,
        "locks": throttle.locks(repo.engine),
        "sessions": open_session_counts(repo.engine),
        "attempts": recent_attempts(repo.engine),
        "draft": {},
    }
    return form_page("accounts/users.html", context, **outcome)


@get("/staff/users", name="users", **staff(*ADMINS))
async def users_page(repo: Repo) -> Template:
    return _users(repo)


@post("/staff/users", name="user_add", **staff(*ADMINS))
async def user_add(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template:
    """A new account with a first password the person changes after signing in."""
    form = await request.form()
    draft = {k: field(form, k) for k in ("username", "display_name", "role")}
    try:
        made = await password_work(
            create_user,
            repo.engine,
            draft["username"],
            str(form.get("password") or ""),
            draft["role"],
            draft["display_name"],
            actor=f"web:{user.username}",
        )
    except UserError as exc:
        return _users(repo, error=tr(exc.args[0]), status=400, draft=draft)
    return _users(repo, message=_("Account %(name)s is created.") % {"name": made.username})


@post("/staff/users/{user_id:int}", name="user_change", **staff(*ADMINS))
async def user_change(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, user_id: Id
) -> Template:
    """Role, name and access of an account; another role or a switched-off account ends the
    person's sessions at once."""
    form = await request.form()
    try:
        changed = update_user(
            repo.engine,
            user_id,
            f"web:{user.username}",
            role=field(form, "role", 16) or None,
            active=form.get("active") == "on",
            display_name=field(form, "display_name"),
        )
    except UserError as exc:
        return _users(repo, error=tr(exc.args[0]), status=400)
    if user.id == user_id and changed.active:
        sign_in(request, changed)  # one's own role changed: a new session with the new rights
    return _users(repo, message=_("Account %(name)s is saved.") % {"name": changed.username})


@post("/staff/users/{user_id:int}/password", name="user_password", **staff(*ADMINS))
async def user_password(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, user_id: Id
) -> Template:
    form = await request.form()
    password = str(form.get("password") or "")
    try:
        await password_work(reset_password, repo.engine, user_id, password, f"web:{user.username}")
    except UserError as exc:
        return _users(repo, error=tr(exc.args[0]), status=400)
    if user.id == user_id:
        sign_in(request, user)  # the administrator reset their own password: stays signed in
    return _users(repo, message=_("The new password is set."))


@post("/staff/users/{user_id:int}/unlock", name="user_unlock", **staff(*ADMINS))
async def user_unlock(repo: Repo, user_id: Id) -> Template:
    """Lift a sign-in lock (someone typed wrong passwords for this name)."""
    account = get_any_user(repo.engine, user_id)
    if account is None:
        return _users(repo, error=_("There is no such account."), status=404)
    throttle.unlock(repo.engine, account.username)
    message = _("Signing in is open again for %(name)s.") % {"name": account.username}
    return _users(repo, message=message)


@post("/staff/users/{user_id:int}/sessions/end", name="user_sessions_end", **staff(*ADMINS))
async def user_sessions_end(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, user_id: Id
) -> Template:
    """Sign someone out everywhere (a computer left signed in, a lost phone)."""
    try:
        ended = end_sessions_of(repo.engine, user_id, f"web:{user.username}")
    except UserError as exc:
        return _users(repo, error=tr(exc.args[0]), status=404)
    if user.id == user_id:
        sign_in(request, user)  # everywhere else, not here
    message = ngettext("%(num)d session ended.", "%(num)d sessions ended.", ended) % {"num": ended}
    return _users(repo, message=message)


ROUTES = [users_page, user_add, user_change, user_password, user_unlock, user_sessions_end]
