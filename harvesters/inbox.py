"""Where a folder source may read: only under the inbox roots an administrator configured
(``inbox_roots``; default ``inbox/`` in the data directory), and never LegalDesk's own data.

A folder source files every file it finds as a public act and moves it away. Pointed at
the data directory, it would publish the secret key and the database; pointed at /etc,
whatever is there. An administrator's account in the web is enough to write a source, so
the place is checked when the source is saved and again at every harvest (folders and links
change after saving), with symbolic links followed: a link under a root that leads out of it
is outside. Within the inbox, a file that is a link leading out of its root is skipped with
a reason, never read and never moved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from legaldesk.config import Settings, _config_file
from legaldesk.harvesters.config import SourceConfigError

# Fixed beginnings of the reasons, translated in the web (web/labels.py DOMAIN_MESSAGES).
OUTSIDE = "folder outside the inbox roots"
OWN_DATA = "folder holds LegalDesk's own data"
LINK_LEAVES = "link leading out of the inbox root, not read"
ROOTS_HINT = "an administrator sets the inbox roots with LEGALDESK_INBOX_ROOTS"


class FolderRefused(SourceConfigError):
    """A folder source in a place it may not read, with the reason."""


@dataclass(frozen=True)
class Inbox:
    folder: Path  # resolved: symbolic links followed
    root: Path  # the inbox root it lies in, resolved
    protected: tuple[tuple[Path, str], ...]  # LegalDesk's own places, resolved, with names


def protected_dirs(settings: Settings) -> tuple[tuple[Path, str], ...]:
    """The data directory (secret key, SQLite database) and what may be configured to lie
    elsewhere: the stores, a SQLite database file, the configuration file (it may hold the
    secret key). A folder holding one of the files contains it, as for the folders."""
    places = [
        (settings.data_dir, "the data directory"),
        (settings.resolved_blob_dir, "the store of original files"),
        (settings.resolved_index_dir, "the search index"),
    ]
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        places.append((Path(url.database), "the SQLite database"))
    config = _config_file()  # the one Settings reads
    if config is not None:
        places.append((config, "the configuration file"))
    return tuple((path.resolve(), name) for path, name in places)


def check_folder(settings: Settings, folder: Path) -> Inbox:
    """The inbox ``folder`` stands for, or :class:`FolderRefused` saying why not."""
    resolved = folder.resolve()
    shown = (
        str(folder)
        if Path(os.path.abspath(folder)) == resolved
        else (f"{folder} (which leads to {resolved})")
    )
    roots = tuple(root.resolve() for root in settings.resolved_inbox_roots)
    protected = protected_dirs(settings)
    for place, name in protected:
        if resolved == place:
            raise FolderRefused(f"{OWN_DATA}: {shown} is {name}")
        if place.is_relative_to(resolved):
            raise FolderRefused(f"{OWN_DATA}: {shown} contains {name} ({place})")
    root = next((r for r in roots if resolved.is_relative_to(r)), None)
    if root is None:
        listed = ", ".join(str(r) for r in roots)
        raise FolderRefused(f"{OUTSIDE}: {shown} is not inside {listed}; {ROOTS_HINT}")
    problem = _inside_own_data(resolved, root, protected)
    if problem:
        raise FolderRefused(f"{OWN_DATA}: {shown} is inside {problem}")
    return Inbox(resolved, root, protected)


def _inside_own_data(path: Path, root: Path, protected: tuple[tuple[Path, str], ...]) -> str | None:
    """Which of LegalDesk's folders ``path`` lies in, unless its inbox root lies there too
    (the default root, inbox/ in the data directory)."""
    for place, name in protected:
        if path.is_relative_to(place) and not (root != place and root.is_relative_to(place)):
            return f"{name} ({place})"
    return None


def inbox_target(inbox: Inbox, path: Path) -> tuple[Path, str | None]:
    """What to open for the file ``path`` in the inbox: the file itself, or where its
    symbolic link leads — with the reason it may not be read when that is out of the inbox
    root or in LegalDesk's own data. The link is resolved once, here: what is checked is
    what is read."""
    if not path.is_symlink():
        return path, None
    target = path.resolve()
    if not target.is_relative_to(inbox.root) or _inside_own_data(
        target, inbox.root, inbox.protected
    ):
        return target, f"{LINK_LEAVES}: {path.name} points to {target}"
    return target, None


def read_file(path: Path) -> bytes:
    """The bytes of a checked file, its last component opened without following links: a
    file swapped for a link after the check is not read through it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        return handle.read()
