"""The subject headings, for administrators: add one under a parent, rename, remove one no
act uses. Pages show the new names at once in this worker, within seconds in the others
(names.py)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import PathParameter
from litestar.response import Template

from legaldesk.catalogue import rubric_counts, rubric_tree
from legaldesk.repository import Repository
from legaldesk.rubrics import RubricError, add_rubric, delete_rubric, rename_rubric
from legaldesk.web.auth.guard import ADMINS, StaffUser, staff
from legaldesk.web.forms import field, form_page
from legaldesk.web.headings import names
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.state import Repo

Code = Annotated[str, PathParameter(max_length=64)]


def _rubrics(repo: Repository, **outcome: Any) -> Template:
    """The headings page with the outcome of the last action (``forms.Outcome``)."""
    context = {
        "rubrics": rubric_tree(repo.engine),
        "counts": rubric_counts(repo.engine),
        "draft": {},
    }
    return form_page("headings/admin.html", context, **outcome)


@get("/staff/rubrics", name="rubrics_admin", **staff(*ADMINS))
async def rubrics_admin(repo: Repo) -> Template:
    return _rubrics(repo)


@post("/staff/rubrics", name="rubric_add", **staff(*ADMINS))
async def rubric_add(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template:
    form = await request.form()
    draft = {k: field(form, k) for k in ("code", "name_ru", "name_en", "parent")}
    try:
        rubric = add_rubric(
            repo.engine,
            draft["code"],
            draft["name_ru"],
            draft["name_en"],
            draft["parent"] or None,
            f"web:{user.username}",
        )
    except RubricError as exc:
        return _rubrics(repo, error=tr(exc.args[0]), status=400, draft=draft)
    names.forget()
    return _rubrics(repo, message=_("Heading %(code)s is added.") % {"code": rubric.code})


@post("/staff/rubrics/{code:str}", name="rubric_rename", **staff(*ADMINS))
async def rubric_rename(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, code: Code
) -> Template:
    form = await request.form()
    try:
        rename_rubric(
            repo.engine,
            code,
            field(form, "name_ru"),
            field(form, "name_en"),
            f"web:{user.username}",
        )
    except RubricError as exc:
        return _rubrics(repo, error=tr(exc.args[0]), status=400)
    names.forget()
    return _rubrics(repo, message=_("Heading %(code)s is renamed.") % {"code": code})


@post("/staff/rubrics/{code:str}/delete", name="rubric_delete", **staff(*ADMINS))
async def rubric_delete(repo: Repo, user: StaffUser, code: Code) -> Template:
    try:
        delete_rubric(repo.engine, code, f"web:{user.username}")
    except RubricError as exc:
        return _rubrics(repo, error=tr(exc.args[0]), status=400)
    names.forget()
    return _rubrics(repo, message=_("Heading %(code)s is removed.") % {"code": code})


ROUTES = [rubrics_admin, rubric_add, rubric_rename, rubric_delete]
