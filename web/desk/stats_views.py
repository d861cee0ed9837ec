"""The desk's statistics in the reader's language: the report (legaldesk/desk/stats.py) as
named tables — the page's, the CSV's and the XLSX's, so the three always show the same
figures — and the charts drawn from the same tables. The CLI reads them in Russian."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

from babel.dates import format_date
from babel.numbers import format_decimal

from legaldesk.desk.exports import Table, Value
from legaldesk.desk.stats import NO_RUBRIC, Report
from legaldesk.web import i18n
from legaldesk.web.desk import charts, views
from legaldesk.web.i18n import act_heading, fmt_date
from legaldesk.web.i18n import gettext as _


def month_name(day: date) -> str:
    """«Март 2026» in Russian (the nominative a heading uses), «March 2026» in English."""
    text = format_date(day, "LLLL y", locale=i18n.current())
    return text[:1].upper() + text[1:]


def period_label(day: date, by_month: bool) -> str:
    return month_name(day) if by_month else fmt_date(day)


def period_text(found: Report) -> str:
    where = found.branch or _("all libraries")
    return _("from %(start)s to %(end)s, %(where)s") % {
        "start": fmt_date(found.start),
        "end": fmt_date(found.end),
        "where": where,
    }


def _share(n: int, total: int) -> float:
    return round(100.0 * n / total, 1) if total else 0.0


def _counted(
    key: str, title: str, first: str, counts: Mapping[str, int], name: Mapping[str, str], total: int
) -> Table:
    return Table(
        key=key,
        title=title,
        columns=[first, _("Number of requests"), _("Share, %")],
        rows=[[name.get(code, code), n, _share(n, total)] for code, n in counts.items()],
        formats={2: "0.0"},
    )


def _vocabulary(name: str, counts: Mapping[str, int]) -> dict[str, str]:
    return {code: views.label(name, code) for code in counts}


def tables(found: Report, heading_names: Mapping[str, str]) -> list[Table]:
    """Every table of the report, in the order the page shows them."""
    total = found.total
    summary: list[list[Value]] = [
        [_("Requests received"), total],
        [_("Answered"), found.answered],
        [_("Answered on time"), found.answered_on_time],
        [_("Answered late"), found.answered_late],
        [
            _("Answered on time, % of answered"),
            round(100 * found.on_time_share, 1) if found.on_time_share is not None else None,
        ],
        [_("Not answered and past the deadline"), found.open_overdue],
        [_("Median time to answer, working days"), found.median_working_days],
        [
            _("Median time to answer, hours"),
            round(found.median_hours, 1) if found.median_hours is not None else None,
        ],
        [_("Acts provided (versions cited in answers)"), found.acts_cited],
        [_("Different acts provided"), found.distinct_acts],
        [_("Pages printed"), found.printed_pages],
        [_("Minutes spent on answers"), found.minutes_spent],
        [_("Searches on the site that found nothing"), found.gaps_total],
    ]
    rubric_names = {code: heading_names.get(code, code) for code in found.by_rubric}
    rubric_names[NO_RUBRIC] = _("no subject heading")
    branch_names = {name: name or _("library not given") for name in found.by_branch}
    months = [month_name(m) for m in found.trend_months]
    out = [
        Table(key="summary", title=_("Summary"), columns=[_("Figure"), _("Value")], rows=summary),
        Table(
            key="period",
            title=_("By month") if found.by_month else _("By day"),
            columns=[_("Month") if found.by_month else _("Day"), _("Number of requests")],
            rows=[[day, n] for day, n in found.by_period],
            formats={0: "MM.YYYY"} if found.by_month else {},
        ),
        _counted(
            "channel",
            _("By channel"),
            _("Channel"),
            found.by_channel,
            _vocabulary("channel", found.by_channel),
            total,
        ),
        _counted(
            "kind",
            _("By kind of reference"),
            _("Kind of reference"),
            found.by_kind,
            _vocabulary("kind", found.by_kind),
            total,
        ),
        _counted(
            "category",
            _("By requester"),
            _("Requester"),
            found.by_category,
            _vocabulary("category", found.by_category),
            total,
        ),
        _counted(
            "rubric",
            _("By subject heading"),
            _("Subject heading"),
            found.by_rubric,
            rubric_names,
            total,
        ),
        _counted("branch", _("By library"), _("Library"), found.by_branch, branch_names, total),
        _counted(
            "status",
            _("By status"),
            _("Status"),
            found.by_status,
            _vocabulary("status", found.by_status),
            total,
        ),
        Table(
            key="acts",
            title=_("Acts provided most"),
            columns=[_("Act"), _("Title"), _("Number of requests")],
            rows=[
                [act_heading(a.doc_type, a.date_adopted, a.number), a.title or "", a.count]
                for a in found.top_acts
            ],
            links=[f"/documents/{a.document_id}" for a in found.top_acts],
        ),
        Table(
            key="rubric_trend",
            title=_("Subject headings month to month"),
            columns=[_("Subject heading"), *months],
            rows=[
                [heading_names.get(code, code), *counts]
                for code, counts in found.rubric_trend.items()
            ],
        ),
        Table(
            key="words",
            title=_("Frequent words of questions"),
            columns=[_("Word"), _("Questions")],
            rows=[[word, n] for word, n in found.words],
        ),
        Table(
            key="word_trend",
            title=_("Frequent words month to month"),
            columns=[_("Word"), *months],
            rows=[[word, *counts] for word, counts in found.word_trend.items()],
        ),
        Table(
            key="gaps",
            title=_("Searches on the site that found nothing"),
            columns=[_("Query"), _("Searches"), _("Days"), _("Last searched")],
            rows=[[g.query, g.count, g.days, g.last] for g in found.gaps],
            links=["/search?" + urlencode({"q": g.query}) for g in found.gaps],
        ),
    ]
    return out


# Which tables get a chart, and of what kind.
BAR_CHARTS = ("channel", "kind", "category", "rubric", "branch", "status", "words")
TREND_CHARTS = ("rubric_trend", "word_trend")


def chart_for(table: Table, found: Report) -> str | None:
    """The chart of a table, as an image's data URI, or None for a table without one."""
    if not table.rows:
        return None
    if table.key == "period":
        labels = [
            month_name(d) if found.by_month else format_date(d, "dd.MM", locale=i18n.current())
            for d, _n in found.by_period
        ]
        return charts.columns(
            table.title, labels, [n for _d, n in found.by_period], _("Number of requests")
        )
    if table.key in BAR_CHARTS:
        return charts.bars(
            table.title,
            [str(r[0]) for r in table.rows],
            [float(r[1] or 0) for r in table.rows],  # type: ignore[arg-type]
            table.columns[1],
        )
    if table.key in TREND_CHARTS:
        return charts.lines(
            table.title,
            table.columns[1:],
            {str(r[0]): [float(v or 0) for v in r[1:]] for r in table.rows},  # type: ignore[arg-type]
        )
    return None


def cell_text(value: Value, month: bool = False) -> str:
    """A table's cell as the page shows it: dates by locale (a month by its name), shares
    with one decimal in the reader's notation (33,3 in Russian)."""
    if value is None:
        return "—"
    if isinstance(value, date):
        return month_name(value) if month else fmt_date(value)
    if isinstance(value, float):
        return format_decimal(value, "#,##0.#", locale=i18n.current())
    return str(value)


def shown(table: Table) -> list[tuple[str | None, list[str]]]:
    """(link, cells as text) for each row of a table."""
    month = table.formats.get(0) == "MM.YYYY"
    out = []
    for n, row in enumerate(table.rows):
        link = table.links[n] if n < len(table.links) else None
        out.append((link, [cell_text(v, month and i == 0) for i, v in enumerate(row)]))
    return out
