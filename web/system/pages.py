"""How the service itself is doing, for the staff: each follower of the change log (the
search index first) and how far behind it is, the latest changes to acts, and the outbox of
e-mails. An act filed a minute ago and not found by search is explained here (the indexing
loop is not running, or is behind), and so is an e-mail a resident did not get (mail not
configured, the server refusing it)."""

from __future__ import annotations

from datetime import timedelta

from litestar import get
from litestar.response import Template

from legaldesk import changes
from legaldesk.mail import outbox
from legaldesk.mail.sender import configured
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import FILERS, staff
from legaldesk.web.state import Repo

# A change waiting longer than this means the indexing loop is not keeping up (or not
# running): it takes a fraction of a second when it is (docs/benchmarks.md).
STALE = timedelta(minutes=1)


def status_context(repo: Repository) -> dict[str, object]:
    lags = changes.lag(repo.engine)
    return {
        "lags": lags,
        "stale": [lag for lag in lags if lag.age is not None and lag.age > STALE],
        "head": changes.head(repo.engine),
        "indexed": repo.index.count(),
        "recent": changes.recent(repo.engine, 30),
        "mail": outbox.state(repo.engine),
        "mail_configured": configured(repo.settings),
    }


@get("/staff/status", name="status", **staff(*FILERS))
async def status_page(repo: Repo) -> Template:
    return Template("system/status.html", context=status_context(repo))


ROUTES = [status_page]
