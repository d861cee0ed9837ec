"""How the desk's stored data reads in the interface's language: the deadline's
computation, a request's history, a review flag. The web pages and the CLI (in Russian)
share these."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from legaldesk.desk import vocabulary
from legaldesk.models import RequestEvent, ReviewFlag
from legaldesk.web import i18n
from legaldesk.web.i18n import N_, fmt_date, ngettext
from legaldesk.web.i18n import gettext as _
from legaldesk.web.labels import CHANGE_KINDS
from legaldesk.web.labels import STATUSES as ACT_STATUSES
from legaldesk.web.qa.labels import FINDINGS

WEEKDAYS = {5: N_("Saturday"), 6: N_("Sunday")}
LISTS = {
    "mine": N_("My requests"),
    "unassigned": N_("Unassigned"),
    "due_today": N_("Due today"),
    "overdue": N_("Overdue"),
    "flagged": N_("Cited act changed"),
    "all": N_("All"),
}
FIELDS = {
    "code": N_("reference code"),
    "question": N_("question"),
    "channel": N_("channel"),
    "category": N_("requester"),
    "kind": N_("kind of reference"),
    "received_at": N_("received"),
    "priority": N_("priority"),
    "effort": N_("effort (READ)"),
    "branch_id": N_("library"),
    "rubrics": N_("subject headings"),
    "requester_name": N_("requester's name"),
    "requester_contact": N_("requester's contact"),
    "due_on": N_("deadline"),
    "status": N_("status"),
    "assignee_id": N_("assignee"),
    "answer": N_("answer"),
    "delivery": N_("delivery"),
    "printed_pages": N_("pages printed"),
    "minutes_spent": N_("minutes spent"),
    "act": N_("cited act"),
    "source": N_("cited source"),
    "flag": N_("review flag"),
    "email": N_("e-mail"),
    "qa": N_("question–answer entry"),
    "warnings": N_("published despite warnings"),
}
ACTIONS = {
    "created": N_("registered"),
    "changed": N_("changed"),
    "status": N_("status changed"),
    "assigned": N_("assigned"),
    "answered": N_("answer saved"),
    "act_cited": N_("act cited"),
    "act_uncited": N_("act no longer cited"),
    "source_added": N_("source cited"),
    "source_removed": N_("source no longer cited"),
    "flagged": N_("a cited act changed"),
    "flag_cleared": N_("review flag cleared"),
    "personal_data_removed": N_("personal data removed"),
    "notified": N_("e-mail to the resident queued"),
    "qa_published": N_("published in the question–answer base"),
    "qa_unpublished": N_("taken off the question–answer base"),
}
# Which e-mail a resident who asked on the website was sent (legaldesk/desk/notices.py).
NOTICES = {
    "received": N_("the question is registered"),
    "answered": N_("the answer is ready"),
}
VOCABULARIES: dict[str, Mapping[str, str]] = {
    "channel": vocabulary.CHANNELS,
    "category": vocabulary.CATEGORIES,
    "kind": vocabulary.KINDS,
    "priority": vocabulary.PRIORITIES,
    "status": vocabulary.STATUSES,
    "delivery": vocabulary.DELIVERIES,
}


def label(vocabulary_name: str, code: str | None) -> str:
    """A code's name in the reader's language («phone» → «по телефону»)."""
    if code is None:
        return "—"
    names = VOCABULARIES.get(vocabulary_name, {})
    return _(names[code]) if code in names else code


def _day(value: str | None) -> str:
    return fmt_date(date.fromisoformat(value)) if value else ""


def _why(off: Mapping[str, Any] | None) -> str:
    """Why a day is not worked: a weekend day, a holiday by its name, a decree's note."""
    if not off:
        return ""
    if off.get("reason") == "weekend":
        return _(WEEKDAYS.get(int(off.get("weekday", 5)), WEEKDAYS[5]))
    if i18n.current() == "en" and off.get("name_en"):
        return str(off["name_en"])
    return str(off.get("name_ru") or "")


def deadline_text(steps: Mapping[str, Any]) -> str:
    """«30 календарных дней с 12.03.2026 (59-ФЗ, ст. 12); срок приходится на выходной
    11.04.2026 (суббота) — переносится на 13.04.2026»."""
    if not steps:
        return ""
    parts: list[str] = []
    moved = steps.get("start_moved")
    if moved:
        values = {
            "day": _day(steps.get("received")),
            "time": steps.get("received_time", ""),
            "closes": moved.get("closes_at", ""),
            "start": _day(steps.get("start")),
            "why": _why(moved.get("day_off")),
        }
        if moved.get("why") == "after_hours":
            parts.append(
                _(
                    "received %(day)s at %(time)s, after the desk closed (%(closes)s): "
                    "counted as received %(start)s"
                )
                % values
            )
        else:
            parts.append(
                _("received on a day off, %(day)s (%(why)s): counted as received %(start)s")
                % values
            )
    amount = int(steps.get("amount", 0))
    values = {
        "num": amount,
        "start": _day(steps.get("start")),
        "basis": steps.get("basis") or "—",
        "due": _day(steps.get("due")),
    }
    if steps.get("unit") == "calendar_days":
        parts.append(
            ngettext(
                "%(num)d calendar day from %(start)s (%(basis)s)",
                "%(num)d calendar days from %(start)s (%(basis)s)",
                amount,
            )
            % values
        )
        if "end_moved" in steps:
            parts.append(
                _("the term ends on a day off, %(end)s (%(why)s), and moves to %(due)s")
                % {**values, "end": _day(steps.get("end")), "why": _why(steps.get("end_moved"))}
            )
        else:
            parts.append(_("due %(due)s") % values)
    elif amount == 0:
        parts.append(_("the same day (%(basis)s): due %(due)s") % values)
    else:
        parts.append(
            ngettext(
                "%(num)d working day from %(start)s (%(basis)s): due %(due)s",
                "%(num)d working days from %(start)s (%(basis)s): due %(due)s",
                amount,
            )
            % values
        )
        skipped = steps.get("skipped") or []
        if skipped:
            shown = ", ".join(_day(d) for d in skipped[:6]) + (" …" if len(skipped) > 6 else "")
            parts.append(_("days off stepped over: %(days)s") % {"days": shown})
    return "; ".join(parts)


