"""``legaldesk requests list|show|stats``: the reference desk from the command line, in
the librarians' language (the interface's catalogue, web/locale: Russian unless
``LEGALDESK_LANG=en``), and as JSON with --json."""

from __future__ import annotations

import getpass
import json
import signal
import threading
from datetime import date
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from sqlmodel import Session, select

from legaldesk.catalogue import plain
from legaldesk.cli.common import _repo, app, console, err
from legaldesk.cli.speech import _, ngettext, not_one_of, russian
from legaldesk.desk import answers, privacy, stats
from legaldesk.desk.requests import LISTS, Clock, RequestFilter, get_request, list_requests
from legaldesk.models import Branch, DeskRequest, User
from legaldesk.models.base import MAX_ID
from legaldesk.repository import Repository

EXPIRY_INTERVAL = 3600.0  # an hour: expiry is counted in days

requests_app = typer.Typer(
    help="The reference desk's requests: list, one request, figures, expiry of personal data."
)
app.add_typer(requests_app, name="requests")


def _russian() -> Any:
    """The interface's views, in the CLI's language (legaldesk/cli/speech.py)."""
    from legaldesk.web.desk import views

    russian()
    return views


def cli_actor() -> str:
    """Who ran the command, for the audit trail: the operating system's user."""
    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return "cli"


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            _("«%(value)s» is not a date of the form YYYY-MM-DD") % {"value": value},
            param_hint=name,
        ) from exc


def _user_id(repo: Repository, username: str | None) -> int | None:
    if username is None:
        return None
    with Session(repo.engine) as session:
        user = session.exec(select(User).where(User.username == username.lower())).first()
    if user is None:
        raise typer.BadParameter(
            _("There is no user «%(name)s».") % {"name": username}, param_hint="--user"
        )
    return user.id


@requests_app.command("list")
def list_cmd(
    which: Annotated[str, typer.Option("--list", help=f"One of {', '.join(LISTS)}.")] = "all",
    user: Annotated[str | None, typer.Option(help="Whose «mine» (a user name).")] = None,
    search: Annotated[
        str, typer.Option("--search", "-q", help="Words of question or answer.")
    ] = "",
    status: Annotated[
        str, typer.Option(help="new, in_progress, waiting, answered, closed, cancelled.")
    ] = "",
    channel: Annotated[
        str, typer.Option(help="in_person, phone, email, letter, website, internal.")
    ] = "",
    since: Annotated[
        str | None, typer.Option("--from", help="Received on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Received on or before YYYY-MM-DD.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print the requests as JSON.")] = False,
) -> None:
    """The desk's requests, open ones by deadline first; overdue ones marked."""
    if which not in LISTS:
        raise typer.BadParameter(not_one_of(which, LISTS), param_hint="--list")
    repo = _repo()
    rows, total = list_requests(
        repo.engine,
        RequestFilter(
            which=which,
            user_id=_user_id(repo, user),
            text=search,
            status=status,
            channel=channel,
            received_from=_day(since, "--from"),
            received_to=_day(until, "--to"),
            limit=limit,
        ),
        Clock.of(repo.settings),
    )
    repo.close()
    if as_json:
        print(
            json.dumps(
                {"total": total, "requests": [plain(r) for r in rows]}, ensure_ascii=False, indent=2
            )
        )
        return
    views = _russian()
    table = Table(
        _("Code"),
        _("Received"),
        _("Question"),
        _("State"),
        _("Due"),
        _("Assignee"),
        title=_("Requests: %(num)d") % {"num": total},
        title_justify="left",
    )
    for r in rows:
        due = f"{r.due_on:%d.%m.%Y}"
        if r.overdue:
            due = f"[red]{due} {escape(_('overdue'))}[/]"
        elif r.due_today:
            due = f"[yellow]{due} {escape(_('today'))}[/]"
        question = r.question if len(r.question) <= 70 else r.question[:70] + "…"
        table.add_row(
            r.code + (" ⚑" if r.flags else ""),
            f"{r.received_at.astimezone(Clock.of(repo.settings).zone):%d.%m.%Y %H:%M}\n"
            + escape(views.label("channel", r.channel)),
            escape(question),
            escape(views.label("status", r.status)),
            due,
            escape(r.assignee or "—"),
        )
    console.print(table)


def _find(repo: Repository, ref: str) -> int | None:
    if ref.isascii() and ref.isdigit():  # «²» is a digit to isdigit, not to int()
        number = int(ref)
        return number if 1 <= number <= MAX_ID else None
    with Session(repo.engine) as session:
        return session.exec(select(DeskRequest.id).where(DeskRequest.code == ref.strip())).first()


