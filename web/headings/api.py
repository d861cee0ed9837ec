"""The subject headings in JSON."""

from __future__ import annotations

import msgspec
from litestar import get

from legaldesk.catalogue import rubric_tree
from legaldesk.web.state import Repo


class HeadingOut(msgspec.Struct):
    code: str
    name_ru: str
    name_en: str
    parent: str | None


@get("/api/v1/rubrics", name="api_rubrics")
async def api_rubrics(repo: Repo) -> list[HeadingOut]:
    """The subject headings: code, Russian and English names, parent."""
    return [
        HeadingOut(
            code=str(r["code"]),
            name_ru=str(r["name_ru"]),
            name_en=str(r["name_en"]),
            parent=str(r["parent"]) if r["parent"] is not None else None,
        )
        for r in rubric_tree(repo.engine)
    ]


ROUTES = [api_rubrics]
