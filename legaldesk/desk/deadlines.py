"""When a request is due, and how that was worked out.

A rule says how long a channel's requests may take — optionally for one category of
requester, which then wins — with its unit and its basis:

- written requests (letter, e-mail, website) fall under 59-ФЗ «О порядке рассмотрения
  обращений граждан», art. 12: **30 calendar days** from registration. The law counts
  calendar days, so the rule is stored in calendar days, not converted;
- a question by phone or in person is answered **the same day** (0 working days);
- an employee's service request, by the centre's own order, in working days.

The computation, in the library's time zone:

1. the day of receipt; received after the desk closes (``desk_closes_at``) or on a day
   off, the request counts as received on the next working day (nobody could register it);
2. calendar days: the term runs from the next day (Civil Code art. 191) and ends N days
   after; an end on a day off moves to the next working day (art. 193);
3. working days: the N-th working day after the day of receipt; 0 is that day itself.

Every step is kept with the request (``DeskRequest.deadline``), so the page can say «30
календарных дней с 12.03.2026 по 59-ФЗ, ст. 12; срок приходится на выходной 11.04.2026 —
переносится на 13.04.2026» and a later change of the rules does not rewrite it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from importlib.resources import files
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.desk.calendar import WorkCalendar
from legaldesk.desk.vocabulary import (
    CATEGORIES,
    CHANNELS,
    UNITS,
    UNKNOWN_CATEGORY,
    UNKNOWN_CHANNEL,
    UNKNOWN_UNIT,
)
from legaldesk.messages import Msg
from legaldesk.models import AuditEvent, DeadlineRule

LAW_59 = "59-ФЗ, ст. 12"
MAX_AMOUNT = 365


class DeadlineError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    channel: str
    category: str | None
    amount: int
    unit: str
    basis: str


def default_rules() -> list[Rule]:
    """The rules LegalDesk ships (legaldesk/seed/deadlines.toml)."""
    spec = tomllib.loads(files("legaldesk").joinpath("seed/deadlines.toml").read_text("utf-8"))
    return [
        Rule(r["channel"], r.get("category"), r["amount"], r["unit"], r["basis"])
        for r in spec["rule"]
    ]


# A channel with no rule at all (an administrator removed it): the law's term for writing.
FALLBACK = Rule("", None, 30, "calendar_days", LAW_59)


def seed_rules(engine: Engine) -> int:
    """The shipped rules, into an empty table only: once an administrator has rules, they
    are theirs (migration 0011 seeds the same file)."""
    with session_scope(engine) as session:
        if session.exec(select(DeadlineRule.id)).first() is not None:
            return 0
        shipped = default_rules()
        for rule in shipped:
            session.add(
                DeadlineRule(
                    channel=rule.channel,
                    category=rule.category,
                    amount=rule.amount,
                    unit=rule.unit,
                    basis=rule.basis,
                )
            )
        return len(shipped)


def rules(engine: Engine) -> list[DeadlineRule]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(DeadlineRule).order_by(
                    col(DeadlineRule.channel), col(DeadlineRule.category).nulls_first()
                )
            ).all()
        )


def rule_for(session: Session, channel: str, category: str) -> Rule:
    found = session.exec(
        select(DeadlineRule).where(
            DeadlineRule.channel == channel,
            (col(DeadlineRule.category) == category) | col(DeadlineRule.category).is_(None),
        )
    ).all()
    best = sorted(found, key=lambda r: r.category is None)
    if not best:
        return FALLBACK
    r = best[0]
    return Rule(r.channel, r.category, r.amount, r.unit, r.basis)


def save_rule(
    engine: Engine,
    channel: str,
    category: str | None,
    amount: int,
    unit: str,
    basis: str,
    actor: str,
) -> None:
    """Add or change the rule of a channel (and category)."""
    if channel not in CHANNELS:
        raise DeadlineError(Msg(UNKNOWN_CHANNEL, code=channel))
    if category is not None and category not in CATEGORIES:
        raise DeadlineError(Msg(UNKNOWN_CATEGORY, code=category))
    if unit not in UNITS:
        raise DeadlineError(Msg(UNKNOWN_UNIT, code=unit))
    if not 0 <= amount <= MAX_AMOUNT:
        raise DeadlineError(Msg("a term is 0 to %(max)d days", max=MAX_AMOUNT))
    basis = " ".join(basis.split())[:255]
    with session_scope(engine) as session:
        row = session.exec(
            select(DeadlineRule).where(
                DeadlineRule.channel == channel,
                col(DeadlineRule.category).is_(None)
                if category is None
                else col(DeadlineRule.category) == category,
            )
        ).first()
        before = None if row is None else {"amount": row.amount, "unit": row.unit}
        if row is None:
            row = DeadlineRule(channel=channel, category=category, amount=0, unit=unit)
        row.amount, row.unit, row.basis = amount, unit, basis
        session.add(row)
        session.add(
            AuditEvent(
                actor=actor,
                action="deadline_rule_saved",
                detail={
                    "channel": channel,
                    "category": category,
                    "amount": amount,
                    "unit": unit,
                    "basis": basis,
                    "before": before,
                },
            )
        )


def remove_rule(engine: Engine, rule_id: int, actor: str) -> None:
    with session_scope(engine) as session:
        row = session.get(DeadlineRule, rule_id)
        if row is None:
            raise DeadlineError(Msg("no rule %(id)s", id=rule_id))
        session.delete(row)
        session.add(
            AuditEvent(
                actor=actor,
                action="deadline_rule_removed",
                detail={"channel": row.channel, "category": row.category},
            )
        )


@dataclass(frozen=True)
class Deadline:
    due: date
    steps: dict[str, Any]  # kept with the request: how ``due`` was found


def compute(
    received_at: datetime,
    rule: Rule,
    calendar: WorkCalendar,
    zone: tzinfo,
    closes_at: time,
) -> Deadline:
    local = received_at.astimezone(zone)
    received = local.date()
    steps: dict[str, Any] = {
        "channel": rule.channel,
        "category": rule.category,
        "amount": rule.amount,
        "unit": rule.unit,
        "basis": rule.basis,
        "received": received.isoformat(),
        "received_time": local.strftime("%H:%M"),
    }
    start = received
    off = calendar.day_off(received)
    if off is not None or local.time() >= closes_at:
        start = calendar.next_working(received + timedelta(days=1))
        steps["start_moved"] = {
            "why": "day_off" if off is not None else "after_hours",
            "closes_at": closes_at.strftime("%H:%M"),
            "day_off": off.as_data() if off is not None else None,
        }
    steps["start"] = start.isoformat()
    if rule.unit == "calendar_days":
        end = start + timedelta(days=rule.amount)
        due = calendar.next_working(end)
        steps["end"] = end.isoformat()
        if due != end:
            day_off = calendar.day_off(end)
            steps["end_moved"] = day_off.as_data() if day_off is not None else None
    else:
        due, skipped = calendar.add_working_days(start, rule.amount)
        steps["skipped"] = [d.isoformat() for d in skipped]
    steps["due"] = due.isoformat()
    return Deadline(due, steps)
