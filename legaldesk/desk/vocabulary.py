"""The desk's closed lists, stored as short stable codes, with their names in English as
message ids (the web and the CLI show them through the Russian catalogue), and the moves a
request's status may make."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a name for the catalogue (``make messages`` extracts ``N_``)."""
    return message


CHANNELS: dict[str, str] = {
    "in_person": N_("in person"),
    "phone": N_("by phone"),
    "email": N_("by e-mail"),
    "letter": N_("by letter"),
    "website": N_("from the website"),
    # An employee of the municipality asking from their workspace.
    "internal": N_("from an employee's workspace"),
}
CATEGORIES: dict[str, str] = {
    "resident": N_("resident"),
    "pensioner": N_("pensioner"),
    "disabled": N_("person with a disability"),
    "student": N_("student"),
    "entrepreneur": N_("entrepreneur"),
    "municipal_employee": N_("municipal employee"),
    "deputy": N_("deputy"),
    "organisation": N_("organisation"),
}
# The kinds of reference Russian libraries count (тематическая, адресная, уточняющая,
# фактографическая справка).
KINDS: dict[str, str] = {
    "thematic": N_("thematic"),
    "address": N_("address (locating a document)"),
    "clarifying": N_("clarifying"),
    "factual": N_("factual"),
}
PRIORITIES: dict[str, str] = {
    "normal": N_("normal"),
    "high": N_("high"),
    "urgent": N_("urgent"),
}
STATUSES: dict[str, str] = {
    "new": N_("new"),
    "in_progress": N_("in progress"),
    "waiting": N_("waiting"),
    "answered": N_("answered"),
    "closed": N_("closed"),
    "cancelled": N_("cancelled"),
}
DELIVERIES: dict[str, str] = {
    "printed": N_("printed pages handed over"),
    "email": N_("by e-mail"),
    "phone": N_("by phone"),
    "in_person": N_("in person, orally"),
}
SOURCE_TYPES: dict[str, str] = {
    "newspaper_article": N_("newspaper article"),
    "website": N_("website"),
    "book": N_("book"),
    "other": N_("other"),
}
UNITS: dict[str, str] = {
    "calendar_days": N_("calendar days"),
    "working_days": N_("working days"),
}
EFFORTS = range(1, 7)  # the READ scale (Reference Effort Assessment Data), 1 to 6

# Where a status may go. A question taken by phone may be answered at once; an answer may be
# reopened (a flag says a cited act changed), as may a closed request; a cancelled one stays.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("in_progress", "answered", "cancelled"),
    "in_progress": ("waiting", "answered", "cancelled"),
    "waiting": ("in_progress", "answered", "cancelled"),
    "answered": ("closed", "in_progress"),
    "closed": ("in_progress",),
    "cancelled": (),
}
OPEN = ("new", "in_progress", "waiting")  # still to be answered: due dates matter
DONE = ("answered", "closed", "cancelled")

# Refusals of a code not in its list (Msg templates, each with %(code)s).
UNKNOWN_CHANNEL = N_("unknown channel %(code)s")
UNKNOWN_CATEGORY = N_("unknown category of requester %(code)s")
UNKNOWN_KIND = N_("unknown kind of reference %(code)s")
UNKNOWN_PRIORITY = N_("unknown priority %(code)s")
UNKNOWN_STATUS = N_("unknown status %(code)s")
UNKNOWN_UNIT = N_("unknown unit %(code)s")
