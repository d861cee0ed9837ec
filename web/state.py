"""What every handler is handed: the repository (``repo``) and, on staff routes, the
signed-in user (``user``, see auth/guard.py). Declared once in the app factory as Litestar
dependencies, so handlers name what they need as parameters and read nothing else."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency

from legaldesk.repository import Repository

# A handler's parameter ``repo: Repo`` is the repository (provided by the app factory).
Repo = NamedDependency[Repository]


def provide_repo(state: State) -> Repository:
    """The repository. Workers never write the index: the indexing loop applies the change
    log, and each search loads the loop's latest commit (legaldesk/indexing.py)."""
    repo: Repository = state.repo
    return repo


def public_url(repo: Repository) -> str:
    """The address readers reach the site at, for links that leave the page (feeds,
    e-mails): configured, never taken from a request's Host header."""
    return repo.settings.resolved_public_url
