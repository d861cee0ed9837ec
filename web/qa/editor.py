"""The librarians' side of the question–answer base: the editor a request page opens
(/staff/desk/requests/N/qa) — the public question and answer prefilled from the request,
never its requester — the check for personal data before publishing, «publish anyway»
once the warnings were seen, unpublishing, and the list of entries (/staff/qa).

«Publish anyway» carries a digest of the texts the warnings were shown for: texts changed
since are checked again, so what is published despite warnings is what the librarian saw
them on."""

from __future__ import annotations

import hashlib
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from sqlmodel import Session

from legaldesk.models import DeskRequest
from legaldesk.qa import entries
from legaldesk.qa.entries import Draft, PersonalDataFound, QaError
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import FILERS, StaffUser, staff
from legaldesk.web.desk import views
from legaldesk.web.forms import multiline
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.params import Id
from legaldesk.web.qa.labels import FINDINGS, WHERE
from legaldesk.web.state import Repo

PER_PAGE = 50


def digest(draft: Draft) -> str:
    """Which texts the warnings were shown for."""
    text = f"{draft.question}\0{draft.answer}".encode()
    return hashlib.sha256(text).hexdigest()[:24]


def _text(form: Any, name: str, limit: int) -> str:
    # Browsers send a textarea's lines ended by CR LF: one form of the text for the digest.
    return multiline(form, name, limit)


def _draft(form: Any) -> Draft:
    return Draft(
        question=_text(form, "question", entries.MAX_QUESTION + 1000),
        answer=_text(form, "answer", entries.MAX_ANSWER + 1000),
        rubrics=tuple(str(v)[:64] for v in form.getall("rubrics", []))[: entries.MAX_RUBRICS],
    )


def _request(repo: Repository, request_id: int) -> DeskRequest:
    with Session(repo.engine) as session:
        request = session.get(DeskRequest, request_id)
        if request is None:
            raise NotFoundException(_("There is no request %(id)s.") % {"id": request_id})
        session.expunge(request)
        return request


def _editor(
    repo: Repository,
    request_id: int,
    draft: Draft | None = None,
    found: list[tuple[str, Any]] | None = None,
    error: str | None = None,
    message: str | None = None,
    status: int = 200,
) -> Template:
    request = _request(repo, request_id)
    draft = draft or entries.draft_for(repo.engine, request_id)
    assert draft is not None
    context = {
        "r": request,
        "draft": draft,
        "entry": entries.entry_of(repo.engine, request_id),
        "publishable": request.status in entries.PUBLISHABLE,
        "heading_names": heading_names(repo),
        "found": [(_(WHERE[where]), _(FINDINGS[f.kind]), f.text) for where, f in found or []],
        "checked": digest(draft) if found else "",
        "error": error,
        "message": message,
        "views": views,
    }
    return Template("qa/editor.html", context=context, status_code=status)


@get("/staff/desk/requests/{request_id:int}/qa", name="qa_editor", **staff(*FILERS))
async def qa_editor(repo: Repo, request_id: Id) -> Template:
    return _editor(repo, request_id)


@post("/staff/desk/requests/{request_id:int}/qa", name="qa_publish", **staff(*FILERS))
async def qa_publish(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, request_id: Id
) -> Template | Redirect:
    """«Check» lists what looks like personal data; «publish» publishes unless something
    was found; «publish anyway» publishes the texts the warnings were shown for."""
    form = await request.form()
    draft = _draft(form)
    then = str(form.get("then") or "")
    if then == "check":
        found = entries.check(draft)
        message = None if found else _("Nothing that looks like personal data was found.")
        return _editor(repo, request_id, draft, found, message=message)
    despite = then == "anyway" and str(form.get("checked") or "") == digest(draft)
    try:
        entry = entries.publish(
            repo.engine, request_id, draft, f"web:{user.username}", despite_findings=despite
        )
    except PersonalDataFound as exc:
        return _editor(repo, request_id, draft, exc.found, status=400)
    except QaError as exc:
        return _editor(repo, request_id, draft, error=tr(exc.args[0]), status=400)
    return Redirect(f"/qa/{entry.id}")


@post("/staff/qa/{entry_id:int}/unpublish", name="qa_unpublish", **staff(*FILERS))
async def qa_unpublish(repo: Repo, user: StaffUser, entry_id: Id) -> Redirect:
    try:
        entry = entries.unpublish(repo.engine, entry_id, f"web:{user.username}")
    except QaError as exc:
        raise NotFoundException(tr(exc.args[0])) from None
    return Redirect(f"/staff/desk/requests/{entry.request_id}/qa")


@get("/staff/qa", name="qa_staff", **staff(*FILERS))
async def qa_staff(repo: Repo) -> Template:
    """Every entry, published or not, newest first."""
    rows, total = entries.listing(repo.engine, limit=PER_PAGE, public=False)
    context = {"rows": rows, "total": total, "heading_names": heading_names(repo)}
    return Template("qa/staff.html", context=context)


ROUTES = [qa_editor, qa_publish, qa_unpublish, qa_staff]
