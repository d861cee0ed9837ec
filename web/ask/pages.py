"""«Задать вопрос» on the public site: the form (/ask), what it files, the resident's private
page (/ask/r/<token>) and the note on personal data (/ask/privacy).

The form is a public form (web/antispam.py): CSRF for a visitor without a session, the
honeypot and the stamp, sizes, and a rate per address counted last, once the form is
valid. A form that cannot be taken comes back with every problem named beside its field
and with what was typed. Filing goes through legaldesk/desk/website.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, PathParameter
from litestar.response import Redirect, Template

from legaldesk.desk import website
from legaldesk.desk.requests import OPEN, Clock, DeskError
from legaldesk.desk.vocabulary import CATEGORIES
from legaldesk.desk.website import QuestionRefused, WebsiteQuestion
from legaldesk.ratelimit import Rate
from legaldesk.repository import Repository
from legaldesk.web import antispam, i18n
from legaldesk.web.ask.letters import site
from legaldesk.web.forms import whole
from legaldesk.web.i18n import N_, tr
from legaldesk.web.i18n import gettext as _
from legaldesk.web.state import Repo

FORM = antispam.PublicForm("ask", rate=Rate(5, timedelta(hours=1)))
Token = Annotated[str, PathParameter(max_length=64)]
# Where a question stands, as a resident reads it.
STATUS_TEXT = {
    "new": N_("Your question has been received and is waiting for a librarian."),
    "in_progress": N_("A librarian is preparing the answer."),
    "waiting": N_("The answer is being prepared: we are waiting for information we need."),
    "answered": N_("The answer is ready."),
    "closed": N_("The answer has been given and the request is closed."),
    "cancelled": N_(
        "The request has been cancelled. If this is a mistake, please ask again "
        "or call the library."
    ),
}
REPLY_TEXT = {
    "email": N_("You asked for the answer by e-mail: we will write to you when it is ready."),
    "post": N_("You asked for the answer by post: it will be sent to the address you gave."),
    "phone": N_("You asked for the answer by phone: a librarian will call you."),
    "library": N_("You will come to the library for the answer: it is also on this page."),
}
# Robots' pages: a resident's request is nobody else's business, not even a search engine's.
PRIVATE = {
    "cache-control": "no-store",
    "x-robots-tag": "noindex, nofollow",
    "referrer-policy": "no-referrer",
}


def _draft(data: Any = None) -> dict[str, str]:
    data = data or {}
    return {
        name: str(data.get(name) or "")[:limit]
        for name, limit in (
            ("question", website.MAX_QUESTION + 1000),
            ("reply_by", 16),
            ("name", website.MAX_NAME + 100),
            ("contact", website.MAX_CONTACT + 100),
            ("category", 32),
            ("branch_id", 12),
            ("consent", 8),
        )
    }


def _form_page(
    repo: Repository,
    draft: dict[str, str] | None = None,
    problems: list[tuple[str, str]] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    context = {
        "draft": draft or _draft(),
        "problems": problems or [],
        "invalid": {name for name, _message in problems or []},
        "reply_by": website.REPLY_BY,
        "categories": CATEGORIES,
        "branches": website.active_branches(repo.engine),
        "limit": website.MAX_QUESTION,
    }
    return Template("ask/ask.html", context=context, status_code=status, headers=headers)


@get("/ask", name="ask_page")
async def ask_page(repo: Repo) -> Template:
    return _form_page(repo)


def _branch(value: str) -> int | None:
    return whole(value)


@post("/ask", name="ask_send", request_max_body_size=antispam.BODY_LIMIT)
async def ask_send(
    request: Request[Any, Any, Any],
    repo: Repo,
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Template | Redirect:
    """File the question and open its private page; a form that cannot be taken comes
    back with its problems and what was typed."""
    draft = _draft(data)
    try:
        if not FORM.screen(request, data):  # a robot: answered as if accepted
            return Template("ask/sent.html", status_code=200)
        sent = WebsiteQuestion(
            question=antispam.text(
                data,
                "question",
                label=_("Your question"),
                limit=website.MAX_QUESTION,
                required=False,
            ),
            reply_by=draft["reply_by"],
            name=antispam.text(
                data,
                "name",
                label=_("Your name"),
                limit=website.MAX_NAME,
                required=False,
                lines=False,
            ),
            contact=antispam.text(
                data,
                "contact",
                label=_("Contact for the answer"),
                limit=website.MAX_CONTACT,
                required=False,
                lines=False,
            ),
            category=draft["category"] or "resident",
            branch_id=_branch(draft["branch_id"]),
            consent=draft["consent"] == "yes",
            lang=i18n.current(),
        )
        website.check(repo.engine, sent)
        FORM.admit(repo, request)
        asked = website.ask(repo.engine, sent, Clock.of(repo.settings), site(repo))
    except antispam.Refused as refused:
        return _form_page(repo, draft, [("", refused.message)], refused.status, refused.headers)
    except QuestionRefused as refused:
        problems = [(name, tr(message)) for name, message in refused.problems]
        return _form_page(repo, draft, problems, 400)
    except DeskError as exc:
        return _form_page(repo, draft, [("", tr(exc.args[0]))], 400)
    return Redirect(f"/ask/r/{asked.token}?new=1", status_code=303)


@get("/ask/r/{token:str}", name="ask_followed")
async def ask_followed(request: Request[Any, Any, Any], repo: Repo, token: Token) -> Template:
    """The resident's own page of their request, opened by the private link."""
    view = website.resident_view(repo.engine, token)
    if view is None:
        raise NotFoundException(
            _("There is no such request. Please check that the link was copied whole.")
        )
    today = Clock.of(repo.settings).today()
    context = {
        "v": view,
        "status_text": _(STATUS_TEXT.get(view.status, view.status)),
        "reply_text": _(REPLY_TEXT[view.reply_by]) if view.reply_by in REPLY_TEXT else "",
        "overdue": view.status in OPEN and view.due_on < today,
        "waiting": view.status in OPEN,
        "new": request.query_params.get("new") == "1",
        "link": site(repo).link(token),
    }
    return Template("ask/followed.html", context=context, headers=PRIVATE)


@get("/ask/privacy", name="ask_privacy")
async def ask_privacy(repo: Repo) -> Template:
    """What the ask form keeps of a resident, why, and for how long."""
    return Template("ask/privacy.html", context={"days": repo.settings.desk_personal_data_days})


ROUTES = [ask_page, ask_send, ask_followed, ask_privacy]
