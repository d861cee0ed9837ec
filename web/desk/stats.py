"""The desk's statistics for the library's reports, /staff/desk/stats (librarians and
administrators): the figures of a period at one library or all, as charts with their
tables, exported as CSV and XLSX; and the same figures in JSON at /api/v1/requests/stats.
The figures are legaldesk/desk/stats.py's; the tables and charts web/desk/stats_views.py's."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode

from litestar import Response, get
from litestar.exceptions import ClientException
from litestar.params import QueryParameter
from litestar.response import Template

from legaldesk.desk import exports
from legaldesk.desk.requests import Clock, branches
from legaldesk.desk.stats import PRESETS, Period, PeriodError, Report, choose_period, report
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import FILERS, staff
from legaldesk.web.desk import stats_views, views
from legaldesk.web.desk.schemas import (
    ActCountOut,
    CountOut,
    GapOut,
    PeriodCountOut,
    StatsOut,
    TrendOut,
)
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import N_, act_heading, tr
from legaldesk.web.i18n import gettext as _
from legaldesk.web.schemas import errors
from legaldesk.web.state import Repo

Preset = Literal["", "this_month", "last_month", "this_year", "last_year"]
PresetParam = Annotated[Preset, QueryParameter(name="preset", description="A period by name")]
FromParam = Annotated[date | None, QueryParameter(name="from", description="First day, included")]
ToParam = Annotated[date | None, QueryParameter(name="to", description="Last day, included")]
BranchParam = Annotated[
    int | None,
    QueryParameter(name="branch", ge=1, le=2**31 - 1, description="One library (its id)"),
]
PRESET_NAMES = {
    "this_month": N_("this month"),
    "last_month": N_("last month"),
    "this_year": N_("this year"),
    "last_year": N_("last year"),
}


def _period(
    repo: Repository, preset: str, start: date | None, end: date | None, branch: int | None
) -> Period:
    try:
        return choose_period(Clock.of(repo.settings).today(), preset, start, end, branch)
    except PeriodError as exc:
        raise ClientException(tr(exc.args[0])) from None


def _report(repo: Repository, period: Period) -> Report:
    return report(repo.engine, period, Clock.of(repo.settings))


def _query(period: Period) -> str:
    values = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if period.branch_id is not None:
        values["branch"] = str(period.branch_id)
    return urlencode(values)


@get("/staff/desk/stats", name="desk_stats", **staff(*FILERS))
async def desk_stats(
    repo: Repo,
    preset: PresetParam = "",
    start: FromParam = None,
    end: ToParam = None,
    branch: BranchParam = None,
) -> Template:
    """The period's figures as charts, each with its table, and the exports."""
    period = _period(repo, preset, start, end, branch)
    found = _report(repo, period)
    names = heading_names(repo)
    tables = stats_views.tables(found, names)
    today = Clock.of(repo.settings).today()
    presets = []
    for name in PRESETS:
        chosen = choose_period(today, name, branch_id=period.branch_id)
        presets.append((name, _(PRESET_NAMES[name]), _query(chosen), chosen == period))
    context = {
        "found": found,
        "period": period,
        "period_text": stats_views.period_text(found),
        "sections": [(t, stats_views.chart_for(t, found)) for t in tables],
        "presets": presets,
        "branches": branches(repo.engine, active_only=False),
        "query": _query(period),
        "views": views,
        "shown": stats_views.shown,
    }
    return Template("desk/stats.html", context=context)


def _export_name(period: Period, suffix: str) -> str:
    return f"desk-stats-{period.start.isoformat()}-{period.end.isoformat()}.{suffix}"


def _heading_lines(found: Report) -> list[str]:
    return [_("Reference desk statistics") + ": " + stats_views.period_text(found)]


