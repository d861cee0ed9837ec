"""Backup and restore of a repository: the database, the blob store and the settings kept
in the data directory, as one snapshot — a directory or a tar archive — with a manifest of
every file's sha256 (manifest.py has the layout).

**Online.** The service goes on answering and filing while a backup runs. SQLite is
copied by its online backup API inside one read transaction (in WAL mode a reader blocks
no writer); PostgreSQL by ``pg_dump`` in a snapshot exported from our own transaction.
Either way the copy is the database at one moment, and what the backup reads besides
(the schema's revision, the files the rows name) is read in that same moment.

**The database first, then the files.** A file enters the blob store (written, then
renamed into place) before the transaction that names it commits, and is never changed or
removed afterwards (the pipeline's «blobs before rows»; a dossier's delivery alike). So
every file a row of the database snapshot names was in the store when the snapshot began,
and the files listed after the snapshot is complete include them all. Files stored later
come along too, named by no row of the snapshot: harmless, as the content-addressed store
may hold unreferenced files already (a crash between storing a file and its row). The
other order would lose files: a row committed between listing the files and copying the
database would name a file the snapshot lacks. The backup checks the snapshot's rows
against the files it copied and reports any missing (the store was damaged before).

**Restore** reads the snapshot beside what it replaces, checking each file against the
manifest; loads the database and runs the migrations up from the snapshot's revision;
then puts the parts in place by renames, undone if one fails (restoring.py, swap.py). It
refuses a damaged snapshot, one from a newer LegalDesk, one of the other kind of database,
and a repository that holds data unless told to replace it — each time leaving the
repository as it was.

**The search indexes are rebuilt, not restored.** They are derived from the database
(``legaldesk reindex``); a copy taken while the indexing loop commits would belong to a
moment other than the database's, holding acts the snapshot lacks or missing ones it has,
and a LegalDesk newer than the snapshot may index differently anyway. The restored index
consumer starts from the beginning of the change log, so an interrupted restore's index
is made whole by the next indexing loop.
"""

from legaldesk.backup.errors import (
    BackupError,
    IndexNotRebuilt,
    RepositoryNotEmpty,
    SnapshotDamaged,
)
from legaldesk.backup.progress import SILENT, Report
from legaldesk.backup.restoring import RestoreSummary, check, restore
from legaldesk.backup.taking import BackupSummary, take_backup

__all__ = [
    "SILENT",
    "BackupError",
    "BackupSummary",
    "IndexNotRebuilt",
    "Report",
    "RepositoryNotEmpty",
    "RestoreSummary",
    "SnapshotDamaged",
    "check",
    "restore",
    "take_backup",
]
