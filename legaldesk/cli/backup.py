"""``legaldesk backup`` and ``legaldesk restore``: a snapshot of the repository while it
runs, and the repository back from one (legaldesk/backup/). What they print is for the
library's staff, in their language."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, TaskID

from legaldesk.backup import BackupError, IndexNotRebuilt, check, restore, take_backup
from legaldesk.cli.common import _progress, app, console, err
from legaldesk.cli.speech import _, tr
from legaldesk.config import Settings
from legaldesk.messages import Msg


class _Bars:
    """legaldesk.backup's stages as progress bars (a spinner where the length is unknown)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def stage(self, what: Msg, total: int | None = None) -> None:
        self._close()
        self.task = self.progress.add_task(tr(what), total=total)

    def advance(self, steps: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, steps)

    def _close(self) -> None:
        if self.task is not None:
            done = next(t.completed for t in self.progress.tasks if t.id == self.task)
            self.progress.update(self.task, total=max(done, 1), completed=max(done, 1))


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return _("%(n)s KB") % {"n": f"{size / 1024:.0f}"}
    if size < 1024**3:
        return _("%(n)s MB") % {"n": f"{size / 1024**2:.1f}"}
    return _("%(n)s GB") % {"n": f"{size / 1024**3:.1f}"}


def _fail(exc: BackupError, unchanged: bool = False) -> typer.Exit:
    said = tr(exc.message)
    if unchanged:
        said += " " + _("The repository has not been changed.")
    err.print(f"[red]{escape(said)}[/]")
    return typer.Exit(1)


@app.command()
def backup(
    destination: Annotated[
        Path,
        typer.Argument(
            help="A new folder, or an archive: a name ending in .tar or .tar.gz.",
        ),
    ],
) -> None:
    """Back up the repository while the service runs: the database, the stored original
    files and the settings of the data folder, into one folder or archive with a checksum
    of every file. The search indexes are not copied: a restore rebuilds them."""
    settings = Settings()
    try:
        with _progress(transient=True) as progress:
            summary = take_backup(settings, destination, _Bars(progress))
    except BackupError as exc:
        raise _fail(exc) from None
    manifest = summary.manifest
    console.print(_("Backup saved: %(path)s") % {"path": escape(str(summary.destination))})
    console.print(
        _("Acts: %(acts)d; stored files: %(files)d; size: %(size)s; database revision %(rev)s.")
        % {
            "acts": manifest.acts,
            "files": manifest.blobs,
            "size": _size(summary.size),
            "rev": manifest.revision,
        }
    )
    if manifest.settings:
        console.print(
            _("Settings of the data folder: %(names)s.") % {"names": ", ".join(manifest.settings)}
        )
    if summary.missing:
        err.print(
            "[yellow]"
            + _(
                "The database names %(num)d stored files that are not in the store "
                "(damaged before the backup): %(list)s"
            )
            % {"num": len(summary.missing), "list": ", ".join(summary.missing[:5])}
            + "[/]"
        )
    if summary.corrupt:
        err.print(
            "[yellow]"
            + _(
                "%(num)d stored files no longer match their checksum (damaged in the "
                "store); copied as they are: %(list)s"
            )
            % {"num": len(summary.corrupt), "list": ", ".join(summary.corrupt[:5])}
            + "[/]"
        )


@app.command("restore")
def restore_cmd(
    snapshot: Annotated[Path, typer.Argument(help="A folder or archive made by legaldesk backup.")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a repository that holds data."),
    ] = False,
    check_only: Annotated[
        bool,
        typer.Option("--check", help="Only check the snapshot against its checksums."),
    ] = False,
) -> None:
    """Restore the repository from a backup: every file is checked first, and a damaged
    backup changes nothing. A backup made by an older LegalDesk is upgraded; the search
    indexes are rebuilt. Stop the service first."""
    settings = Settings()
    try:
        with _progress(transient=True) as progress:
            bars = _Bars(progress)
            if check_only:
                manifest = check(snapshot, bars)
            else:
                summary = restore(settings, snapshot, force=force, report=bars)
                manifest = summary.manifest
    except BackupError as exc:
        # Until the restore is in place, whatever stops it leaves the repository as it was.
        unchanged = not check_only and not isinstance(exc, IndexNotRebuilt)
        raise _fail(exc, unchanged) from None
    made = f"{manifest.created_at.astimezone(settings.zone):%d.%m.%Y %H:%M}"
    if check_only:
        console.print(
            _("The backup of %(made)s is whole: acts: %(acts)d, stored files: %(files)d.")
            % {"made": made, "acts": manifest.acts, "files": manifest.blobs}
        )
        return
    console.print(
        _("The repository is restored from the backup of %(made)s: %(path)s")
        % {"made": made, "path": escape(str(summary.snapshot))}
    )
    console.print(
        _("Acts: %(acts)d; stored files: %(files)d; acts in the search index: %(indexed)d.")
        % {"acts": manifest.acts, "files": manifest.blobs, "indexed": summary.indexed}
    )
    if summary.upgraded_from is not None:
        console.print(
            _("The database was upgraded from revision %(old)s to this version's.")
            % {"old": summary.upgraded_from}
        )
    if summary.config_aside is not None:
        err.print(
            "[yellow]"
            + _(
                "The backup's configuration file differs from this one's and is kept "
                "beside it for comparison: %(path)s"
            )
            % {"path": escape(str(summary.config_aside))}
            + "[/]"
        )
    if summary.missing:
        err.print(
            "[yellow]"
            + _("The backup lacks %(num)d stored files that its database names: %(list)s")
            % {"num": len(summary.missing), "list": ", ".join(summary.missing[:5])}
            + "[/]"
        )
