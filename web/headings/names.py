"""Subject heading names as pages show them, read at most every few seconds: most pages
show them, and they change only when an administrator edits the headings (this worker then
forgets them at once; other workers within ``TTL``)."""

from __future__ import annotations

import time
import weakref

from legaldesk.catalogue import rubric_names
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
