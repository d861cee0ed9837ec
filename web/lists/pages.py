"""The librarian's list builder: new arrivals for a period, a thematic list or an answer's
sources, grouped as chosen, downloaded in any of the formats (legaldesk/lists/). Building is
a GET: it changes nothing, and the address of a list can be kept and opened again."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get
from litestar.response import Response, Template

from legaldesk.lists import exports
from legaldesk.lists.build import Kind, ListSpec, build
from legaldesk.lists.grouping import Grouping, SortBy
from legaldesk.lists.period import Period, PeriodError
from legaldesk.lists.selection import DateBasis, SelectionError
from legaldesk.web.auth.guard import FILERS, staff
from legaldesk.web.forms import field, form_page, whole
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import gettext as _
from legaldesk.web.state import Repo


def _page(repo: Repo, params: dict[str, str], **outcome: Any) -> Template:
    context = {
        "p": params,
        "formats": [exports.get(name) for name in exports.FORMAT_NAMES],
        "rubrics": heading_names(repo),
        "this_month": Period.this_month(date.today()),
    }
    return form_page("lists/builder.html", context, **outcome)


@get("/staff/lists", name="lists", **staff(*FILERS))
async def lists_page(request: Request[Any, Any, Any], repo: Repo) -> Template | Response[bytes]:
    params = {k: field(request.query_params, k, 300) for k in _PARAMS}
    if not params.get("format"):
        return _page(repo, params)
    try:
        spec = _spec(params)
        writer = exports.get(params["format"])
        document = build(repo, spec)
    except KeyError:  # a format typed into the address: say which there are
        formats = ", ".join(exports.FORMAT_NAMES)
        why = _("no format %(name)s; there are: %(formats)s") % {
            "name": params["format"],
            "formats": formats,
        }
        return _page(
            repo, params, error=_("The list cannot be made: %(why)s") % {"why": why}, status=400
        )
    except (SelectionError, PeriodError, ValueError) as exc:
        message = str(exc.args[0]) if exc.args else str(exc)
        return _page(
            repo, params, error=_("The list cannot be made: %(why)s") % {"why": message}, status=400
        )
    name = f"list-{spec.kind.value}-{date.today():%Y-%m-%d}.{writer.extension}"
    return Response(
        writer.render(document),
        media_type=writer.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


_PARAMS = (
    "kind",
    "from",
    "to",
    "q",
    "rubric",
    "basis",
    "request",
    "sort",
    "order",
    "flat",
    "format",
)


def _day(raw: str) -> date | None:
    return date.fromisoformat(raw) if raw else None


def _spec(p: dict[str, str]) -> ListSpec:
    kind = Kind(p.get("kind") or "new")
    start, end = _day(p.get("from", "")), _day(p.get("to", ""))
    period = Period(start, end) if start and end else None
    request = p.get("request", "")
    return ListSpec(
        kind=kind,
        period=period,
        query=p.get("q", ""),
        rubric=p.get("rubric") or None,
        basis=DateBasis(p.get("basis") or "adopted"),
        request_id=whole(request),
        grouping=Grouping(
            by_level=p.get("flat") != "1",
            by_kind=p.get("flat") != "1",
            sort=SortBy(p.get("sort") or "date"),
            oldest_first=p.get("order") == "oldest",
        ),
    )


ROUTES = [lists_page]