def flag_text(flag: ReviewFlag) -> str:
    """What changed in a cited act, as the flag tells the librarian."""
    detail = flag.detail or {}
    values = {"act": flag.document_id, **detail}
    if flag.kind == "new_version":
        return _(
            "A new version of act %(act)s was filed %(when)s (version %(n)s; the answer cites "
            "version %(cited_n)s)"
        ) % {**values, "when": _day(detail.get("filed"))}
    if flag.kind == "withdrawn":
        return _("Act %(act)s was withdrawn from publication: %(reason)s") % values
    if flag.kind == "rejected":
        return _("Act %(act)s was rejected: %(reason)s") % values
    if flag.kind == "removed":
        return _("Act %(act)s was merged into act %(into)s as a duplicate") % values
    if flag.kind == "merged":
        return (
            _("Another record of act %(act)s (%(from)s) was merged into it: check its versions")
            % values
        )
    if flag.kind in ("metadata_changed", "status_changed"):
        status = detail.get("to") or detail.get("status") or "unknown"
        return _("The status of act %(act)s changed: %(status)s") % {
            **values,
            "status": _(ACT_STATUSES.get(status, status)),
        }
    return _("Act %(act)s changed (%(kind)s)") % {**values, "kind": flag.kind}


def _value(field: str, value: Any, users: Mapping[int, str], branches: Mapping[int, str]) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field in VOCABULARIES:
        return label(field, str(value))
    if field == "assignee_id":
        return users.get(int(value), str(value))
    if field == "branch_id":
        return branches.get(int(value), str(value))
    if field in ("due_on",):
        return _day(str(value))
    if field == "received_at":
        return str(value)[:16].replace("T", " ")
    if field == "rubrics":
        return ", ".join(value)
    if field == "question":
        text = str(value)
        return text if len(text) <= 60 else text[:60] + "…"
    return str(value)


def change_text(
    change: Mapping[str, Any], users: Mapping[int, str], branches: Mapping[int, str]
) -> str:
    field = str(change.get("field", ""))
    name = _(FIELDS.get(field, field))
    if field == "requester":  # personal data removed: why, never what
        if change.get("reason") == "expired":
            return _("name and contact removed %(days)s days after the request ended") % {
                "days": change.get("days")
            }
        kept = []
        if change.get("question_kept") is False:
            kept.append(_("the question's text replaced"))
        if change.get("answer_kept") is False:
            kept.append(_("the answer's text replaced"))
        return "; ".join([_("name and contact erased at the person's request"), *kept])
    if change.get("erased"):
        return _("%(field)s changed (the text was erased at the person's request)") % {
            "field": name
        }
    if change.get("personal"):
        return _("%(field)s changed (personal data is not kept in the history)") % {"field": name}
    if change.get("length"):
        return _("%(field)s: %(before)s → %(after)s characters") % {
            "field": name,
            "before": change.get("before"),
            "after": change.get("after"),
        }
    if field == "act":
        act = change.get("after") or change.get("before")
        if change.get("version"):
            return _("act %(act)s, version %(n)s") % {"act": act, "n": change["version"]}
        return _("act %(act)s") % {"act": act}
    if field == "flag":
        kind = str(change.get("after") or change.get("before"))
        return _(CHANGE_KINDS.get(kind, kind))
    if field == "email":
        which = str(change.get("after"))
        return _(NOTICES.get(which, which))
    if field == "qa":
        return _("entry %(id)s") % {"id": change.get("entry")}
    if field == "warnings":
        found = change.get("after") or {}
        kinds = ", ".join(f"{_(FINDINGS.get(k, k))} ({n})" for k, n in found.items())
        return f"{name}: {kinds}"
    before = _value(field, change.get("before"), users, branches)
    after = _value(field, change.get("after"), users, branches)
    if field == "code":
        return after
    return f"{name}: {before} → {after}"


def history_lines(
    events: list[RequestEvent], users: Mapping[int, str], branches: Mapping[int, str]
) -> list[tuple[Any, str, str, str]]:
    """(when, who, what, details) for each line of a request's history."""
    lines = []
    for event in events:
        who = event.actor.removeprefix("web:")
        if event.actor == "change log":
            who = _("change log")
        details = "; ".join(change_text(c, users, branches) for c in event.changes)
        lines.append((event.at, who, _(ACTIONS.get(event.action, event.action)), details))
    return lines
