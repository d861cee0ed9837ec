"""The librarian's review of acts: the queue of documents the pipeline was unsure of, the
review screen (confirm or correct the metadata and headings, one transaction, every changed
field in the act's history), and merging an act filed twice."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from legaldesk.editing import Changes, EditError, merge_documents, save_metadata
from legaldesk.messages import Msg
from legaldesk.repository import Repository
from legaldesk.review import review_queue, review_sheet
from legaldesk.vocabulary import DOC_TYPE_LABELS_EN, DOC_TYPE_LABELS_RU
from legaldesk.web import i18n
from legaldesk.web.auth.guard import FILERS, STAFF, StaffUser, staff
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.params import Id
from legaldesk.web.state import Repo


@get("/staff", name="staff_home", **staff(*STAFF))
async def staff_home(repo: Repo) -> Template:
    return Template("acts/queue.html", context={"queue": review_queue(repo.engine)})


def _review_page(
    repo: Repository,
    document_id: int,
    error: str | None = None,
    status: int = 200,
    also: tuple[int, ...] = (),
) -> Template:
    sheet = review_sheet(repo.engine, document_id, also)
    if sheet is None:
        raise NotFoundException(_("There is no document %(id)s.") % {"id": document_id})
    context = {
        "act": sheet.act,
        "rubrics": sheet.headings,
        "chosen": sheet.chosen,
        "reasons": sheet.reasons,
        "twins": sheet.twins,
        "history": sheet.history,
        "heading_names": heading_names(repo),
        "types": DOC_TYPE_LABELS_RU if i18n.current() == "ru" else DOC_TYPE_LABELS_EN,
        "error": error,
    }
    return Template("acts/review.html", context=context, status_code=status)


@get("/staff/documents/{document_id:int}", name="review_page", **staff(*FILERS))
async def review_page(repo: Repo, document_id: Id) -> Template:
    return _review_page(repo, document_id)


@post("/staff/documents/{document_id:int}", name="review", **staff(*FILERS))
async def review(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, document_id: Id
) -> Template | Redirect:
    """Confirm or correct the parsed metadata and set rubrics: saved in one transaction with
    the change in the audit trail, searchable at once."""
    form = await request.form()

    def field(name: str, limit: int = 1000) -> str:
        return " ".join(str(form.get(name) or "").split())[:limit]

    raw_date = field("date_adopted", 10)
    try:
        adopted = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        error = _("Not a date: %(value)s") % {"value": raw_date}
        return _review_page(repo, document_id, error, 400)
    changes = Changes(
        doc_type=field("doc_type", 32) or None,
        number=field("number", 64) or None,
        date_adopted=adopted,
        title=field("title", 2000) or None,
        issuer=field("issuer", 512) or None,
        level=field("level", 16) or "unknown",
        status=field("status", 16) or "unknown",
        rubrics=tuple(str(v)[:64] for v in form.getall("rubrics", [])),
    )
    try:
        save_metadata(repo.engine, document_id, changes, actor=f"web:{user.username}")
    except EditError as exc:
        message = exc.args[0]
        other = message.params.get("id") if isinstance(message, Msg) else None
        twin = (other,) if isinstance(other, int) else ()
        return _review_page(repo, document_id, tr(message), 400, also=twin)
    return Redirect(f"/documents/{document_id}")


@post("/staff/documents/{document_id:int}/merge", name="merge", **staff(*FILERS))
async def merge(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, document_id: Id
) -> Template | Redirect:
    """The same act filed twice: this document's versions, rubrics and history go to the
    act it duplicates, and this one is gone."""
    raw = str((await request.form()).get("into") or "").strip()
    if not raw.isdigit() or not 0 < int(raw) < 2**31:
        error = _("Give the number of the act to merge into.")
        return _review_page(repo, document_id, error, 400)
    try:
        merge_documents(repo.engine, document_id, int(raw), actor=f"web:{user.username}")
    except EditError as exc:
        return _review_page(repo, document_id, tr(exc.args[0]), 400)
    return Redirect(f"/staff/documents/{int(raw)}")


ROUTES = [staff_home, review_page, review, merge]
