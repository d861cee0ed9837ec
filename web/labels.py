"""What the codes stored in the repository are called on the screen. The values are English
messages, translated where they are shown (``_(label)`` in a template), so one table serves
both languages and the catalogue holds the Russian words."""

from __future__ import annotations

from datetime import date
from typing import Any

from legaldesk import reasons
from legaldesk.vocabulary import DOC_TYPE_LABELS_EN, DOC_TYPE_LABELS_RU
from legaldesk.web import i18n
from legaldesk.web.i18n import N_, gettext, tr

LEVELS = {"federal": N_("Federal"), "regional": N_("Regional"), "municipal": N_("Municipal")}
STATUSES = {
    "in_force": N_("In force"),
    "amended": N_("Amended"),
    "repealed": N_("Repealed"),
    "suspended": N_("Suspended"),
    "unknown": N_("Status not given"),
}
DOSSIER_STATES = {
    "ordered": N_("ordered"),
    "compiling": N_("being compiled"),
    "delivered": N_("delivered"),
    "closed": N_("closed"),
}
# A relation as the act holding the reference says it, and as its target hears it.
ROLES_OUT = {
    "amends": N_("Amends"),
    "repeals": N_("Repeals"),
    "suspends": N_("Suspends"),
    "based_on": N_("Adopted under"),
    "cites": N_("Refers to"),
}
ROLES_IN = {
    "amends": N_("Amended by"),
    "repeals": N_("Repealed by"),
    "suspends": N_("Suspended by"),
    "based_on": N_("Acts adopted under it"),
    "cites": N_("Referred to by"),
}
# Kinds of material (legaldesk.vocabulary.Material), as the search's facet names them.
MATERIALS = {"act": N_("Legal acts"), "clipping": N_("Press publications")}
SOURCE_KINDS_PRESS = {"newspaper": N_("newspaper"), "site": N_("news site")}
FACETS = {
    "material": N_("Kind of material"),
    "doc_type": N_("Type of act"),
    "year": N_("Year"),
    "issuer": N_("Issued by"),
    "level": N_("Level"),
    "status": N_("Status"),
    "rubric": N_("Subject"),
}
SORTS = {
    "relevance": N_("by relevance"),
    "date_desc": N_("newest first"),
    "date_asc": N_("oldest first"),
}
TEXT_METHODS = {
    "text_layer": N_("text layer of the PDF"),
    "ocr": N_("recognised from the scan (OCR)"),
    "needs_ocr": N_("scan, text not recognised yet"),
    "native": N_("text of the file"),
    "converted": N_("converted from an old format"),
}
# Publication states (legaldesk/publication.py), as staff see them marked.
PUBLICATION = {
    "pending": N_("awaits review, not public"),
    "published": N_("published"),
    "rejected": N_("rejected, not public"),
    "withdrawn": N_("withdrawn from publication"),
}
ROLES = {
    "admin": N_("administrator"),
    "librarian": N_("librarian"),
    "employee": N_("municipal employee"),
    "deputy": N_("deputy"),
}
# What became of an e-mail in the outbox (legaldesk/mail).
MAIL_STATUSES = {
    "queued": N_("in the queue"),
    "sending": N_("being sent"),
    "sent": N_("sent"),
    "failed": N_("not delivered"),
}
RUN_STATUSES = {
    "running": N_("running"),
    "ok": N_("done"),
    "partial": N_("done with errors"),
    "failed": N_("failed"),
    "interrupted": N_("interrupted"),
}
SOURCE_KINDS = {
    "listing": N_("list of acts on a website"),
    "feed": N_("news feed (RSS/Atom)"),
    "sitemap": N_("sitemap"),
    "crawl": N_("website crawl"),
    "pravo": N_("official publication portal"),
    "folder": N_("folder"),
}
CONSUMERS = {
    "index": N_("search index"),
    "desk": N_("reference desk: cited acts changed"),
    "relations": N_("links between acts"),
    "subscriptions": N_("subscriptions: news for subscribers"),
}
JOBS = {
    "index": N_("Indexing loop"),
    "mail": N_("Mail sender"),
    "digests": N_("Subscription digests"),
}
# Why a document awaits review (legaldesk/reasons.py codes), as the queue's filter names them.
REASON_CODES = {
    "needs_ocr": N_("scan awaiting OCR"),
    "text_from_ocr": N_("text from OCR"),
    "parser_unsure": N_("details not recognised"),
    "draft": N_("draft"),
    "duplicate_of": N_("possible duplicate"),
    "not_an_act": N_("not an act"),
    "source_not_official": N_("source not marked official"),
    "held": N_("held when imported"),
    "issuer_unsure": N_("new issuing body"),
    "ocr_low_confidence": N_("OCR of low confidence"),
    "listing_disagrees": N_("listing and document disagree"),
    "other": N_("other"),
}
# Reasons a librarian often rejects a file for, offered when typing one (any text goes).
REJECT_SUGGESTIONS = (
    N_("not a legal act"),
    N_("the same act is in the catalogue already"),
    N_("an act of another municipality"),
    N_("a draft, not the adopted act"),
    N_("the scan cannot be read"),
    N_("a personnel order"),
)
QUEUE_SORTS = {
    "filed_desc": N_("newest filed first"),
    "filed_asc": N_("oldest filed first"),
    "date_desc": N_("newest acts first"),
    "date_asc": N_("oldest acts first"),
    "reason": N_("by reason"),
}
CHANGE_KINDS = {
    "filed": N_("filed"),
    "new_version": N_("new version filed"),
    "metadata_changed": N_("details corrected"),
    "rubrics_changed": N_("subject headings changed"),
    "reviewed": N_("details confirmed"),
    "merged": N_("another act merged into it"),
    "removed": N_("merged into another act"),
    "gone_from_source": N_("gone from its source"),
    "back_at_source": N_("back at its source"),
    "published": N_("published"),
    "rejected": N_("rejected"),
    "withdrawn": N_("withdrawn"),
    "changed": N_("changed"),
    "status_changed": N_("status changed"),
}
SIGN_IN_OUTCOMES = {
    "login": N_("signed in"),
    "login_failed": N_("wrong name or password"),
    "login_locked": N_("locked after repeated failures"),
}
# Fields the parser could not find (see legaldesk.pipeline.ingest.review_reasons).
FIELDS = {"type": N_("type"), "date": N_("date"), "number": N_("number"), "title": N_("title")}


