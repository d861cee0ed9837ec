"""Filing documents by upload: every file goes through the one ingest pipeline on its own,
so one broken file is one line with its reason and the others are filed."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from litestar import get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from legaldesk.pipeline.ingest import Hints, IngestOutcome, RawFile
from legaldesk.publication import WayIn
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import FILERS, StaffUser, staff
from legaldesk.web.i18n import gettext as _
from legaldesk.web.state import Repo

MAX_FILES = 50
UPLOAD_BATCH = 4  # files of the largest allowed size in one upload form


def upload_limit(repo: Repository) -> int:
    """What one upload form may carry: a few files of the largest size a file may have
    (LEGALDESK_MAX_FILE_SIZE), so that no file the pipeline would take is refused at the
    door; a larger file inside is refused by the pipeline with its reason."""
    return repo.settings.max_file_size * UPLOAD_BATCH + 1024 * 1024


@get("/staff/upload", name="upload_page", **staff(*FILERS))
async def upload_page() -> Template:
    return Template("acts/upload.html", context={"outcomes": []})


@post("/staff/upload", name="upload", **staff(*FILERS))
async def upload(
    repo: Repo,
    user: StaffUser,
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Template:
    files = data.get("files")
    uploads: list[UploadFile] = files if isinstance(files, list) else [files] if files else []
    uploads = [u for u in uploads if isinstance(u, UploadFile)][:MAX_FILES]
    # A librarian's upload publishes at once unless the pipeline doubts the file.
    ingestor = repo.ingestor(f"web:{user.username}", WayIn.UPLOAD)
    outcomes: list[IngestOutcome] = []
    for item in uploads:
        content = await item.read()
        raw = RawFile(content, item.filename or "upload", Hints())
        # Reading a file (OCR of a scan: minutes) must not hold the event loop that
        # serves every other reader of this worker.
        outcomes.append(await asyncio.to_thread(ingestor.ingest, raw))
    context = {
        "outcomes": outcomes,
        "error": None if uploads else _("Choose the files to upload."),
    }
    return Template("acts/upload.html", context=context, status_code=200 if uploads else 400)


ROUTES = [upload_page, upload]
