"""Filing a press clipping by hand: a librarian gives the newspaper or site, issue, date,
pages, authors, headline and subject headings, and either the cut-out (a scan, a PDF, a
DOCX — read as acts are, OCR for scans) or the article's text pasted in. It goes through
the one ingest pipeline as a document of the kind «clipping» (legaldesk/clippings/)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from litestar import get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from legaldesk.clippings import ClippingError, clipping_details
from legaldesk.pipeline.ingest import Hints, IngestOutcome, RawFile
from legaldesk.publication import WayIn
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import FILERS, StaffUser, staff
from legaldesk.web.forms import field
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.state import Repo

PASTED_NAME = "clipping.txt"  # the name a pasted text is filed under
FIELDS = ("source_name", "source_kind", "issue", "issued", "pages", "authors", "headline", "url")


def _page(
    repo: Repository,
    draft: dict[str, Any] | None = None,
    outcome: IngestOutcome | None = None,
    error: str | None = None,
    status: int = 200,
) -> Template:
    context = {
        "draft": draft or {"source_kind": "newspaper", "rubrics": []},
        "headings": heading_names(repo),
        "outcome": outcome,
        "error": error,
    }
    return Template("clippings/new.html", context=context, status_code=status)


@get("/staff/clippings/new", name="clipping_form", **staff(*FILERS))
async def clipping_form(repo: Repo) -> Template:
    return _page(repo)


@post("/staff/clippings/new", name="clipping_file", **staff(*FILERS))
async def clipping_file(
    repo: Repo,
    user: StaffUser,
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Template:
    draft: dict[str, Any] = {name: field(data, name, 2000) for name in FIELDS}
    chosen = data.get("rubrics")
    codes = chosen if isinstance(chosen, list) else [chosen] if chosen else []
    draft["rubrics"] = [" ".join(c.split())[:64] for c in codes if isinstance(c, str)][:50]
    # The pasted text keeps its lines: paragraphs are what a reader of the article sees.
    pasted = str(data.get("text") or "").strip()
    draft["text"] = pasted
    upload = data.get("file")
    upload = upload[0] if isinstance(upload, list) and upload else upload
    try:
        details = clipping_details(**{name: draft[name] or None for name in FIELDS})
    except ClippingError as exc:
        return _page(repo, draft, error=tr(exc.args[0]), status=400)
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    if content and pasted:
        error = _("Give either a file or the pasted text, not both.")
        return _page(repo, draft, error=error, status=400)
    if not content and not pasted:
        error = _("Give the article: a file (scan, PDF, DOCX) or its text.")
        return _page(repo, draft, error=error, status=400)
    name = upload.filename if isinstance(upload, UploadFile) and content else PASTED_NAME
    hints = Hints(rubrics=tuple(draft["rubrics"]))
    raw = RawFile(content or pasted.encode(), name or "clipping", hints, clipping=details)
    ingestor = repo.ingestor(f"web:{user.username}", WayIn.UPLOAD)
    # OCR of a scan takes minutes: not on the event loop that serves every other reader.
    outcome = await asyncio.to_thread(ingestor.ingest, raw)
    if not outcome.ok:
        error = _("The clipping was not filed: %(reason)s") % {"reason": tr(outcome.reason or "")}
        return _page(repo, draft, error=error, status=400)
    return _page(repo, outcome=outcome)


ROUTES = [clipping_form, clipping_file]
