"""The desk's settings, for administrators (/staff/desk/settings): the deadline rules (per
channel, optionally per category of requester, with their unit and basis), the table of
days the government's decrees transfer, and the libraries of the network."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from legaldesk.desk import calendar, deadlines
from legaldesk.desk.calendar import CalendarError
from legaldesk.desk.deadlines import DeadlineError
from legaldesk.desk.requests import DeskError, add_branch, branches, set_branch_active
from legaldesk.desk.vocabulary import CATEGORIES, CHANNELS, UNITS
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import ADMINS, StaffUser, staff
from legaldesk.web.forms import field, form_page, whole
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.params import Id
from legaldesk.web.state import Repo

Year = Annotated[int | None, QueryParameter(ge=2000, le=2100)]


def _page(repo: Repository, year: int | None = None, **outcome: Any) -> Template:
    year = year or date.today().year
    context = {
        "rules": deadlines.rules(repo.engine),
        "days": calendar.transfers(repo.engine, year),
        "year": year,
        "branches": branches(repo.engine, active_only=False),
        "channels": CHANNELS,
        "categories": CATEGORIES,
        "units": UNITS,
    }
    return form_page("desk/settings.html", context, **outcome)


@get("/staff/desk/settings", name="desk_settings", **staff(*ADMINS))
async def desk_settings(repo: Repo, year: Year = None) -> Template:
    return _page(repo, year)


@post("/staff/desk/settings/rules", name="desk_rule_save", **staff(*ADMINS))
async def desk_rule_save(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    form = await request.form()
    amount = field(form, "amount", 4)
    try:
        days = whole(amount, 0)
        if days is None:
            raise DeadlineError(_("Give the term as a number of days."))
        deadlines.save_rule(
            repo.engine,
            field(form, "channel", 16),
            field(form, "category", 32) or None,
            days,
            field(form, "unit", 16),
            field(form, "basis"),
            f"web:{user.username}",
        )
    except DeadlineError as exc:
        return _page(repo, error=tr(exc.args[0]), status=400)
    return Redirect("/staff/desk/settings#rules")


@post("/staff/desk/settings/rules/{rule_id:int}/remove", name="desk_rule_remove", **staff(*ADMINS))
async def desk_rule_remove(repo: Repo, user: StaffUser, rule_id: Id) -> Template | Redirect:
    try:
        deadlines.remove_rule(repo.engine, rule_id, f"web:{user.username}")
    except DeadlineError as exc:
        return _page(repo, error=tr(exc.args[0]), status=400)
    return Redirect("/staff/desk/settings#rules")


def _day(form: Any) -> date:
    raw = field(form, "day", 10)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CalendarError(_("Not a date: %(value)s") % {"value": raw}) from None


@post("/staff/desk/settings/calendar", name="desk_day_save", **staff(*ADMINS))
async def desk_day_save(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    """Enter a day of a decree: a weekday made a day off, or a weekend day made a working
    one. Deadlines computed from now on follow it; those computed before keep theirs."""
    form = await request.form()
    try:
        day = _day(form)
        calendar.set_day(
            repo.engine,
            day,
            field(form, "working", 3) == "yes",
            field(form, "note"),
            field(form, "decree"),
            f"web:{user.username}",
        )
    except CalendarError as exc:
        return _page(repo, error=tr(exc.args[0]), status=400)
    return Redirect(f"/staff/desk/settings?year={day.year}#calendar")


@post("/staff/desk/settings/calendar/remove", name="desk_day_remove", **staff(*ADMINS))
async def desk_day_remove(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    form = await request.form()
    try:
        day = _day(form)
        calendar.remove_day(repo.engine, day, f"web:{user.username}")
    except CalendarError as exc:
        return _page(repo, error=tr(exc.args[0]), status=400)
    return Redirect(f"/staff/desk/settings?year={day.year}#calendar")


@post("/staff/desk/settings/branches", name="desk_branch_add", **staff(*ADMINS))
async def desk_branch_add(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    form = await request.form()
    try:
        add_branch(repo.engine, field(form, "name"), f"web:{user.username}")
    except DeskError as exc:
        return _page(repo, error=tr(exc.args[0]), status=400)
    return Redirect("/staff/desk/settings#branches")


@post("/staff/desk/settings/branches/{branch_id:int}", name="desk_branch_active", **staff(*ADMINS))
async def desk_branch_active(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, branch_id: Id
) -> Template | Redirect:
    form = await request.form()
    try:
        set_branch_active(
            repo.engine, branch_id, field(form, "active", 3) == "yes", f"web:{user.username}"
        )
    except DeskError as exc:
        return _page(repo, error=tr(exc.args[0]), status=400)
    return Redirect("/staff/desk/settings#branches")


ROUTES = [
    desk_settings,
    desk_rule_save,
    desk_rule_remove,
    desk_day_save,
    desk_day_remove,
    desk_branch_add,
    desk_branch_active,
]
