"""A public form as the ask form will be one: shown to anyone, sent without a session, with
CSRF, the honeypot, the stamp, size limits and a rate per address. Registered on the real
application, so every middleware a resident's request meets is in the way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Any

from litestar import Litestar, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from legaldesk.ratelimit import Rate
from legaldesk.web import antispam
from legaldesk.web.state import Repo
from tests.web.sessions import Client

FORM = antispam.PublicForm("test-ask", rate=Rate(3, timedelta(hours=1)))
QUESTION_LIMIT = 200
PAGE = """{% if error %}<p class="error">{{ error }}</p>{% endif %}
<form method="post" action="/test-ask">{{ csrf_field() }}{{ antispam_fields("test-ask") }}
<textarea name="question">{{ draft.question or "" }}</textarea><button>Send</button></form>"""


@dataclass
class Saved:
    questions: list[str] = field(default_factory=list)


@get("/test-ask", name="test_ask_page")
async def ask_page() -> Template:
    return Template(template_str=PAGE, context={"draft": {}})


@post("/test-ask", name="test_ask", request_max_body_size=antispam.BODY_LIMIT)
async def ask(
    request: Request[Any, Any, Any],
    repo: Repo,
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Template:
    saved: Saved = request.app.state.saved
    try:
        if not FORM.screen(request, data):
            return Template(template_str="Thank you", status_code=201)  # as if accepted
        question = antispam.text(data, "question", label="Вопрос", limit=QUESTION_LIMIT)
        FORM.admit(repo, request)
    except antispam.Refused as refused:
        return Template(
            template_str=PAGE,
            context={"error": refused.message, "draft": data},
            status_code=refused.status,
            headers=refused.headers,
        )
    saved.questions.append(question)
    return Template(template_str="Thank you", status_code=201)


def install(app: Litestar) -> Saved:
    app.state.saved = Saved()
    app.register(ask_page)
    app.register(ask)
    return app.state.saved  # type: ignore[no-any-return]


def form_values(client: Client) -> dict[str, str]:
    """The hidden fields of the form as a browser gets them (the CSRF cookie with them)."""
    page = client.get("/test-ask").text
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)"', page))
