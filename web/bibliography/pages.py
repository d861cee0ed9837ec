"""/staff/describe: a form per kind of source (newspaper article, web page, act, book) whose
fields make a CSL-JSON item; the one formatter (legaldesk.bibliography.gost) describes it and
the page shows the description to copy, or why it cannot be made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Template

from legaldesk.bibliography.gost import DescriptionError, describe
from legaldesk.web.auth.guard import FILERS, staff
from legaldesk.web.forms import field, form_page, multiline
from legaldesk.web.i18n import N_


@dataclass(frozen=True)
class Field:
    name: str  # the form field, and the CSL variable it fills (or a key of the note)
    label: str  # an English message, translated where shown
    input: str = "text"  # text, date, url, lines (one author a line)
    required: bool = False


TITLE = Field("title", N_("Title"), required=True)
AUTHORS = Field("author", N_("Authors, one per line (surname first)"), "lines")
ONLINE = (Field("URL", N_("Address (URL)"), "url"), Field("accessed", N_("Date of access"), "date"))


@dataclass(frozen=True)
class Kind:
    label: str
    csl_type: str
    fields: tuple[Field, ...]


KINDS: dict[str, Kind] = {
    "article": Kind(
        N_("Newspaper article"),
        "article-newspaper",
        (
            AUTHORS,
            TITLE,
            Field("container-title", N_("Newspaper"), required=True),
            Field("issued", N_("Date of the issue"), "date"),
            Field("issue", N_("Issue number")),
            Field("page", N_("Pages")),
            *ONLINE,
        ),
    ),
    "webpage": Kind(
        N_("Web page"),
        "webpage",
        (
            AUTHORS,
            TITLE,
            Field("container-title", N_("Site")),
            Field("issued", N_("Date of the page"), "date"),
            Field("URL", N_("Address (URL)"), "url", required=True),
            Field("accessed", N_("Date of access"), "date", required=True),
        ),
    ),
    "act": Kind(
        N_("Act"),
        "legislation",
        (
            TITLE,
            Field(
                "genre",
                N_("Kind of act (постановление, решение, Федеральный закон …)"),
                required=True,
            ),
            Field("authority", N_("Issuing body, as it names itself")),
            Field("issued", N_("Date of the act"), "date"),
            Field("number", N_("Number")),
            Field("container-title", N_("Published in (newspaper, bulletin, site)")),
            Field("available-date", N_("Date of the publication"), "date"),
            Field("issue", N_("Issue number")),
            Field("page", N_("Pages or article (ст. 3822)")),
            *ONLINE,
            Field("adopted", N_("Adoption (принят … : одобрен …)")),
            Field("revision", N_("Revision (текст с изменениями на …)")),
        ),
    ),
    "book": Kind(
        N_("Book"),
        "book",
        (
            AUTHORS,
            TITLE,
            Field("edition", N_("Edition")),
            Field("publisher-place", N_("Place of publication")),
            Field("publisher", N_("Publisher")),
            Field("issued", N_("Year")),
            Field("number-of-pages", N_("Number of pages")),
            Field("collection-title", N_("Series")),
            Field("ISBN", N_("ISBN")),
            *ONLINE,
        ),
    ),
}
_NOTE_KEYS = ("adopted", "revision")
KindName = Annotated[str, QueryParameter(max_length=16)]


def _person(line: str) -> dict[str, str]:
    """«Иванова Мария Петровна», «Иванова М. П.», «Иванова, М. П.» or «М. П. Иванова»."""
    words = line.replace(",", " ").split()
    if len(words) > 1 and words[0].endswith(".") and not words[-1].endswith("."):
        return {"family": words[-1], "given": " ".join(words[:-1])}
    return {"family": words[0], "given": " ".join(words[1:])} if words else {}


def item_of(kind: Kind, form: Any) -> dict[str, Any]:
    """The CSL-JSON item the form's fields make."""
    item: dict[str, Any] = {"type": kind.csl_type}
    notes = []
    for f in kind.fields:
        if f.input == "lines":
            lines = multiline(form, f.name, 4000).splitlines()[:50]
            people = [p for p in (_person(line) for line in lines) if p]
            if people:
                item[f.name] = people
            continue
        value = field(form, f.name, 2000)
        if not value:
            continue
        if f.name in _NOTE_KEYS:
            notes.append(f"{f.name}: {value}")
        elif f.input == "date" or f.name == "issued":
            item[f.name] = {"raw": value}
        else:
            item[f.name] = value
    if notes:
        item["note"] = "\n".join(notes)
    return item


def _page(kind_name: str, draft: dict[str, str], **outcome: Any) -> Template:
    context = {
        "kinds": KINDS,
        "kind_name": kind_name,
        "kind": KINDS[kind_name],
        "draft": draft,
        "description": outcome.pop("description", None),
    }
    return form_page("bibliography/describe.html", context, **outcome)


@get("/staff/describe", name="describe", **staff(*FILERS))
async def describe_page(kind: KindName = "article") -> Template:
    kind_name = kind if kind in KINDS else "article"
    return _page(kind_name, {"accessed": date.today().isoformat()})


@post("/staff/describe", name="describe_source", **staff(*FILERS))
async def describe_source(request: Request[Any, Any, Any]) -> Template:
    form = await request.form()
    kind_name = field(form, "kind", 16)
    if kind_name not in KINDS:
        kind_name = "article"
    kind = KINDS[kind_name]
    draft = {f.name: multiline(form, f.name, 4000) for f in kind.fields}
    try:
        description = describe(item_of(kind, form))
    except DescriptionError as exc:
        return _page(kind_name, draft, error=str(exc), status=400)
    return _page(kind_name, draft, description=description)


ROUTES = [describe_page, describe_source]
