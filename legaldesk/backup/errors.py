"""Why a backup or a restore stops. The message is a :class:`~legaldesk.messages.Msg`: the
CLI prints it in the librarians' language."""

from __future__ import annotations

from legaldesk.messages import Msg


class BackupError(Exception):
    """A backup or restore that cannot go on; nothing was left half-written."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message


class SnapshotDamaged(BackupError):
    """The snapshot does not match its manifest (or is no snapshot at all): refused before
    anything in the repository changed."""


class RepositoryNotEmpty(BackupError):
    """The repository restored into holds data, and the restore was not told to replace it."""


class IndexNotRebuilt(BackupError):
    """The restore is in place, but rebuilding the search index failed."""
