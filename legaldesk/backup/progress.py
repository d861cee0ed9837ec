"""How long work tells how far it got: a stage at a time, each with its count of steps
when it is known. The CLI draws bars from it; tests wait on a stage to act meanwhile."""

from __future__ import annotations

from typing import Protocol

from legaldesk.messages import Msg

# The stages, named once: the CLI shows them, the online test waits on them.
DATABASE = Msg("Copying the database")
FILES = Msg("Copying the stored files")
READING = Msg("Reading and checking the backup")
LOADING = Msg("Loading the database")
UPGRADING = Msg("Upgrading the database")
INDEXING = Msg("Rebuilding the search index")


class Report(Protocol):
    def stage(self, what: Msg, total: int | None = None) -> None:
        """A new stage begins (the last one is over); ``total`` steps if known."""

    def advance(self, steps: int = 1) -> None:
        """Steps of the current stage done."""


class Silent:
    def stage(self, what: Msg, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


SILENT = Silent()
