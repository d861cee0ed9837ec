"""The authority file of issuing bodies in the workspace: every body with its variants and
acts, proposed ones first; a body's page to set its names, level and territory, confirm it
when ingest proposed it, or merge it into another body (legaldesk/authority.py)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Template

from legaldesk.authority import IssuerError, bodies, body_page, confirm_body, merge_bodies
from legaldesk.authority import update_body as update
from legaldesk.bibliography.names import genitive
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import FILERS, StaffUser, staff
from legaldesk.web.forms import field, form_page, whole
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.params import Id
from legaldesk.web.state import Repo


def _body(repo: Repository, body_id: int, **outcome: Any) -> Template:
    """A body's page with the outcome of the last action (``forms.Outcome``)."""
    page = body_page(repo.engine, body_id)
    if page is None:
        raise NotFoundException(_("There is no issuing body %(id)s.") % {"id": body_id})
    guess = genitive(page.body.name)  # what descriptions print unless a spelling is stored
    context = {"page": page, "draft": {}, "genitive_guess": guess}
    return form_page("issuers/body.html", context, **outcome)


@get("/staff/issuers", name="issuers_staff", **staff(*FILERS))
async def issuers_staff(repo: Repo) -> Template:
    return Template("issuers/list.html", context={"bodies": bodies(repo.engine)})


@get("/staff/issuers/{issuer_id:int}", name="issuer", **staff(*FILERS))
async def issuer_page(repo: Repo, issuer_id: Id) -> Template:
    return _body(repo, issuer_id)


@post("/staff/issuers/{issuer_id:int}", name="issuer_update", **staff(*FILERS))
async def issuer_update(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, issuer_id: Id
) -> Template:
    form = await request.form()
    draft = {
        "name": field(form, "name", 512),
        "short_name": field(form, "short_name"),
        "level": field(form, "level", 16),
        "territory": field(form, "territory"),
        "genitive": field(form, "genitive", 512),
    }
    try:
        changed = update(
            repo.engine,
            issuer_id,
            draft["name"],
            draft["short_name"],
            draft["level"],
            draft["territory"],
            f"web:{user.username}",
            genitive=draft["genitive"],
        )
    except IssuerError as exc:
        return _body(repo, issuer_id, error=tr(exc.args[0]), status=400, draft=draft)
    message = _("The issuing body is saved.") if changed else _("Nothing has changed.")
    return _body(repo, issuer_id, message=message)


@post("/staff/issuers/{issuer_id:int}/confirm", name="issuer_confirm", **staff(*FILERS))
async def issuer_confirm(repo: Repo, user: StaffUser, issuer_id: Id) -> Template:
    try:
        released = confirm_body(repo.engine, issuer_id, f"web:{user.username}")
    except IssuerError as exc:
        return _body(repo, issuer_id, error=tr(exc.args[0]), status=400)
    message = _("The body is confirmed; acts released from review: %(count)s.")
    return _body(repo, issuer_id, message=message % {"count": released})


@post("/staff/issuers/{issuer_id:int}/merge", name="issuer_merge", **staff(*FILERS))
async def issuer_merge(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, issuer_id: Id
) -> Template:
    into = whole(field(await request.form(), "into", 12))
    if into is None:
        return _body(repo, issuer_id, error=_("Choose the body to merge into."), status=400)
    try:
        moved = merge_bodies(repo.engine, issuer_id, into, f"web:{user.username}")
    except IssuerError as exc:
        return _body(repo, issuer_id, error=tr(exc.args[0]), status=400)
    message = _("Merged; acts moved: %(count)s.") % {"count": moved}
    return _body(repo, into, message=message)


ROUTES = [issuers_staff, issuer_page, issuer_update, issuer_confirm, issuer_merge]