@get("/staff/desk/stats.csv", name="desk_stats_csv", **staff(*FILERS))
async def desk_stats_csv(
    repo: Repo,
    preset: PresetParam = "",
    start: FromParam = None,
    end: ToParam = None,
    branch: BranchParam = None,
) -> Response[bytes]:
    """Every table of the page in one CSV for Excel: UTF-8 with a BOM, «;» between fields."""
    period = _period(repo, preset, start, end, branch)
    found = _report(repo, period)
    data = exports.to_csv(
        stats_views.tables(found, heading_names(repo)), heading=_heading_lines(found)
    )
    return Response(
        content=data,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_export_name(period, "csv")}"'},
    )


@get("/staff/desk/stats.xlsx", name="desk_stats_xlsx", **staff(*FILERS))
async def desk_stats_xlsx(
    repo: Repo,
    preset: PresetParam = "",
    start: FromParam = None,
    end: ToParam = None,
    branch: BranchParam = None,
) -> Response[bytes]:
    """Every table of the page as a sheet of an XLSX workbook."""
    period = _period(repo, preset, start, end, branch)
    found = _report(repo, period)
    lines = _heading_lines(found)
    data = exports.to_xlsx(
        stats_views.tables(found, heading_names(repo)), title=lines[0], heading=lines
    )
    return Response(
        content=data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{_export_name(period, "xlsx")}"'},
    )


def _counts(name: str, counts: dict[str, int]) -> list[CountOut]:
    return [
        CountOut(code=code, name=views.label(name, code), count=n) for code, n in counts.items()
    ]


def stats_out(found: Report, headings: dict[str, str]) -> StatsOut:
    no_heading, no_branch = _("no subject heading"), _("library not given")
    return StatsOut(
        start=found.start,
        end=found.end,
        branch_id=found.branch_id,
        branch=found.branch,
        by="month" if found.by_month else "day",
        total=found.total,
        by_period=[PeriodCountOut(start=d, count=n) for d, n in found.by_period],
        by_status=_counts("status", found.by_status),
        by_channel=_counts("channel", found.by_channel),
        by_category=_counts("category", found.by_category),
        by_kind=_counts("kind", found.by_kind),
        by_rubric=[
            CountOut(code=code, name=headings.get(code, code) if code else no_heading, count=n)
            for code, n in found.by_rubric.items()
        ],
        by_branch=[
            CountOut(code=name, name=name or no_branch, count=n)
            for name, n in found.by_branch.items()
        ],
        answered=found.answered,
        answered_on_time=found.answered_on_time,
        answered_late=found.answered_late,
        on_time_share=found.on_time_share,
        open_overdue=found.open_overdue,
        median_hours=found.median_hours,
        median_working_days=found.median_working_days,
        acts_cited=found.acts_cited,
        distinct_acts=found.distinct_acts,
        top_acts=[
            ActCountOut(
                document_id=a.document_id,
                heading=act_heading(a.doc_type, a.date_adopted, a.number),
                title=a.title,
                count=a.count,
            )
            for a in found.top_acts
        ],
        printed_pages=found.printed_pages,
        minutes_spent=found.minutes_spent,
        words=[CountOut(code=w, name=w, count=n) for w, n in found.words],
        months=found.trend_months,
        rubric_trend=[
            TrendOut(name=headings.get(code, code), counts=counts)
            for code, counts in found.rubric_trend.items()
        ],
        word_trend=[TrendOut(name=w, counts=counts) for w, counts in found.word_trend.items()],
        gaps=[GapOut(query=g.query, count=g.count, days=g.days, last=g.last) for g in found.gaps],
        gaps_total=found.gaps_total,
    )


@get(
    "/api/v1/requests/stats",
    name="api_requests_stats",
    responses=errors(401, 403),
    **staff(*FILERS),
)
async def api_requests_stats(
    repo: Repo,
    preset: PresetParam = "",
    start: FromParam = None,
    end: ToParam = None,
    branch: BranchParam = None,
) -> StatsOut:
    """The desk's figures for a period (default: this month) at one library or all: the
    statistics page's figures (staff only)."""
    period = _period(repo, preset, start, end, branch)
    return stats_out(_report(repo, period), heading_names(repo))


ROUTES = [desk_stats, desk_stats_csv, desk_stats_xlsx, api_requests_stats]
