"""Browsing the catalogue by subject heading: the tree of headings with the number of acts
under each."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from legaldesk.catalogue import rubric_counts, rubric_tree
from legaldesk.publication import PUBLIC
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.state import Repo


@get("/rubrics", name="rubrics")
async def rubrics_page(repo: Repo) -> Template:
    names = heading_names(repo)
    counts = rubric_counts(repo.engine, PUBLIC)  # what the public will find under each
    rows = [
        (str(r["code"]), names.get(str(r["code"]), ""), counts.get(str(r["code"]), 0), r["parent"])
        for r in rubric_tree(repo.engine)
    ]
    return Template("headings/rubrics.html", context={"rows": rows})


ROUTES = [rubrics_page]
