"""Dossiers in the web: an employee orders one from the workspace and downloads what was
delivered; a librarian opens one for an organisation, sharpens its query, accepts or rejects
LegalDesk's proposals into sections, orders and annotates them, and delivers the DOCX.
Handlers read the form, call legaldesk/dossiers/ and show the page again with a refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Response, Template

from legaldesk.bibliography import describe_document
from legaldesk.dossiers import proposals
from legaldesk.dossiers.delivery import deliver
from legaldesk.dossiers.store import (
    DossierError,
    ItemView,
    Order,
    add_item,
    add_section,
    annotate,
    decide,
    deliveries_of,
    get_dossier,
    list_dossiers,
    move,
    open_dossier,
    order_dossier,
    update_query,
)
from legaldesk.models import CLIENTS, User
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import FILERS, STAFF, StaffUser, staff
from legaldesk.web.forms import field, form_page, multiline, whole, whole_list
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.params import Id
from legaldesk.web.state import Repo

EMPLOYEES = CLIENTS


def _actor(user: User) -> str:
    return f"web:{user.username}"


def _date(form: Any, name: str) -> date | None:
    raw = field(form, name, 10)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DossierError(_("Not a date: %(value)s") % {"value": raw}) from None


def _error(exc: DossierError) -> str:
    return tr(exc.args[0]) if exc.args else str(exc)


# -- the employee ----------------------------------------------------------------------------


def _mine_page(repo: Repository, user: User, **outcome: Any) -> Template:
    rows = list_dossiers(repo.engine, requester_user_id=user.id)
    deliveries = deliveries_of(repo.engine, [r.id for r in rows])
    return form_page("dossiers/mine.html", {"rows": rows, "deliveries": deliveries}, **outcome)


@get("/staff/my-dossiers", name="my_dossiers", **staff(*EMPLOYEES))
async def my_dossiers(repo: Repo, user: StaffUser) -> Template:
    return _mine_page(repo, user)


@post("/staff/my-dossiers", name="order_dossier", **staff(*EMPLOYEES))
async def order(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    form = await request.form()
    try:
        order_dossier(
            repo.engine,
            user,
            Order(
                topic=field(form, "topic", 500),
                purpose=multiline(form, "purpose", 5000),
                period_from=_date(form, "period_from"),
                period_to=_date(form, "period_to"),
                standing=form.get("standing") == "1",
                requester_email=field(form, "email", 320) or None,
            ),
        )
    except DossierError as exc:
        return _mine_page(repo, user, error=_error(exc), status=400)
    return Redirect("/staff/my-dossiers")


@get(
    "/staff/dossiers/{dossier_id:int}/deliveries/{delivery_id:int}",
    name="dossier_download",
    **staff(*STAFF),
)
async def download(repo: Repo, user: StaffUser, dossier_id: Id, delivery_id: Id) -> Response[bytes]:
    """The DOCX of a delivery: for librarians, and for the employee who ordered it (any
    other employee is told there is no such dossier, as if it did not exist)."""
    view = get_dossier(repo.engine, dossier_id)
    mine = view is not None and view.dossier.requester_user_id == user.id
    if view is None or (user.role in CLIENTS and not mine):
        raise NotFoundException(_("There is no such dossier."))
    delivery = next((d for d in view.deliveries if d.id == delivery_id), None)
    if delivery is None:
        raise NotFoundException(_("There is no such dossier."))
    return Response(
        repo.blobs.get(delivery.sha256),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{delivery.filename}"'},
    )


# -- the librarian ---------------------------------------------------------------------------


def _list_page(repo: Repository, **outcome: Any) -> Template:
    return form_page("dossiers/list.html", {"rows": list_dossiers(repo.engine)}, **outcome)


@get("/staff/dossiers", name="dossiers", **staff(*FILERS))
async def dossiers(repo: Repo) -> Template:
    return _list_page(repo)


@post("/staff/dossiers", name="dossier_open", **staff(*FILERS))
async def dossier_open(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    form = await request.form()
    try:
        opened = open_dossier(
            repo.engine,
            Order(
                topic=field(form, "topic", 500),
                requester_name=field(form, "requester", 500),
                requester_email=field(form, "email", 320) or None,
                purpose=multiline(form, "purpose", 5000),
                period_from=_date(form, "period_from"),
                period_to=_date(form, "period_to"),
                query=field(form, "query", 500),
                standing=form.get("standing") == "1",
            ),
            _actor(user),
        )
    except DossierError as exc:
        return _list_page(repo, error=_error(exc), status=400)
    return Redirect(f"/staff/dossiers/{opened.id}")


def _dossier_page(repo: Repository, dossier_id: int, **outcome: Any) -> Template:
    view = get_dossier(repo.engine, dossier_id)
    if view is None:
        raise NotFoundException(_("There is no such dossier."))
    return form_page("dossiers/dossier.html", {"view": view}, **outcome)


@get("/staff/dossiers/{dossier_id:int}", name="dossier", **staff(*FILERS))
async def dossier_page(repo: Repo, dossier_id: Id) -> Template:
    return _dossier_page(repo, dossier_id)


def _acting(
    repo: Repository, dossier_id: int, action: Callable[[], object], anchor: str = ""
) -> Template | Redirect:
    try:
        action()
    except DossierError as exc:
        return _dossier_page(repo, dossier_id, error=_error(exc), status=400)
    return Redirect(f"/staff/dossiers/{dossier_id}{anchor}")


@post("/staff/dossiers/{dossier_id:int}/query", name="dossier_query", **staff(*FILERS))
async def dossier_query(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, dossier_id: Id
) -> Template | Redirect:
    """Save the query and propose what it finds that the dossier does not hold yet."""
    form = await request.form()

    def save() -> None:
        filters = {name: field(form, name, 300) for name in ("rubric", "doc_type", "level")}
        period = (_date(form, "period_from"), _date(form, "period_to"))
        update_query(
            repo.engine,
            dossier_id,
            field(form, "query", 500),
            filters,
            period,
            form.get("standing") == "1",
            _actor(user),
        )
        proposals.propose(repo.engine, repo.index, repo.qa_index, dossier_id)

    return _acting(repo, dossier_id, save, "#proposed")


@post("/staff/dossiers/{dossier_id:int}/decide", name="dossier_decide", **staff(*FILERS))
async def dossier_decide(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, dossier_id: Id
) -> Template | Redirect:
    form = await request.form()
    ids = whole_list(form.getall("item", []))
    accept = form.get("decision") != "reject"
    section = field(form, "section", 12)

    def run() -> None:
        if not ids:
            raise DossierError(_("Choose items in the list."))
        decide(
            repo.engine,
            dossier_id,
            ids,
            accept,
            _actor(user),
            whole(section),
        )

    return _acting(repo, dossier_id, run, "#sections")


@post("/staff/dossiers/{dossier_id:int}/sections", name="dossier_section", **staff(*FILERS))
async def dossier_section(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, dossier_id: Id
) -> Template | Redirect:
    form = await request.form()
    title = field(form, "title", 300)
    return _acting(
        repo,
        dossier_id,
        lambda: add_section(repo.engine, dossier_id, title, _actor(user)),
        "#sections",
    )


@post("/staff/dossiers/{dossier_id:int}/items", name="dossier_add", **staff(*FILERS))
async def dossier_add(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, dossier_id: Id
) -> Template | Redirect:
    """Add an act or a clipping by its number in the collection, or a Q&A entry."""
    form = await request.form()
    raw, kind = field(form, "id", 12), field(form, "kind", 8)

    def run() -> None:
        number = whole(raw)
        if number is None:
            raise DossierError(_("Give the number of the act to add."))
        if kind == "qa":
            add_item(repo.engine, dossier_id, _actor(user), qa_entry_id=number)
        else:
            add_item(repo.engine, dossier_id, _actor(user), document_id=number)

    return _acting(repo, dossier_id, run, "#sections")


@post(
    "/staff/dossiers/{dossier_id:int}/items/{item_id:int}/move",
    name="dossier_move",
    **staff(*FILERS),
)
async def dossier_move(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, dossier_id: Id, item_id: Id
) -> Template | Redirect:
    form = await request.form()
    step = -1 if form.get("direction") == "up" else 1
    return _acting(
        repo,
        dossier_id,
        lambda: move(repo.engine, dossier_id, item_id, step, _actor(user)),
        "#sections",
    )


@post(
    "/staff/dossiers/{dossier_id:int}/items/{item_id:int}/note",
    name="dossier_note",
    **staff(*FILERS),
)
async def dossier_note(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, dossier_id: Id, item_id: Id
) -> Template | Redirect:
    form = await request.form()
    note = multiline(form, "note", 5000)
    return _acting(
        repo,
        dossier_id,
        lambda: annotate(repo.engine, dossier_id, item_id, note, _actor(user)),
        "#sections",
    )


@post("/staff/dossiers/{dossier_id:int}/deliver", name="dossier_deliver", **staff(*FILERS))
async def dossier_deliver(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, dossier_id: Id
) -> Template | Redirect:
    form = await request.form()
    full = form.get("full_text") == "1"
    email = form.get("email") == "1"
    return _acting(
        repo,
        dossier_id,
        lambda: deliver(repo, dossier_id, _actor(user), full_text=full, email=email),
        "#deliveries",
    )


@get("/staff/dossiers/{dossier_id:int}/print", name="dossier_print", **staff(*STAFF))
async def dossier_print(repo: Repo, user: StaffUser, dossier_id: Id) -> Template:
    """The dossier as a printable page: its accepted items in their sections, each with its
    GOST description, status and note — for librarians and the employee who ordered it."""
    view = get_dossier(repo.engine, dossier_id)
    if view is None or (user.role in CLIENTS and view.dossier.requester_user_id != user.id):
        raise NotFoundException(_("There is no such dossier."))
    sections = [
        (section.title, [(item, _description(repo, item)) for item in section.items])
        for section in view.sections
        if section.items
    ]
    return Template(
        "dossiers/print.html",
        context={"view": view, "sections": sections, "today": date.today()},
    )


def _description(repo: Repository, item: ItemView) -> str:
    if item.document_id is not None:
        return describe_document(repo, item.document_id)
    return f"{item.title} // Вопросы и ответы : база центра правовой информации"


ROUTES = [
    my_dossiers,
    order,
    download,
    dossiers,
    dossier_open,
    dossier_page,
    dossier_query,
    dossier_decide,
    dossier_section,
    dossier_add,
    dossier_move,
    dossier_note,
    dossier_deliver,
    dossier_print,
]
