"""Is this process ready to serve? The database answers, the search index opens, and no
follower of the change log is too far behind (an act filed and not found means the
indexing loop has stopped or cannot keep up). What a load balancer asks before sending
readers here, and a monitor before waking someone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import text

from legaldesk.repository import Repository


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)  # name → "ok" or why not
    lag: dict[str, int] = field(default_factory=dict)  # consumer → changes behind

    @property
    def ready(self) -> bool:
        return all(outcome == "ok" for outcome in self.checks.values())

    @property
    def failing(self) -> list[str]:
        return [name for name, outcome in self.checks.items() if outcome != "ok"]


def check(repo: Repository) -> Readiness:
    """Each check on its own: a database that does not answer does not hide an index that
    does not open. Reasons name the failure's kind, never a query's text or a password."""
    found = Readiness()
    try:
        with repo.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        found.checks["database"] = "ok"
    except Exception as exc:
        found.checks["database"] = f"does not answer ({type(exc).__name__})"
    try:
        repo.index.count()  # loads a rebuilt directory, and so forgets its damage
        if repo.index.damaged:
            found.checks["index"] = "damaged: being rebuilt from the database"
        else:
            found.checks["index"] = "ok" if repo.index.on_disk() else "its files are gone"
    except Exception as exc:
        found.checks["index"] = f"does not open ({type(exc).__name__})"
    if found.checks["database"] != "ok":
        found.checks["change_log"] = "unknown: the database does not answer"
        return found
    settings = repo.settings
    late = timedelta(seconds=settings.ready_max_lag_seconds)
    behind = []
    try:
        for lag in repo.lags():  # a reading node's own index among them
            found.lag[lag.consumer] = lag.behind
            if settings.read_only and lag.consumer != settings.index_consumer:
                # The primary's followers, as the replica shows them, are the primary's
                # nodes' to report: a reading node serves while they wait (the primary down).
                continue
            if lag.behind >= settings.ready_max_lag or (lag.age is not None and lag.age >= late):
                behind.append(lag.consumer)
    except Exception as exc:
        found.checks["change_log"] = f"cannot be read ({type(exc).__name__})"
        return found
    found.checks["change_log"] = "ok" if not behind else "behind: " + ", ".join(behind)
    return found
