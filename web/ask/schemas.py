"""What the public ask API takes and answers: declared, so /schema describes it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

from legaldesk.desk.website import MAX_CONTACT, MAX_NAME, MAX_QUESTION
from legaldesk.web.desk.schemas import Category

ReplyBy = Literal["email", "post", "phone", "library"]


class AskIn(msgspec.Struct, forbid_unknown_fields=True):
    """A resident's question. ``name`` is needed for an answer by e-mail or post;
    ``contact`` (the e-mail address, phone or postal address) for any answer but at the
    library; ``consent`` to the processing of personal data (152-FZ) must be true."""

    question: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_QUESTION)]
    reply_by: ReplyBy
    consent: bool
    name: Annotated[str, msgspec.Meta(max_length=MAX_NAME)] = ""
    contact: Annotated[str, msgspec.Meta(max_length=MAX_CONTACT)] = ""
    category: Category = "resident"
    branch_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)] | None = None


class AskOut(msgspec.Struct):
    code: str  # the reference code, «2026-00042»
    link: str  # the private page of the request: keep it, it is shown once
    status: str
    due_on: date  # the answer is due by then
    emailed: bool  # an acknowledgement was queued to the e-mail address given
