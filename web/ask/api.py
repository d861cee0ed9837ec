"""POST /api/v1/ask: a question filed from another program (an administration's portal, an
app), with the form's checks but the honeypot and the stamp, which a program has no page to
carry: the sizes (the schema and a 64 KB body), the rate per address, the consent.

It needs no CSRF token when sent without a session cookie (auth/csrf.py): a JSON body
cannot come cross-site from a browser without a preflight this service never grants."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, post
from litestar.exceptions import ClientException, TooManyRequestsException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body

from legaldesk.desk import website
from legaldesk.desk.requests import Clock, DeskError
from legaldesk.desk.website import QuestionRefused, WebsiteQuestion
from legaldesk.web import antispam, i18n
from legaldesk.web.ask.letters import site
from legaldesk.web.ask.pages import FORM
from legaldesk.web.ask.schemas import AskIn, AskOut
from legaldesk.web.i18n import tr
from legaldesk.web.schemas import ApiError
from legaldesk.web.state import Repo


@post(
    "/api/v1/ask",
    name="api_ask",
    status_code=201,
    request_max_body_size=antispam.BODY_LIMIT,
    responses={
        429: ResponseSpec(
            data_container=ApiError, description="Too many questions from the address"
        ),
    },
)
async def api_ask(
    request: Request[Any, Any, Any], repo: Repo, data: Annotated[AskIn, Body()]
) -> AskOut:
    """Ask the centre a question (public). Answers the reference code and the private link
    to follow the request and read the answer; an e-mail address given as the contact gets
    an acknowledgement. Refusals (400) name each problem in ``extra``."""
    sent = WebsiteQuestion(
        question=data.question,
        reply_by=data.reply_by,
        name=data.name,
        contact=data.contact,
        category=data.category,
        branch_id=data.branch_id,
        consent=data.consent,
        lang=i18n.current(),
    )
    try:
        website.check(repo.engine, sent)
        FORM.admit(repo, request)
        asked = website.ask(repo.engine, sent, Clock.of(repo.settings), site(repo))
    except antispam.Refused as refused:
        raise TooManyRequestsException(refused.message, headers=refused.headers) from None
    except QuestionRefused as refused:
        problems = [{"field": name, "message": tr(message)} for name, message in refused.problems]
        raise ClientException(tr(problems[0]["message"]), extra=problems) from None
    except DeskError as exc:
        raise ClientException(tr(exc.args[0])) from None
    return AskOut(
        code=asked.request.code,
        link=asked.link,
        status=asked.request.status,
        due_on=asked.request.due_on,
        emailed=asked.emailed,
    )


ROUTES = [api_ask]
