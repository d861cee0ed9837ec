"""The librarian's list builder: new arrivals for a period, a thematic list or an answer's
sources, grouped as chosen, downloaded in any of the formats (legaldesk/lists/). Building is
a GET: it changes nothing, and the address of a list can be kept and opened again."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

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


def _day(raw: str, name: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        raise ValueError(
            _("%(name)s is not a date: %(value)s") % {"name": name, "value": raw}
        ) from None


E = TypeVar("E", bound=StrEnum)


def _choice(choices: type[E], raw: str, name: str) -> E:
    """One of ``choices`` by its value; a value typed into the address that is none of them
    is refused in the reader's language (Python's own message was English)."""
    try:
        return choices(raw)
    except ValueError:
        known = ", ".join(c.value for c in choices)
        raise ValueError(
            _("%(name)s cannot be %(value)s; it can be: %(known)s")
            % {"name": name, "value": raw, "known": known}
        ) from None


def _spec(p: dict[str, str]) -> ListSpec:
    kind = _choice(Kind, p.get("kind") or "new", "kind")
    start, end = _day(p.get("from", ""), "from"), _day(p.get("to", ""), "to")
    period = Period(start, end) if start and end else None
    request = p.get("request", "")
    return ListSpec(
        kind=kind,
        period=period,
        query=p.get("q", ""),
        rubric=p.get("rubric") or None,
        basis=_choice(DateBasis, p.get("basis") or "adopted", "basis"),
        request_id=whole(request),
        grouping=Grouping(
            by_level=p.get("flat") != "1",
            by_kind=p.get("flat") != "1",
            sort=_choice(SortBy, p.get("sort") or "date", "sort"),
            oldest_first=p.get("order") == "oldest",
        ),
    )


ROUTES = [lists_page]
