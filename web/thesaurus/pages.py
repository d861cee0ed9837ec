"""The centre's thesaurus, for administrators: the entries as lines «ключ = фраза; фраза»,
saved all at once (a line with an error saves nothing and says which line), in force at the
next search with no reindex; and the shipped entries the library lacks (a newer LegalDesk's),
to take in by choice."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from legaldesk import thesaurus
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import ADMINS, StaffUser, staff
from legaldesk.web.forms import form_page, multiline
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import ngettext, tr
from legaldesk.web.state import Repo

MAX_TEXT = 400_000


def _page(repo: Repository, text: str | None = None, **outcome: Any) -> Template:
    entries = thesaurus.entries(repo.engine)
    context = {
        "text": thesaurus.as_text(repo.engine) if text is None else text,
        "count": len(entries),
        "not_adopted": thesaurus.not_adopted(repo.engine),
    }
    return form_page("thesaurus/edit.html", context, **outcome)


@get("/staff/thesaurus", name="thesaurus", **staff(*ADMINS))
async def thesaurus_page(repo: Repo) -> Template:
    return _page(repo)


@post("/staff/thesaurus", name="thesaurus_save", **staff(*ADMINS))
async def thesaurus_save(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template:
    form = await request.form()
    text = multiline(form, "entries", MAX_TEXT + 1)
    if len(text) > MAX_TEXT:  # cut, it would lose the entries past the cut: refuse instead
        return _page(repo, text[:MAX_TEXT], error=_("The text is too long."), status=400)
    try:
        saved = thesaurus.save(repo.engine, text, actor=f"web:{user.username}")
    except thesaurus.ThesaurusError as exc:
        return _page(repo, text, error=tr(exc.args[0]), status=400)
    message = _("Saved: %(added)d added, %(changed)d changed, %(removed)d removed.") % {
        "added": saved.added,
        "changed": saved.changed,
        "removed": saved.removed,
    }
    return _page(repo, message=message)


@post("/staff/thesaurus/shipped", name="thesaurus_adopt", **staff(*ADMINS))
async def thesaurus_adopt(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template:
    """Add the checked entries of the shipped thesaurus that the library lacks."""
    form = await request.form()
    keys = [str(k)[: thesaurus.MAX_KEY] for k in form.getall("key", [])][: thesaurus.MAX_ENTRIES]
    saved = thesaurus.adopt_shipped(repo.engine, keys, actor=f"web:{user.username}")
    message = ngettext(
        "Added %(num)d entry of the shipped thesaurus.",
        "Added %(num)d entries of the shipped thesaurus.",
        saved.added,
    ) % {"num": saved.added}
    return _page(repo, message=message)


ROUTES = [thesaurus_page, thesaurus_save, thesaurus_adopt]
