"""The municipal employee's workspace: /staff is where an employee lands — their questions
to the centre and a form to ask one — and /staff/questions/N is one of them with its answer.
An employee sees only their own requests (another's answers 404, as if it were not there)
and is shown no link their role may not follow (web/navigation.py)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from legaldesk.desk import answers
from legaldesk.desk.requests import (
    Clock,
    DeskError,
    RequestFilter,
    ask_as_employee,
    get_request,
    list_requests,
)
from legaldesk.models import CLIENTS, User
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import StaffUser, staff
from legaldesk.web.desk import views
from legaldesk.web.desk.pages import error_text
from legaldesk.web.forms import form_page
from legaldesk.web.i18n import gettext as _
from legaldesk.web.params import Id
from legaldesk.web.state import Repo

EMPLOYEES = CLIENTS


def workspace_page(repo: Repository, user: User, question: str = "", **outcome: Any) -> Template:
    rows, total = list_requests(
        repo.engine,
        RequestFilter(which="all", requester_user_id=user.id, limit=200),
        Clock.of(repo.settings),
    )
    context = {"rows": rows, "total": total, "question": question, "views": views}
    return form_page("desk/workspace.html", context, **outcome)


@post("/staff/questions", name="ask", **staff(*EMPLOYEES))
async def ask(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template | Redirect:
    """An employee asks the centre a question: a request with them as its requester."""
    form = await request.form()
    question = str(form.get("question") or "")[:20_000]
    try:
        asked = ask_as_employee(repo.engine, user, question, Clock.of(repo.settings))
    except DeskError as exc:
        return workspace_page(repo, user, question, error=error_text(exc), status=400)
    return Redirect(f"/staff/questions/{asked.id}")


@get("/staff/questions/{request_id:int}", name="my_question", **staff(*EMPLOYEES))
async def my_question(repo: Repo, user: StaffUser, request_id: Id) -> Template:
    found = get_request(repo.engine, request_id)
    if found is None or found.request.requester_user_id != user.id:
        raise NotFoundException(_("There is no request %(id)s.") % {"id": request_id})
    answered = found.request.status in ("answered", "closed")
    context = {
        "r": found.request,
        "page": found,
        "answered": answered,
        "acts": found.acts if answered else [],
        "sources": [(s, answers.describe_source(s)) for s in found.sources] if answered else [],
        "views": views,
    }
    return Template("desk/my_question.html", context=context)


ROUTES = [ask, my_question]
