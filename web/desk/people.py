"""A person's data on their request, /staff/desk/people (librarians and administrators):
find their requests by name or contact, export everything held about them (JSON, or a
page to print and hand over) and erase it. Each step is recorded in the audit trail
(legaldesk/desk/privacy.py)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from legaldesk.desk import privacy, website
from legaldesk.desk.requests import Clock
from legaldesk.web.auth.guard import FILERS, StaffUser, staff
from legaldesk.web.desk import views
from legaldesk.web.desk.pages import actor
from legaldesk.web.forms import whole_list
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import ngettext
from legaldesk.web.state import Repo

Words = Annotated[str, QueryParameter(max_length=255)]
Mode = Annotated[Literal["contains", "exact"], QueryParameter()]
Ids = Annotated[list[int] | None, QueryParameter(name="id", max_items=200)]
Count = Annotated[int, QueryParameter(ge=0, le=10_000)]


def _ids(values: list[Any]) -> list[int]:
    return whole_list(values)[:200]


def _matches(repo: Repo, q: str, mode: str, user: Any) -> list[privacy.PersonMatch]:
    found = privacy.find_people(repo.engine, q, exact=mode == "exact") if q else []
    if found:  # the list shows each request's name and contact
        privacy.audit_access(repo.engine, found, actor(user), "person_search")
    return found


@get("/staff/desk/people", name="desk_people", **staff(*FILERS))
async def desk_people(
    repo: Repo,
    user: StaffUser,
    q: Words = "",
    mode: Mode = "contains",
    erased: Count = 0,
) -> Template:
    """Find a person's requests by name, phone, e-mail or address."""
    message = (
        ngettext(
            "Personal data erased from %(num)d request.",
            "Personal data erased from %(num)d requests.",
            erased,
        )
        % {"num": erased}
        if erased
        else None
    )
    context = {
        "q": q,
        "mode": mode,
        "found": _matches(repo, q, mode, user),
        "views": views,
        "message": message,
        "days": repo.settings.desk_personal_data_days,
        "zone": Clock.of(repo.settings).zone,
    }
    return Template("desk/people.html", context=context)


@get("/staff/desk/people/export.json", name="desk_people_json", **staff(*FILERS))
async def desk_people_json(repo: Repo, user: StaffUser, ids: Ids = None) -> Response[bytes]:
    """Everything held about the chosen requests' requester, as JSON to hand over."""
    data = privacy.export_person(repo.engine, ids or [], actor(user), "export_json")
    return Response(
        content=json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"),
        media_type="application/json; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="personal-data.json"'},
    )


@get("/staff/desk/people/export", name="desk_people_page", **staff(*FILERS))
async def desk_people_page(repo: Repo, user: StaffUser, ids: Ids = None) -> Template:
    """The same as a page to print and hand to the person."""
    data = privacy.export_person(repo.engine, ids or [], actor(user), "export_page")
    context = {
        "data": data,
        "views": views,
        "today": Clock.of(repo.settings).today(),
        "reply_by": website.REPLY_BY,
    }
    return Template("desk/person_export.html", context=context)


@post("/staff/desk/people/erase", name="desk_people_erase", **staff(*FILERS))
async def desk_people_erase(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    """Erase the chosen requests' personal data. The question's (and the answer's) text
    stays only where the librarian ticked that it holds no personal data."""
    form = await request.form()
    ids = _ids(form.getall("id", []))
    q = str(form.get("q") or "")[:255]
    if not ids or form.get("confirm") != "yes":
        context = {
            "q": q,
            "mode": "contains",
            "found": _matches(repo, q, "contains", user),
            "views": views,
            "message": None,
            "error": _("Choose the requests and confirm the erasure."),
            "days": repo.settings.desk_personal_data_days,
            "zone": Clock.of(repo.settings).zone,
        }
        return Template("desk/people.html", context=context, status_code=400)
    done = privacy.erase(
        repo.engine,
        ids,
        actor(user),
        keep_question=_ids(form.getall("keep_question", [])),
        keep_answer=_ids(form.getall("keep_answer", [])),
    )
    return Redirect("/staff/desk/people?" + urlencode({"erased": len(done)}))


ROUTES = [desk_people, desk_people_json, desk_people_page, desk_people_erase]
