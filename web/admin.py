"""What only an administrator does in the workspace: staff accounts (add, role, switch off,
reset a forgotten password) and the subject headings (add, rename, remove an unused one).
Every change is written to the audit trail by the domain functions it calls."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.datastructures import State
from litestar.params import PathParameter
from litestar.response import Redirect, Template

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
from legaldesk.catalogue import rubric_counts, rubric_tree
from legaldesk.models import ROLES
from legaldesk.repository import Repository
from legaldesk.rubrics import RubricError, add_rubric, delete_rubric, rename_rubric
from legaldesk.web import headings
from legaldesk.web.auth import current_user, password_work, sign_in, staff_guard
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import ngettext, tr
from legaldesk.web.params import Id
from legaldesk.web.staff import ADMINS


def _field(form: Any, name: str, limit: int = 255) -> str:
    return " ".join(str(form.get(name) or "").split())[:limit]


def _actor(request: Request[Any, Any, Any]) -> str:
    user = current_user(request)
    return f"web:{user.username if user else '?'}"


# -- users --------------------------------------------------------------------------


def _page(
    template: str,
    request: Request[Any, Any, Any],
    message: str | None,
    error: str | None,
    status: int,
    draft: dict[str, str] | None,
    **context: Any,
) -> Template:
    """An administration page: its own data, the outcome of the last action, and the form
    as it was sent when it was refused."""
    context |= {
        "user": current_user(request),
        "message": message,
        "error": error,
        "draft": draft or {},
    }
    return Template(template, context=context, status_code=status)


def _users(
    request: Request[Any, Any, Any],
    repo: Repository,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
    draft: dict[str, str] | None = None,
) -> Template:
    return _page(
        "staff/users.html",
        request,
        message,
        error,
        status,
        draft,
        users=list_users(repo.engine),
        roles=ROLES,
        locks=throttle.locks(repo.engine),
        sessions=open_session_counts(repo.engine),
        attempts=recent_attempts(repo.engine),
    )


@get("/staff/users", name="users", guards=[staff_guard], opt={"roles": ADMINS})
async def users_page(request: Request[Any, Any, Any], state: State) -> Template:
    return _users(request, state.repo)


@post("/staff/users", name="user_add", guards=[staff_guard], opt={"roles": ADMINS})
async def user_add(request: Request[Any, Any, Any], state: State) -> Template:
    """A new account with a first password the person changes after logging in."""
    repo: Repository = state.repo
    form = await request.form()
    draft = {k: _field(form, k) for k in ("username", "display_name", "role")}
    try:
        user = await password_work(
            create_user,
            repo.engine,
            draft["username"],
            str(form.get("password") or "")[:200],
            draft["role"],
            draft["display_name"],
            actor=_actor(request),
        )
    except UserError as exc:
        return _users(request, repo, error=tr(exc.args[0]), status=400, draft=draft)
    message = _("Account %(name)s is created.") % {"name": user.username}
    return _users(request, repo, message=message)


@post("/staff/users/{user_id:int}", name="user_change", guards=[staff_guard], opt={"roles": ADMINS})
async def user_change(request: Request[Any, Any, Any], state: State, user_id: Id) -> Template:
    """Role, name and access of an account; switched off, it cannot log in and its open
    sessions end at their next request."""
    repo: Repository = state.repo
    form = await request.form()
    me = current_user(request)
    try:
        changed = update_user(
            repo.engine,
            user_id,
            _actor(request),
            role=_field(form, "role", 16) or None,
            active=form.get("active") == "on",
            display_name=_field(form, "display_name"),
        )
    except UserError as exc:
        return _users(request, repo, error=tr(exc.args[0]), status=400)
    if me is not None and me.id == user_id and changed.active:
        sign_in(request, changed)  # one's own role changed: a new session with the new rights
    return _users(
        request, repo, message=_("Account %(name)s is saved.") % {"name": changed.username}
    )


@post(
    "/staff/users/{user_id:int}/password",
    name="user_password",
    guards=[staff_guard],
    opt={"roles": ADMINS},
)
async def user_password(request: Request[Any, Any, Any], state: State, user_id: Id) -> Template:
    repo: Repository = state.repo
    form = await request.form()
    me = current_user(request)
    try:
        await password_work(
            reset_password, repo.engine, user_id, str(form.get("password") or ""), _actor(request)
        )
    except UserError as exc:
        return _users(request, repo, error=tr(exc.args[0]), status=400)
    if me is not None and me.id == user_id:
        sign_in(request, me)  # the administrator reset their own password: stays signed in
    return _users(request, repo, message=_("The new password is set."))


@post(
    "/staff/users/{user_id:int}/unlock",
    name="user_unlock",
    guards=[staff_guard],
    opt={"roles": ADMINS},
)
async def user_unlock(request: Request[Any, Any, Any], state: State, user_id: Id) -> Template:
    """Lift a sign-in lock (someone typed wrong passwords for this name)."""
    repo: Repository = state.repo
    user = get_any_user(repo.engine, user_id)
    if user is None:
        return _users(request, repo, error=_("There is no such account."), status=404)
    throttle.unlock(repo.engine, user.username)
    return _users(
        request, repo, message=_("Signing in is open again for %(name)s.") % {"name": user.username}
    )


@post(
    "/staff/users/{user_id:int}/sessions/end",
    name="user_sessions_end",
    guards=[staff_guard],
    opt={"roles": ADMINS},
)
async def user_sessions_end(request: Request[Any, Any, Any], state: State, user_id: Id) -> Template:
    """Sign someone out everywhere (a computer left signed in, a lost phone)."""
    repo: Repository = state.repo
    me = current_user(request)
    try:
        ended = end_sessions_of(repo.engine, user_id, _actor(request))
    except UserError as exc:
        return _users(request, repo, error=tr(exc.args[0]), status=404)
    if me is not None and me.id == user_id:
        sign_in(request, me)  # everywhere else, not here
    message = ngettext("%(num)d session ended.", "%(num)d sessions ended.", ended) % {"num": ended}
    return _users(request, repo, message=message)


# -- subject headings ----------------------------------------------------------------


def _rubrics(
    request: Request[Any, Any, Any],
    repo: Repository,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
    draft: dict[str, str] | None = None,
) -> Template:
    return _page(
        "staff/rubrics.html",
        request,
        message,
        error,
        status,
        draft,
        rubrics=rubric_tree(repo.engine),
        counts=rubric_counts(repo.engine),
    )


@get("/staff/rubrics", name="rubrics_admin", guards=[staff_guard], opt={"roles": ADMINS})
async def rubrics_admin(request: Request[Any, Any, Any], state: State) -> Template:
    return _rubrics(request, state.repo)


@post("/staff/rubrics", name="rubric_add", guards=[staff_guard], opt={"roles": ADMINS})
async def rubric_add(request: Request[Any, Any, Any], state: State) -> Template:
    repo: Repository = state.repo
    form = await request.form()
    draft = {k: _field(form, k) for k in ("code", "name_ru", "name_en", "parent")}
    try:
        rubric = add_rubric(
            repo.engine,
            draft["code"],
            draft["name_ru"],
            draft["name_en"],
            draft["parent"] or None,
            _actor(request),
        )
    except RubricError as exc:
        return _rubrics(request, repo, error=tr(exc.args[0]), status=400, draft=draft)
    headings.forget()
    return _rubrics(request, repo, message=_("Heading %(code)s is added.") % {"code": rubric.code})


@post(
    "/staff/rubrics/{code:str}", name="rubric_rename", guards=[staff_guard], opt={"roles": ADMINS}
)
async def rubric_rename(
    request: Request[Any, Any, Any], state: State, code: Annotated[str, PathParameter()]
) -> Template:
    repo: Repository = state.repo
    form = await request.form()
    try:
        rename_rubric(
            repo.engine, code, _field(form, "name_ru"), _field(form, "name_en"), _actor(request)
        )
    except RubricError as exc:
        return _rubrics(request, repo, error=tr(exc.args[0]), status=400)
    headings.forget()
    return _rubrics(request, repo, message=_("Heading %(code)s is renamed.") % {"code": code})


@post(
    "/staff/rubrics/{code:str}/delete",
    name="rubric_delete",
    guards=[staff_guard],
    opt={"roles": ADMINS},
)
async def rubric_delete(
    request: Request[Any, Any, Any], state: State, code: Annotated[str, PathParameter()]
) -> Template | Redirect:
    repo: Repository = state.repo
    try:
        delete_rubric(repo.engine, code, _actor(request))
    except RubricError as exc:
        return _rubrics(request, repo, error=tr(exc.args[0]), status=400)
    headings.forget()
    return _rubrics(request, repo, message=_("Heading %(code)s is removed.") % {"code": code})


ROUTES = [
    users_page,
    user_add,
    user_change,
    user_password,
    user_unlock,
    user_sessions_end,
    rubrics_admin,
    rubric_add,
    rubric_rename,
    rubric_delete,
]
