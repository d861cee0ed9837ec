"""The librarian's review desk: the queue of documents the pipeline was unsure of (filtered
by reason and source, in the order the librarian works, with how much is left), and the
review screen — the document beside the form (its opening lines with the heading marked,
the original's page), headings suggested from acts already classified, «save and next» by
keyboard — and merging an act filed twice. Bulk actions on a selection of the queue."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from legaldesk import publication
from legaldesk.clippings import ClippingError, clipping_details
from legaldesk.clippings.editing import correct_clipping
from legaldesk.editing import Changes, EditError, add_rubrics, merge_documents, save_metadata
from legaldesk.messages import Msg
from legaldesk.pipeline.extract import ExtractionError
from legaldesk.repository import Repository
from legaldesk.review import (
    BY_HAND,
    SORTS,
    QueueFilter,
    heading_lines,
    next_in_queue,
    page_image,
    review_queue,
    review_sheet,
)
from legaldesk.suggestions import suggest_rubrics
from legaldesk.vocabulary import DOC_TYPE_LABELS_EN, DOC_TYPE_LABELS_RU
from legaldesk.web import i18n
from legaldesk.web.auth.guard import FILERS, STAFF, StaffUser, staff
from legaldesk.web.desk.workspace import workspace_page
from legaldesk.web.forms import field, multiline, whole, whole_list
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import ngettext, tr
from legaldesk.web.labels import REJECT_SUGGESTIONS
from legaldesk.web.params import Id
from legaldesk.web.state import Repo

Reason = Annotated[str, QueryParameter(max_length=32)]
SourceName = Annotated[str, QueryParameter(max_length=128)]
Sort = Annotated[str, QueryParameter(max_length=16)]
Page = Annotated[int, QueryParameter(ge=1, le=10_000)]


def queue_filter(reason: str = "", source: str = "", sort: str = "") -> QueueFilter:
    return QueueFilter(reason=reason, source=source, sort=sort if sort in SORTS else SORTS[0])


def _query(wanted: QueueFilter) -> str:
    """The filter as a query string, carried from the queue to each review and back."""
    pairs = {"reason": wanted.reason, "source": wanted.source, "sort": wanted.sort}
    return urlencode({k: v for k, v in pairs.items() if v and not (k == "sort" and v == SORTS[0])})


def _queue_page(
    repo: Repository,
    wanted: QueueFilter,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Template:
    context = {
        "queue": review_queue(repo.engine, wanted),
        "wanted": wanted,
        "query": _query(wanted),
        "sorts": SORTS,
        "by_hand": BY_HAND,
        "headings": heading_names(repo),
        "reject_reasons": [_(r) for r in REJECT_SUGGESTIONS],
        "message": message,
        "error": error,
    }
    return Template("acts/queue.html", context=context, status_code=status)


@get("/staff", name="staff_home", **staff(*STAFF))
async def staff_home(
    repo: Repo, user: StaffUser, reason: Reason = "", source: SourceName = "", sort: Sort = ""
) -> Template:
    """Where staff land: the review queue for those who review, the employee's own
    workspace (their questions to the centre) for an employee."""
    if user.role not in FILERS:
        return workspace_page(repo, user)
    return _queue_page(repo, queue_filter(reason, source, sort))


def _review_page(
    repo: Repository,
    document_id: int,
    wanted: QueueFilter,
    page: int = 1,
    error: str | None = None,
    status: int = 200,
    also: tuple[int, ...] = (),
) -> Template:
    sheet = review_sheet(repo.engine, document_id, also)
    if sheet is None:
        raise NotFoundException(_("There is no document %(id)s.") % {"id": document_id})
    head, rest = heading_lines(sheet.act)
    latest = sheet.act.versions[-1] if sheet.act.versions else None
    queue = review_queue(repo.engine, wanted)
    context = {
        "act": sheet.act,
        "rubrics": sheet.headings,
        "chosen": sheet.chosen,
        "suggested": suggest_rubrics(repo, document_id),
        "reasons": sheet.reasons,
        "twins": sheet.twins,
        "history": sheet.history,
        "heading_names": heading_names(repo),
        "types": DOC_TYPE_LABELS_RU if i18n.current() == "ru" else DOC_TYPE_LABELS_EN,
        "head": head,
        "rest": rest,
        "latest": latest,
        "page": page,
        "pdf": latest is not None and latest.media_type == "application/pdf",
        "queue": queue,
        "wanted": wanted,
        "query": _query(wanted),
        "reject_reasons": [_(r) for r in REJECT_SUGGESTIONS],
        "error": error,
    }
    return Template("acts/review.html", context=context, status_code=status)


@get("/staff/documents/{document_id:int}", name="review_page", **staff(*FILERS))
async def review_page(
    repo: Repo,
    document_id: Id,
    reason: Reason = "",
    source: SourceName = "",
    sort: Sort = "",
    page: Page = 1,
) -> Template:
    return _review_page(repo, document_id, queue_filter(reason, source, sort), page)


def filter_of(form: Any) -> QueueFilter:
    return queue_filter(
        field(form, "q_reason", 32), field(form, "q_source", 128), field(form, "q_sort", 16)
    )


@post("/staff/documents/{document_id:int}", name="review", **staff(*FILERS))
async def review(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, document_id: Id
) -> Template | Redirect:
    """Confirm or correct the parsed metadata and set rubrics: saved in one transaction with
    the change in the audit trail; «save and next» opens the next document of the queue."""
    form = await request.form()
    wanted = filter_of(form)

    def value(name: str, limit: int = 1000) -> str:
        return field(form, name, limit)

    raw_date = value("date_adopted", 10)
    try:
        adopted = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        error = _("Not a date: %(value)s") % {"value": raw_date}
        return _review_page(repo, document_id, wanted, error=error, status=400)
    changes = Changes(
        doc_type=value("doc_type", 32) or None,
        number=value("number", 64) or None,
        date_adopted=adopted,
        title=value("title", 2000) or None,
        issuer=value("issuer", 512) or None,
        level=value("level", 16) or "unknown",
        status=value("status", 16) or "unknown",
        status_reason=value("status_reason", 2000),
        rubrics=tuple(str(v)[:64] for v in form.getall("rubrics", [])),
    )
    try:
        save_metadata(repo.engine, document_id, changes, actor=f"web:{user.username}")
    except EditError as exc:
        message = exc.args[0]
        other = message.params.get("id") if isinstance(message, Msg) else None
        twin = (other,) if isinstance(other, int) else ()
        return _review_page(repo, document_id, wanted, error=tr(message), status=400, also=twin)
    return after(repo, document_id, wanted, form.get("then") == "next")


def after(repo: Repository, document_id: int, wanted: QueueFilter, onward: bool) -> Redirect:
    """Where a librarian goes once a document is done: the next one of the queue they work
    through, or back to the queue when it is empty; else the act itself."""
    if not onward:
        return Redirect(f"/documents/{document_id}")
    following = next_in_queue(repo.engine, document_id, wanted)
    query = _query(wanted)
    if following is None:
        return Redirect("/staff" + (f"?{query}" if query else ""))
    return Redirect(f"/staff/documents/{following}" + (f"?{query}" if query else ""))


@post("/staff/documents/{document_id:int}/merge", name="merge", **staff(*FILERS))
async def merge(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, document_id: Id
) -> Template | Redirect:
    """The same act filed twice: this document's versions, rubrics and history go to the
    act it duplicates, and this one is gone."""
    form = await request.form()
    wanted = filter_of(form)
    into = whole(form.get("into"))
    if into is None:
        error = _("Give the number of the act to merge into.")
        return _review_page(repo, document_id, wanted, error=error, status=400)
    try:
        merge_documents(repo.engine, document_id, into, actor=f"web:{user.username}")
    except EditError as exc:
        return _review_page(repo, document_id, wanted, error=tr(exc.args[0]), status=400)
    return Redirect(f"/staff/documents/{into}")


@get(
    "/staff/documents/{document_id:int}/versions/{version_id:int}/pages/{page:int}",
    name="page_image",
    **staff(*FILERS),
)
async def page_picture(repo: Repo, document_id: Id, version_id: Id, page: Id) -> Response[bytes]:
    """A page of the original PDF as a picture, drawn by the isolated reader."""
    try:
        png = page_image(repo, document_id, version_id, page - 1)
    except ExtractionError as exc:
        raise NotFoundException(tr(exc.args[0])) from None
    if png is None:
        raise NotFoundException(_("There is no such file."))
    # Drawn from an unpublished file too: the staff's browser may keep it, nobody else's.
    return Response(
        png, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"}
    )


def chosen_ids(form: Any) -> list[int]:
    return whole_list(form.getall("ids", []))


@post("/staff/queue/bulk", name="queue_bulk", **staff(*FILERS))
async def queue_bulk(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template:
    """Act on the documents chosen in the queue at once: give them a subject heading (kept
    with theirs), publish them, or reject them with one reason — all or none."""
    form = await request.form()
    wanted = filter_of(form)
    ids, action, actor = chosen_ids(form), field(form, "do", 16), f"web:{user.username}"
    if not ids:
        return _queue_page(repo, wanted, error=_("Choose documents in the list."), status=400)
    try:
        if action == "publish":
            done = len(publication.publish(repo.engine, ids, actor=actor))
            message = ngettext(
                "%(num)d document published.", "%(num)d documents published.", done
            ) % {"num": done}
        elif action == "reject":
            reason = field(form, "reason", publication.MAX_REASON)
            done = len(publication.reject(repo.engine, ids, reason, actor=actor))
            message = ngettext(
                "%(num)d document rejected.", "%(num)d documents rejected.", done
            ) % {"num": done}
        else:
            code = field(form, "heading", 64)
            if not code:
                error = _("Choose a heading.")
                return _queue_page(repo, wanted, error=error, status=400)
            done = add_rubrics(repo.engine, ids, (code,), actor=actor)
            message = ngettext(
                "Heading «%(name)s» given to %(num)d document.",
                "Heading «%(name)s» given to %(num)d documents.",
                done,
            ) % {"name": heading_names(repo).get(code, code), "num": done}
    except (EditError, publication.PublicationError) as exc:
        return _queue_page(repo, wanted, error=tr(exc.args[0]), status=400)
    return _queue_page(repo, wanted, message=message)


@post("/staff/documents/{document_id:int}/clipping", name="review_clipping", **staff(*FILERS))
async def review_clipping(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, document_id: Id
) -> Template | Redirect:
    """Correct a press clipping's newspaper fields (the act form does not hold them)."""
    form = await request.form()
    try:
        details = clipping_details(
            source_name=field(form, "source_name", 300),
            source_kind=field(form, "source_kind", 16) or None,
            headline=field(form, "headline", 1200),
            issued=field(form, "issued", 10),
            issue=field(form, "issue", 80) or None,
            pages=field(form, "pages", 40) or None,
            authors=multiline(form, "authors", 6000) or None,
            url=field(form, "url", 2100) or None,
        )
        correct_clipping(repo.engine, document_id, details, f"web:{user.username}")
    except ClippingError as exc:
        wanted = filter_of(form)
        return _review_page(repo, document_id, wanted, error=tr(exc.args[0]), status=400)
    return Redirect(f"/staff/documents/{document_id}")


ROUTES = [staff_home, review_page, review, review_clipping, merge, page_picture, queue_bulk]
