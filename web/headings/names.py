"""Subject heading names as pages show them, read at most every few seconds: most pages
show them, and they change only when an administrator edits the headings (this worker then
forgets them at once; other workers within ``TTL``)."""

from __future__ import annotations

import time
import weakref

from legaldesk.catalogue import rubric_names
from legaldesk.models import Rubric
from legaldesk.repository import Repository
from legaldesk.web import i18n

TTL = 5.0  # seconds
# Per repository (weakly: one that is gone takes its names with it) and per language.
_names: weakref.WeakKeyDictionary[Repository, dict[str, tuple[float, dict[str, str]]]] = (
    weakref.WeakKeyDictionary()
)


def names(repo: Repository) -> dict[str, str]:
    """Code → name in the reader's language."""
    lang = i18n.current()
    now = time.monotonic()
    per_lang = _names.setdefault(repo, {})
    cached = per_lang.get(lang)
    if cached is None or now - cached[0] > TTL:
        cached = (now, rubric_names(repo.engine, lang))
        per_lang[lang] = cached
    return cached[1]


def forget() -> None:
    _names.clear()


def groups(rubrics: list[Rubric]) -> list[list[Rubric]]:
    """Headings as a picker shows them: each top-level heading first in its group, then the
    headings under it (at any depth), in the classification's order."""
    by_id = {r.id: r for r in rubrics}

    def top(rubric: Rubric) -> Rubric:
        seen: set[int | None] = set()
        while rubric.parent_id is not None and rubric.parent_id in by_id and rubric.id not in seen:
            seen.add(rubric.id)
            rubric = by_id[rubric.parent_id]
        return rubric

    out: dict[int | None, list[Rubric]] = {}
    for rubric in rubrics:
        root = top(rubric)
        group = out.setdefault(root.id, [root])
        if rubric is not root:
            group.append(rubric)
    return list(out.values())
