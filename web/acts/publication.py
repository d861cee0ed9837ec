"""A librarian's decisions about an act's publication: publish, reject (with a reason),
withdraw from the public site (with a reason) — buttons on the act page and on the review
page, each a POST that calls the domain (legaldesk/publication.py) and goes back where it
came from, or on to the next document of the queue the librarian works through. Also who
sees what: the public sees published acts only, signed-in staff see every state, marked."""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.exceptions import ClientException
from litestar.response import Redirect

from legaldesk import publication
from legaldesk.web.acts.review import after, filter_of
from legaldesk.web.auth.guard import FILERS, StaffUser, staff
from legaldesk.web.auth.sessions import current_user
from legaldesk.web.forms import multiline
from legaldesk.web.i18n import tr
from legaldesk.web.params import Id
from legaldesk.web.state import Repo


def visible_states(request: Request[Any, Any, Any]) -> tuple[str, ...]:
    """The publication states a reader of the catalogue may see: every one for signed-in
    staff (an empty filter), published only for everybody else."""
    return () if current_user(request) is not None else publication.PUBLIC


def may_see(request: Request[Any, Any, Any], state: str) -> bool:
    return current_user(request) is not None or publication.is_public(state)


async def _form(request: Request[Any, Any, Any]) -> tuple[Any, str]:
    form = await request.form()
    return form, multiline(form, "reason", publication.MAX_REASON * 2)


def _back(repo: Repo, form: Any, document_id: int) -> Redirect:
    # Only our own pages: a form field never chooses where the browser goes.
    back = form.get("back")
    if back == "next":
        return after(repo, document_id, filter_of(form), onward=True)
    if back == "review":
        return Redirect(f"/staff/documents/{document_id}")
    return Redirect(f"/documents/{document_id}")


def _refused(exc: publication.PublicationError) -> ClientException:
    return ClientException(detail=tr(exc.args[0]))


@post("/staff/documents/{document_id:int}/publish", name="publish", **staff(*FILERS))
async def publish(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, document_id: Id
) -> Redirect:
    """Make the act public (after review, or reconsidering a rejection or a withdrawal)."""
    form, _reason = await _form(request)
    try:
        publication.publish(repo.engine, [document_id], actor=f"web:{user.username}")
    except publication.PublicationError as exc:
        raise _refused(exc) from None
    return _back(repo, form, document_id)


@post("/staff/documents/{document_id:int}/reject", name="reject", **staff(*FILERS))
async def reject(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, document_id: Id
) -> Redirect:
    """Keep the act back from the public, with the reason; the file and record stay."""
    form, reason = await _form(request)
    try:
        publication.reject(repo.engine, [document_id], reason, actor=f"web:{user.username}")
    except publication.PublicationError as exc:
        raise _refused(exc) from None
    return _back(repo, form, document_id)


@post("/staff/documents/{document_id:int}/withdraw", name="withdraw", **staff(*FILERS))
async def withdraw(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, document_id: Id
) -> Redirect:
    """Take a published act off the public site, with the reason."""
    form, reason = await _form(request)
    try:
        publication.withdraw(repo.engine, [document_id], reason, actor=f"web:{user.username}")
    except publication.PublicationError as exc:
        raise _refused(exc) from None
    return _back(repo, form, document_id)


ROUTES = [publish, reject, withdraw]