@requests_app.command("show")
def show_cmd(
    ref: Annotated[str, typer.Argument(help="The reference code (2026-00042) or the id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the request as JSON.")] = False,
) -> None:
    """One request: who asked and how, its deadline and how it was computed, the answer
    with its acts and sources, the flags on changed acts, and its history."""
    repo = _repo()
    request_id = _find(repo, ref)
    found = get_request(repo.engine, request_id) if request_id else None
    if found is None:
        said = _("There is no request %(ref)s.") % {"ref": ref}
        err.print(f"[red]{escape(said)}[/]")
        repo.close()
        raise typer.Exit(1)
    with Session(repo.engine) as session:
        users = {
            u.id: u.display_name or u.username for u in session.exec(select(User)).all() if u.id
        }
        branches = {b.id: b.name for b in session.exec(select(Branch)).all() if b.id}
    zone = Clock.of(repo.settings).zone
    r = found.request
    if privacy.has_personal_data(found.requester):  # the operator saw a resident's data
        privacy.audit_access(repo.engine, [r], cli_actor(), "cli")
    views = _russian()
    data = {
        **{k: v for k, v in r.model_dump(mode="json").items() if k != "search_text"},
        "deadline_text": views.deadline_text(r.deadline),
        "requester": {"name": found.requester.name, "contact": found.requester.contact}
        if found.requester
        else None,
        "rubrics": found.rubrics,
        "branch": found.branch,
        "assignee": users.get(r.assignee_id) if r.assignee_id else None,
        "answer": found.answer.model_dump(mode="json") if found.answer else None,
        "acts": [plain(a) for a in found.acts],
        "sources": [
            {**s.model_dump(mode="json"), "description": answers.describe_source(s)}
            for s in found.sources
        ],
        "flags": [
            {"kind": f.kind, "act": f.document_id, "text": views.flag_text(f)} for f in found.flags
        ],
        "history": [
            {"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "changes": e.changes}
            for e in found.events
        ],
    }
    repo.close()
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, box=None)
    rows = [
        (_("Request"), r.code),
        (
            _("Received"),
            f"{r.received_at.astimezone(zone):%d.%m.%Y %H:%M}, {views.label('channel', r.channel)}",
        ),
        (
            _("Requester"),
            views.label("category", r.category)
            + (f": {found.requester.name}" if found.requester and found.requester.name else ""),
        ),
        (_("Kind of reference"), views.label("kind", r.kind)),
        (_("State"), views.label("status", r.status)),
        (_("Due"), f"{r.due_on:%d.%m.%Y} — {data['deadline_text']}"),
        (_("Assignee"), data["assignee"] or "—"),
        (_("Question"), r.question),
    ]
    if found.answer:
        rows.append((_("Answer"), found.answer.text))
    for name, value in rows:
        table.add_row(f"[bold]{escape(name)}[/]", escape(str(value)))
    console.print(table)
    for a in found.acts:
        line = _("act %(id)s: %(heading)s «%(title)s», version %(n)s") % {
            "id": a.document_id,
            "heading": _heading(a),
            "title": a.title or "",
            "n": a.version_n,
        }
        if not a.current:
            line += ", " + _("a newer version exists (%(n)s)") % {"n": a.latest_n}
        console.print(f"  {escape(line)}")
    for s in found.sources:
        console.print("  " + escape(answers.describe_source(s)))
    for f in data["flags"]:
        console.print(f"[yellow]⚑ {escape(f['text'])}[/]")
    history = Table(_("When"), _("Who"), _("What"), title=_("History"), title_justify="left")
    for at, who, what, details in views.history_lines(found.events, users, branches):
        history.add_row(
            f"{at.astimezone(zone):%d.%m.%Y %H:%M}",
            escape(who),
            escape(what + (f": {details}" if details else "")),
        )
    console.print(history)


def _heading(act: Any) -> str:
    from legaldesk.web.i18n import act_heading

    return act_heading(act.doc_type, act.date_adopted, act.number)


def _branch_id(repo: Repository, branch: str | None) -> int | None:
    if branch is None:
        return None
    with Session(repo.engine) as session:
        found = session.exec(select(Branch).where(Branch.name == branch.strip())).first()
        if found is None and branch.isdigit():
            found = session.get(Branch, int(branch))
    if found is None:
        raise typer.BadParameter(
            _("There is no library «%(name)s».") % {"name": branch}, param_hint="--branch"
        )
    return found.id


