"""How the service itself is doing, for the staff: the jobs beside the web workers (the
indexing loop, the mail sender, the digests), each harvested source, each follower of the
change log (the search index first) and how far behind it is, the latest changes to acts,
and the outbox of e-mails. An act filed a minute ago and not found by search is explained
here (the indexing loop is not running, or is behind), and so is an e-mail a resident did
not get (mail not configured, the server refusing it)."""

from __future__ import annotations

from datetime import timedelta

from litestar import get
from litestar.response import Template

from legaldesk import changes
from legaldesk.mail import outbox
from legaldesk.mail.sender import configured
from legaldesk.observability import health
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import FILERS, staff
from legaldesk.web.desk import charts
from legaldesk.web.i18n import gettext as _
from legaldesk.web.labels import CONSUMERS
from legaldesk.web.state import Repo

# A change waiting longer than this means the indexing loop is not keeping up (or not
# running): it takes a fraction of a second when it is (docs/benchmarks.md).
STALE = timedelta(minutes=1)


def status_context(repo: Repository) -> dict[str, object]:
    lags = changes.lag(repo.engine)
    mail_configured = configured(repo.settings)
    return {
        "jobs": health.jobs(repo.engine, repo.settings.index_consumer, lags, mail_configured),
        "sources": health.sources(repo.engine),
        "lags": lags,
        "lag_chart": _lag_chart(lags),
        "stale": [lag for lag in lags if lag.age is not None and lag.age > STALE],
        "head": changes.head(repo.engine),
        "indexed": repo.index.count(),
        "recent": changes.recent(repo.engine, 30),
        "mail": outbox.state(repo.engine),
        "mail_configured": mail_configured,
    }


def _lag_chart(lags: list[changes.Lag]) -> str | None:
    """Changes each follower has still to apply, as bars (the table below has the figures)."""
    if not lags:
        return None
    return charts.bars(
        _("Changes waiting, by follower"),
        [_(CONSUMERS.get(lag.consumer, lag.consumer)) for lag in lags],
        [float(lag.behind) for lag in lags],
        _("Changes waiting"),
    )


@get("/staff/status", name="status", **staff(*FILERS))
async def status_page(repo: Repo) -> Template:
    return Template("system/status.html", context=status_context(repo))


ROUTES = [status_page]