ACTIONS = {
    "status_override": N_("status set by hand"),
    "clipping_changed": N_("the publication's details corrected"),
    "filed": N_("filed"),
    "new_version": N_("new version filed"),
    "metadata_changed": N_("details corrected"),
    "reviewed": N_("details confirmed"),
    "published": N_("published"),
    "rejected": N_("rejected"),
    "withdrawn": N_("withdrawn"),
}
FIELD_NAMES = {
    "doc_type": N_("Type of act"),
    "number": N_("Number"),
    "date_adopted": N_("Date"),
    "title": N_("Title"),
    "issuer": N_("Issuing body"),
    "level": N_("Level"),
    "status": N_("Status"),
    "rubrics": N_("Subjects"),
}


def review_reasons(stored: Any) -> str:
    """Why a document awaits review (codes with parameters, legaldesk/reasons.py), in the
    reader's language."""
    out = []
    for reason in reasons.load(stored):
        if reason.code == reasons.PARSER_UNSURE:
            names = ", ".join(gettext(FIELDS.get(f, f)) for f in reason.missing)
            out.append(gettext("parser unsure: no %(fields)s") % {"fields": names})
        elif reason.code == reasons.DUPLICATE_OF:
            acts = ", ".join(map(str, reason.acts))
            out.append(gettext("possible duplicate of act %(acts)s") % {"acts": acts})
        elif reason.code == reasons.ISSUER_UNSURE:
            near = "; ".join(name for _id, name in reason.candidates) or "—"
            out.append(
                gettext("new issuing body %(name)s proposed, near %(candidates)s")
                % {"name": reason.proposed[1], "candidates": near}
            )
        elif reason.code == reasons.LISTING_DISAGREES:
            fields = "; ".join(
                gettext("%(field)s: the listing says %(listing)s, the document %(document)s")
                % {
                    "field": gettext(FIELD_NAMES.get(d["field"], d["field"])).lower(),
                    "listing": field_value(d["field"], d["listing"], {}),
                    "document": field_value(d["field"], d["document"], {}),
                }
                for d in reason.disagreements
            )
            out.append(gettext("the listing disagrees: %(fields)s") % {"fields": fields})
        else:
            out.append(tr(reason.message()))
    return "; ".join(out)


def field_value(field: str, value: Any, headings: dict[str, str]) -> str:
    """A value of an act's field as the act's history shows it: codes by their names in
    the reader's language (a status, a level, a type, subject headings), dates as the
    reader's locale writes them, nothing as a dash."""
    if value in (None, "", []):
        return "—"
    if field == "doc_type":
        types = DOC_TYPE_LABELS_RU if i18n.current() == "ru" else DOC_TYPE_LABELS_EN
        return types.get(str(value), str(value))
    if field == "level":
        return gettext(LEVELS.get(str(value), str(value))) if value in LEVELS else "—"
    if field == "status":
        return gettext(STATUSES.get(str(value), str(value)))
    if field == "rubrics" and isinstance(value, list):
        return ", ".join(headings.get(str(code), str(code)) for code in value)
    if field == "date_adopted":
        try:
            return i18n.fmt_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


# Messages the domain stores or raises as plain text (outcome reasons, review reasons,
# framework errors): listed here so the catalogue has them; ``tr`` translates them, and
# for "<known part>: <detail>" the known part.
DOMAIN_MESSAGES = (
    N_("needs OCR"),
    N_("text from OCR"),
    N_("draft"),
    N_("empty file"),
    N_("unknown or unsupported format"),
    N_("identical file already in the repository"),
    N_("file too large to read in memory"),
    N_("cannot read the file"),
    # harvesting: refusals of the fetch policy and of the inbox roots
    N_("internal address refused"),
    N_("folder outside the inbox roots"),
    N_("folder holds LegalDesk's own data"),
    N_("link leading out of the inbox root, not read"),
    N_("cannot determine the text encoding"),
    N_("PDF is corrupted"),
    N_("PDF is encrypted with a password"),
    N_("DOCX is corrupted"),
    N_("DOCX is not a valid zip archive"),
    N_("XML is malformed or unsafe"),
    N_("the file holds no text"),
    # Reasons from the isolated reader (legaldesk.pipeline.extract.isolation), stored as
    # "<head>: <details>"; the full templates are Msg and extracted from there.
    N_("out of memory"),
    N_("too slow"),
    N_("too much text"),
    N_("the reader crashed"),
    N_("page too large"),
    N_("internal error"),
    N_("Not Found"),
    N_("CSRF token verification failed"),
)