@requests_app.command("stats")
def stats_cmd(
    since: Annotated[
        str | None,
        typer.Option("--from", help="First day, YYYY-MM-DD [default: the month's first]."),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Last day, YYYY-MM-DD [default: today].")
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(help="Instead of --from/--to: " + ", ".join(stats.PRESETS) + "."),
    ] = None,
    branch: Annotated[
        str | None, typer.Option(help="One library of the network: its name or id.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """The desk's figures for a period, as on /staff/desk/stats.

    Requests by day or month, channel, kind, requester, subject heading, library and
    status; answers on time and the median time to answer; acts provided and pages
    printed; frequent topics and words month to month; searches on the site that found
    nothing."""
    if preset is not None and preset not in stats.PRESETS:
        raise typer.BadParameter(not_one_of(preset, stats.PRESETS), param_hint="--preset")
    repo = _repo()
    clock = Clock.of(repo.settings)
    try:
        period = stats.choose_period(
            clock.today(),
            preset or "",
            _day(since, "--from"),
            _day(until, "--to"),
            _branch_id(repo, branch),
        )
    except stats.PeriodError as exc:
        repo.close()
        raise typer.BadParameter(str(exc), param_hint="--to") from None
    found = stats.report(repo.engine, period, clock)
    if as_json:
        repo.close()
        print(json.dumps(stats.plain_report(found), ensure_ascii=False, indent=2))
        return
    _russian()
    from legaldesk.web.desk import stats_views
    from legaldesk.web.headings.names import names

    tables = stats_views.tables(found, names(repo))
    repo.close()
    where = found.branch or _("all libraries")
    console.print(
        escape(
            _("Requests from %(start)s to %(end)s (%(where)s):")
            % {"start": f"{found.start:%d.%m.%Y}", "end": f"{found.end:%d.%m.%Y}", "where": where}
        )
        + f" [bold]{found.total}[/]"
    )
    for table in tables:
        if not table.rows:
            continue
        out = Table(*table.columns, title=table.title, title_justify="left", box=None)
        for _link, cells in stats_views.shown(table):
            out.add_row(*(escape(c) for c in cells))
        console.print(out)


@requests_app.command("expire-personal-data")
def expire_personal_data(
    days: Annotated[
        int | None,
        typer.Option(
            min=1, help="Days after closing [default: LEGALDESK_DESK_PERSONAL_DATA_DAYS, 365]."
        ),
    ] = None,
    follow: Annotated[
        bool,
        typer.Option(
            "--follow", help="Keep doing it every --interval (legaldesk serve runs one itself)."
        ),
    ] = False,
    interval: Annotated[
        float, typer.Option(min=1, help="Seconds between runs with --follow.")
    ] = EXPIRY_INTERVAL,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was removed as JSON.")
    ] = False,
    parent: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    """Remove residents' names and contacts from requests that ended long enough ago.

    Names, contacts and e-mails to them go from requests closed or cancelled --days ago;
    counts stay; each request's history says so. Running it again removes nothing more."""
    repo = _repo()
    keep = days or repo.settings.desk_personal_data_days
    if not follow:
        removed = privacy.expire(repo.engine, keep, actor=cli_actor())
        repo.close()
        if as_json:
            print(json.dumps([plain(r) for r in removed], ensure_ascii=False, indent=2))
            return
        _print_removed(removed, keep)
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    err.print(
        _(
            "Personal data is removed %(days)s after a request is closed; checked every "
            "%(seconds).0f s"
        )
        % {"days": _days(keep), "seconds": interval}
    )
    try:
        run_expiry(repo, keep, stop, interval, parent)
    finally:
        repo.close()


def _days(n: int) -> str:
    return ngettext("%(num)d day", "%(num)d days", n) % {"num": n}


def _ago(days: int) -> str:
    """«более 365 дней назад»: after «закрытых», the genitive Russian wants there."""
    return ngettext("more than %(num)d day ago", "more than %(num)d days ago", days) % {"num": days}


def _print_removed(removed: list[privacy.Removed], days: int) -> None:
    if not removed:
        console.print(
            escape(
                _("Nothing to remove: requests closed %(ago)s hold no personal data.")
                % {"ago": _ago(days)}
            )
        )
        return
    console.print(
        escape(
            ngettext(
                "Personal data (name, contact, e-mails) removed from %(num)d request closed "
                "%(ago)s:",
                "Personal data (name, contact, e-mails) removed from %(num)d requests closed "
                "%(ago)s:",
                len(removed),
            )
            % {"num": len(removed), "ago": _ago(days)}
        )
    )
    views = _russian()
    for r in removed:
        mail = ", " + _("e-mails: %(num)d") % {"num": r.messages} if r.messages else ""
        state = views.label("status", r.status)
        console.print(f"  {r.code} — {escape(state)} {r.closed_at:%d.%m.%Y}{escape(mail)}")


def run_expiry(
    repo: Repository,
    days: int,
    stop: threading.Event,
    interval: float = EXPIRY_INTERVAL,
    parent: int | None = None,
) -> None:
    """Expire personal data now and then every ``interval`` until ``stop``; a failing
    database is logged and tried again at the next turn. Given ``parent``, ends when that
    process is gone (``legaldesk serve`` killed without a chance to stop it)."""
    import logging
    import os

    log = logging.getLogger("legaldesk.desk.privacy")
    while not stop.is_set():
        if parent is not None and os.getppid() != parent:
            return
        try:
            removed = privacy.expire(repo.engine, days, actor="expiry")
            if removed:
                err.print(
                    _("Personal data removed from the requests %(codes)s")
                    % {"codes": ", ".join(r.code for r in removed)}
                )
        except Exception:
            log.exception("expiring personal data failed; trying again later")
        # Wake up often enough to notice the parent gone; expire at the interval.
        waited = 0.0
        while waited < interval and not stop.is_set():
            if parent is not None and os.getppid() != parent:
                return
            stop.wait(min(5.0, interval - waited))
            waited += 5.0
